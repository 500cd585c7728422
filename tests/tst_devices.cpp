#include "AuditTrail.h"
#include "CustomerFixtures.h"
#include "TestBackend.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace idc;

/// The devices contract: listing (with active session counts), trusting and untrusting (audited
/// once per change) and forgetting (sessions revoked, device deleted, all audited in one
/// transaction) give the same answers on every backend. Expected results come from the fixtures.
class TestDevices : public QObject
{
    Q_OBJECT

public:
    explicit TestDevices(QString backend)
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

    void list_data()
    {
        QTest::addColumn<int>("customer");
        for (int index : {0, 1, 3, 7, 9})
            QTest::addRow("customer %d", index) << index;
    }

    void list()
    {
        QFETCH(int, customer);
        const QUuid customerId = test::fixtureCustomers().at(customer).id;
        const QList<Device> expected = expectedDevices(customerId);
        Result<QList<Device>> devices = backend().devices(customerId).result();
        QVERIFY2(devices.ok(), qPrintable(devices.ok() ? QString() : devices.error().detail));
        QCOMPARE(devices->size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const Device& got = devices->at(i);
            const Device& want = expected.at(i);
            QCOMPARE(got.id, want.id);
            QCOMPARE(got.customerId, customerId);
            QCOMPARE(got.name, want.name);
            QCOMPARE(got.deviceType, want.deviceType);
            QCOMPARE(got.fingerprint, QStringLiteral("fp-") + want.id.toString(QUuid::WithoutBraces));
            QCOMPARE(got.firstSeenAt, test::fixtureNow().addDays(-30));
            QCOMPARE(got.lastSeenAt, test::fixtureNow());
            QVERIFY(!got.trusted);
            QVERIFY(!got.trustedAt.isValid());
            QVERIFY(got.os.isEmpty());
            QVERIFY(got.lastIp.isEmpty());
            QCOMPARE(got.activeSessions, want.activeSessions);
        }
    }

    void listCountsOnlyActiveSessions()
    {
        // Device 5 has one active and one expired session; device 4 only a revoked one.
        const QList<Device> pixel = expectedDevices(test::fixtureCustomers().at(9).id);
        QCOMPARE(pixel.size(), 1);
        QCOMPARE(pixel.first().activeSessions, 1);
        const QList<Device> workPc = expectedDevices(test::fixtureCustomers().at(7).id);
        QCOMPARE(workPc.size(), 1);
        QCOMPARE(workPc.first().activeSessions, 0);
    }

    void unknownCustomerIsNotFound()
    {
        Result<QList<Device>> devices = backend().devices(unknownId()).result();
        QVERIFY(!devices.ok());
        QVERIFY2(devices.error().kind == ErrorKind::NotFound, qPrintable(devices.error().detail));
    }

    // The cases below change the fixtures.

    void trustIsAuditedOnce()
    {
        const QUuid id = fixtureDeviceId(3);
        const qint64 before = auditRows();
        Result<Device> trusted = backend().setDeviceTrusted(id, true).result();
        QVERIFY2(trusted.ok(), qPrintable(trusted.ok() ? QString() : trusted.error().detail));
        QCOMPARE(trusted->id, id);
        QVERIFY(trusted->trusted);
        QVERIFY(trusted->trustedAt.isValid());
        QVERIFY(qAbs(trusted->trustedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QCOMPARE(auditRows(), before + 1);
        checkTrustEvent(QStringLiteral("device.trust"), id, false, true);
        verifyChain(before + 1);

        // Again: nothing changes, nothing is audited.
        Result<Device> again = backend().setDeviceTrusted(id, true).result();
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().detail));
        QVERIFY(again->trusted);
        QCOMPARE(again->trustedAt, trusted->trustedAt);
        QCOMPARE(auditRows(), before + 1);

        // Listed as trusted.
        Result<QList<Device>> devices = backend().devices(trusted->customerId).result();
        QVERIFY(devices.ok());
        const auto listed =
            std::find_if(devices->cbegin(), devices->cend(), [id](const Device& d) { return d.id == id; });
        QVERIFY(listed != devices->cend());
        QVERIFY(listed->trusted);
        QCOMPARE(listed->trustedAt, trusted->trustedAt);

        Result<Device> untrusted = backend().setDeviceTrusted(id, false).result();
        QVERIFY2(untrusted.ok(), qPrintable(untrusted.ok() ? QString() : untrusted.error().detail));
        QVERIFY(!untrusted->trusted);
        QVERIFY(!untrusted->trustedAt.isValid());
        QCOMPARE(auditRows(), before + 2);
        checkTrustEvent(QStringLiteral("device.untrust"), id, true, false);

        // Untrusting an untrusted device records nothing either.
        Result<Device> untrustedAgain = backend().setDeviceTrusted(id, false).result();
        QVERIFY(untrustedAgain.ok());
        QVERIFY(!untrustedAgain->trusted);
        QCOMPARE(auditRows(), before + 2);
        verifyChain(before + 2);
    }

    void trustUnknownDeviceIsNotFound()
    {
        const qint64 before = auditRows();
        Result<Device> trusted = backend().setDeviceTrusted(unknownId(), true).result();
        QVERIFY(!trusted.ok());
        QVERIFY2(trusted.error().kind == ErrorKind::NotFound, qPrintable(trusted.error().detail));
        QCOMPARE(auditRows(), before);
    }

    void forgetRevokesActiveSessions()
    {
        const QUuid id = fixtureDeviceId(1);
        const QUuid customerId = test::fixtureCustomers().at(0).id;
        QList<Session> active;
        QList<Session> inactive;
        for (const Session& s : test::fixtureSessions()) {
            if (s.deviceId == id)
                (s.isActive() ? active : inactive) << s;
        }
        QVERIFY(!active.isEmpty());
        QVERIFY(!inactive.isEmpty());
        const qint64 before = auditRows();
        const QString note = QStringLiteral("Customer lost this phone");

        Result<int> forgotten = backend().forgetDevice(id, note).result();
        QVERIFY2(forgotten.ok(), qPrintable(forgotten.ok() ? QString() : forgotten.error().detail));
        QCOMPARE(*forgotten, int(active.size()));

        // The device is gone.
        Result<QList<Device>> devices = backend().devices(customerId).result();
        QVERIFY(devices.ok());
        QVERIFY(std::none_of(devices->cbegin(), devices->cend(), [id](const Device& d) { return d.id == id; }));

        // Its active sessions are revoked for device_removed, without a device now; the others
        // keep their own record.
        SessionQuery query;
        query.customerId = customerId;
        query.activeOnly = false;
        Result<SessionPage> sessions = backend().sessions(query, PageCursor{}, 100).result();
        QVERIFY(sessions.ok());
        QHash<QUuid, Session> byId;
        for (const Session& s : sessions->items)
            byId.insert(s.id, s);
        for (const Session& s : std::as_const(active)) {
            QVERIFY(byId.contains(s.id));
            const Session now = byId.value(s.id);
            QVERIFY(!now.isActive());
            QVERIFY(now.revokeReason == RevokeReason::DeviceRemoved);
            QCOMPARE(now.revokedBy, expectedActor().name);
            QCOMPARE(now.revokeNote, note);
            QVERIFY(now.deviceId.isNull());
        }
        for (const Session& s : std::as_const(inactive)) {
            QVERIFY(byId.contains(s.id));
            const Session now = byId.value(s.id);
            QCOMPARE(now.revokedAt, s.revokedAt);
            QCOMPARE(now.revokedBy, s.revokedBy);
            QVERIFY(now.revokeReason == s.revokeReason);
            QVERIFY(now.deviceId.isNull());
        }

        // One session.revoke per session, then device.forget with the device as it was.
        QCOMPARE(auditRows(), before + active.size() + 1);
        const QList<QStringList> last = lastAuditRows(int(active.size()) + 1);
        QCOMPARE(last.size(), active.size() + 1);
        const QStringList forget = last.first();
        QCOMPARE(forget.at(0), expectedActor().name);
        QCOMPARE(forget.at(1), expectedActor().role);
        QCOMPARE(forget.at(2), QStringLiteral("device.forget"));
        QCOMPARE(forget.at(3), QStringLiteral("device"));
        QCOMPARE(forget.at(4), id.toString(QUuid::WithoutBraces));
        QCOMPARE(QUuid::fromString(forget.at(5)), customerId);
        const QJsonObject beforeState = QJsonDocument::fromJson(forget.at(7).toUtf8()).object();
        QCOMPARE(beforeState.value(QStringLiteral("id")).toString(), id.toString(QUuid::WithoutBraces));
        QCOMPARE(beforeState.value(QStringLiteral("name")).toString(), active.first().deviceName);
        QVERIFY(beforeState.contains(QStringLiteral("trusted")));
        QStringList revokedIds;
        for (qsizetype i = 1; i < last.size(); ++i) {
            const QStringList& row = last.at(i);
            QCOMPARE(row.at(0), expectedActor().name);
            QCOMPARE(row.at(2), QStringLiteral("session.revoke"));
            QCOMPARE(row.at(3), QStringLiteral("session"));
            QCOMPARE(row.at(6), QStringLiteral("device_removed"));
            revokedIds << row.at(4);
        }
        QStringList activeIds;
        for (const Session& s : std::as_const(active))
            activeIds << s.id.toString(QUuid::WithoutBraces);
        revokedIds.sort();
        activeIds.sort();
        QCOMPARE(revokedIds, activeIds);
        verifyChain(before + active.size() + 1);

        // Forgotten: a second time it is not found, and nothing is audited.
        Result<int> again = backend().forgetDevice(id, QString()).result();
        QVERIFY(!again.ok());
        QVERIFY2(again.error().kind == ErrorKind::NotFound, qPrintable(again.error().detail));
        QCOMPARE(auditRows(), before + active.size() + 1);
    }

    void forgetWithoutActiveSessions()
    {
        const QUuid id = fixtureDeviceId(4);
        const qint64 before = auditRows();
        Result<int> forgotten = backend().forgetDevice(id, QString()).result();
        QVERIFY2(forgotten.ok(), qPrintable(forgotten.ok() ? QString() : forgotten.error().detail));
        QCOMPARE(*forgotten, 0);
        QCOMPARE(auditRows(), before + 1);
        QCOMPARE(lastAuditRows(1).value(0).value(2), QStringLiteral("device.forget"));
        verifyChain(before + 1);
    }

    void forgetRefusals_data()
    {
        QTest::addColumn<QUuid>("id");
        QTest::addColumn<QString>("note");
        QTest::addColumn<ErrorKind>("kind");
        QTest::newRow("unknown device") << unknownId() << QString() << ErrorKind::NotFound;
        QTest::newRow("note too long") << fixtureDeviceId(5) << QString(Device::maxNoteLength + 1, u'n')
                                       << ErrorKind::InvalidInput;
    }

    void forgetRefusals()
    {
        QFETCH(QUuid, id);
        QFETCH(QString, note);
        QFETCH(ErrorKind, kind);
        const qint64 before = auditRows();
        Result<int> refused = backend().forgetDevice(id, note).result();
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().kind == kind, qPrintable(refused.error().detail));
        QCOMPARE(auditRows(), before);
        // Nothing changed: device 5 is still there with its active session.
        Result<QList<Device>> devices = backend().devices(test::fixtureCustomers().at(9).id).result();
        QVERIFY(devices.ok());
        QCOMPARE(devices->size(), 1);
        QCOMPARE(devices->first().id, fixtureDeviceId(5));
        QCOMPARE(devices->first().activeSessions, 1);
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    IdentityBackend& backend() { return m_testBackend->backend(); }

    static QUuid unknownId() { return QUuid::fromString(QStringLiteral("ffffffff-0000-4000-8000-000000000000")); }

    /// The fixture device whose id ends in `number` (d0000000-…-0000000000NN).
    static QUuid fixtureDeviceId(int number)
    {
        return QUuid::fromString(QStringLiteral("d0000000-0000-4000-8000-%1").arg(number, 12, 10, QChar(u'0')));
    }

    /// The customer's fixture devices (every one has sessions), as the backends list them: most
    /// recently seen first (all fixture devices were last seen at fixtureNow()), then by id
    /// descending; active sessions counted from the fixture sessions.
    static QList<Device> expectedDevices(const QUuid& customerId)
    {
        QList<Device> devices;
        for (const Session& s : test::fixtureSessions()) {
            if (s.customerId != customerId || s.deviceId.isNull())
                continue;
            auto it =
                std::find_if(devices.begin(), devices.end(), [&s](const Device& d) { return d.id == s.deviceId; });
            if (it == devices.end()) {
                Device d;
                d.id = s.deviceId;
                d.customerId = customerId;
                d.name = s.deviceName;
                d.deviceType = s.deviceType;
                devices << d;
                it = devices.end() - 1;
            }
            if (s.isActive())
                ++it->activeSessions;
        }
        std::sort(devices.begin(), devices.end(),
                  [](const Device& a, const Device& b) { return a.id.toString() > b.id.toString(); });
        return devices;
    }

    /// Over REST the server names the operator of the request; directly, the profile's operator.
    Actor expectedActor()
    {
        return m_testBackend->isRest() ? Actor{test::TestBackend::adminName(), QStringLiteral("admin")}
                                       : m_testBackend->direct().profileActor();
    }

    void checkTrustEvent(const QString& action, const QUuid& id, bool before, bool after)
    {
        const QStringList last = lastAuditRows(1).value(0);
        QCOMPARE(last.size(), 9);
        QCOMPARE(last.at(0), expectedActor().name);
        QCOMPARE(last.at(1), expectedActor().role);
        QCOMPARE(last.at(2), action);
        QCOMPARE(last.at(3), QStringLiteral("device"));
        QCOMPARE(last.at(4), id.toString(QUuid::WithoutBraces));
        const QJsonObject beforeState{{QStringLiteral("trusted"), before}};
        const QJsonObject afterState{{QStringLiteral("trusted"), after}};
        QCOMPARE(QJsonDocument::fromJson(last.at(7).toUtf8()).object(), beforeState);
        QCOMPARE(QJsonDocument::fromJson(last.at(8).toUtf8()).object(), afterState);
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

    /// The newest `count` audit rows, newest first.
    QList<QStringList> lastAuditRows(int count)
    {
        return m_testBackend->direct()
            .pool()
            .run([count](QSqlDatabase& db) -> Result<QList<QStringList>> {
                QSqlQuery query(db);
                query.prepare(QStringLiteral("SELECT actor, actor_role, action, resource_type, resource_id, "
                                             "customer_id, reason, before_state, after_state FROM audit_events "
                                             "ORDER BY seq DESC LIMIT ?"));
                query.addBindValue(count);
                query.exec();
                QList<QStringList> rows;
                while (query.next()) {
                    QStringList row;
                    for (int i = 0; i < 9; ++i)
                        row << query.value(i).toString();
                    rows << row;
                }
                return rows;
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
    TestDevices test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_devices.moc"
