#include "ConnectionManager.h"
#include "CredentialStore.h"
#include "DemoDataGenerator.h"
#include "ExportDialog.h"
#include "ExportProgressDialog.h"
#include "LoginEventTableModel.h"
#include "LoginHistoryView.h"
#include "MainWindow.h"
#include "ProfileStore.h"
#include "SqlConnectionPool.h"
#include "TestBackend.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace idc;

/// Exports from the window: the dialog that asks for format and file, and the non-modal progress
/// dialog that runs an ExportJob while the console stays responsive, cancels leaving nothing behind,
/// and says what was written and signed. Runs under tests/with-keychain.sh (the signing key).
class TestExportView : public QObject
{
    Q_OBJECT

public:
    explicit TestExportView(QString backend)
        : m_backendName(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("IDC_TEST_KEYCHAIN") == u"available",
                 "run under tests/with-keychain.sh: exports are signed with a key from the keychain");
        QCoreApplication::setOrganizationName(QStringLiteral("identity-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_export_view"));
        QVERIFY(m_dir.isValid());
        m_testBackend = std::make_unique<test::TestBackend>(m_backendName);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        // A few thousand login events: one per page keeps an export running for a while.
        DemoDataOptions options;
        options.customers = 300;
        options.referenceTime = DemoDataGenerator::effectiveReferenceTime({});
        SqlConnectionPool& pool = m_testBackend->direct().pool();
        const SqlDialect dialect = pool.dialect();
        Result<DemoDataSummary> summary =
            pool.run([options, dialect](QSqlDatabase& db) { return DemoDataGenerator(options).generate(db, dialect); })
                .result();
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : summary.error().detail));
        m_info.kind = m_testBackend->isRest() ? BackendKind::Rest : m_testBackend->database().profile().kind;
    }

    void dialogFollowsTheFormat()
    {
        ExportRequest request;
        request.kind = ExportKind::LoginEvents;
        request.loginEvents.country = QStringLiteral("DE");
        ExportDialog dialog(request, QStringLiteral("Login events matching the current filter"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormatComboBox"));
        auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("exportPathLineEdit"));
        auto* accept = dialog.findChild<QPushButton*>(QStringLiteral("exportAcceptButton"));
        QVERIFY(format && path && accept);
        QCOMPARE(format->count(), 3);
        const QString expectedName =
            QStringLiteral("login-events-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
        QVERIFY2(QDir::fromNativeSeparators(path->text()).endsWith(u'/' + expectedName), qPrintable(path->text()));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("exportFilterLabel"))->text().contains(QStringLiteral("DE")));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("exportNoteLabel"))
                    ->text()
                    .contains(expectedName + QStringLiteral(".manifest.json")));

        saveScreenshot(&dialog, QStringLiteral("export-dialog.png"));
        format->setCurrentIndex(format->findText(QStringLiteral("JSON Lines")));
        QVERIFY2(path->text().endsWith(QStringLiteral(".jsonl")), qPrintable(path->text()));
        QVERIFY(dialog.request().format == ExportFormat::JsonLines);

        const QString chosen = m_dir.filePath(QStringLiteral("chosen.jsonl"));
        path->setText(QDir::toNativeSeparators(chosen));
        format->setCurrentIndex(format->findText(QStringLiteral("CSV for Excel (with byte order mark)")));
        ExportRequest result = dialog.request();
        QVERIFY(result.format == ExportFormat::Csv);
        QVERIFY(result.byteOrderMark);
        QCOMPARE(result.path, m_dir.filePath(QStringLiteral("chosen.csv")));
        QVERIFY(result.kind == ExportKind::LoginEvents);
        QCOMPARE(result.loginEvents.country, QStringLiteral("DE"));

        path->clear();
        QVERIFY(!accept->isEnabled());
        QTest::keyClicks(path, QStringLiteral("x.csv"));
        QVERIFY(accept->isEnabled());
    }

    void anExistingFileIsReplacedOnlyWhenConfirmed()
    {
        ExportRequest request;
        request.kind = ExportKind::Sessions;
        ExportDialog dialog(request, QStringLiteral("Sessions"));
        auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("exportPathLineEdit"));
        // A bare name goes to the suggested folder, not to the working directory.
        const QString suggestedFolder = QFileInfo(QDir::fromNativeSeparators(path->text())).absolutePath();
        path->setText(QStringLiteral("bare.csv"));
        QCOMPARE(dialog.request().path, QDir(suggestedFolder).filePath(QStringLiteral("bare.csv")));

        const QString existing = m_dir.filePath(QStringLiteral("existing.csv"));
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("old") == 3);
        file.close();
        path->setText(QDir::toNativeSeparators(existing));
        QStringList asked;
        bool answer = false;
        dialog.setConfirmReplace([&](const QString& about) {
            asked << about;
            return answer;
        });
        dialog.show();
        dialog.accept();
        QCOMPARE(asked, QStringList{existing});
        QVERIFY(dialog.isVisible()); // kept open: the old export stays
        answer = true;
        dialog.accept();
        QCOMPARE(asked.size(), 2);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void reportDialogOffersPdfAndJson()
    {
        ExportRequest request;
        request.kind = ExportKind::CustomerReport;
        request.customerId = QUuid::createUuid();
        ExportDialog dialog(request, QStringLiteral("A report"));
        auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormatComboBox"));
        QCOMPARE(format->count(), 2);
        QVERIFY(dialog.request().format == ExportFormat::Pdf);
        format->setCurrentIndex(1);
        QVERIFY(dialog.request().format == ExportFormat::Json);
        QVERIFY(dialog.request().path.endsWith(QStringLiteral(".json")));
    }

    void progressText()
    {
        const QLocale locale = QLocale::system();
        ExportProgress progress;
        progress.rows = 12345;
        QCOMPARE(ExportProgressDialog::progressText(progress), locale.toString(12345) + QStringLiteral(" rows"));
        progress.expectedRows = 1000000;
        progress.rowsPerSecond = 45678.4;
        progress.secondsLeft = 21;
        QCOMPARE(ExportProgressDialog::progressText(progress),
                 QStringLiteral("%1 of %2 rows · %3 rows/s · about 0:21 left")
                     .arg(locale.toString(12345), locale.toString(1000000), locale.toString(45678)));
    }

    void cancelKeepsNoFileAndTheWindowResponds()
    {
        ExportRequest request = makeRequest(QStringLiteral("login-events.csv"));
        request.pageSize = 1; // thousands of pages: long enough to watch and cancel
        QPointer<ExportProgressDialog> dialog = new ExportProgressDialog(&m_testBackend->backend(), request);
        QCOMPARE(dialog->windowModality(), Qt::NonModal);
        QVERIFY(dialog->testAttribute(Qt::WA_DeleteOnClose));
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));

        // The GUI thread keeps running its event loop: a timer keeps firing.
        int ticks = 0;
        qint64 longestGapMs = 0;
        QElapsedTimer sinceTick;
        sinceTick.start();
        QTimer timer;
        timer.setInterval(20);
        connect(&timer, &QTimer::timeout, this, [&] {
            ++ticks;
            longestGapMs = std::max(longestGapMs, sinceTick.restart());
        });
        timer.start();

        auto* status = dialog->findChild<QLabel*>(QStringLiteral("exportStatusLabel"));
        auto* bar = dialog->findChild<QProgressBar*>(QStringLiteral("exportProgressBar"));
        QVERIFY(status && bar);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("rows/s")), 30000);
        QVERIFY(dialog->isRunning());
        QVERIFY2(status->text().contains(QStringLiteral(" rows")), qPrintable(status->text()));
        // Far enough in for the bar and the time left to show.
        QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0 && bar->value() >= 100, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("left")), 10000);
        saveScreenshot(dialog, QStringLiteral("export-progress.png"));
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= 10, 5000);
        QVERIFY2(dialog->isRunning(), "the export ended before the window could be watched");
        QVERIFY2(longestGapMs < 1000, qPrintable(QString::number(longestGapMs)));

        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("exportCancelButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 30000);
        QVERIFY2(status->text().contains(QStringLiteral("Cancelled")), qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral("No file was kept.")));
        saveScreenshot(dialog, QStringLiteral("export-cancelled.png"));
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        QVERIFY(!QFile::exists(manifestPathFor(request.path)));
        dialog->close();
        QTRY_VERIFY(dialog.isNull());
    }

    void closingWhileRunningCancelsAndGoesLater()
    {
        ExportRequest request = makeRequest(QStringLiteral("closed.csv"));
        request.pageSize = 1;
        QPointer<ExportProgressDialog> dialog = new ExportProgressDialog(&m_testBackend->backend(), request);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* status = dialog->findChild<QLabel*>(QStringLiteral("exportStatusLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral(" rows")), 30000);
        QSignalSpy ended(dialog.data(), &ExportProgressDialog::exportEnded);
        dialog->close(); // returns at once: nothing waits for the job
        QVERIFY(!dialog.isNull());
        QVERIFY(!dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 30000);
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().first().toBool(), false);
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
    }

    void completedExportSaysWhatWasWritten()
    {
        ExportRequest request = makeRequest(QStringLiteral("login-events-done.csv"));
        QPointer<ExportProgressDialog> dialog = new ExportProgressDialog(&m_testBackend->backend(), request);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QSignalSpy ended(dialog.data(), &ExportProgressDialog::exportEnded);
        QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 60000);
        auto* status = dialog->findChild<QLabel*>(QStringLiteral("exportStatusLabel"));
        QVERIFY2(ended.first().first().toBool(), qPrintable(status->text()));
        QVERIFY(QFile::exists(request.path));
        QVERIFY(QFile::exists(manifestPathFor(request.path)));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        // The row count: every line but the header.
        QFile file(request.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        qint64 rows = -1;
        while (!file.atEnd()) {
            file.readLine();
            ++rows;
        }
        QVERIFY(rows > 0);
        QVERIFY2(
            status->text().startsWith(
                QStringLiteral("Exported %1 rows to login-events-done.csv").arg(QLocale::system().toString(rows))) ||
                status->text().contains(QStringLiteral("login-events-done.csv")), // line breaks in a field
            qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral("Signed by key")));
        auto* bar = dialog->findChild<QProgressBar*>(QStringLiteral("exportProgressBar"));
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(dialog->findChild<QPushButton*>(QStringLiteral("exportShowFolderButton"))->isVisible());
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("exportCancelButton"))->isVisible());
        saveScreenshot(dialog, QStringLiteral("export-done.png"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("exportCloseButton")), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull());
    }

    void twoExportsAtOnce()
    {
        // Non-modal: the operator may start another export while one runs.
        ExportRequest first = makeRequest(QStringLiteral("first.csv"));
        first.pageSize = 20;
        ExportRequest second = makeRequest(QStringLiteral("second.jsonl"));
        second.format = ExportFormat::JsonLines;
        second.pageSize = 20;
        QPointer<ExportProgressDialog> a = new ExportProgressDialog(&m_testBackend->backend(), first);
        QPointer<ExportProgressDialog> b = new ExportProgressDialog(&m_testBackend->backend(), second);
        a->show();
        b->show();
        QSignalSpy aEnded(a.data(), &ExportProgressDialog::exportEnded);
        QSignalSpy bEnded(b.data(), &ExportProgressDialog::exportEnded);
        QTRY_VERIFY_WITH_TIMEOUT(!aEnded.isEmpty() && !bEnded.isEmpty(), 60000);
        QVERIFY2(aEnded.first().first().toBool(),
                 qPrintable(a->findChild<QLabel*>(QStringLiteral("exportStatusLabel"))->text()));
        QVERIFY2(bEnded.first().first().toBool(),
                 qPrintable(b->findChild<QLabel*>(QStringLiteral("exportStatusLabel"))->text()));
        QVERIFY(QFile::exists(first.path) && QFile::exists(second.path));
        delete a;
        delete b;
    }

    void exportFromTheWindow()
    {
        QTemporaryDir home;
        QSettings settings(home.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        CredentialStore credentials(QStringLiteral("identity-console-test-%1").arg(QCoreApplication::applicationPid()));
        ConnectionManager connections(&profiles, &credentials, home.filePath(QStringLiteral("data")));
        connections.setDemoCustomers(300);
        MainWindow window(&connections, &profiles, &credentials);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* exportList = window.findChild<QAction*>(QStringLiteral("exportListAction"));
        auto* exportReport = window.findChild<QAction*>(QStringLiteral("exportReportAction"));
        QVERIFY(exportList && exportReport);
        QVERIFY(!exportList->isEnabled()); // not connected yet
        connections.start();
        QTRY_VERIFY_WITH_TIMEOUT(connections.isConnected(), 120000);
        QTRY_VERIFY(window.customerSearchView() != nullptr);
        QVERIFY(exportList->isEnabled());    // a direct database profile may export
        QVERIFY(!exportReport->isEnabled()); // no customer open

        auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigationListWidget"));
        navigation->setCurrentItem(navigation->findItems(QStringLiteral("Login history"), Qt::MatchExactly).value(0));
        auto* logins = window.findChild<LoginHistoryView*>(QStringLiteral("loginHistoryView"));
        QTRY_VERIFY_WITH_TIMEOUT(logins->model()->matchCount().has_value(), 30000);
        exportList->trigger();
        auto* dialog = window.findChild<ExportDialog*>(QStringLiteral("exportDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("exportDescriptionLabel"))->text(),
                 QStringLiteral("Login events matching the current filter"));
        QVERIFY(dialog->request().kind == ExportKind::LoginEvents);
        QVERIFY(dialog->request().loginEvents == logins->query());
        const QString path = m_dir.filePath(QStringLiteral("from-window.csv"));
        dialog->findChild<QLineEdit*>(QStringLiteral("exportPathLineEdit"))->setText(path);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("exportAcceptButton")), Qt::LeftButton);
        ExportProgressDialog* progress = nullptr;
        QTRY_VERIFY((progress = window.findChild<ExportProgressDialog*>(QStringLiteral("exportProgressDialog"))));
        QVERIFY(progress->isVisible());
        QVERIFY(window.isEnabled()); // non-modal: the window stays usable
        QTRY_VERIFY_WITH_TIMEOUT(!progress->isRunning(), 60000);
        const QString text = progress->findChild<QLabel*>(QStringLiteral("exportStatusLabel"))->text();
        QVERIFY2(text.startsWith(QStringLiteral("Exported ")), qPrintable(text));
        QVERIFY(QFile::exists(path));
        Result<ExportManifest> manifest = manifestFromJson(readAll(manifestPathFor(path)));
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->operatorName, connections.profile().operatorName.isEmpty()
                                             ? QStringLiteral("operator")
                                             : connections.profile().operatorName);
        QCOMPARE(manifest->profile, connections.profile().name);
    }

    void cleanup()
    {
        // A failed test leaves its dialog behind: deleting it cancels its job.
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (qobject_cast<ExportProgressDialog*>(widget))
                delete widget;
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    ExportRequest makeRequest(const QString& name) const
    {
        ExportRequest request;
        request.kind = ExportKind::LoginEvents;
        request.format = ExportFormat::Csv;
        request.path = m_dir.filePath(name);
        request.profileName = QStringLiteral("test");
        request.operatorName = QStringLiteral("tester");
        request.backend = m_info;
        return request;
    }

    static QByteArray readAll(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    void saveScreenshot(QWidget* widget, const QString& name) const
    {
        const QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
        }
    }

    QString m_backendName;
    std::unique_ptr<test::TestBackend> m_testBackend;
    BackendInfo m_info;
    QTemporaryDir m_dir;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestExportView test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_export_view.moc"
