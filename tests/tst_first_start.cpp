#include "ConnectionManager.h"
#include "CredentialStore.h"
#include "CustomerSearchView.h"
#include "MainWindow.h"
#include "ProfileStore.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace idc;

/// The first start on a machine with nothing configured: the Demo profile is created, its
/// database generated (without freezing the window) and opened, and customers can be found.
class TestFirstStart : public QObject
{
    Q_OBJECT

private slots:
    void createsAndOpensTheDemo()
    {
        QTemporaryDir home;
        QSettings settings(home.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        CredentialStore credentials(QStringLiteral("identity-console-test-%1").arg(QCoreApplication::applicationPid()));
        const QString dataDirectory = home.filePath(QStringLiteral("data"));
        ConnectionManager connections(&profiles, &credentials, dataDirectory);
        connections.setDemoCustomers(1500);
        QVERIFY(profiles.profiles().isEmpty());

        MainWindow window(&connections, &profiles, &credentials);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QSignalSpy progress(&connections, &ConnectionManager::demoGenerationProgress);
        int ticksWhileGenerating = 0;
        QTimer ticker; // counts event-loop turns: a frozen window would count none
        connect(&ticker, &QTimer::timeout, this, [&] {
            if (connections.isBusy())
                ++ticksWhileGenerating;
        });
        ticker.start(10);
        connections.start();

        QTRY_VERIFY_WITH_TIMEOUT(connections.isConnected(), 120000);
        QVERIFY(progress.size() > 1);
        QVERIFY2(ticksWhileGenerating > 5, "the window's event loop stalled during generation");

        const std::optional<ConnectionProfile> demo = profiles.demoProfile();
        QVERIFY(demo.has_value());
        QCOMPARE(demo->name, QStringLiteral("Demo"));
        QCOMPARE(profiles.lastUsed(), demo->id);
        QCOMPARE(QDir::cleanPath(QFileInfo(demo->sqlitePath).absolutePath()), QDir::cleanPath(dataDirectory));
        QVERIFY(QFile::exists(demo->sqlitePath));
        QVERIFY(!QFile::exists(demo->sqlitePath + QStringLiteral(".part")));

        QTRY_VERIFY(window.customerSearchView() != nullptr);
        auto* table = window.customerSearchView()->findChild<QTableView*>(QStringLiteral("resultsTableView"));
        QTRY_VERIFY(table->model()->rowCount() > 0);
        auto* profileLabel = window.findChild<QLabel*>(QStringLiteral("profileStatusLabel"));
        QVERIFY(profileLabel->text().contains(QStringLiteral("Demo")));
        QVERIFY(
            window.findChild<QLabel*>(QStringLiteral("backendStatusLabel"))->text().contains(QStringLiteral("SQLite")));

        // Ctrl+F puts the cursor in the search box, and a search finds a demo customer.
        auto* search = window.customerSearchView()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        table->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(search->hasFocus());
        const QString name = table->model()->index(0, 0).data().toString();
        search->insert(name); // pasted: demo names are not all ASCII, which QTest cannot type
        QTRY_VERIFY(table->model()->rowCount() >= 1);
        QTRY_COMPARE(table->model()->index(0, 0).data().toString(), name);

        if (const QByteArray dir = qgetenv("IDC_SCREENSHOT_DIR"); !dir.isEmpty())
            window.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/first-start.png"));

        // A second start opens the same demo without generating it again.
        ConnectionManager again(&profiles, &credentials, dataDirectory);
        QSignalSpy generated(&again, &ConnectionManager::demoGenerationStarted);
        again.start();
        QTRY_VERIFY(again.isConnected());
        QCOMPARE(generated.size(), 0);
        QCOMPARE(again.profile().id, demo->id);
    }
};

QTEST_MAIN(TestFirstStart)
#include "tst_first_start.moc"
