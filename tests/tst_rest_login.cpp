#include "ApiServerProcess.h"
#include "ConnectionManager.h"
#include "CredentialStore.h"
#include "CustomerFixtures.h"
#include "CustomerSearchView.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "ProfileStore.h"
#include "SqlBackend.h"
#include "TestDatabase.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

/// An operator signs in to a REST profile in the console: the login dialog at open, a wrong
/// password that keeps it open with a message, and a token that expires mid-session, which brings
/// the dialog back and then finishes the search that was refused.
class TestRestLogin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<test::TestDatabase>(QStringLiteral("postgresql"));
        QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
        SqlBackend direct(m_database->profile(), m_database->password());
        QVERIFY(direct.open().result().ok());
        QVERIFY(test::insertFixtures(direct.pool()).ok());
        m_server = std::make_unique<test::ApiServerProcess>(m_database->profile(), m_database->password());
        QVERIFY(m_server->addOperator(QStringLiteral("dana"), QStringLiteral("support_agent"), password()).ok());
        // Tokens live 4 seconds, so the test can watch one expire.
        Status started = m_server->start({QStringLiteral("--token-lifetime"), QStringLiteral("4")});
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().detail));
    }

    void signInSearchAndSignInAgainAfterExpiry()
    {
        QTemporaryDir home;
        QSettings settings(home.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        CredentialStore credentials(QStringLiteral("identity-console-test-%1").arg(QCoreApplication::applicationPid()));
        ConnectionProfile profile = m_server->restProfile();
        profile.name = QStringLiteral("Identity API");
        profile.user = QStringLiteral("dana");
        profile.id = profiles.save(profile);
        profiles.setLastUsed(profile.id);
        ConnectionManager connections(&profiles, &credentials, home.filePath(QStringLiteral("data")));
        MainWindow window(&connections, &profiles, &credentials);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        connections.start();

        // No token yet: the dialog asks, with the profile's user name filled in.
        LoginDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<LoginDialog*>()) && dialog->isVisible(), 15000);
        auto* user = dialog->findChild<QLineEdit*>(QStringLiteral("userLineEdit"));
        auto* pass = dialog->findChild<QLineEdit*>(QStringLiteral("passwordLineEdit"));
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okButton"));
        auto* error = dialog->findChild<QLabel*>(QStringLiteral("errorLabel"));
        QCOMPARE(user->text(), QStringLiteral("dana"));
        QVERIFY(!ok->isEnabled());

        // A wrong password: the dialog stays, says so, and clears the password.
        QTest::keyClicks(pass, QStringLiteral("not the password"));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && !error->text().isEmpty(), 15000);
        QVERIFY(dialog->isVisible());
        QVERIFY(pass->text().isEmpty());
        QVERIFY(!connections.isConnected());

        QTest::keyClicks(pass, password());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(connections.isConnected(), 15000);
        QTRY_VERIFY(!window.findChild<LoginDialog*>() || !window.findChild<LoginDialog*>()->isVisible());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("operatorStatusLabel"))->text().contains(u"dana"));

        auto* table = window.customerSearchView()->findChild<QTableView*>(QStringLiteral("resultsTableView"));
        auto* search = window.customerSearchView()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        QTRY_COMPARE(table->model()->rowCount(), test::fixtureCustomers().size());

        // The token expires; the next search is refused, the dialog comes back…
        QTest::qWait(4500);
        QTest::keyClicks(search, QStringLiteral("bob br"));
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<LoginDialog*>()) && dialog->isVisible(), 15000);
        error = dialog->findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible()); // "your session has ended"
        QVERIFY(connections.isConnected());

        // …and once signed in again, the refused search completes without being asked again.
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("passwordLineEdit")), password());
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 15000);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Bob Brown"));
    }

    void cancellingTheSignInLeavesTheConsoleDisconnected()
    {
        QTemporaryDir home;
        QSettings settings(home.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        CredentialStore credentials(QStringLiteral("identity-console-test-%1").arg(QCoreApplication::applicationPid()));
        ConnectionProfile profile = m_server->restProfile();
        profile.id = profiles.save(profile);
        profiles.setLastUsed(profile.id);
        ConnectionManager connections(&profiles, &credentials, home.filePath(QStringLiteral("data")));
        QSignalSpy failed(&connections, &ConnectionManager::connectionFailed);
        MainWindow window(&connections, &profiles, &credentials);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        connections.start();
        LoginDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<LoginDialog*>()) && dialog->isVisible(), 15000);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(failed.first().at(1).value<Error>().kind == ErrorKind::Cancelled);
        QVERIFY(!connections.isConnected());
        QVERIFY(window.customerSearchView() == nullptr);
    }

    void cleanupTestCase()
    {
        m_server.reset();
        m_database.reset();
    }

private:
    static QString password() { return QStringLiteral("dana's long password"); }

    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<test::ApiServerProcess> m_server;
};

QTEST_MAIN(TestRestLogin)
#include "tst_rest_login.moc"
