#include "AuditChain.h"
#include "AuditTrail.h"
#include "CustomerFixtures.h"
#include "TestBackend.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace idc;

namespace {

enum class Action
{
    Suspend,
    Activate,
    Unlock,
    Delete ///< setCustomerStatus(Deleted), which no backend accepts
};

using AuditPredicate = std::function<bool(const AuditEvent&)>;

} // namespace

Q_DECLARE_METATYPE(Action)
Q_DECLARE_METATYPE(AuditPredicate)

/// The account actions contract (suspend, activate, unlock with optimistic concurrency, each
/// audited in the transaction of its change) and reading the audit trail (filters, keyset pages,
/// the chain check) give the same answers on every backend. A refused or failed action changes
/// nothing and records nothing, also when it fails half-way.
class TestAccountActions : public QObject
{
    Q_OBJECT

public:
    explicit TestAccountActions(QString backend)
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
    }

    void suspendSignsOutAndIsAudited()
    {
        const QUuid id = customerId(0);
        const Customer before = stored(id);
        QVERIFY(before.status == CustomerStatus::Active);
        const QList<Session> active = activeSessions(id);
        QVERIFY(active.size() >= 2);
        const qint64 events = auditRows();
        const QString reason = QStringLiteral("Chargeback fraud reported by the payment provider");

        Result<Customer> suspended =
            backend().setCustomerStatus(id, before.version, CustomerStatus::Suspended, reason).result();
        QVERIFY2(suspended.ok(), qPrintable(suspended.ok() ? QString() : suspended.error().detail));
        QCOMPARE(suspended->id, id);
        QVERIFY(suspended->status == CustomerStatus::Suspended);
        QCOMPARE(suspended->version, before.version + 1);
        QVERIFY(qAbs(suspended->updatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        // What it answers is what is stored.
        const Customer after = stored(id);
        QVERIFY(after.status == CustomerStatus::Suspended);
        QCOMPARE(after.version, suspended->version);
        QCOMPARE(after.updatedAt, suspended->updatedAt);

        // Signed out everywhere, by the operator, for admin_action.
        QVERIFY(activeSessions(id).isEmpty());
        for (const Session& s : active) {
            const Session now = session(id, s.id);
            QVERIFY(now.revokedAt.isValid());
            QVERIFY(now.revokeReason == RevokeReason::AdminAction);
            QCOMPARE(now.revokedBy, expectedActor().name);
            QCOMPARE(now.revokeNote, QStringLiteral("Account suspended"));
        }

        // One session.revoke per session, then customer.suspend with the states.
        QCOMPARE(auditRows(), events + active.size() + 1);
        const QList<AuditEvent> last = newestEvents(int(active.size()) + 1);
        const AuditEvent& event = last.first();
        QCOMPARE(event.action, QStringLiteral("customer.suspend"));
        QCOMPARE(event.actor, expectedActor().name);
        QCOMPARE(event.actorRole, expectedActor().role);
        QCOMPARE(event.resourceType, QStringLiteral("customer"));
        QCOMPARE(event.resourceId, id.toString(QUuid::WithoutBraces));
        QCOMPARE(event.customerId, id);
        QCOMPARE(event.reason, reason);
        QCOMPARE(event.beforeState.toObject(), (QJsonObject{{QStringLiteral("status"), QStringLiteral("active")},
                                                            {QStringLiteral("version"), before.version}}));
        QCOMPARE(event.afterState.toObject(), (QJsonObject{{QStringLiteral("status"), QStringLiteral("suspended")},
                                                           {QStringLiteral("version"), before.version + 1},
                                                           {QStringLiteral("sessions_revoked"), int(active.size())}}));
        QStringList revoked;
        for (qsizetype i = 1; i < last.size(); ++i) {
            QCOMPARE(last.at(i).action, QStringLiteral("session.revoke"));
            QCOMPARE(last.at(i).customerId, id);
            QCOMPARE(last.at(i).reason, QStringLiteral("admin_action"));
            revoked << last.at(i).resourceId;
        }
        QStringList expectedIds;
        for (const Session& s : active)
            expectedIds << s.id.toString(QUuid::WithoutBraces);
        revoked.sort();
        expectedIds.sort();
        QCOMPARE(revoked, expectedIds);
        checkChainIntact(events + active.size() + 1);
    }

    void activateIsAudited()
    {
        const QUuid id = customerId(0);
        const Customer before = stored(id);
        QVERIFY(before.status == CustomerStatus::Suspended);
        const qint64 events = auditRows();
        Result<Customer> activated =
            backend().setCustomerStatus(id, before.version, CustomerStatus::Active, QStringLiteral("Cleared")).result();
        QVERIFY2(activated.ok(), qPrintable(activated.ok() ? QString() : activated.error().detail));
        QVERIFY(activated->status == CustomerStatus::Active);
        QCOMPARE(activated->version, before.version + 1);
        QCOMPARE(stored(id).version, before.version + 1);
        // Its sessions stay signed out: the customer signs in again.
        QVERIFY(activeSessions(id).isEmpty());
        QCOMPARE(auditRows(), events + 1);
        const AuditEvent event = newestEvents(1).value(0);
        QCOMPARE(event.action, QStringLiteral("customer.activate"));
        QCOMPARE(event.reason, QStringLiteral("Cleared"));
        QCOMPARE(event.beforeState.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("suspended"));
        QCOMPARE(event.afterState.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QCOMPARE(event.afterState.toObject().value(QStringLiteral("version")).toInteger(), before.version + 1);
        checkChainIntact(events + 1);
    }

    void unlockClearsTheLock()
    {
        const QUuid id = customerId(4);
        const Customer before = stored(id);
        QVERIFY(before.isLocked());
        QVERIFY(before.failedLoginAttempts > 0);
        const qint64 events = auditRows();

        // The reason is optional for an unlock.
        Result<Customer> unlocked = backend().unlockCustomer(id, before.version, QString()).result();
        QVERIFY2(unlocked.ok(), qPrintable(unlocked.ok() ? QString() : unlocked.error().detail));
        QCOMPARE(unlocked->failedLoginAttempts, 0);
        QVERIFY(!unlocked->lockedUntil.isValid());
        QCOMPARE(unlocked->version, before.version + 1);
        QVERIFY(unlocked->status == before.status);
        const Customer after = stored(id);
        QCOMPARE(after.failedLoginAttempts, 0);
        QVERIFY(!after.lockedUntil.isValid());
        QCOMPARE(after.version, before.version + 1);

        QCOMPARE(auditRows(), events + 1);
        const AuditEvent event = newestEvents(1).value(0);
        QCOMPARE(event.action, QStringLiteral("customer.unlock"));
        QCOMPARE(event.resourceId, id.toString(QUuid::WithoutBraces));
        QVERIFY(event.reason.isEmpty());
        QCOMPARE(event.beforeState.toObject(),
                 (QJsonObject{{QStringLiteral("failed_login_attempts"), before.failedLoginAttempts},
                              {QStringLiteral("locked_until"), before.lockedUntil.toString(Qt::ISODateWithMs)}}));
        QCOMPARE(event.afterState.toObject(), (QJsonObject{{QStringLiteral("failed_login_attempts"), 0},
                                                           {QStringLiteral("locked_until"), QJsonValue::Null}}));
        checkChainIntact(events + 1);

        // Unlocked now: a second unlock has nothing to do.
        Result<Customer> again = backend().unlockCustomer(id, after.version, QStringLiteral("twice")).result();
        QVERIFY(!again.ok());
        QVERIFY2(again.error().kind == ErrorKind::InvalidInput, qPrintable(again.error().detail));
        QVERIFY2(again.error().detail.contains(QStringLiteral("not locked")), qPrintable(again.error().detail));
        QCOMPARE(stored(id).version, after.version);
        QCOMPARE(auditRows(), events + 1);
    }

    void refusalsChangeNothing_data()
    {
        QTest::addColumn<Action>("action");
        QTest::addColumn<int>("customer"); // -1: an unknown id
        QTest::addColumn<int>("versionOffset");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<ErrorKind>("kind");
        const QString reason = QStringLiteral("Customer asked us to");
        const QString tooLong(Customer::maxReasonLength + 1, u'r');
        QTest::newRow("suspend, stale version") << Action::Suspend << 1 << -1 << reason << ErrorKind::Conflict;
        QTest::newRow("suspend, newer version") << Action::Suspend << 1 << 1 << reason << ErrorKind::Conflict;
        QTest::newRow("activate, stale version") << Action::Activate << 3 << -1 << reason << ErrorKind::Conflict;
        QTest::newRow("unlock, stale version") << Action::Unlock << 7 << -1 << reason << ErrorKind::Conflict;
        QTest::newRow("suspend, no reason") << Action::Suspend << 1 << 0 << QString() << ErrorKind::InvalidInput;
        QTest::newRow("suspend, blank reason")
            << Action::Suspend << 1 << 0 << QStringLiteral(" \t ") << ErrorKind::InvalidInput;
        QTest::newRow("activate, blank reason")
            << Action::Activate << 3 << 0 << QStringLiteral("  ") << ErrorKind::InvalidInput;
        QTest::newRow("suspend, reason too long") << Action::Suspend << 1 << 0 << tooLong << ErrorKind::InvalidInput;
        QTest::newRow("unlock, reason too long") << Action::Unlock << 7 << 0 << tooLong << ErrorKind::InvalidInput;
        QTest::newRow("suspend, unknown customer") << Action::Suspend << -1 << 0 << reason << ErrorKind::NotFound;
        QTest::newRow("unlock, unknown customer") << Action::Unlock << -1 << 0 << reason << ErrorKind::NotFound;
        QTest::newRow("suspend, already suspended") << Action::Suspend << 3 << 0 << reason << ErrorKind::InvalidInput;
        QTest::newRow("activate, already active") << Action::Activate << 1 << 0 << reason << ErrorKind::InvalidInput;
        QTest::newRow("suspend, deleted customer") << Action::Suspend << 6 << 0 << reason << ErrorKind::InvalidInput;
        QTest::newRow("activate, deleted customer") << Action::Activate << 6 << 0 << reason << ErrorKind::InvalidInput;
        QTest::newRow("status deleted") << Action::Delete << 1 << 0 << reason << ErrorKind::InvalidInput;
        QTest::newRow("unlock, not locked") << Action::Unlock << 1 << 0 << reason << ErrorKind::InvalidInput;
    }

    void refusalsChangeNothing()
    {
        QFETCH(Action, action);
        QFETCH(int, customer);
        QFETCH(int, versionOffset);
        QFETCH(QString, reason);
        QFETCH(ErrorKind, kind);
        const QUuid id = customer < 0 ? unknownId() : customerId(customer);
        const Customer before = customer < 0 ? Customer{} : stored(id);
        const qsizetype activeBefore = customer < 0 ? 0 : activeSessions(id).size();
        const qint64 events = auditRows();

        Result<Customer> refused = run(action, id, before.version + versionOffset, reason);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().kind == kind, qPrintable(refused.error().detail));
        if (kind == ErrorKind::Conflict)
            QVERIFY2(refused.error().detail.contains(QStringLiteral("changed since it was loaded")),
                     qPrintable(refused.error().detail));
        QCOMPARE(auditRows(), events);
        if (customer >= 0)
            checkUnchanged(before, activeBefore);
    }

    /// A failure half-way (the audit append refused by the database, after the change was made in
    /// the transaction) leaves the customer, their sessions and devices as they were.
    void failedAuditAppendChangesNothing()
    {
        const QUuid id = customerId(1);
        const Customer before = stored(id);
        QVERIFY(before.status == CustomerStatus::Active);
        const qsizetype activeBefore = activeSessions(id).size();
        QVERIFY(activeBefore > 0);
        const QUuid bob = customerId(9);
        const QList<Session> bobsSessions = activeSessions(bob);
        QCOMPARE(bobsSessions.size(), 1);
        const qint64 events = auditRows();

        refuseAuditAppends(true);
        Result<Customer> suspended =
            backend().setCustomerStatus(id, before.version, CustomerStatus::Suspended, QStringLiteral("x")).result();
        Result<Customer> unlocked = backend().unlockCustomer(customerId(7), stored(customerId(7)).version, {}).result();
        Result<SessionRevocation> revoked =
            backend().revokeSession(bobsSessions.first().id, RevokeReason::AdminAction, QString()).result();
        Result<int> forgotten = backend().forgetDevice(bobsSessions.first().deviceId, QString()).result();
        refuseAuditAppends(false);

        QVERIFY(!suspended.ok());
        QVERIFY(!unlocked.ok());
        QVERIFY(!revoked.ok());
        QVERIFY(!forgotten.ok());
        // Refused by the trigger, not by anything before it (the server does not tell clients why).
        if (!m_testBackend->isRest()) {
            for (const Error& error : {suspended.error(), unlocked.error(), revoked.error(), forgotten.error()})
                QVERIFY2(error.detail.contains(QStringLiteral("audit refused")), qPrintable(error.detail));
        }
        QCOMPARE(auditRows(), events);
        checkUnchanged(before, activeBefore);
        QVERIFY(stored(customerId(7)).isLocked());
        const QList<Session> bobsNow = activeSessions(bob);
        QCOMPARE(bobsNow.size(), 1);
        QCOMPARE(bobsNow.first().deviceId, bobsSessions.first().deviceId);
        QVERIFY(!bobsNow.first().revokedAt.isValid());
        checkChainIntact(events);

        // And with the append allowed again, the same suspend goes through.
        Result<Customer> retried = backend()
                                       .setCustomerStatus(id, before.version, CustomerStatus::Suspended,
                                                          QStringLiteral("Account takeover suspected"))
                                       .result();
        QVERIFY2(retried.ok(), qPrintable(retried.ok() ? QString() : retried.error().detail));
        QVERIFY(activeSessions(id).isEmpty());
        QCOMPARE(auditRows(), events + activeBefore + 1);
    }

    // Reading the audit trail; the actions above wrote the events it reads.

    void eventsNewestFirstInPages()
    {
        const QList<AuditEvent> all = allEvents({}, 500);
        QCOMPARE(all.size(), auditRows());
        QVERIFY(all.size() >= 8);
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i - 1).seq > all.at(i).seq);
        for (int pageSize : {1, 3, 7}) {
            const QList<AuditEvent> paged = allEvents({}, pageSize);
            QCOMPARE(seqsOf(paged), seqsOf(all));
        }
        // As the database holds them.
        QCOMPARE(seqsOf(newestEvents(int(all.size()))), seqsOf(all));
    }

    void eventsCarryWhatTheHashCovers()
    {
        // A client can recompute every hash and link from what it was given.
        const QList<AuditEvent> all = allEvents({}, 500);
        for (qsizetype i = 0; i < all.size(); ++i) {
            const AuditEvent& e = all.at(i);
            AuditChainEntry entry;
            entry.id = e.id;
            entry.occurredAt = e.occurredAt;
            entry.actor = e.actor;
            entry.actorRole = e.actorRole;
            entry.action = e.action;
            entry.resourceType = e.resourceType;
            entry.resourceId = e.resourceId;
            entry.customerId = e.customerId;
            entry.reason = e.reason;
            entry.beforeState = e.beforeState;
            entry.afterState = e.afterState;
            QCOMPARE(auditEventHash(e.prevHash, auditCanonicalFields(entry)), e.hash);
            if (i + 1 < all.size())
                QCOMPARE(e.prevHash, all.at(i + 1).hash);
        }
    }

    void eventFilters_data()
    {
        QTest::addColumn<AuditQuery>("query");
        QTest::addColumn<AuditPredicate>("expected");
        AuditQuery q;
        const QUuid alice = customerId(0);
        q.customerId = alice;
        QTest::newRow("customer") << q
                                  << AuditPredicate([alice](const AuditEvent& e) { return e.customerId == alice; });
        q = {};
        q.action = QStringLiteral("session.revoke");
        QTest::newRow("action") << q
                                << AuditPredicate([](const AuditEvent& e) { return e.action == u"session.revoke"; });
        q.customerId = alice;
        QTest::newRow("action and customer") << q << AuditPredicate([alice](const AuditEvent& e) {
            return e.action == u"session.revoke" && e.customerId == alice;
        });
        q = {};
        q.action = QStringLiteral("session.");
        QTest::newRow("action, exact only") << q << AuditPredicate([](const AuditEvent&) { return false; });
        q = {};
        const QString aliceText = alice.toString(QUuid::WithoutBraces);
        q.resourceId = aliceText;
        QTest::newRow("resource") << q << AuditPredicate([aliceText](const AuditEvent& e) {
            return e.resourceId == aliceText;
        });
        q = {};
        q.actor = QStringLiteral("nobody");
        QTest::newRow("unknown actor") << q << AuditPredicate([](const AuditEvent&) { return false; });
    }

    void eventFilters()
    {
        QFETCH(AuditQuery, query);
        QFETCH(AuditPredicate, expected);
        const QList<AuditEvent> all = allEvents({}, 500);
        QList<qint64> want;
        for (const AuditEvent& e : all)
            if (expected(e))
                want << e.seq;
        QCOMPARE(seqsOf(allEvents(query, 2)), want);
    }

    void eventFiltersByActorAndTime()
    {
        const QList<AuditEvent> all = allEvents({}, 500);
        AuditQuery byActor;
        byActor.actor = expectedActor().name;
        QList<qint64> want;
        for (const AuditEvent& e : all)
            if (e.actor == byActor.actor)
                want << e.seq;
        QVERIFY(!want.isEmpty());
        QCOMPARE(seqsOf(allEvents(byActor, 500)), want);

        // [from, to): from the middle event's time (inclusive) to the newest one's (exclusive).
        AuditQuery byTime;
        byTime.from = all.at(all.size() / 2).occurredAt;
        byTime.to = all.first().occurredAt;
        want.clear();
        for (const AuditEvent& e : all)
            if (e.occurredAt >= byTime.from && e.occurredAt < byTime.to)
                want << e.seq;
        QCOMPARE(seqsOf(allEvents(byTime, 3)), want);
    }

    void eventPagingRefusals_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<QString>("cursor");
        QTest::newRow("limit 0") << 0 << QString();
        QTest::newRow("limit 501") << 501 << QString();
        QTest::newRow("malformed cursor") << 10 << QStringLiteral("not-a-cursor");
    }

    void eventPagingRefusals()
    {
        QFETCH(int, limit);
        QFETCH(QString, cursor);
        Result<AuditEventPage> page = backend().auditEvents({}, PageCursor{cursor}, limit).result();
        QVERIFY(!page.ok());
        QVERIFY2(page.error().kind == ErrorKind::InvalidInput, qPrintable(page.error().detail));
    }

    void verifyFindsAnEditedRow()
    {
        Result<AuditChainReport> intact = backend().verifyAuditChain().result();
        QVERIFY2(intact.ok(), qPrintable(intact.ok() ? QString() : intact.error().detail));
        QVERIFY2(intact->intact, qPrintable(intact->problem));
        QCOMPARE(intact->events, auditRows());
        QCOMPARE(intact->firstBrokenSeq, qint64(-1));
        QVERIFY(intact->breakKind == AuditChainBreak::None);
        const QList<AuditEvent> newest = newestEvents(1);
        QCOMPARE(intact->lastSeq, newest.first().seq);
        QCOMPARE(intact->headHash, newest.first().hash);

        // Someone with database access rewrites who did it.
        const QList<AuditEvent> all = allEvents({}, 500);
        const AuditEvent edited = all.at(all.size() / 2);
        QVERIFY(
            executeDirect(QStringLiteral("UPDATE audit_events SET actor = 'mallory' WHERE seq = %1").arg(edited.seq)));
        Result<AuditChainReport> broken = backend().verifyAuditChain().result();
        QVERIFY(executeDirect(QStringLiteral("UPDATE audit_events SET actor = '%1' WHERE seq = %2")
                                  .arg(QString(edited.actor).replace(u'\'', QStringLiteral("''")))
                                  .arg(edited.seq)));
        QVERIFY2(broken.ok(), qPrintable(broken.ok() ? QString() : broken.error().detail));
        QVERIFY(!broken->intact);
        QCOMPARE(broken->firstBrokenSeq, edited.seq);
        QVERIFY(broken->breakKind == AuditChainBreak::RowChanged);
        QVERIFY(!broken->problem.isEmpty());
        QCOMPARE(broken->events, intact->events);

        Result<AuditChainReport> restored = backend().verifyAuditChain().result();
        QVERIFY(restored.ok());
        QVERIFY2(restored->intact, qPrintable(restored->problem));
    }

    /// Over REST the role decides: a support agent unlocks, but neither suspends nor reads the
    /// audit trail.
    void supportAgentOverRest()
    {
        if (!m_testBackend->isRest())
            QSKIP("roles exist only behind the API server");
        const QString password = QStringLiteral("agent-Wombat-Password-3307");
        Status added =
            m_testBackend->server()->addOperator(QStringLiteral("agent"), QStringLiteral("support_agent"), password);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().detail));
        RestBackend agent(m_testBackend->server()->restProfile());
        Result<LoginGrant> grant = agent.login(QStringLiteral("agent"), password).result();
        QVERIFY2(grant.ok(), qPrintable(grant.ok() ? QString() : grant.error().detail));

        Result<AuditEventPage> page = agent.auditEvents({}, {}, 10).result();
        QVERIFY(!page.ok());
        QVERIFY2(page.error().kind == ErrorKind::Forbidden, qPrintable(page.error().detail));
        Result<AuditChainReport> report = agent.verifyAuditChain().result();
        QVERIFY(!report.ok());
        QVERIFY2(report.error().kind == ErrorKind::Forbidden, qPrintable(report.error().detail));

        const QUuid other = customerId(2);
        const Customer before = stored(other);
        const qint64 events = auditRows();
        Result<Customer> suspended =
            agent.setCustomerStatus(other, before.version, CustomerStatus::Suspended, QStringLiteral("no")).result();
        QVERIFY(!suspended.ok());
        QVERIFY2(suspended.error().kind == ErrorKind::Forbidden, qPrintable(suspended.error().detail));
        QCOMPARE(stored(other).version, before.version);
        QCOMPARE(auditRows(), events);

        const QUuid ivan = customerId(7);
        const Customer locked = stored(ivan);
        QVERIFY(locked.isLocked());
        Result<Customer> unlocked = agent.unlockCustomer(ivan, locked.version, QStringLiteral("Called in")).result();
        QVERIFY2(unlocked.ok(), qPrintable(unlocked.ok() ? QString() : unlocked.error().detail));
        QVERIFY(!unlocked->isLocked());
        QCOMPARE(auditRows(), events + 1);
        const AuditEvent event = newestEvents(1).value(0);
        QCOMPARE(event.action, QStringLiteral("customer.unlock"));
        QCOMPARE(event.actor, QStringLiteral("agent"));
        QCOMPARE(event.actorRole, QStringLiteral("support_agent"));
    }

    void cleanupTestCase()
    {
        refuseAuditAppends(false);
        m_testBackend.reset();
    }

private:
    IdentityBackend& backend() { return m_testBackend->backend(); }

    static QUuid unknownId() { return QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000")); }
    static QUuid customerId(int index) { return test::fixtureCustomers().at(index).id; }

    Result<Customer> run(Action action, const QUuid& id, qint64 version, const QString& reason)
    {
        switch (action) {
        case Action::Suspend:
            return backend().setCustomerStatus(id, version, CustomerStatus::Suspended, reason).result();
        case Action::Activate:
            return backend().setCustomerStatus(id, version, CustomerStatus::Active, reason).result();
        case Action::Delete:
            return backend().setCustomerStatus(id, version, CustomerStatus::Deleted, reason).result();
        case Action::Unlock:
            return backend().unlockCustomer(id, version, reason).result();
        }
        return makeError(ErrorKind::Internal);
    }

    /// Over REST the server names the operator of the request; directly, the profile's operator.
    Actor expectedActor()
    {
        return m_testBackend->isRest() ? Actor{test::TestBackend::adminName(), QStringLiteral("admin")}
                                       : m_testBackend->direct().profileActor();
    }

    /// The customer as stored, read directly.
    Customer stored(const QUuid& id)
    {
        Result<Customer> customer = m_testBackend->direct().customer(id).result();
        return customer.ok() ? customer.value() : Customer{};
    }

    QList<Session> activeSessions(const QUuid& id)
    {
        SessionQuery query;
        query.customerId = id;
        Result<SessionPage> page = m_testBackend->direct().sessions(query, {}, 500).result();
        return page.ok() ? page->items : QList<Session>{};
    }

    Session session(const QUuid& customer, const QUuid& id)
    {
        SessionQuery query;
        query.customerId = customer;
        query.activeOnly = false;
        Result<SessionPage> page = m_testBackend->direct().sessions(query, {}, 500).result();
        if (page.ok())
            for (const Session& s : page->items)
                if (s.id == id)
                    return s;
        return {};
    }

    void checkUnchanged(const Customer& before, qsizetype activeBefore)
    {
        const Customer now = stored(before.id);
        QCOMPARE(now.version, before.version);
        QVERIFY(now.status == before.status);
        QCOMPARE(now.failedLoginAttempts, before.failedLoginAttempts);
        QCOMPARE(now.lockedUntil, before.lockedUntil);
        QCOMPARE(now.updatedAt, before.updatedAt);
        QCOMPARE(activeSessions(before.id).size(), activeBefore);
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

    /// The newest `count` events as the database holds them, newest first.
    QList<AuditEvent> newestEvents(int count)
    {
        QList<AuditEvent> events;
        qint64 afterSeq = 0;
        const SqlDialect dialect = m_testBackend->direct().pool().dialect();
        for (;;) {
            Result<QList<AuditEvent>> page = m_testBackend->direct()
                                                 .pool()
                                                 .run([dialect, afterSeq](QSqlDatabase& db) {
                                                     return readAuditEvents(db, dialect, {QUuid(), afterSeq, 1000});
                                                 })
                                                 .result();
            if (!page.ok() || page->isEmpty())
                break;
            events += page.value();
            afterSeq = page->last().seq;
        }
        std::reverse(events.begin(), events.end());
        return events.mid(0, count);
    }

    /// Every event matching `query` through the backend under test, page by page.
    QList<AuditEvent> allEvents(const AuditQuery& query, int pageSize)
    {
        QList<AuditEvent> events;
        PageCursor cursor;
        for (int pages = 0; pages < 1000; ++pages) {
            Result<AuditEventPage> page = backend().auditEvents(query, cursor, pageSize).result();
            if (!page.ok()) {
                qWarning("auditEvents: %s", qPrintable(page.error().detail));
                return {};
            }
            events += page->items;
            if (page->next.isNull())
                break;
            cursor = page->next;
        }
        return events;
    }

    static QList<qint64> seqsOf(const QList<AuditEvent>& events)
    {
        QList<qint64> seqs;
        for (const AuditEvent& e : events)
            seqs << e.seq;
        return seqs;
    }

    void checkChainIntact(qint64 expectedEvents)
    {
        Result<AuditChainReport> chain = backend().verifyAuditChain().result();
        QVERIFY2(chain.ok(), qPrintable(chain.ok() ? QString() : chain.error().detail));
        QVERIFY2(chain->intact, qPrintable(chain->problem));
        QCOMPARE(chain->events, expectedEvents);
    }

    bool executeDirect(const QString& sql) { return m_testBackend->execute(sql); }
    void refuseAuditAppends(bool refuse) { QVERIFY(m_testBackend->refuseAuditAppends(refuse)); }

    QString m_backend;
    std::unique_ptr<test::TestBackend> m_testBackend;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestAccountActions test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_account_actions.moc"
