#include "AuditTrail.h"
#include "CustomerFixtures.h"
#include "TestBackend.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace idc;

/// The customer search contract: one set of fixtures, the same answers on every backend.
/// Expected results are computed here from the fixtures, so each backend is held to the
/// same ids in the same order.
class TestCustomerSearch : public QObject
{
    Q_OBJECT

public:
    explicit TestCustomerSearch(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_testBackend = std::make_unique<test::TestBackend>(m_backend);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        Result<BackendInfo> info = backend().open().result();
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().detail));
        QVERIFY(info->kind == (m_testBackend->isRest() ? BackendKind::Rest : m_testBackend->database().profile().kind));
        QVERIFY(!info->serverVersion.isEmpty());
        Status inserted = test::insertFixtures(m_testBackend->direct().pool());
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().detail));
    }

    void textSearch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expectedEmails"); // in the default order

        QTest::newRow("empty matches all") << QString() << emailsWhere([](const Customer&) { return true; });
        QTest::newRow("name, any case") << QStringLiteral("bOB bro")
                                        << emailsWhere([](const Customer& c) { return c.fullName == u"Bob Brown"; });
        QTest::newRow("e-mail part") << QStringLiteral("ALICE.NG")
                                     << QStringList{QStringLiteral("alice.nguyen@example.com")};
        QTest::newRow("phone part") << QStringLiteral("2555014")
                                    << QStringList{QStringLiteral("back.slash@example.com")};
        QTest::newRow("id part") << QStringLiteral("8D9E0F1A-2B3C")
                                 << QStringList{QStringLiteral("zoe.zhang@example.com")};
        QTest::newRow("whole id") << QStringLiteral("4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b05")
                                  << QStringList{QStringLiteral("obrien@example.com")};
        QTest::newRow("vietnamese, folded")
            << QStringLiteral("đào") << QStringList{QStringLiteral("dao.nguyen@example.com")};
        QTest::newRow("cyrillic, folded")
            << QStringLiteral("ПЕТРОВ") << QStringList{QStringLiteral("ivan.petrov@example.com")};
        QTest::newRow("percent is literal")
            << QStringLiteral("%") << QStringList{QStringLiteral("percent@example.com")};
        QTest::newRow("underscore is literal")
            << QStringLiteral("_s") << QStringList{QStringLiteral("under_score@example.com")};
        QTest::newRow("backslash is literal")
            << QStringLiteral("k\\s") << QStringList{QStringLiteral("back.slash@example.com")};
        QTest::newRow("single quote") << QStringLiteral("o'b") << QStringList{QStringLiteral("obrien@example.com")};
        QTest::newRow("double quote") << QStringLiteral("\"dj\"")
                                      << QStringList{QStringLiteral("quote\"double@example.com")};
        QTest::newRow("sql comment") << QStringLiteral("--") << QStringList{QStringLiteral("ann-marie@example.com")};
        QTest::newRow("injection attempt") << QStringLiteral("x' OR '1'='1") << QStringList{};
        QTest::newRow("statement injection") << QStringLiteral("'; DROP TABLE customers; --") << QStringList{};
        QTest::newRow("longest allowed") << QString(CustomerQuery::maxTextLength, u'a') << QStringList{};
        QTest::newRow("nul character") << QStringLiteral("ali") + QChar(0) << QStringList{};
        QTest::newRow("emoji") << QStringLiteral("🙂") << QStringList{};
        QTest::newRow("surrounding blanks ignored")
            << QStringLiteral("  zoe  ") << QStringList{QStringLiteral("zoe.zhang@example.com")};
    }

    void textSearch()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expectedEmails);
        CustomerQuery query;
        query.text = text;
        Result<QList<Customer>> all = fetchAll(query, 100);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().detail));
        QCOMPARE(emailsOf(all.value()), expectedEmails);
        // The table survived whatever the text was.
        QCOMPARE(fetchAll(CustomerQuery{}, 100).value().size(), test::fixtureCustomers().size());
    }

    void filters_data()
    {
        QTest::addColumn<CustomerQuery>("query");
        QTest::addColumn<QStringList>("expectedEmails");

        CustomerQuery q;
        q.status = CustomerStatus::Suspended;
        QTest::newRow("suspended") << q << emailsWhere([](const Customer& c) {
            return c.status == CustomerStatus::Suspended;
        });
        q = {};
        q.tier = LoyaltyTier::Platinum;
        QTest::newRow("platinum") << q << emailsWhere([](const Customer& c) {
            return c.loyaltyTier == LoyaltyTier::Platinum;
        });
        q = {};
        q.country = QStringLiteral("us");
        QTest::newRow("country, any case") << q << emailsWhere([](const Customer& c) { return c.country == u"US"; });
        q = {};
        q.mfaEnabled = TriState::Yes;
        QTest::newRow("mfa on") << q << emailsWhere([](const Customer& c) { return c.mfaEnabled; });
        q.mfaEnabled = TriState::No;
        QTest::newRow("mfa off") << q << emailsWhere([](const Customer& c) { return !c.mfaEnabled; });
        q = {};
        q.locked = TriState::Yes;
        QTest::newRow("locked") << q << emailsWhere([](const Customer& c) { return c.isLocked(); });
        q.locked = TriState::No;
        QTest::newRow("not locked") << q << emailsWhere([](const Customer& c) { return !c.isLocked(); });
        q = {};
        q.createdFrom = test::fixtureNow().addDays(-200);
        q.createdTo = test::fixtureNow().addDays(-30);
        QTest::newRow("created range") << q << emailsWhere([&q](const Customer& c) {
            return c.createdAt >= q.createdFrom && c.createdAt < q.createdTo;
        });
        q.text = QStringLiteral("bob");
        q.mfaEnabled = TriState::Yes;
        QTest::newRow("text and filters") << q << QStringList{QStringLiteral("bob.brown@example.com")};
    }

    void filters()
    {
        QFETCH(CustomerQuery, query);
        QFETCH(QStringList, expectedEmails);
        Result<QList<Customer>> all = fetchAll(query, 100);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().detail));
        QCOMPARE(emailsOf(all.value()), expectedEmails);
    }

    void keysetPagingAndOrder_data()
    {
        QTest::addColumn<CustomerSortKey>("key");
        QTest::addColumn<bool>("descending");
        for (CustomerSortKey key : {CustomerSortKey::FullName, CustomerSortKey::Email, CustomerSortKey::Country,
                                    CustomerSortKey::LoyaltyTier, CustomerSortKey::Status, CustomerSortKey::TotalSpend,
                                    CustomerSortKey::CreatedAt, CustomerSortKey::LastLoginAt}) {
            QTest::addRow("%s asc", qPrintable(toString(key))) << key << false;
            QTest::addRow("%s desc", qPrintable(toString(key))) << key << true;
        }
    }

    void keysetPagingAndOrder()
    {
        QFETCH(CustomerSortKey, key);
        QFETCH(bool, descending);
        CustomerQuery query;
        query.sortKey = key;
        query.descending = descending;

        QList<Customer> expected = test::fixtureCustomers();
        std::sort(expected.begin(), expected.end(), [&](const Customer& a, const Customer& b) {
            const int order = compareBy(key, a, b);
            const int byId = QString::compare(a.id.toString(), b.id.toString());
            const int c = order != 0 ? order : byId;
            return descending ? c > 0 : c < 0;
        });

        for (int pageSize : {1, 3, 5, 100}) {
            Result<QList<Customer>> all = fetchAll(query, pageSize);
            QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().detail));
            QCOMPARE(idsOf(all.value()), idsOf(expected));
        }
    }

    void count()
    {
        CustomerQuery query;
        Result<CustomerCount> all = backend().countCustomers(query, 1000).result();
        QVERIFY(all.ok());
        QCOMPARE(all->count, test::fixtureCustomers().size());
        QVERIFY(!all->capped);
        Result<CustomerCount> capped = backend().countCustomers(query, 5).result();
        QVERIFY(capped.ok());
        QCOMPARE(capped->count, 5);
        QVERIFY(capped->capped);
        query.text = QStringLiteral("bob");
        QCOMPARE(backend().countCustomers(query, 1000).result()->count, 2);
    }

    void malformedCursorIsRefused()
    {
        Result<CustomerPage> page =
            backend().searchCustomers(CustomerQuery{}, PageCursor{QStringLiteral("not-a-cursor")}, 10).result();
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ErrorKind::InvalidInput);
        QVERIFY(!backend().searchCustomers(CustomerQuery{}, {}, 0).result().ok());
    }

    void tooLongTextIsRefused()
    {
        CustomerQuery query;
        query.text = QString(CustomerQuery::maxTextLength + 1, u'a');
        Result<CustomerPage> page = backend().searchCustomers(query, {}, 10).result();
        QVERIFY(!page.ok());
        QVERIFY(page.error().kind == ErrorKind::InvalidInput);
        Result<CustomerCount> count = backend().countCustomers(query, 10).result();
        QVERIFY(!count.ok());
        QVERIFY(count.error().kind == ErrorKind::InvalidInput);
    }

    void customerById()
    {
        const Customer expected = test::fixtureCustomers().at(1);
        Result<Customer> found = backend().customer(expected.id).result();
        QVERIFY(found.ok());
        QCOMPARE(found->fullName, expected.fullName);
        QCOMPARE(found->email, expected.email);
        QCOMPARE(found->phone, expected.phone);
        QVERIFY(found->loyaltyTier == expected.loyaltyTier);
        QCOMPARE(found->totalSpendCents, expected.totalSpendCents);
        QCOMPARE(found->createdAt, expected.createdAt);
        QCOMPARE(found->lastLoginAt, expected.lastLoginAt);
        QVERIFY(!found->lockedUntil.isValid());
        QCOMPARE(found->emailVerified, true);
        QCOMPARE(found->mfaEnabled, false);

        Result<Customer> missing =
            backend().customer(QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000"))).result();
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
    }

    void addresses()
    {
        Result<QList<Address>> list = backend().addresses(test::fixtureCustomers().first().id).result();
        QVERIFY(list.ok());
        QCOMPARE(list->size(), 2);
        const Address& first = list->at(0);
        QVERIFY(first.defaultShipping);
        QCOMPARE(first.city, QStringLiteral("Hà Nội"));
        QCOMPARE(first.lines, QStringLiteral("12 Hàng Bạc\nApartment 3"));
        QVERIFY(first.latitude.has_value());
        QCOMPARE(*first.latitude, 21.0341);
        QCOMPARE(first.deliveryInstructions, QStringLiteral("Ring twice; the bell is broken on Sundays"));
        QVERIFY(!list->at(1).latitude.has_value());
        QVERIFY(list->at(1).defaultBilling);
        QVERIFY(backend().addresses(test::fixtureCustomers().at(3).id).result()->isEmpty());
        Result<QList<Address>> unknown =
            backend().addresses(QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000"))).result();
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().kind == ErrorKind::NotFound);
    }

    void countries()
    {
        Result<QStringList> countries = backend().customerCountries().result();
        QVERIFY(countries.ok());
        QStringList expected;
        for (const Customer& c : test::fixtureCustomers())
            expected << c.country;
        expected.removeDuplicates();
        expected.sort();
        QCOMPARE(countries.value(), expected);
    }

    void revealIsAudited()
    {
        const QUuid id = test::fixtureCustomers().at(2).id;
        const qint64 before = auditRows();
        Status recorded = backend().recordContactReveal(id).result();
        QVERIFY2(recorded.ok(), qPrintable(recorded.ok() ? QString() : recorded.error().detail));
        QCOMPARE(auditRows(), before + 1);

        const QStringList last =
            m_testBackend->direct()
                .pool()
                .run([](QSqlDatabase& db) -> Result<QStringList> {
                    QSqlQuery query(db);
                    query.exec(QStringLiteral("SELECT actor, actor_role, action, resource_type, resource_id, "
                                              "customer_id FROM audit_events ORDER BY seq DESC LIMIT 1"));
                    QStringList row;
                    if (query.next()) {
                        for (int i = 0; i < 6; ++i)
                            row << query.value(i).toString();
                    }
                    return row;
                })
                .result()
                .value();
        QCOMPARE(last.size(), 6);
        // Over REST the server names the operator of the request; directly, the profile's operator.
        const Actor expected = m_testBackend->isRest() ? Actor{test::TestBackend::adminName(), QStringLiteral("admin")}
                                                       : m_testBackend->direct().profileActor();
        QCOMPARE(last.at(0), expected.name);
        QCOMPARE(last.at(1), expected.role);
        QCOMPARE(last.at(2), QStringLiteral("pii.reveal"));
        QCOMPARE(last.at(3), QStringLiteral("customer"));
        QCOMPARE(last.at(4), id.toString(QUuid::WithoutBraces));
        QCOMPARE(QUuid::fromString(last.at(5)), id);

        // An unknown customer: refused, and nothing recorded.
        Status unknown =
            backend()
                .recordContactReveal(QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000")))
                .result();
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().kind == ErrorKind::NotFound);
        QCOMPARE(auditRows(), before + 1);

        Result<AuditChainReport> chain = m_testBackend->direct()
                                             .pool()
                                             .run([dialect = m_testBackend->direct().pool().dialect()](
                                                      QSqlDatabase& db) { return verifyAuditChain(db, dialect); })
                                             .result();
        QVERIFY(chain.ok());
        QVERIFY2(chain->intact, qPrintable(chain->problem));
        QCOMPARE(chain->events, before + 1);
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    Result<QList<Customer>> fetchAll(const CustomerQuery& query, int pageSize)
    {
        QList<Customer> all;
        PageCursor cursor;
        for (int guard = 0; guard < 1000; ++guard) {
            Result<CustomerPage> page = backend().searchCustomers(query, cursor, pageSize).result();
            if (!page)
                return page.error();
            if (page->items.size() > pageSize)
                return makeError(ErrorKind::Internal, QStringLiteral("page larger than asked"));
            all += page->items;
            if (page->next.isNull())
                return all;
            cursor = page->next;
        }
        return makeError(ErrorKind::Internal, QStringLiteral("paging does not end"));
    }

    static int compareBy(CustomerSortKey key, const Customer& a, const Customer& b)
    {
        auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
        switch (key) {
        case CustomerSortKey::FullName:
            return cmp(a.fullName.toUtf8(), b.fullName.toUtf8());
        case CustomerSortKey::Email:
            return cmp(a.email.toUtf8(), b.email.toUtf8());
        case CustomerSortKey::Country:
            return cmp(a.country, b.country);
        case CustomerSortKey::LoyaltyTier:
            return cmp(int(a.loyaltyTier), int(b.loyaltyTier));
        case CustomerSortKey::Status:
            return cmp(toString(a.status), toString(b.status));
        case CustomerSortKey::TotalSpend:
            return cmp(a.totalSpendCents, b.totalSpendCents);
        case CustomerSortKey::CreatedAt:
            return cmp(a.createdAt, b.createdAt);
        case CustomerSortKey::LastLoginAt:
            return cmp(a.lastLoginAt.isValid() ? a.lastLoginAt.toMSecsSinceEpoch() : LLONG_MIN,
                       b.lastLoginAt.isValid() ? b.lastLoginAt.toMSecsSinceEpoch() : LLONG_MIN);
        }
        return 0;
    }

    template <typename Predicate>
    static QStringList emailsWhere(Predicate predicate)
    {
        QList<Customer> matches;
        for (const Customer& c : test::fixtureCustomers()) {
            if (predicate(c))
                matches << c;
        }
        // The default order: newest customers first, ties by id (descending too).
        std::sort(matches.begin(), matches.end(), [](const Customer& a, const Customer& b) {
            return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id.toString() > b.id.toString();
        });
        return emailsOf(matches);
    }

    static QStringList emailsOf(const QList<Customer>& customers)
    {
        QStringList emails;
        for (const Customer& c : customers)
            emails << c.email;
        return emails;
    }

    static QList<QUuid> idsOf(const QList<Customer>& customers)
    {
        QList<QUuid> ids;
        for (const Customer& c : customers)
            ids << c.id;
        return ids;
    }

    QString m_backend;
    IdentityBackend& backend() { return m_testBackend->backend(); }

    qint64 auditRows()
    {
        return m_testBackend->direct()
            .pool()
            .run([](QSqlDatabase& db) -> Result<qint64> {
                QSqlQuery query(db);
                query.exec(QStringLiteral("SELECT COUNT(*) FROM audit_events"));
                return query.next() ? query.value(0).toLongLong() : -1;
            })
            .result()
            .value();
    }

    std::unique_ptr<test::TestBackend> m_testBackend;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestCustomerSearch test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_customer_search.moc"
