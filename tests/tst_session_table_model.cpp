#include "CustomerFixtures.h"
#include "DisplayFormat.h"
#include "SessionTableModel.h"
#include "SqlConnectionPool.h"
#include "SqlDialect.h"
#include "TestBackend.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace idc;

namespace {

/// Delegates to a real backend, counts the page requests, and can make them fail.
class FlakyBackend : public IdentityBackend
{
public:
    explicit FlakyBackend(IdentityBackend& inner)
        : m_inner(inner)
    {
    }

    int failFromCall = 0; ///< sessions() fails from this call on (1-based); 0: never
    int sessionCalls = 0;

    QFuture<Result<BackendInfo>> open() override { return m_inner.open(); }
    QFuture<Result<CustomerPage>> searchCustomers(const CustomerQuery& q, const PageCursor& after, int limit) override
    {
        return m_inner.searchCustomers(q, after, limit);
    }
    QFuture<Result<CustomerCount>> countCustomers(const CustomerQuery& q, qint64 cap) override
    {
        return m_inner.countCustomers(q, cap);
    }
    QFuture<Result<Customer>> customer(const QUuid& id) override { return m_inner.customer(id); }
    QFuture<Result<QList<Address>>> addresses(const QUuid& id) override { return m_inner.addresses(id); }
    QFuture<Result<QStringList>> customerCountries() override { return m_inner.customerCountries(); }
    QFuture<Status> recordContactReveal(const QUuid& id) override { return m_inner.recordContactReveal(id); }
    QFuture<Result<SessionPage>> sessions(const SessionQuery& q, const PageCursor& after, int limit) override
    {
        ++sessionCalls;
        if (failFromCall > 0 && sessionCalls >= failFromCall)
            return QtFuture::makeReadyFuture(
                Result<SessionPage>(makeError(ErrorKind::Unavailable, QStringLiteral("unplugged"))));
        return m_inner.sessions(q, after, limit);
    }
    QFuture<Result<CustomerCount>> countSessions(const SessionQuery& q, qint64 cap) override
    {
        return m_inner.countSessions(q, cap);
    }
    QFuture<Result<SessionRevocation>> revokeSession(const QUuid& id, RevokeReason reason, const QString& note) override
    {
        return m_inner.revokeSession(id, reason, note);
    }
    QFuture<Result<QList<Device>>> devices(const QUuid& id) override { return m_inner.devices(id); }
    QFuture<Result<Device>> setDeviceTrusted(const QUuid& id, bool trusted) override
    {
        return m_inner.setDeviceTrusted(id, trusted);
    }
    QFuture<Result<int>> forgetDevice(const QUuid& id, const QString& note) override
    {
        return m_inner.forgetDevice(id, note);
    }
    QFuture<Result<LoginEventPage>> loginEvents(const LoginEventQuery& q, const PageCursor& after, int limit) override
    {
        return m_inner.loginEvents(q, after, limit);
    }
    QFuture<Result<CustomerCount>> countLoginEvents(const LoginEventQuery& q, qint64 cap) override
    {
        return m_inner.countLoginEvents(q, cap);
    }
    QFuture<Result<QList<LoginHistogramBin>>> loginHistogram(const LoginEventQuery& q, HistogramBucket bucket) override
    {
        return m_inner.loginHistogram(q, bucket);
    }
    QFuture<Result<Customer>> setCustomerStatus(const QUuid& id, qint64 version, CustomerStatus status,
                                                const QString& reason) override
    {
        return m_inner.setCustomerStatus(id, version, status, reason);
    }
    QFuture<Result<Customer>> unlockCustomer(const QUuid& id, qint64 version, const QString& reason) override
    {
        return m_inner.unlockCustomer(id, version, reason);
    }
    QFuture<Result<AuditEventPage>> auditEvents(const AuditQuery& q, const PageCursor& after, int limit) override
    {
        return m_inner.auditEvents(q, after, limit);
    }
    QFuture<Result<AuditChainReport>> verifyAuditChain() override { return m_inner.verifyAuditChain(); }
    QFuture<Status> authorizeExport() override { return m_inner.authorizeExport(); }
    QFuture<Result<AuditEvent>> recordExport(const ExportRecord& r) override { return m_inner.recordExport(r); }
    QFuture<Result<MfaStatus>> mfaStatus(const MfaSubject& s) override { return m_inner.mfaStatus(s); }
    QFuture<Result<MfaEnrollment>> beginMfaEnrollment(const MfaSubject& s) override
    {
        return m_inner.beginMfaEnrollment(s);
    }
    QFuture<Result<MfaConfirmation>> confirmMfaEnrollment(const MfaSubject& s, const QUuid& id,
                                                          const QString& code) override
    {
        return m_inner.confirmMfaEnrollment(s, id, code);
    }
    QFuture<Result<RecoveryCodeSet>> regenerateRecoveryCodes(const MfaSubject& s) override
    {
        return m_inner.regenerateRecoveryCodes(s);
    }
    QFuture<Result<MfaStatus>> resetMfa(const MfaSubject& s, const QString& reason) override
    {
        return m_inner.resetMfa(s, reason);
    }

private:
    IdentityBackend& m_inner;
};

} // namespace

/// The Sessions tab's model: keyset pages fetched on demand, stale pages dropped, the columns
/// and roles the view relies on, and rows that stay when a page fails.
class TestSessionTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_testBackend = std::make_unique<test::TestBackend>(QStringLiteral("sqlite"));
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        QVERIFY(test::insertFixtures(m_testBackend->direct().pool()).ok());
        // One session the backend evicted for the concurrent-session limit.
        Status evicted =
            m_testBackend->direct()
                .pool()
                .run([](QSqlDatabase& db) -> Status {
                    QSqlQuery q(db);
                    q.prepare(
                        QStringLiteral("INSERT INTO sessions (id, customer_id, token_hash, ip, created_at, "
                                       "last_seen_at, expires_at, revoked_at, revoked_by, revoke_reason, revoke_note) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                    const QDateTime created = test::fixtureNow().addDays(-20);
                    for (const QVariant& v :
                         QVariantList{evictedId().toString(QUuid::WithoutBraces),
                                      test::fixtureCustomers().at(0).id.toString(QUuid::WithoutBraces),
                                      QStringLiteral("evicted-token-hash"), QStringLiteral("192.0.2.1"),
                                      SqlDialect::timestamp(created), SqlDialect::timestamp(created.addSecs(60)),
                                      SqlDialect::timestamp(created.addDays(30)),
                                      SqlDialect::timestamp(created.addDays(1)), QStringLiteral("system"),
                                      QStringLiteral("session_limit"), QStringLiteral("sixth sign-in")})
                        q.addBindValue(v);
                    if (!q.exec())
                        return makeError(ErrorKind::Storage, q.lastError().text());
                    return Done{};
                })
                .result();
        QVERIFY2(evicted.ok(), qPrintable(evicted.ok() ? QString() : evicted.error().detail));
    }

    void pagesOnDemand()
    {
        FlakyBackend backend(m_testBackend->backend());
        SessionTableModel model(&backend);
        // The tester itself asks for more rows whenever canFetchMore() says so, as a view
        // scrolled to the bottom would: every page is asked for exactly once.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(2);
        SessionQuery query;
        query.activeOnly = false;
        model.setQuery(query);
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({})); // a page is in flight
        model.fetchMore({});              // ignored while it is
        QCOMPARE(backend.sessionCalls, 1);
        const int total = int(test::fixtureSessions().size()) + 1;
        QTRY_COMPARE(model.rowCount(), total);
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(backend.sessionCalls, (total + 1) / 2);
        QTRY_VERIFY(model.activeCount().has_value());
        // Newest first, as the backend orders them.
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.sessionAt(row - 1)->createdAt >= model.sessionAt(row)->createdAt);
        const QList<Session> all = test::fixtureSessions();
        const qint64 active = std::count_if(all.cbegin(), all.cend(), [](const Session& s) { return s.isActive(); });
        QCOMPARE(*model.activeCount(), active);
    }

    void staleGenerationDropped()
    {
        SessionTableModel model(&m_testBackend->backend());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Customer> customers = test::fixtureCustomers();
        SessionQuery first;
        first.customerId = customers.at(9).id;
        first.activeOnly = false;
        SessionQuery second;
        second.customerId = customers.at(1).id;
        second.activeOnly = false;
        model.setQuery(first);
        model.setQuery(second); // the first query's page arrives afterwards and is dropped
        model.reload();         // so is the second's first request
        QTRY_VERIFY(!model.isLoading());
        QTest::qWait(50);
        QCOMPARE(model.rowCount(), 2);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.sessionAt(row)->customerId, second.customerId);
        QTRY_COMPARE(model.activeCount().value_or(-1), 2);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.activeCount());
        QVERIFY(!model.canFetchMore({}));
    }

    void columnsAndRoles()
    {
        SessionTableModel model(&m_testBackend->backend());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionQuery query;
        query.customerId = test::fixtureCustomers().at(0).id;
        query.activeOnly = false;
        model.setQuery(query);
        QTRY_COMPARE(model.rowCount(), 4); // two active, one revoked by the customer, one evicted
        QCOMPARE(model.columnCount(), int(SessionTableModel::Column::Count));
        QCOMPARE(model.headerData(int(SessionTableModel::Column::Status), Qt::Horizontal).toString(),
                 QStringLiteral("Status"));
        QCOMPARE(model.headerData(int(SessionTableModel::Column::Revoked), Qt::Horizontal).toString(),
                 QStringLiteral("Revoked"));

        const auto cell = [&model](int row, SessionTableModel::Column column, int role = Qt::DisplayRole) {
            return model.index(row, int(column)).data(role);
        };
        const auto rowOf = [&model](const QUuid& id) {
            for (int row = 0; row < model.rowCount(); ++row)
                if (model.index(row, 0).data(SessionTableModel::SessionIdRole).toUuid() == id)
                    return row;
            return -1;
        };
        using C = SessionTableModel::Column;
        const int active = rowOf(QUuid::fromString(QStringLiteral("e0000000-0000-4000-8000-000000000001")));
        const int loggedOut = rowOf(QUuid::fromString(QStringLiteral("e0000000-0000-4000-8000-000000000008")));
        const int evicted = rowOf(evictedId());
        QVERIFY(active >= 0 && loggedOut >= 0 && evicted >= 0);

        QCOMPARE(cell(active, C::Status).toString(), QStringLiteral("Active"));
        QVERIFY(cell(active, C::Status, SessionTableModel::IsActiveRole).toBool());
        QCOMPARE(cell(active, C::Ip).toString(), QStringLiteral("185.220.101.47"));
        QVERIFY(cell(active, C::Device).toString().contains(QStringLiteral("(Mobile)")));
        QVERIFY(cell(active, C::Country).toString().contains(QStringLiteral("(VN)")));
        QVERIFY(cell(active, C::Revoked).toString().isEmpty());
        QVERIFY(!cell(active, C::Created).toString().isEmpty());
        QVERIFY(!cell(active, C::LastSeen).toString().isEmpty());
        QVERIFY(!cell(active, C::Expires).toString().isEmpty());
        QCOMPARE(cell(active, C::Created, SessionTableModel::SortValueRole).toDateTime(),
                 test::fixtureNow().addDays(-1));

        QCOMPARE(cell(loggedOut, C::Status).toString(), QStringLiteral("Revoked"));
        QVERIFY(!cell(loggedOut, C::Status, SessionTableModel::IsActiveRole).toBool());
        QVERIFY(
            cell(loggedOut, C::Revoked).toString().contains(DisplayFormat::revokeReasonName(RevokeReason::UserLogout)));
        QVERIFY(cell(loggedOut, C::Revoked).toString().contains(QStringLiteral("by customer")));

        QVERIFY(cell(evicted, C::Revoked).toString().contains(QStringLiteral("Evicted: over the 5-session limit")));
        QCOMPARE(cell(evicted, C::Revoked, Qt::ToolTipRole).toString(), QStringLiteral("Note: sixth sign-in"));
        QCOMPARE(cell(evicted, C::Device).toString(), QStringLiteral("Unknown device"));
        QCOMPARE(cell(evicted, C::Country).toString(), QStringLiteral("Unknown"));
    }

    void expiredSession()
    {
        SessionTableModel model(&m_testBackend->backend());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionQuery query;
        query.customerId = test::fixtureCustomers().at(9).id;
        query.activeOnly = false;
        model.setQuery(query);
        QTRY_COMPARE(model.rowCount(), 2);
        QStringList states;
        for (int row = 0; row < model.rowCount(); ++row)
            states << model.index(row, 0).data().toString();
        QCOMPARE(states, (QStringList{QStringLiteral("Active"), QStringLiteral("Expired")}));
        QTRY_COMPARE(model.activeCount().value_or(-1), 1);
    }

    void errorKeepsRows()
    {
        FlakyBackend backend(m_testBackend->backend());
        backend.failFromCall = 2; // the first page arrives, the second fails
        SessionTableModel model(&backend);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&model, &SessionTableModel::errorOccurred);
        model.setPageSize(3);
        SessionQuery query;
        query.activeOnly = false;
        model.setQuery(query);
        QTRY_COMPARE(model.rowCount(), 3);
        model.fetchMore({}); // the tester may have asked already; then this does nothing
        QTRY_COMPARE(errors.size(), 1);
        QVERIFY(errors.first().first().value<Error>().kind == ErrorKind::Unavailable);
        QCOMPARE(model.rowCount(), 3); // what was loaded stays
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(!model.isLoading());
        QCOMPARE(backend.sessionCalls, 2);

        // A reload after the failure starts over.
        backend.failFromCall = 0;
        model.reload();
        QTRY_COMPARE(model.rowCount(), int(test::fixtureSessions().size()) + 1);
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    static QUuid evictedId() { return QUuid::fromString(QStringLiteral("e0000000-0000-4000-8000-0000000000e1")); }

    std::unique_ptr<test::TestBackend> m_testBackend;
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    TestSessionTableModel test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_session_table_model.moc"
