#include "ApiJson.h"
#include "ApiServerProcess.h"
#include "CredentialStore.h"
#include "DemoDataGenerator.h"
#include "ExportJob.h"
#include "ExportManifest.h"
#include "ProfileStore.h"
#include "PythonCsv.h"
#include "RestBackend.h"
#include "TestBackend.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

/// The export contract on every backend, through ExportJob and through `identity-console export`:
/// the CSV Python's csv module reads back equals the backend's rows field for field (quotes, commas,
/// line breaks, non-Latin text, a formula neutralised); JSON Lines equal the API's objects; the
/// manifest verifies and the audit trail holds `export.create` with the file's hash; cancelling,
/// a refused audit append, a support agent (REST) and a killed server leave no file behind.
/// Runs under tests/with-keychain.sh: the signing key lives in a private keychain.
class TestExport : public QObject
{
    Q_OBJECT

public:
    explicit TestExport(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("IDC_TEST_KEYCHAIN") == u"available",
                 "run under tests/with-keychain.sh: exports are signed with a key from the keychain");
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (m_python.isEmpty())
            QFAIL("python3 is this test's independent CSV reader (install-deps.sh installs it)");
        QVERIFY(m_dir.isValid());
        m_testBackend = std::make_unique<test::TestBackend>(m_backend);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        // Customers with addresses, devices, sessions, login events and audit events.
        DemoDataOptions options;
        options.seed = 20261124;
        options.customers = 300;
        options.loginEvents = 2000;
        Result<DemoDataSummary> generated = DemoDataGenerator::start(m_testBackend->direct().pool(), options).result();
        QVERIFY2(generated.ok(), qPrintable(describe(generated)));
        Result<CustomerPage> first = m_testBackend->direct().searchCustomers(CustomerQuery{}, {}, 3).result();
        QVERIFY(first.ok() && first->items.size() == 3);
        m_reportCustomer = first->items.at(0).id;
        // Text a CSV writer can get wrong: quotes, commas, a line break, non-Latin scripts, a formula.
        m_tricky = first->items.at(2).id;
        QVERIFY(m_testBackend->execute(
            QStringLiteral("UPDATE customers SET full_name = 'Nguyễn \"Tí\", Jr.\nΩμέγα 東京 – ü', "
                           "customer_group = '=HYPERLINK(\"http://x\")' WHERE id = '%1'")
                .arg(m_tricky.toString(QUuid::WithoutBraces))));
        m_info.kind = m_testBackend->isRest() ? BackendKind::Rest : m_testBackend->database().profile().kind;
    }

    void csvReadBackEqualsTheRows()
    {
        ExportRequest request = makeRequest(ExportKind::Customers, ExportFormat::Csv, QStringLiteral("customers.csv"));
        request.pageSize = 3; // several pages, and the next asked for while one is written
        request.byteOrderMark = true;
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY2(outcome.ok(), qPrintable(describe(outcome)));

        const QList<QJsonObject> expected = allCustomers(request.customers);
        QVERIFY(expected.size() >= 10);
        QCOMPARE(outcome->rows, qint64(expected.size()));
        QVERIFY(read(request.path).startsWith("\xEF\xBB\xBF")); // the BOM

        const QJsonArray rows = pythonCsv(request.path);
        QCOMPARE(rows.size(), expected.size() + 1);
        const QStringList columns = exportColumns(ExportKind::Customers);
        QCOMPARE(rows.at(0).toArray().toVariantList().size(), columns.size());
        for (qsizetype c = 0; c < columns.size(); ++c)
            QCOMPARE(rows.at(0).toArray().at(c).toString(), columns.at(c));
        bool sawTricky = false;
        for (qsizetype r = 0; r < expected.size(); ++r) {
            const QJsonArray got = rows.at(r + 1).toArray();
            QCOMPARE(got.size(), columns.size());
            for (qsizetype c = 0; c < columns.size(); ++c) {
                QCOMPARE(got.at(c).toString(), neutralized(csvCell(expected.at(r).value(columns.at(c)))));
            }
            if (got.at(0).toString() == m_tricky.toString(QUuid::WithoutBraces)) {
                sawTricky = true;
                QCOMPARE(got.at(columns.indexOf(QStringLiteral("full_name"))).toString(),
                         QStringLiteral("Nguyễn \"Tí\", Jr.\nΩμέγα 東京 – ü"));
                QCOMPARE(got.at(columns.indexOf(QStringLiteral("customer_group"))).toString(),
                         QStringLiteral("'=HYPERLINK(\"http://x\")"));
            }
        }
        QVERIFY(sawTricky);
        checkManifestAndAudit(request, *outcome, ExportKind::Customers);
    }

    void csvEqualsTheApiObjects_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("twoLanes");
        QTest::newRow("sessions") << int(ExportKind::Sessions) << false;
        QTest::newRow("login events") << int(ExportKind::LoginEvents) << false;
        QTest::newRow("login events, two lanes") << int(ExportKind::LoginEvents) << true;
        QTest::newRow("audit events") << int(ExportKind::AuditEvents) << false;
    }

    void csvEqualsTheApiObjects()
    {
        // Each CSV cell is written straight from the value; it must read back (through Python) as
        // the API's JSON member of the same row does.
        QFETCH(int, kind);
        QFETCH(bool, twoLanes);
        const auto exportKind = ExportKind(kind);
        ExportRequest request =
            makeRequest(exportKind, ExportFormat::Csv, toString(exportKind) + QStringLiteral("-all.csv"));
        request.sessions.activeOnly = false;
        request.pageSize = 97;
        // Two halves read at once (the newer half's file first, the older appended) must give the
        // same rows in the same order as one pass.
        request.twoLanesFromRows = twoLanes ? 100 : 0;
        const QList<QJsonObject> expected = allRows(exportKind, request);
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY2(outcome.ok(), qPrintable(describe(outcome)));
        QCOMPARE(outcome->lanes, twoLanes ? 2 : 1);
        QVERIFY(!expected.isEmpty());
        const QJsonArray rows = pythonCsv(request.path);
        QCOMPARE(rows.size(), expected.size() + 1);
        const QStringList columns = exportColumns(exportKind);
        for (qsizetype r = 0; r < expected.size(); ++r) {
            const QJsonArray got = rows.at(r + 1).toArray();
            QCOMPARE(got.size(), columns.size());
            for (qsizetype c = 0; c < columns.size(); ++c)
                QCOMPARE(got.at(c).toString(), neutralized(csvCell(expected.at(r).value(columns.at(c)))));
        }
    }

    void jsonLinesEqualTheApiObjects_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("sessions") << int(ExportKind::Sessions);
        QTest::newRow("login events") << int(ExportKind::LoginEvents);
        QTest::newRow("audit events") << int(ExportKind::AuditEvents);
    }

    void jsonLinesEqualTheApiObjects()
    {
        QFETCH(int, kind);
        const auto exportKind = ExportKind(kind);
        ExportRequest request =
            makeRequest(exportKind, ExportFormat::JsonLines, toString(exportKind) + QStringLiteral(".jsonl"));
        request.sessions.activeOnly = false;
        request.pageSize = 7;
        // Audit events: those before this export (it appends its own after the rows are read).
        const QList<QJsonObject> before = allRows(exportKind, request);
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY2(outcome.ok(), qPrintable(describe(outcome)));
        QVERIFY(!before.isEmpty());
        QCOMPARE(outcome->rows, qint64(before.size()));
        QFile file(request.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        qsizetype line = 0;
        while (!file.atEnd()) {
            const QByteArray text = file.readLine();
            QVERIFY(text.endsWith('\n'));
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(text, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QVERIFY(line < before.size());
            QCOMPARE(document.object(), before.at(line));
            ++line;
        }
        QCOMPARE(line, before.size());
        checkManifestAndAudit(request, *outcome, exportKind);
    }

    void filterIsAppliedAndRecorded()
    {
        ExportRequest request = makeRequest(ExportKind::LoginEvents, ExportFormat::Csv, QStringLiteral("failures.csv"));
        request.loginEvents.success = false;
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY2(outcome.ok(), qPrintable(describe(outcome)));
        const QList<QJsonObject> expected = allRows(ExportKind::LoginEvents, request);
        QCOMPARE(outcome->rows, qint64(expected.size()));
        const QJsonArray rows = pythonCsv(request.path);
        const qsizetype success = exportColumns(ExportKind::LoginEvents).indexOf(QStringLiteral("success"));
        for (qsizetype r = 1; r < rows.size(); ++r)
            QCOMPARE(rows.at(r).toArray().at(success).toString(), QStringLiteral("false"));
        Result<ExportManifest> manifest = manifestFromJson(read(manifestPathFor(request.path)));
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->filter.value(QStringLiteral("success")).toString(), QStringLiteral("false"));
    }

    void csvCellsAreWrittenAsPeopleReadThem()
    {
        // One event with known values, read back by Python: numbers in plain digits (no exponent),
        // booleans as true/false, a missing value as an empty cell.
        Result<LoginEventPage> page = m_testBackend->direct().loginEvents(LoginEventQuery{}, {}, 1).result();
        QVERIFY(page.ok() && page->items.size() == 1);
        const QUuid id = page->items.first().id;
        QVERIFY(m_testBackend->execute(QStringLiteral("UPDATE login_events SET latitude = 52.52, longitude = -0.00005, "
                                                      "success = %1, failure_reason = NULL, mfa_method = NULL "
                                                      "WHERE id = '%2'")
                                           .arg(m_backend == u"sqlite" ? QStringLiteral("1") : QStringLiteral("true"))
                                           .arg(id.toString(QUuid::WithoutBraces))));
        ExportRequest request = makeRequest(ExportKind::LoginEvents, ExportFormat::Csv, QStringLiteral("cells.csv"));
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY2(outcome.ok(), qPrintable(describe(outcome)));
        const QJsonArray rows = pythonCsv(request.path);
        const QStringList columns = exportColumns(ExportKind::LoginEvents);
        const auto cell = [&](const QJsonArray& row, const char* column) {
            return row.at(columns.indexOf(QLatin1StringView(column))).toString();
        };
        bool found = false;
        for (qsizetype r = 1; r < rows.size(); ++r) {
            const QJsonArray row = rows.at(r).toArray();
            QVERIFY2(QRegularExpression(QStringLiteral("^([a-z_]+(;[a-z_]+)*)?$")).match(cell(row, "flags")).hasMatch(),
                     qPrintable(cell(row, "flags")));
            if (cell(row, "id") != id.toString(QUuid::WithoutBraces))
                continue;
            found = true;
            QCOMPARE(cell(row, "latitude"), QStringLiteral("52.52"));
            QCOMPARE(cell(row, "longitude"), QStringLiteral("-0.00005"));
            QCOMPARE(cell(row, "success"), QStringLiteral("true"));
            QCOMPARE(cell(row, "failure_reason"), QString());
            QCOMPARE(cell(row, "mfa_method"), QString());
            QVERIFY(cell(row, "occurred_at").endsWith(u'Z'));
        }
        QVERIFY(found);
    }

    void aFullDiskIsReportedAndLeavesNoFile()
    {
        // NAME.part is where the rows go; pointing it at /dev/full makes every write fail as on a
        // full disk (ENOSPC), which may only show when the buffer is flushed.
        ExportRequest request = makeRequest(ExportKind::LoginEvents, ExportFormat::Csv, QStringLiteral("full.csv"));
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), request.path + QStringLiteral(".part")));
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error().kind == ErrorKind::FileAccess, qPrintable(describe(outcome)));
        QVERIFY2(outcome.error().detail.contains(QStringLiteral("No space left")), qPrintable(describe(outcome)));
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFileInfo(request.path + QStringLiteral(".part")).isSymLink());
        QVERIFY(!QFile::exists(manifestPathFor(request.path)));
    }

    void anInvalidRecordIsRefused()
    {
        ExportRecord record;
        record.kind = ExportKind::Sessions;
        record.fileName = QStringLiteral("sessions.csv");
        record.sha256 = QString(64, u'a');
        record.customerId = m_reportCustomer; // a list names no customer
        Result<AuditEvent> refused = m_testBackend->backend().recordExport(record).result();
        QVERIFY(!refused.ok() && refused.error().kind == ErrorKind::InvalidInput);
        record.customerId = QUuid();
        record.fileName = QStringLiteral("../etc/passwd");
        refused = m_testBackend->backend().recordExport(record).result();
        QVERIFY(!refused.ok() && refused.error().kind == ErrorKind::InvalidInput);
    }

    void cancelMidwayLeavesNoFile_data()
    {
        QTest::addColumn<bool>("twoLanes");
        QTest::newRow("one lane") << false;
        QTest::newRow("two lanes") << true;
    }

    void cancelMidwayLeavesNoFile()
    {
        QFETCH(bool, twoLanes);
        ExportRequest request = makeRequest(ExportKind::LoginEvents, ExportFormat::Csv, QStringLiteral("cancel.csv"));
        request.pageSize = 1;
        request.twoLanesFromRows = twoLanes ? 100 : 0;
        const qint64 auditBefore = auditCount();
        CredentialStore credentials;
        ExportJob job(&m_testBackend->backend(), &credentials, request);
        QSignalSpy progress(&job, &ExportJob::progressed);
        QFuture<Result<ExportOutcome>> future = job.start();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() || future.isFinished(), 30000);
        job.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 30000);
        QVERIFY(!future.result().ok());
        QVERIFY(future.result().error().kind == ErrorKind::Cancelled);
        QVERIFY(progress.first().first().value<ExportProgress>().rows >= 1);
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part.2")));
        QVERIFY(!QFile::exists(manifestPathFor(request.path)));
        QCOMPARE(auditCount(), auditBefore);
    }

    void twoExportsCannotWriteOneFile()
    {
        ExportRequest request = makeRequest(ExportKind::LoginEvents, ExportFormat::Csv, QStringLiteral("once.csv"));
        request.pageSize = 1;
        request.twoLanesFromRows = 0;
        CredentialStore credentials;
        ExportJob first(&m_testBackend->backend(), &credentials, request);
        QSignalSpy progress(&first, &ExportJob::progressed);
        QFuture<Result<ExportOutcome>> running = first.start();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() || running.isFinished(), 30000);
        QVERIFY(!running.isFinished());
        Result<ExportOutcome> second = runJob(request);
        QVERIFY(!second.ok());
        QVERIFY2(second.error().kind == ErrorKind::Conflict, qPrintable(describe(second)));
        QVERIFY(QFile::exists(request.path + QStringLiteral(".part"))); // the first one's, untouched
        first.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(running.isFinished(), 30000);
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
    }

    void aRefusedAuditAppendKeepsNoFile()
    {
        ExportRequest request = makeRequest(ExportKind::Sessions, ExportFormat::Csv, QStringLiteral("unaudited.csv"));
        QVERIFY(m_testBackend->refuseAuditAppends(true));
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY(m_testBackend->refuseAuditAppends(false));
        QVERIFY(!outcome.ok());
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        QVERIFY(!QFile::exists(manifestPathFor(request.path)));
        QVERIFY(!QFile::exists(manifestPathFor(request.path) + QStringLiteral(".part")));
    }

    void formatMustSuitTheKind()
    {
        ExportRequest request = makeRequest(ExportKind::Customers, ExportFormat::Pdf, QStringLiteral("list.pdf"));
        Result<ExportOutcome> outcome = runJob(request);
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.error().kind == ErrorKind::InvalidInput);
        QVERIFY(!QFile::exists(request.path));
    }

    void commandLineExport_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QByteArray>("starts");
        QTest::newRow("customers csv") << QStringLiteral("customers")
                                       << QStringList{QStringLiteral("--filter"), QStringLiteral("country=DE")}
                                       << QByteArray("id,email,full_name");
        QTest::newRow("login events jsonl")
            << QStringLiteral("login-events") << QStringList{QStringLiteral("--format"), QStringLiteral("jsonl")}
            << QByteArray("{");
        QTest::newRow("customer report json")
            << QStringLiteral("customer-report")
            << QStringList{QStringLiteral("--customer"), m_reportCustomer.toString(QUuid::WithoutBraces)}
            << QByteArray("{");
        QTest::newRow("customer report pdf")
            << QStringLiteral("customer-report")
            << QStringList{QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("--customer"),
                           m_reportCustomer.toString(QUuid::WithoutBraces)}
            << QByteArray("%PDF-");
    }

    void commandLineExport()
    {
        QFETCH(QString, what);
        QFETCH(QStringList, options);
        QFETCH(QByteArray, starts);
        const QString out = m_dir.filePath(QStringLiteral("cli-%1-%2")
                                               .arg(what)
                                               .arg(QString::fromLatin1(QTest::currentDataTag()))
                                               .replace(u' ', u'-'));
        const Run run =
            console(QStringList{QStringLiteral("export"), what, QStringLiteral("--out"), out,
                                QStringLiteral("--profile"), cliProfile(), QStringLiteral("--password-stdin")} +
                    options);
        QVERIFY2(run.code == 0, run.err.constData());
        QVERIFY2(run.out.contains("exported "), run.out.constData());
        QVERIFY(read(out).startsWith(starts));
        const ManifestCheck check = verifyManifest(manifestPathFor(out));
        QVERIFY2(check.ok, qPrintable(check.problems.join(u'\n')));
        // `verify` agrees (the same key is in the keychain the console used).
        const Run verified = console({QStringLiteral("verify"), manifestPathFor(out)});
        QVERIFY2(verified.code == 0, verified.err.constData());
    }

    void commandLineFailuresSayWhy_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown kind") << QStringList{QStringLiteral("export"), QStringLiteral("orders")}
                                      << QByteArray("say what to export");
        QTest::newRow("wrong format") << QStringList{QStringLiteral("export"),   QStringLiteral("customers"),
                                                     QStringLiteral("--format"), QStringLiteral("pdf"),
                                                     QStringLiteral("--out"),    QStringLiteral("x.pdf")}
                                      << QByteArray("csv or jsonl");
        QTest::newRow("unknown filter") << QStringList{QStringLiteral("export"),   QStringLiteral("sessions"),
                                                       QStringLiteral("--filter"), QStringLiteral("colour=red"),
                                                       QStringLiteral("--out"),    QStringLiteral("x.csv")}
                                        << QByteArray("unknown filter");
        QTest::newRow("bad filter value")
            << QStringList{QStringLiteral("export"),        QStringLiteral("login-events"), QStringLiteral("--filter"),
                           QStringLiteral("success=maybe"), QStringLiteral("--out"),        QStringLiteral("x.csv")}
            << QByteArray("success");
        QTest::newRow("no folder") << QStringList{QStringLiteral("export"), QStringLiteral("customers"),
                                                  QStringLiteral("--out"), QStringLiteral("/nonexistent/x.csv")}
                                   << QByteArray("no folder");
    }

    void commandLineFailuresSayWhy()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = console(
            arguments + QStringList{QStringLiteral("--profile"), cliProfile(), QStringLiteral("--password-stdin")});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }

    void supportAgentsCannotExport()
    {
        if (!m_testBackend->isRest())
            QSKIP("the export permission belongs to the API's roles; a database profile has no role");
        const QString password = QStringLiteral("agent password 123");
        Status added = m_testBackend->server()->addOperator(QStringLiteral("export-agent"),
                                                            QStringLiteral("support_agent"), password);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().detail));
        RestBackend agent(m_testBackend->server()->restProfile());
        QVERIFY(agent.login(QStringLiteral("export-agent"), password).result().ok());
        ExportRequest request = makeRequest(ExportKind::Customers, ExportFormat::Csv, QStringLiteral("agent.csv"));
        const qint64 auditBefore = auditCount();
        Result<ExportOutcome> outcome = runJob(request, &agent);
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.error().kind == ErrorKind::Forbidden);
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        // Nor can the record be posted by hand.
        ExportRecord record;
        record.fileName = QStringLiteral("agent.csv");
        record.sha256 = QString(64, u'0');
        Result<AuditEvent> posted = agent.recordExport(record).result();
        QVERIFY(!posted.ok() && posted.error().kind == ErrorKind::Forbidden);
        QCOMPARE(auditCount(), auditBefore);
    }

    // Last: it kills the server the other cases use.
    void aKilledServerFailsCleanly()
    {
        if (!m_testBackend->isRest())
            QSKIP("a server to kill is there over REST only");
        ExportRequest request =
            makeRequest(ExportKind::LoginEvents, ExportFormat::JsonLines, QStringLiteral("killed.jsonl"));
        request.pageSize = 1;
        CredentialStore credentials;
        ExportJob job(&m_testBackend->backend(), &credentials, request);
        QSignalSpy progress(&job, &ExportJob::progressed);
        QFuture<Result<ExportOutcome>> future = job.start();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() || future.isFinished(), 30000);
        QVERIFY(!future.isFinished());
        m_testBackend->server()->kill();
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 90000);
        QVERIFY(!future.result().ok());
        QVERIFY2(future.result().error().kind == ErrorKind::Unavailable, qPrintable(future.result().error().detail));
        QVERIFY(!QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        QVERIFY(!QFile::exists(manifestPathFor(request.path)));
    }

private:
    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    template <typename T>
    static QString describe(const Result<T>& result)
    {
        if (result.ok())
            return QString();
        return QStringLiteral("error kind %1: %2").arg(int(result.error().kind)).arg(result.error().detail);
    }

    /// A cell as a spreadsheet-safe CSV holds it: text starting like a formula gets a leading '.
    static QString neutralized(const QString& cell)
    {
        static const QRegularExpression number(QStringLiteral("^[-+]?[0-9]+(\\.[0-9]+)?$"));
        if (!cell.isEmpty() && QStringLiteral("=+-@\t\r").contains(cell.front()) && !number.match(cell).hasMatch())
            return u'\'' + cell;
        return cell;
    }

    ExportRequest makeRequest(ExportKind kind, ExportFormat format, const QString& name)
    {
        ExportRequest request;
        request.kind = kind;
        request.format = format;
        request.path = m_dir.filePath(name);
        request.profileName = QStringLiteral("test");
        request.operatorName = QStringLiteral("tester");
        request.backend = m_info;
        return request;
    }

    Result<ExportOutcome> runJob(const ExportRequest& request, IdentityBackend* backend = nullptr)
    {
        CredentialStore credentials;
        ExportJob job(backend ? backend : &m_testBackend->backend(), &credentials, request);
        QFuture<Result<ExportOutcome>> future = job.start();
        // The job reaches the backend and the keychain through this thread's event loop.
        QElapsedTimer timer;
        timer.start();
        while (!future.isFinished() && timer.elapsed() < 120000)
            QTest::qWait(10);
        if (!future.isFinished())
            return makeError(ErrorKind::Timeout, QStringLiteral("the export did not finish in 120 s"));
        return future.result();
    }

    void checkManifestAndAudit(const ExportRequest& request, const ExportOutcome& outcome, ExportKind kind)
    {
        QVERIFY(QFile::exists(request.path));
        QVERIFY(!QFile::exists(request.path + QStringLiteral(".part")));
        QCOMPARE(outcome.manifestPath, manifestPathFor(request.path));
        const ManifestCheck check = verifyManifest(outcome.manifestPath);
        QVERIFY2(check.ok, qPrintable(check.problems.join(u'\n')));
        Result<ExportManifest> manifest = manifestFromJson(read(outcome.manifestPath));
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->rows, outcome.rows);
        QCOMPARE(manifest->sha256, outcome.sha256);
        QCOMPARE(manifest->columns, exportColumns(kind));
        QCOMPARE(manifest->backend, toString(m_info.kind));
        QCOMPARE(manifest->profile, QStringLiteral("test"));
        // The audit trail names the export, its rows and its hash.
        AuditQuery query;
        query.action = QStringLiteral("export.create");
        Result<AuditEventPage> events = m_testBackend->direct().auditEvents(query, {}, 1).result();
        QVERIFY(events.ok() && !events->items.isEmpty());
        const AuditEvent& event = events->items.first();
        QCOMPARE(event.seq, outcome.auditSeq);
        const QJsonObject after = event.afterState.toObject();
        QCOMPARE(after.value(QStringLiteral("what")).toString(), toString(kind));
        QCOMPARE(after.value(QStringLiteral("rows")).toInteger(), outcome.rows);
        QCOMPARE(after.value(QStringLiteral("sha256")).toString(), outcome.sha256);
        QCOMPARE(after.value(QStringLiteral("file")).toString(), QFileInfo(request.path).fileName());
        if (m_testBackend->isRest())
            QCOMPARE(event.actor, test::TestBackend::adminName());
    }

    QList<QJsonObject> allCustomers(const CustomerQuery& query)
    {
        QList<QJsonObject> rows;
        PageCursor cursor;
        do {
            Result<CustomerPage> page = m_testBackend->direct().searchCustomers(query, cursor, 500).result();
            if (!page)
                return {};
            for (const Customer& c : page->items)
                rows << api::toJson(c);
            cursor = page->next;
        } while (!cursor.isNull());
        return rows;
    }

    template <typename T, typename Fetch>
    static QList<QJsonObject> collect(Fetch fetch)
    {
        QList<QJsonObject> rows;
        PageCursor cursor;
        do {
            Result<Page<T>> page = fetch(cursor).result();
            if (!page)
                return {};
            for (const T& item : page->items)
                rows << api::toJson(item);
            cursor = page->next;
        } while (!cursor.isNull());
        return rows;
    }

    QList<QJsonObject> allRows(ExportKind kind, const ExportRequest& r)
    {
        SqlBackend& db = m_testBackend->direct();
        switch (kind) {
        case ExportKind::Customers:
            return allCustomers(r.customers);
        case ExportKind::Sessions:
            return collect<Session>([&](const PageCursor& c) { return db.sessions(r.sessions, c, 500); });
        case ExportKind::LoginEvents:
            return collect<LoginEvent>([&](const PageCursor& c) { return db.loginEvents(r.loginEvents, c, 500); });
        case ExportKind::AuditEvents:
            return collect<AuditEvent>([&](const PageCursor& c) { return db.auditEvents(r.auditEvents, c, 500); });
        case ExportKind::CustomerReport:
            break;
        }
        return {};
    }

    qint64 auditCount() { return allRows(ExportKind::AuditEvents, ExportRequest{}).size(); }

    /// A console profile for the backend under test, in the private HOME's settings.
    QString cliProfile()
    {
        if (!m_cliProfile.isEmpty())
            return m_cliProfile;
        QSettings settings(QDir::home().filePath(QStringLiteral(".config/IdentityConsole/identity-console.conf")),
                           QSettings::IniFormat);
        ProfileStore store(&settings);
        ConnectionProfile profile =
            m_testBackend->isRest() ? m_testBackend->server()->restProfile() : m_testBackend->database().profile();
        profile.id = QUuid();
        profile.name = QStringLiteral("export-") + m_backend;
        if (m_testBackend->isRest())
            profile.user = test::TestBackend::adminName();
        store.save(profile);
        settings.sync();
        m_cliPassword =
            m_testBackend->isRest() ? test::TestBackend::adminPassword() : m_testBackend->database().password();
        m_cliProfile = profile.name;
        return m_cliProfile;
    }

    Run console(const QStringList& arguments)
    {
        QProcess process;
        process.start(QStringLiteral(IDC_CONSOLE_PATH), arguments);
        process.write(m_cliPassword.toUtf8() + '\n');
        process.closeWriteChannel();
        if (!process.waitForFinished(120000))
            return {-1, {}, "timed out"};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    QJsonArray pythonCsv(const QString& path) { return test::readCsvWithPython(m_python, path); }

    static QByteArray read(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QString m_backend;
    std::unique_ptr<test::TestBackend> m_testBackend;
    BackendInfo m_info;
    QUuid m_tricky;
    QUuid m_reportCustomer;
    QString m_python;
    QTemporaryDir m_dir;
    QString m_cliProfile;
    QString m_cliPassword;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestExport test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_export.moc"
