#include "AuditTrail.h"
#include "BulkSessionRevoker.h"
#include "CustomerFixtures.h"
#include "DeviceTableModel.h"
#include "DevicesPanel.h"
#include "DisplayFormat.h"
#include "RevokeSessionDialog.h"
#include "SessionTableModel.h"
#include "SessionsView.h"
#include "SqlConnectionPool.h"
#include "SqlDialect.h"
#include "TestBackend.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialog>
#include <QDir>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace idc;

namespace {

/// The attacking address of these tests and a neighbour in its /24.
const QString attackerIp = QStringLiteral("198.51.100.47");
const QString neighbourIp = QStringLiteral("198.51.100.9");

} // namespace

/// The global Sessions section as a security officer uses it after a credential-stuffing attack:
/// filter by the attacking IP, see how many sessions it holds across customers, sign them all
/// out with a reason, and find exactly those revocations in an intact audit trail. Also the
/// Devices tab of a customer: trust, untrust and forget. Run on SQLite and over REST.
class TestSessionsView : public QObject
{
    Q_OBJECT

public:
    explicit TestSessionsView(QString backend)
        : m_backendName(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_testBackend = std::make_unique<test::TestBackend>(m_backendName);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        QVERIFY(test::insertFixtures(m_testBackend->direct().pool()).ok());
        m_backend = &m_testBackend->backend();
    }

    void init()
    {
        m_view = new SessionsView(m_backend);
        m_view->resize(1400, 600);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        m_tester = std::make_unique<QAbstractItemModelTester>(m_view->model());
    }

    void cleanup()
    {
        m_tester.reset();
        delete m_view;
    }

    void invalidIpIsExplained()
    {
        QTest::keyClicks(widget<QLineEdit>("ipLineEdit"), QStringLiteral("185.220.101"));
        QTRY_VERIFY(widget<QLabel>("statusLabel")->text().contains(QStringLiteral("not an IP address")));
        QVERIFY(m_view->query().ipOrCidr.isEmpty()); // the table kept its last valid filter
    }

    void bulkRevokeByIp()
    {
        // Three customers signed in from the attacking address, one of them twice; one more from
        // a neighbour address, and one from the attacker that was already signed out.
        const QList<Customer> customers = test::fixtureCustomers();
        QList<QUuid> attacked;
        for (int c : {2, 4, 5})
            attacked << addSession(customers.at(c).id, attackerIp, false);
        attacked << addSession(customers.at(5).id, attackerIp, false);
        const QUuid neighbour = addSession(customers.at(3).id, neighbourIp, false);
        addSession(customers.at(6).id, attackerIp, true);
        QVERIFY(!attacked.contains(QUuid()));

        m_view->filterByIp(attackerIp);
        QTRY_COMPARE(m_view->model()->activeCount().value_or(-1), qint64(attacked.size()));
        QTRY_VERIFY(!m_view->model()->isLoading());
        QCOMPARE(m_view->model()->rowCount(), int(attacked.size()));
        QCOMPARE(widget<QLabel>("countLabel")->text(), QStringLiteral("Active sessions matching: 4"));
        for (int row = 0; row < m_view->model()->rowCount(); ++row)
            QCOMPARE(m_view->model()->sessionAt(row)->ip, attackerIp);
        saveScreenshot(QStringLiteral("sessions_by_ip_%1.png").arg(m_backendName));

        const qint64 lastSeqBefore = auditChain().lastSeq;
        QTRY_VERIFY(widget<QPushButton>("revokeMatchingButton")->isEnabled());
        QTest::mouseClick(widget<QPushButton>("revokeMatchingButton"), Qt::LeftButton);
        RevokeSessionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<RevokeSessionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))->text(),
                 QStringLiteral("Sign out 4 active sessions from %1?").arg(attackerIp));
        auto* reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::SecurityAlert)));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("noteLineEdit")),
                         QStringLiteral("Credential stuffing from %1").arg(attackerIp));
        saveScreenshot(QStringLiteral("bulk_revoke_dialog_%1.png").arg(m_backendName), dialog);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(widget<QLabel>("statusLabel")->text(), QStringLiteral("Signed out 4 sessions."),
                                  15000);
        QVERIFY(!widget<QPushButton>("stopButton")->isVisible());
        QTRY_COMPARE(m_view->model()->activeCount().value_or(-1), 0);
        QTRY_VERIFY(!widget<QPushButton>("revokeMatchingButton")->isEnabled());
        QVERIFY(isActive(neighbour)); // the filter was the address, not its subnet

        // The audit trail holds exactly those revocations, with the reason, and its chain holds.
        const AuditChainReport chain = auditChain();
        QVERIFY2(chain.intact, qPrintable(chain.problem));
        const QList<AuditEvent> events = auditEventsAfter(lastSeqBefore);
        QCOMPARE(events.size(), attacked.size());
        QSet<QString> revoked;
        for (const AuditEvent& event : events) {
            QCOMPARE(event.action, QStringLiteral("session.revoke"));
            QCOMPARE(event.reason, QStringLiteral("security_alert"));
            revoked.insert(event.resourceId);
        }
        QSet<QString> expected;
        for (const QUuid& id : attacked)
            expected.insert(id.toString(QUuid::WithoutBraces));
        QCOMPARE(revoked, expected);
    }

    void revokeSelectedAcrossCustomers()
    {
        const QList<Customer> customers = test::fixtureCustomers();
        const QString ip = QStringLiteral("203.0.113.77");
        const QUuid first = addSession(customers.at(2).id, ip, false);
        const QUuid second = addSession(customers.at(8).id, ip, false);
        const QUuid third = addSession(customers.at(9).id, ip, false);
        m_view->filterByIp(QStringLiteral("203.0.113.0/24"));
        QTRY_COMPARE(m_view->model()->activeCount().value_or(-1), 3);
        QTRY_COMPARE(m_view->model()->rowCount(), 3);
        QTRY_VERIFY(!m_view->model()->isLoading());
        auto* table = widget<QTableView>("sessionsTableView");
        QVERIFY(!widget<QPushButton>("revokeSelectedButton")->isEnabled());
        for (int row = 0; row < 3; ++row) {
            const QUuid id = m_view->model()->sessionAt(row)->id;
            if (id == first || id == second)
                table->selectionModel()->select(m_view->model()->index(row, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QVERIFY(widget<QPushButton>("revokeSelectedButton")->isEnabled());
        QTest::mouseClick(widget<QPushButton>("revokeSelectedButton"), Qt::LeftButton);
        RevokeSessionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<RevokeSessionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))->text(),
                 QStringLiteral("Sign out the 2 selected sessions of 2 customers?"));
        auto* reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::AdminAction)));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(widget<QLabel>("statusLabel")->text(), QStringLiteral("Signed out 2 sessions."),
                                  15000);
        QVERIFY(!isActive(first));
        QVERIFY(!isActive(second));
        QVERIFY(isActive(third));

        // The customer filter narrows the subnet to one customer's sessions.
        m_view->findChild<QLineEdit*>(QStringLiteral("customerEmailLineEdit"))
            ->setText(test::fixtureCustomers().at(9).email.toUpper());
        m_view->findChild<QCheckBox*>(QStringLiteral("activeOnlyCheckBox"))->setChecked(false);
        QTRY_COMPARE(m_view->query().customerEmail, test::fixtureCustomers().at(9).email.toUpper());
        QTRY_VERIFY(!m_view->model()->isLoading() && m_view->model()->rowCount() > 0);
        for (int row = 0; row < m_view->model()->rowCount(); ++row)
            QCOMPARE(m_view->model()->sessionAt(row)->customerId, test::fixtureCustomers().at(9).id);

        // Coming from the login history with an address: the earlier filters do not narrow it unseen.
        m_view->filterByIp(ip);
        QCOMPARE(m_view->query().ipOrCidr, ip);
        QVERIFY(m_view->query().customerEmail.isEmpty());
        QVERIFY(m_view->query().activeOnly);
        QVERIFY(m_view->findChild<QLineEdit*>(QStringLiteral("customerEmailLineEdit"))->text().isEmpty());
    }

    void runStopsAtTheConfirmedCount()
    {
        // Five match, four were confirmed: the newest four are signed out, the oldest stays.
        const QString ip = QStringLiteral("192.0.2.200");
        QList<QUuid> ids;
        for (int i = 0; i < 5; ++i)
            ids << addSession(test::fixtureCustomers().at(i).id, ip, false, -i);
        BulkSessionRevoker revoker(m_backend);
        QSignalSpy finished(&revoker, &BulkSessionRevoker::finished);
        QSignalSpy progress(&revoker, &BulkSessionRevoker::progress);
        SessionQuery query;
        query.ipOrCidr = ip;
        revoker.start(query, 4, RevokeReason::SecurityAlert, QString());
        QVERIFY(revoker.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        const auto summary = finished.first().first().value<BulkRevokeSummary>();
        QCOMPARE(summary.revoked, 4);
        QCOMPARE(summary.failed, 0);
        QCOMPARE(progress.last().at(0).toInt(), 4);
        for (int i = 0; i < 4; ++i)
            QVERIFY(!isActive(ids.at(i)));
        QVERIFY(isActive(ids.at(4)));

        // An explicit list with a session revoked meanwhile: reported, not an error.
        revoker.start(QList<QUuid>{ids.at(0), ids.at(4)}, RevokeReason::AdminAction, QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        const auto second = finished.last().first().value<BulkRevokeSummary>();
        QCOMPARE(second.revoked, 1);
        QCOMPARE(second.alreadyRevoked, 1);
        QCOMPARE(BulkSessionRevoker::summaryText(second),
                 QStringLiteral("Signed out 1 session. 1 had already been signed out."));
    }

    void devicesTrustAndForget()
    {
        const Customer alice = test::fixtureCustomers().at(0);
        DevicesPanel panel(m_backend);
        QAbstractItemModelTester tester(panel.model());
        panel.resize(1100, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy sessionsChanged(&panel, &DevicesPanel::sessionsChanged);
        panel.setCustomer(alice.id, alice.fullName);
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        auto* table = panel.findChild<QTableView*>(QStringLiteral("devicesTableView"));
        auto* trust = panel.findChild<QPushButton*>(QStringLiteral("trustDeviceButton"));
        auto* forget = panel.findChild<QPushButton*>(QStringLiteral("forgetDeviceButton"));
        auto* status = panel.findChild<QLabel*>(QStringLiteral("devicesStatusLabel"));
        QVERIFY(!trust->isEnabled() && !forget->isEnabled());

        table->selectRow(0);
        const QUuid deviceId = panel.model()->index(0, 0).data(DeviceTableModel::DeviceIdRole).toUuid();
        const bool wasTrusted = panel.model()->index(0, 0).data(DeviceTableModel::TrustedRole).toBool();
        QCOMPARE(trust->text(), wasTrusted ? QStringLiteral("Stop trusting") : QStringLiteral("Trust"));
        const qint64 trustEvents = countSql(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE action IN "
                                                           "('device.trust', 'device.untrust')"));
        QTest::mouseClick(trust, Qt::LeftButton);
        QTRY_COMPARE(panel.model()->index(0, 0).data(DeviceTableModel::TrustedRole).toBool(), !wasTrusted);
        QTRY_VERIFY(trust->isEnabled());
        QCOMPARE(trust->text(), wasTrusted ? QStringLiteral("Trust") : QStringLiteral("Stop trusting"));
        QCOMPARE(countSql(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE action IN "
                                         "('device.trust', 'device.untrust')")),
                 trustEvents + 1);
        QVERIFY(status->text().contains(panel.model()->deviceAt(0)->name));

        // Forget the device with its active sessions: a confirmation with a note, then it is gone.
        const int activeOnDevice = panel.model()->index(0, 0).data(DeviceTableModel::ActiveSessionsRole).toInt();
        QTest::mouseClick(forget, Qt::LeftButton);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) != nullptr);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))->text().contains(alice.fullName));
        saveScreenshot(QStringLiteral("forget_device_dialog_%1.png").arg(m_backendName), dialog);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("noteLineEdit")), QStringLiteral("Phone lost"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        QTRY_COMPARE(panel.model()->rowCount(), 1);
        QVERIFY(panel.model()->index(0, 0).data(DeviceTableModel::DeviceIdRole).toUuid() != deviceId);
        QCOMPARE(sessionsChanged.size(), activeOnDevice > 0 ? 1 : 0);
        QVERIFY(status->text().startsWith(QStringLiteral("Device forgotten")));
        QCOMPARE(countSql(QStringLiteral("SELECT COUNT(*) FROM devices WHERE id = '%1'")
                              .arg(deviceId.toString(QUuid::WithoutBraces))),
                 0);
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    template <typename T>
    T* widget(const char* name) const
    {
        auto* found = m_view->findChild<T*>(QString::fromLatin1(name));
        if (!found)
            qFatal("no widget %s", name);
        return found;
    }

    QUuid addSession(const QUuid& customerId, const QString& ip, bool revoked, int hoursAgo = 0)
    {
        const QUuid id = QUuid::createUuid();
        Status added =
            m_testBackend->direct()
                .pool()
                .run([=](QSqlDatabase& db) -> Status {
                    QSqlQuery q(db);
                    q.prepare(QStringLiteral(
                        "INSERT INTO sessions (id, customer_id, token_hash, ip, country, created_at, last_seen_at, "
                        "expires_at, revoked_at, revoked_by, revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                    const QString text = id.toString(QUuid::WithoutBraces);
                    const QDateTime created = QDateTime::currentDateTimeUtc().addSecs(-3600 * (2 - hoursAgo));
                    for (const QVariant& v : QVariantList{
                             text, customerId.toString(QUuid::WithoutBraces),
                             QString::fromLatin1(
                                 QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex()),
                             ip, QStringLiteral("DE"), SqlDialect::timestamp(created),
                             SqlDialect::timestamp(created.addSecs(60)), SqlDialect::timestamp(created.addDays(30)),
                             revoked ? SqlDialect::timestamp(created.addSecs(120)) : QVariant(),
                             revoked ? QVariant(QStringLiteral("someone")) : QVariant(),
                             revoked ? QVariant(QStringLiteral("user_logout")) : QVariant()})
                        q.addBindValue(v);
                    if (!q.exec())
                        return makeError(ErrorKind::Storage, q.lastError().text());
                    return Done{};
                })
                .result();
        return added ? id : QUuid();
    }

    bool isActive(const QUuid& sessionId)
    {
        return countSql(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE id = '%1' AND revoked_at IS NULL")
                            .arg(sessionId.toString(QUuid::WithoutBraces))) == 1;
    }

    qint64 countSql(const QString& sql)
    {
        return m_testBackend->direct()
            .pool()
            .run([sql](QSqlDatabase& db) -> Result<qint64> {
                QSqlQuery query(db);
                query.exec(sql);
                return query.next() ? query.value(0).toLongLong() : -1;
            })
            .result()
            .value();
    }

    AuditChainReport auditChain()
    {
        SqlConnectionPool& pool = m_testBackend->direct().pool();
        const SqlDialect dialect = pool.dialect();
        Result<AuditChainReport> report =
            pool.run([dialect](QSqlDatabase& db) { return verifyAuditChain(db, dialect); }).result();
        return report ? report.value() : AuditChainReport{};
    }

    QList<AuditEvent> auditEventsAfter(qint64 seq)
    {
        SqlConnectionPool& pool = m_testBackend->direct().pool();
        const SqlDialect dialect = pool.dialect();
        Result<QList<AuditEvent>> events = pool.run([dialect, seq](QSqlDatabase& db) {
                                                   AuditEventQuery query;
                                                   query.afterSeq = seq;
                                                   query.limit = 1000;
                                                   return readAuditEvents(db, dialect, query);
                                               })
                                               .result();
        return events ? events.value() : QList<AuditEvent>{};
    }

    void saveScreenshot(const QString& name, QWidget* window = nullptr) const
    {
        const QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY((window ? window : m_view)->grab().save(QDir(dir).filePath(name)));
        }
    }

    QString m_backendName;
    std::unique_ptr<test::TestBackend> m_testBackend;
    IdentityBackend* m_backend = nullptr;
    SessionsView* m_view = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestSessionsView test(backend);
    return QTest::qExec(&test, argc, argv);
}
#include "tst_sessions_view.moc"
