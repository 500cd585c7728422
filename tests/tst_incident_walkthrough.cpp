#include "AuditEventTableModel.h"
#include "AuditTrailView.h"
#include "ConnectionManager.h"
#include "CredentialStore.h"
#include "CustomerDetailView.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"
#include "LoginEventTableModel.h"
#include "LoginHistoryView.h"
#include "MainWindow.h"
#include "ProfileStore.h"
#include "RevokeSessionDialog.h"
#include "SessionTableModel.h"
#include "SessionsView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace idc;

/// The incident a security officer or support agent works through in the demo, end to end in
/// the console's window: the login history's failure-burst badge shows the credential-stuffing
/// address, its successful logins name the customers it broke into, the Sessions section signs
/// out everything it holds, and the audit trail holds exactly those revocations with an intact
/// hash chain. With IDC_SCREENSHOT_DIR set, every step leaves a screenshot there.
class TestIncidentWalkthrough : public QObject
{
    Q_OBJECT

private slots:
    void credentialStuffing()
    {
        QTemporaryDir home;
        QSettings settings(home.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        CredentialStore credentials(QStringLiteral("identity-console-test-%1").arg(QCoreApplication::applicationPid()));
        ConnectionManager connections(&profiles, &credentials, home.filePath(QStringLiteral("data")));
        connections.setDemoCustomers(2000);
        MainWindow window(&connections, &profiles, &credentials);
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        connections.start();
        QTRY_VERIFY_WITH_TIMEOUT(connections.isConnected(), 180000);
        QTRY_VERIFY(window.customerSearchView() != nullptr);
        IdentityBackend* backend = connections.backend();
        const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);

        // 1. The login history, failures in bursts only: one address stands out.
        auto* logins = window.findChild<LoginHistoryView*>(QStringLiteral("loginHistoryView"));
        QVERIFY(logins);
        auto* audit = window.findChild<AuditTrailView*>(QStringLiteral("auditTrailView"));
        QVERIFY(audit);
        auto* sessions = window.findChild<SessionsView*>(QStringLiteral("sessionsView"));
        QVERIFY(sessions);
        // Every model of the walkthrough is checked by Qt's model tester as the views use it.
        QAbstractItemModelTester loginsTester(logins->model());
        QAbstractItemModelTester sessionsTester(sessions->model());
        QAbstractItemModelTester auditTester(audit->model());
        goTo(window, QStringLiteral("Login history"));
        QTRY_VERIFY_WITH_TIMEOUT(!logins->bins().isEmpty(), 30000);
        logins->findChild<QToolButton*>(QStringLiteral("flag_failure_burst"))->click();
        LoginEventTableModel* events = logins->model();
        QTRY_VERIFY(events->query().requiredFlags.testFlag(RiskFlag::FailureBurst));
        QTRY_VERIFY_WITH_TIMEOUT(!events->isLoading() && events->matchCount().has_value(), 30000);
        while (events->canFetchMore({})) {
            events->fetchMore({});
            QTRY_VERIFY_WITH_TIMEOUT(!events->isLoading(), 30000);
        }
        QHash<QString, int> perIp;
        for (int row = 0; row < events->rowCount(); ++row)
            ++perIp[events->eventAt(row)->ip];
        QString attacker;
        for (auto it = perIp.cbegin(); it != perIp.cend(); ++it)
            if (attacker.isEmpty() || it.value() > perIp.value(attacker))
                attacker = it.key();
        QCOMPARE(attacker, QStringLiteral("185.220.101.47"));
        screenshot(window, QStringLiteral("incident-1-failure-bursts.png"));

        // 2. What that address got into: its successful logins, each from a new device.
        logins->findChild<QToolButton*>(QStringLiteral("flag_failure_burst"))->click();
        auto* outcome = logins->findChild<QComboBox*>(QStringLiteral("outcomeComboBox"));
        outcome->setCurrentIndex(outcome->findText(QStringLiteral("Successful")));
        logins->filterByIp(attacker);
        QTRY_COMPARE(events->query().ipOrCidr, attacker);
        QTRY_VERIFY_WITH_TIMEOUT(!events->isLoading() && events->matchCount().has_value(), 30000);
        QVERIFY(events->rowCount() > 0);
        QSet<QUuid> victims;
        for (int row = 0; row < events->rowCount(); ++row) {
            QVERIFY(events->eventAt(row)->success);
            QVERIFY(events->eventAt(row)->flags.testFlag(RiskFlag::NewDevice));
            victims.insert(events->eventAt(row)->customerId);
        }
        auto* loginTable = logins->findChild<QTableView*>(QStringLiteral("loginEventsTableView"));
        loginTable->selectRow(0);
        screenshot(window, QStringLiteral("incident-2-stuffing-successes.png"));

        // The first victim's account, opened from the history.
        const QUuid victim = events->eventAt(0)->customerId;
        QSignalSpy opened(logins, &LoginHistoryView::customerActivated);
        // What a double-click on the row emits (QTest's synthetic double-click does not reach item views).
        emit loginTable->doubleClicked(events->index(0, 0));
        QCOMPARE(opened.size(), 1);
        auto* detail = window.findChild<CustomerDetailView*>(QStringLiteral("customerDetailView"));
        QTRY_COMPARE(detail->customerId(), victim);
        auto* tabs = detail->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
        tabs->setCurrentWidget(detail->findChild<QWidget*>(QStringLiteral("sessionsTab")));
        QTest::qWait(300);
        screenshot(window, QStringLiteral("incident-3-victim-sessions.png"));

        // 3. Every session that address holds, across the victims, signed out at once.
        goTo(window, QStringLiteral("Login history"));
        loginTable->selectRow(0);
        QTest::mouseClick(logins->findChild<QPushButton*>(QStringLiteral("sessionsFromIpButton")), Qt::LeftButton);
        QTRY_VERIFY(sessions->isVisible());
        QCOMPARE(sessions->query().ipOrCidr, attacker);
        SessionTableModel* sessionModel = sessions->model();
        QTRY_VERIFY_WITH_TIMEOUT(sessionModel->activeCount().has_value() && !sessionModel->isLoading(), 30000);
        const qint64 active = *sessionModel->activeCount();
        QVERIFY(active > 0);
        QCOMPARE(qint64(sessionModel->rowCount()), active);
        QSet<QString> held;
        for (int row = 0; row < sessionModel->rowCount(); ++row) {
            held.insert(sessionModel->sessionAt(row)->id.toString(QUuid::WithoutBraces));
            QVERIFY(victims.contains(sessionModel->sessionAt(row)->customerId));
        }
        screenshot(window, QStringLiteral("incident-4-sessions-from-ip.png"));

        QTest::mouseClick(sessions->findChild<QPushButton*>(QStringLiteral("revokeMatchingButton")), Qt::LeftButton);
        RevokeSessionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<RevokeSessionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QStringLiteral("%1 active session").arg(active)));
        auto* reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::SecurityAlert)));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("noteLineEdit")),
                         QStringLiteral("Credential stuffing from %1").arg(attacker));
        screenshot(*dialog, QStringLiteral("incident-5-confirm.png"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(sessions->findChild<QLabel*>(QStringLiteral("statusLabel"))
                                     ->text()
                                     .startsWith(QStringLiteral("Signed out %1 session").arg(active)),
                                 30000);
        QTRY_COMPARE(sessionModel->activeCount().value_or(-1), 0);
        screenshot(window, QStringLiteral("incident-6-signed-out.png"));

        // 4. The audit trail: exactly those revocations since the walkthrough began, chain intact.
        goTo(window, QStringLiteral("Audit trail"));
        auto* action = audit->findChild<QComboBox*>(QStringLiteral("actionComboBox"));
        action->setCurrentIndex(action->findData(QStringLiteral("session.revoke")));
        auto* range = audit->findChild<QComboBox*>(QStringLiteral("rangeComboBox"));
        range->setCurrentIndex(range->findData(1)); // the last hour
        AuditEventTableModel* trail = audit->model();
        QTRY_VERIFY_WITH_TIMEOUT(!trail->isLoading() && trail->rowCount() > 0, 30000);
        QSet<QString> revoked;
        for (int row = 0; row < trail->rowCount(); ++row) {
            const AuditEvent* e = trail->eventAt(row);
            // The demo's own history may hold an older sign-out within the hour.
            if (e->occurredAt < started)
                continue;
            QCOMPARE(e->action, QStringLiteral("session.revoke"));
            QCOMPARE(e->reason, QStringLiteral("security_alert"));
            QVERIFY(victims.contains(e->customerId));
            revoked.insert(e->resourceId);
        }
        QCOMPARE(revoked, held);
        // Nothing else was written since the walkthrough began.
        AuditQuery since;
        since.from = started;
        const Result<AuditEventPage> all = backend->auditEvents(since, {}, 500).result();
        QVERIFY(all.ok());
        QCOMPARE(all->items.size(), qsizetype(held.size()));

        QSignalSpy verified(audit, &AuditTrailView::verified);
        QTest::mouseClick(audit->findChild<QPushButton*>(QStringLiteral("verifyChainButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(verified.size(), 1, 30000);
        QCOMPARE(verified.first().first().toBool(), true);
        QVERIFY(
            audit->findChild<QLabel*>(QStringLiteral("chainLabel"))->text().startsWith(QStringLiteral("Chain intact")));
        auto* auditTable = audit->findChild<QTableView*>(QStringLiteral("auditTableView"));
        auditTable->selectRow(0);
        screenshot(window, QStringLiteral("incident-7-audit-trail.png"));
    }

private:
    static void goTo(MainWindow& window, const QString& section)
    {
        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigationListWidget"));
        const QList<QListWidgetItem*> items = navigation->findItems(section, Qt::MatchExactly);
        QVERIFY2(!items.isEmpty(), qPrintable(section));
        navigation->setCurrentItem(items.first());
    }

    static void screenshot(QWidget& widget, const QString& name)
    {
        const QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QTest::qWait(200); // let the last page paint
        QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
    }
};

QTEST_MAIN(TestIncidentWalkthrough)
#include "tst_incident_walkthrough.moc"
