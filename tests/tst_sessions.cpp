#include "AuditTrail.h"
#include "CustomerFixtures.h"
#include "TestBackend.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace idc;

using SessionPredicate = std::function<bool(const Session&)>;
Q_DECLARE_METATYPE(SessionPredicate)

/// The sessions contract: listing, filtering, paging, counting and revoking (audited) give the
/// same answers on every backend. Expected results are computed here from the fixtures.
class TestSessions : public QObject
{
    Q_OBJECT

public:
    explicit TestSessions(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_testBackend = std::make_unique<test::TestBackend>(m_backend);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        Status inserted = test::insertFixtures(m_testBackend->direct().pool());
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().detail));
        // The fixtures hold what the filters below need to tell apart.
        const QList<Session> all = test::fixtureSessions();
        QVERIFY(std::any_of(all.cbegin(), all.cend(), [](const Session& s) { return s.revokedAt.isValid(); }));
        QVERIFY(std::any_of(all.cbegin(), all.cend(),
                            [](const Session& s) { return !s.revokedAt.isValid() && !s.isActive(); }));
    }

    void list_data()
    {
        QTest::addColumn<SessionQuery>("query");
        QTest::addColumn<SessionPredicate>("expected");

        const QList<Customer> customers = test::fixtureCustomers();
        const auto active = [](const Session& s) { return s.isActive(); };
        SessionQuery q;
        QTest::newRow("every active session") << q << SessionPredicate(active);
        q.activeOnly = false;
        QTest::newRow("every session, revoked and expired too")
            << q << SessionPredicate([](const Session&) { return true; });

        for (int index : {0, 1, 7, 9}) {
            q = {};
            q.customerId = customers.at(index).id;
            const QUuid id = q.customerId;
            QTest::addRow("customer %d, active", index)
                << q << SessionPredicate([id](const Session& s) { return s.customerId == id && s.isActive(); });
            q.activeOnly = false;
            QTest::addRow("customer %d, all", index)
                << q << SessionPredicate([id](const Session& s) { return s.customerId == id; });
        }
        // By the customer's e-mail: exact, in any case, with blanks around ignored.
        q = {};
        q.activeOnly = false;
        q.customerEmail = QStringLiteral(" Alice.NGUYEN@example.com ");
        const QUuid alice = customers.at(0).id;
        QTest::newRow("customer e-mail, any case")
            << q << SessionPredicate([alice](const Session& s) { return s.customerId == alice; });
        q.activeOnly = true;
        q.customerEmail = customers.at(7).email;
        const QUuid ivan = customers.at(7).id;
        QTest::newRow("customer e-mail, active")
            << q << SessionPredicate([ivan](const Session& s) { return s.customerId == ivan && s.isActive(); });
        q.customerEmail = QStringLiteral("alice.nguyen@example"); // a prefix is not the address
        QTest::newRow("customer e-mail, partial") << q << SessionPredicate([](const Session&) { return false; });
        q.customerEmail = QStringLiteral("nobody@example.com");
        QTest::newRow("customer e-mail, unknown") << q << SessionPredicate([](const Session&) { return false; });

        q = {};
        q.customerId = customers.at(3).id;
        QTest::newRow("customer without sessions") << q << SessionPredicate([](const Session&) { return false; });

        q = {};
        q.ipOrCidr = QStringLiteral("185.220.101.47");
        QTest::newRow("exact IPv4") << q << SessionPredicate([active](const Session& s) {
            return s.ip == u"185.220.101.47" && active(s);
        });
        q.activeOnly = false;
        QTest::newRow("exact IPv4, revoked too")
            << q << SessionPredicate([](const Session& s) { return s.ip == u"185.220.101.47"; });
        q.ipOrCidr = QStringLiteral("185.220.101.0/24");
        QTest::newRow("IPv4 /24, all") << q << inSubnet(QStringLiteral("185.220.101.0/24"), false);
        q.activeOnly = true;
        QTest::newRow("IPv4 /24, active") << q << inSubnet(QStringLiteral("185.220.101.0/24"), true);
        q.ipOrCidr = QStringLiteral("185.220.101.47/24"); // host bits set: the same network
        QTest::newRow("IPv4 /24 with host bits") << q << inSubnet(QStringLiteral("185.220.101.0/24"), true);
        q.ipOrCidr = QStringLiteral("185.220.101.9/32");
        QTest::newRow("IPv4 /32") << q << SessionPredicate([](const Session& s) { return s.ip == u"185.220.101.9"; });
        q.ipOrCidr = QStringLiteral("2001:db8::/64");
        QTest::newRow("IPv6 /64") << q << inSubnet(QStringLiteral("2001:db8::/64"), true);
        q.activeOnly = false;
        QTest::newRow("IPv6 /64, all") << q << inSubnet(QStringLiteral("2001:db8::/64"), false);
        q.ipOrCidr = QStringLiteral("2001:db8::/32");
        QTest::newRow("IPv6 /32, all") << q << inSubnet(QStringLiteral("2001:db8::/32"), false);
        q.ipOrCidr = QStringLiteral("2001:DB8:0::1"); // not in canonical form
        QTest::newRow("exact IPv6") << q << SessionPredicate([](const Session& s) { return s.ip == u"2001:db8::1"; });
        q.ipOrCidr = QStringLiteral("10.0.0.0/8");
        QTest::newRow("subnet without sessions") << q << SessionPredicate([](const Session&) { return false; });

        q = {};
        q.country = QStringLiteral("ru");
        QTest::newRow("country, any case")
            << q << SessionPredicate([active](const Session& s) { return s.country == u"RU" && active(s); });
        q = {};
        q.deviceType = QStringLiteral("desktop");
        q.activeOnly = false;
        QTest::newRow("device type") << q
                                     << SessionPredicate([](const Session& s) { return s.deviceType == u"desktop"; });
        q = {};
        q.activeOnly = false;
        q.createdFrom = test::fixtureNow().addDays(-5);
        q.createdTo = test::fixtureNow().addDays(-1); // exclusive: the two created exactly then are out
        const QDateTime from = q.createdFrom;
        const QDateTime to = q.createdTo;
        QTest::newRow("created range") << q << SessionPredicate([from, to](const Session& s) {
            return s.createdAt >= from && s.createdAt < to;
        });
        q = {};
        q.activeOnly = false;
        q.ipOrCidr = QStringLiteral("185.220.101.0/24");
        q.country = QStringLiteral("RU");
        q.customerId = customers.at(7).id;
        QTest::newRow("filters combined") << q << SessionPredicate([](const Session& s) {
            return s.ip.startsWith(u"185.220.101.") && s.country == u"RU";
        });
    }

    void list()
    {
        QFETCH(SessionQuery, query);
        QFETCH(SessionPredicate, expected);
        const QList<Session> expectedSessions = sessionsWhere(expected);
        Result<QList<Session>> all = fetchAll(query, 100);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().detail));
        QCOMPARE(idsOf(all.value()), idsOf(expectedSessions));
        for (const Session& s : all.value())
            QCOMPARE(s.isActive(), std::as_const(query).activeOnly ? true : s.isActive());

        Result<CustomerCount> count = backend().countSessions(query, 1000).result();
        QVERIFY2(count.ok(), qPrintable(count.ok() ? QString() : count.error().detail));
        QCOMPARE(count->count, expectedSessions.size());
        QVERIFY(!count->capped);
    }

    void sessionFields()
    {
        SessionQuery query;
        query.activeOnly = false;
        Result<QList<Session>> all = fetchAll(query, 100);
        QVERIFY(all.ok());
        for (const Session& expected : test::fixtureSessions()) {
            const auto found =
                std::find_if(all->cbegin(), all->cend(), [&expected](const Session& s) { return s.id == expected.id; });
            QVERIFY(found != all->cend());
            QCOMPARE(found->customerId, expected.customerId);
            QCOMPARE(found->customerEmail, expected.customerEmail);
            QCOMPARE(found->deviceId, expected.deviceId);
            QCOMPARE(found->deviceName, expected.deviceName);
            QCOMPARE(found->deviceType, expected.deviceType);
            QCOMPARE(found->ip, expected.ip);
            QCOMPARE(found->userAgent, expected.userAgent);
            QCOMPARE(found->country, expected.country);
            QCOMPARE(found->createdAt, expected.createdAt);
            QCOMPARE(found->lastSeenAt, expected.lastSeenAt);
            QCOMPARE(found->expiresAt, expected.expiresAt);
            QCOMPARE(found->revokedAt, expected.revokedAt);
            QCOMPARE(found->revokedBy, expected.revokedBy);
            QVERIFY(found->revokeReason == expected.revokeReason);
            QCOMPARE(found->revokeNote, expected.revokeNote);
        }
    }

    void pagingMatchesOneBigPage_data()
    {
        QTest::addColumn<bool>("activeOnly");
        QTest::newRow("active") << true;
        QTest::newRow("all") << false;
    }

    void pagingMatchesOneBigPage()
    {
        QFETCH(bool, activeOnly);
        SessionQuery query;
        query.activeOnly = activeOnly;
        Result<SessionPage> big = backend().sessions(query, {}, 500).result();
        QVERIFY(big.ok());
        QVERIFY(big->next.isNull());
        QVERIFY(big->items.size() >= 5);
        for (int pageSize : {1, 2, 3, 4}) {
            Result<QList<Session>> paged = fetchAll(query, pageSize);
            QVERIFY2(paged.ok(), qPrintable(paged.ok() ? QString() : paged.error().detail));
            QCOMPARE(idsOf(paged.value()), idsOf(big->items));
        }
        // The first page of a small limit says there is more.
        Result<SessionPage> first = backend().sessions(query, {}, 2).result();
        QVERIFY(first.ok());
        QCOMPARE(first->items.size(), 2);
        QVERIFY(!first->next.isNull());
    }

    void countIsCapped()
    {
        SessionQuery query;
        query.activeOnly = false;
        const qint64 total = test::fixtureSessions().size();
        Result<CustomerCount> all = backend().countSessions(query, total).result();
        QVERIFY(all.ok());
        QCOMPARE(all->count, total);
        QVERIFY(!all->capped);
        Result<CustomerCount> capped = backend().countSessions(query, 3).result();
        QVERIFY(capped.ok());
        QCOMPARE(capped->count, 3);
        QVERIFY(capped->capped);
    }

    void invalidInputIsRefused_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QString>("cursor");
        QTest::newRow("prefix too long") << QStringLiteral("185.220.101.0/33") << 10 << QString();
        QTest::newRow("IPv6 prefix too long") << QStringLiteral("2001:db8::/129") << 10 << QString();
        QTest::newRow("not a subnet") << QStringLiteral("tor-exits/24") << 10 << QString();
        QTest::newRow("not an address") << QStringLiteral("185.220.101") << 10 << QString();
        QTest::newRow("octet out of range") << QStringLiteral("300.1.2.3") << 10 << QString();
        QTest::newRow("injection") << QStringLiteral("1.2.3.4' OR '1'='1") << 10 << QString();
        QTest::newRow("limit 0") << QString() << 0 << QString();
        QTest::newRow("limit 501") << QString() << 501 << QString();
        QTest::newRow("malformed cursor") << QString() << 10 << QStringLiteral("not-a-cursor");
    }

    void invalidInputIsRefused()
    {
        QFETCH(QString, ip);
        QFETCH(int, limit);
        QFETCH(QString, cursor);
        SessionQuery query;
        query.ipOrCidr = ip;
        Result<SessionPage> page = backend().sessions(query, PageCursor{cursor}, limit).result();
        QVERIFY(!page.ok());
        QVERIFY2(page.error().kind == ErrorKind::InvalidInput, qPrintable(page.error().detail));
        if (!ip.isEmpty()) {
            QVERIFY2(page.error().detail.contains(u"ip"), qPrintable(page.error().detail));
            Result<CustomerCount> count = backend().countSessions(query, 10).result();
            QVERIFY(!count.ok());
            QVERIFY(count.error().kind == ErrorKind::InvalidInput);
        }
    }

    void revokeRequestBodyOverHttp_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        const QString active = fixtureSession(5).id.toString(QUuid::WithoutBraces);
        QTest::newRow("not JSON") << active << QByteArrayLiteral("reason=admin_action") << 400;
        QTest::newRow("not an object") << active << QByteArrayLiteral("[\"admin_action\"]") << 400;
        QTest::newRow("no reason") << active << QByteArrayLiteral("{}") << 422;
        QTest::newRow("unknown reason") << active << QByteArrayLiteral("{\"reason\":\"because\"}") << 422;
        QTest::newRow("note not a string")
            << active << QByteArrayLiteral("{\"reason\":\"admin_action\",\"note\":5}") << 422;
        QTest::newRow("session limit") << active << QByteArrayLiteral("{\"reason\":\"session_limit\"}") << 422;
        QTest::newRow("not a session id")
            << QStringLiteral("count") << QByteArrayLiteral("{\"reason\":\"admin_action\"}") << 404;
    }

    void revokeRequestBodyOverHttp()
    {
        if (!m_testBackend->isRest())
            QSKIP("the wire format only exists over REST");
        QFETCH(QString, id);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const qint64 before = auditRows();
        QNetworkAccessManager network;
        QNetworkRequest request(m_testBackend->rest()->apiUrl(QStringLiteral("/sessions/%1/revoke").arg(id)));
        request.setRawHeader("Authorization", "Bearer " + m_testBackend->rest()->token());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = network.post(request, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
        QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(u"application/problem+json"));
        QCOMPARE(auditRows(), before);
    }

    // The revocation cases change the fixtures: they run last.

    void revokeIsAudited()
    {
        const Session target = fixtureSession(3);
        QVERIFY(target.isActive());
        const qint64 before = auditRows();
        const QString note = QStringLiteral("Customer called: tablet stolen on the train");
        Result<SessionRevocation> revoked =
            backend().revokeSession(target.id, RevokeReason::AdminAction, note).result();
        QVERIFY2(revoked.ok(), qPrintable(revoked.ok() ? QString() : revoked.error().detail));
        QVERIFY(revoked->outcome == RevokeOutcome::Revoked);
        const Session& session = revoked->session;
        QCOMPARE(session.id, target.id);
        QCOMPARE(session.customerEmail, target.customerEmail);
        QCOMPARE(session.deviceName, target.deviceName);
        QVERIFY(!session.isActive());
        QVERIFY(session.revokedAt.isValid());
        QVERIFY(qAbs(session.revokedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(session.revokedBy, expectedActor().name);
        QVERIFY(session.revokeReason == RevokeReason::AdminAction);
        QCOMPARE(session.revokeNote, note);

        // Exactly one audit event, naming the session, its customer and the reason.
        QCOMPARE(auditRows(), before + 1);
        const QStringList last = lastAuditRow();
        QCOMPARE(last.size(), 9);
        QCOMPARE(last.at(0), expectedActor().name);
        QCOMPARE(last.at(1), expectedActor().role);
        QCOMPARE(last.at(2), QStringLiteral("session.revoke"));
        QCOMPARE(last.at(3), QStringLiteral("session"));
        QCOMPARE(last.at(4), target.id.toString(QUuid::WithoutBraces));
        QCOMPARE(QUuid::fromString(last.at(5)), target.customerId);
        QCOMPARE(last.at(6), QStringLiteral("admin_action"));
        const QJsonObject beforeState = QJsonDocument::fromJson(last.at(7).toUtf8()).object();
        QVERIFY(beforeState.contains(QStringLiteral("revoked_at")));
        QVERIFY(beforeState.value(QStringLiteral("revoked_at")).isNull());
        const QJsonObject afterState = QJsonDocument::fromJson(last.at(8).toUtf8()).object();
        QCOMPARE(QDateTime::fromString(afterState.value(QStringLiteral("revoked_at")).toString(), Qt::ISODateWithMs),
                 session.revokedAt);
        QCOMPARE(afterState.value(QStringLiteral("revoke_reason")).toString(), QStringLiteral("admin_action"));
        QCOMPARE(afterState.value(QStringLiteral("revoke_note")).toString(), note);
        verifyChain(before + 1);

        // Gone from the customer's active sessions; listed with the revoked ones.
        SessionQuery query;
        query.customerId = target.customerId;
        Result<QList<Session>> active = fetchAll(query, 100);
        QVERIFY(active.ok());
        QVERIFY(!idsOf(active.value()).contains(target.id));
        query.activeOnly = false;
        Result<QList<Session>> all = fetchAll(query, 100);
        QVERIFY(all.ok());
        QVERIFY(idsOf(all.value()).contains(target.id));

        // Again: not an error, nothing changes, nothing is audited.
        Result<SessionRevocation> again =
            backend().revokeSession(target.id, RevokeReason::SecurityAlert, QStringLiteral("second try")).result();
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().detail));
        QVERIFY(again->outcome == RevokeOutcome::AlreadyRevoked);
        QCOMPARE(again->session.revokedAt, session.revokedAt);
        QVERIFY(again->session.revokeReason == RevokeReason::AdminAction);
        QCOMPARE(again->session.revokeNote, note);
        QCOMPARE(auditRows(), before + 1);
    }

    void revokeWithoutNote()
    {
        const Session target = fixtureSession(10);
        const qint64 before = auditRows();
        Result<SessionRevocation> revoked =
            backend().revokeSession(target.id, RevokeReason::SecurityAlert, QString()).result();
        QVERIFY2(revoked.ok(), qPrintable(revoked.ok() ? QString() : revoked.error().detail));
        QVERIFY(revoked->outcome == RevokeOutcome::Revoked);
        QVERIFY(revoked->session.revokeNote.isEmpty());
        QVERIFY(revoked->session.deviceId.isNull());
        QCOMPARE(auditRows(), before + 1);
        const QJsonObject afterState = QJsonDocument::fromJson(lastAuditRow().value(8).toUtf8()).object();
        QVERIFY(afterState.value(QStringLiteral("revoke_note")).isNull());
        verifyChain(before + 1);
    }

    void revokeRevokedBeforeKeepsItsRecord()
    {
        const Session target = fixtureSession(4); // revoked by the fixtures
        const qint64 before = auditRows();
        Result<SessionRevocation> again = backend().revokeSession(target.id, RevokeReason::AdminAction, {}).result();
        QVERIFY(again.ok());
        QVERIFY(again->outcome == RevokeOutcome::AlreadyRevoked);
        QCOMPARE(again->session.revokedBy, target.revokedBy);
        QCOMPARE(again->session.revokedAt, target.revokedAt);
        QVERIFY(again->session.revokeReason == target.revokeReason);
        QCOMPARE(auditRows(), before);
    }

    void revokeRefusals_data()
    {
        QTest::addColumn<QUuid>("id");
        QTest::addColumn<RevokeReason>("reason");
        QTest::addColumn<QString>("note");
        QTest::addColumn<ErrorKind>("kind");
        const QUuid active = fixtureSession(5).id;
        QTest::newRow("unknown session") << QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000"))
                                         << RevokeReason::AdminAction << QString() << ErrorKind::NotFound;
        QTest::newRow("session limit is the backend's")
            << active << RevokeReason::SessionLimit << QString() << ErrorKind::InvalidInput;
        QTest::newRow("note too long") << active << RevokeReason::AdminAction
                                       << QString(Session::maxNoteLength + 1, u'n') << ErrorKind::InvalidInput;
    }

    void revokeRefusals()
    {
        QFETCH(QUuid, id);
        QFETCH(RevokeReason, reason);
        QFETCH(QString, note);
        QFETCH(ErrorKind, kind);
        const qint64 before = auditRows();
        Result<SessionRevocation> refused = backend().revokeSession(id, reason, note).result();
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().kind == kind, qPrintable(refused.error().detail));
        QCOMPARE(auditRows(), before);
        // Nothing changed.
        SessionQuery query;
        query.customerId = fixtureSession(5).customerId;
        Result<QList<Session>> active = fetchAll(query, 100);
        QVERIFY(active.ok());
        QVERIFY(idsOf(active.value()).contains(fixtureSession(5).id));
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    IdentityBackend& backend() { return m_testBackend->backend(); }

    /// The fixture session whose id ends in `number` (e0000000-…-0000000000NN).
    static Session fixtureSession(int number)
    {
        const QString suffix = QStringLiteral("-%1").arg(number, 12, 10, QChar(u'0'));
        for (const Session& s : test::fixtureSessions()) {
            if (s.id.toString(QUuid::WithoutBraces).endsWith(suffix))
                return s;
        }
        qFatal("no fixture session %d", number);
    }

    static SessionPredicate inSubnet(const QString& cidr, bool activeOnly)
    {
        const auto subnet = QHostAddress::parseSubnet(cidr);
        return [subnet, activeOnly](const Session& s) {
            return QHostAddress(s.ip).isInSubnet(subnet) && (!activeOnly || s.isActive());
        };
    }

    /// The matching fixture sessions, newest first, ties by id descending.
    static QList<Session> sessionsWhere(const SessionPredicate& predicate)
    {
        QList<Session> matches;
        for (const Session& s : test::fixtureSessions()) {
            if (predicate(s))
                matches << s;
        }
        std::sort(matches.begin(), matches.end(), [](const Session& a, const Session& b) {
            return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id.toString() > b.id.toString();
        });
        return matches;
    }

    static QList<QUuid> idsOf(const QList<Session>& sessions)
    {
        QList<QUuid> ids;
        for (const Session& s : sessions)
            ids << s.id;
        return ids;
    }

    Result<QList<Session>> fetchAll(const SessionQuery& query, int pageSize)
    {
        QList<Session> all;
        PageCursor cursor;
        for (int guard = 0; guard < 1000; ++guard) {
            Result<SessionPage> page = backend().sessions(query, cursor, pageSize).result();
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

    /// Over REST the server names the operator of the request; directly, the profile's operator.
    Actor expectedActor()
    {
        return m_testBackend->isRest() ? Actor{test::TestBackend::adminName(), QStringLiteral("admin")}
                                       : m_testBackend->direct().profileActor();
    }

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

    QStringList lastAuditRow()
    {
        return m_testBackend->direct()
            .pool()
            .run([](QSqlDatabase& db) -> Result<QStringList> {
                QSqlQuery query(db);
                query.exec(QStringLiteral("SELECT actor, actor_role, action, resource_type, resource_id, customer_id, "
                                          "reason, before_state, after_state FROM audit_events ORDER BY seq DESC "
                                          "LIMIT 1"));
                QStringList row;
                if (query.next()) {
                    for (int i = 0; i < 9; ++i)
                        row << query.value(i).toString();
                }
                return row;
            })
            .result()
            .value();
    }

    void verifyChain(qint64 expectedEvents)
    {
        Result<AuditChainReport> chain = m_testBackend->direct()
                                             .pool()
                                             .run([dialect = m_testBackend->direct().pool().dialect()](
                                                      QSqlDatabase& db) { return verifyAuditChain(db, dialect); })
                                             .result();
        QVERIFY(chain.ok());
        QVERIFY2(chain->intact, qPrintable(chain->problem));
        QCOMPARE(chain->events, expectedEvents);
    }

    QString m_backend;
    std::unique_ptr<test::TestBackend> m_testBackend;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestSessions test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sessions.moc"
