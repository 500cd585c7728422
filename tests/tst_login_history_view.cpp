#include "DemoDataGenerator.h"
#include "DisplayFormat.h"
#include "LoginEventTableModel.h"
#include "LoginHistoryView.h"
#include "SqlConnectionPool.h"
#include "TestBackend.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace idc;

/// The login history as a security officer reads it after an attack, on the demo history with
/// its planted cases: the chart shows the credential-stuffing hour, a click on its bar filters
/// the table to that hour, the risk badges filter the table, and the address leads on to its
/// sessions. Run on SQLite and over REST.
class TestLoginHistoryView : public QObject
{
    Q_OBJECT

public:
    explicit TestLoginHistoryView(QString backend)
        : m_backendName(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("identity-console-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_login_history_view"));
        QSettings().clear(); // default thresholds
        m_testBackend = std::make_unique<test::TestBackend>(m_backendName);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        DemoDataOptions options;
        options.customers = 1000;
        // "Now" of the history is this hour, so that the view's "last 3 days" holds the attack.
        options.referenceTime = DemoDataGenerator::effectiveReferenceTime({});
        SqlConnectionPool& pool = m_testBackend->direct().pool();
        const SqlDialect dialect = pool.dialect();
        Result<DemoDataSummary> summary =
            pool.run([options, dialect](QSqlDatabase& db) { return DemoDataGenerator(options).generate(db, dialect); })
                .result();
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : summary.error().detail));
        m_summary = summary.value();
        m_backend = &m_testBackend->backend();
    }

    void init()
    {
        m_view = new LoginHistoryView(m_backend);
        m_tester = std::make_unique<QAbstractItemModelTester>(m_view->model());
        m_view->resize(1400, 900);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        QSignalSpy chart(m_view, &LoginHistoryView::chartUpdated);
        m_view->setCustomer({});
        QTRY_VERIFY_WITH_TIMEOUT(chart.size() >= 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->matchCount().has_value(), 20000);
    }

    void cleanup()
    {
        m_tester.reset();
        delete m_view;
    }

    void chartCoversTheRangeByHour()
    {
        QVERIFY(m_view->bucket() == HistogramBucket::Hour);
        QCOMPARE(m_view->bins().size(), 72);
        qint64 total = 0;
        for (int i = 0; i < m_view->bins().size(); ++i) {
            total += m_view->bins().at(i).successes + m_view->bins().at(i).failures;
            if (i > 0)
                QCOMPARE(m_view->bins().at(i - 1).start.secsTo(m_view->bins().at(i).start), 3600);
        }
        QCOMPARE(total, m_view->model()->matchCount()->count);
    }

    void clickingABarFiltersTheTable()
    {
        // The bar with the most failures is the credential-stuffing hour.
        int busiest = 0;
        for (int i = 0; i < m_view->bins().size(); ++i)
            if (m_view->bins().at(i).failures > m_view->bins().at(busiest).failures)
                busiest = i;
        const LoginHistogramBin bin = m_view->bins().at(busiest);
        QVERIFY2(bin.failures >= 50, qPrintable(QString::number(bin.failures)));

        // Click the middle of that bar in the chart.
        auto* chartView = m_view->findChild<QChartView*>(QStringLiteral("loginChartView"));
        QChart* chart = chartView->chart();
        auto* series = qobject_cast<QStackedBarSeries*>(chart->series().value(0));
        QVERIFY(series);
        const QPointF inChart =
            chart->mapToPosition(QPointF(busiest, double(bin.successes + bin.failures) / 2.0), series);
        const QPoint inView = chartView->mapFromScene(chart->mapToScene(inChart));
        QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, inView);

        LoginEventTableModel* model = m_view->model();
        QTRY_COMPARE(model->query().from, bin.start);
        QCOMPARE(model->query().to, bin.start.addSecs(3600));
        QTRY_VERIFY(model->matchCount().has_value());
        QCOMPARE(model->matchCount()->count, bin.successes + bin.failures);
        QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0);
        while (model->canFetchMore({})) {
            model->fetchMore({});
            QTRY_VERIFY(!model->isLoading());
        }
        QCOMPARE(qint64(model->rowCount()), bin.successes + bin.failures);
        int fromStuffingIp = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const LoginEvent* e = model->eventAt(row);
            QVERIFY(e->occurredAt >= bin.start && e->occurredAt < bin.start.addSecs(3600));
            fromStuffingIp += e->ip == m_summary.credentialStuffingIp ? 1 : 0;
        }
        QVERIFY(fromStuffingIp > model->rowCount() / 2);
        QVERIFY(m_view->findChild<QLabel*>(QStringLiteral("binLabel"))->text().startsWith(QStringLiteral("Showing")));
        saveScreenshot(QStringLiteral("login_history_bar_%1.png").arg(m_backendName));

        // Back to the whole range.
        auto* whole = m_view->findChild<QPushButton*>(QStringLiteral("wholeRangeButton"));
        QVERIFY(whole->isVisible());
        QTest::mouseClick(whole, Qt::LeftButton);
        QTRY_COMPARE(model->query().from, m_view->bins().first().start);
        QVERIFY(!whole->isVisible());
    }

    void badgesFilterTheTable()
    {
        auto* burst = m_view->findChild<QToolButton*>(QStringLiteral("flag_failure_burst"));
        QVERIFY(burst);
        QSignalSpy chart(m_view, &LoginHistoryView::chartUpdated);
        burst->click();
        LoginEventTableModel* model = m_view->model();
        QTRY_VERIFY(model->query().requiredFlags.testFlag(RiskFlag::FailureBurst));
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->rowCount() > 0, 20000);
        QSet<QString> ips;
        for (int row = 0; row < model->rowCount(); ++row) {
            const LoginEvent* e = model->eventAt(row);
            QVERIFY(e->flags.testFlag(RiskFlag::FailureBurst));
            QVERIFY(!e->success);
            ips.insert(e->ip);
        }
        QSet<QString> planted(m_summary.failureBurstIps.begin(), m_summary.failureBurstIps.end());
        planted.insert(m_summary.credentialStuffingIp);
        QVERIFY(ips.contains(m_summary.credentialStuffingIp));
        QVERIFY((ips - planted).isEmpty());
        // The chart follows the filter: only failures.
        QTRY_VERIFY_WITH_TIMEOUT(chart.size() >= 1, 20000);
        for (const LoginHistogramBin& bin : m_view->bins())
            QCOMPARE(bin.successes, 0);
        saveScreenshot(QStringLiteral("login_history_burst_%1.png").arg(m_backendName));

        // The address leads to its sessions.
        QSignalSpy sessions(m_view, &LoginHistoryView::sessionsFromIpRequested);
        auto* table = m_view->findChild<QTableView*>(QStringLiteral("loginEventsTableView"));
        int stuffingRow = -1;
        for (int row = 0; row < model->rowCount() && stuffingRow < 0; ++row)
            if (model->eventAt(row)->ip == m_summary.credentialStuffingIp)
                stuffingRow = row;
        QVERIFY(stuffingRow >= 0);
        table->selectRow(stuffingRow);
        QTest::mouseClick(m_view->findChild<QPushButton*>(QStringLiteral("sessionsFromIpButton")), Qt::LeftButton);
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.first().first().toString(), m_summary.credentialStuffingIp);
    }

    void ipAndOutcomeFilters()
    {
        auto* ip = m_view->findChild<QLineEdit*>(QStringLiteral("ipLineEdit"));
        auto* outcome = m_view->findChild<QComboBox*>(QStringLiteral("outcomeComboBox"));
        QTest::keyClicks(ip, m_summary.credentialStuffingIp);
        outcome->setCurrentIndex(outcome->findText(QStringLiteral("Successful")));
        LoginEventTableModel* model = m_view->model();
        QTRY_COMPARE(model->query().ipOrCidr, m_summary.credentialStuffingIp);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount().has_value(), 20000);
        // The accounts it broke into: each with a successful login from it, each a new device.
        QSet<QUuid> victims;
        for (int row = 0; row < model->rowCount(); ++row) {
            const LoginEvent* e = model->eventAt(row);
            QVERIFY(e->success);
            QCOMPARE(e->ip, m_summary.credentialStuffingIp);
            QVERIFY(e->flags.testFlag(RiskFlag::NewDevice));
            victims.insert(e->customerId);
        }
        const QSet<QUuid> expected(m_summary.credentialStuffingVictims.begin(),
                                   m_summary.credentialStuffingVictims.end());
        QCOMPARE(victims, expected);

        QTest::keyClicks(ip, QStringLiteral("/33"));
        QTRY_VERIFY(m_view->findChild<QLabel*>(QStringLiteral("statusLabel"))
                        ->text()
                        .contains(QStringLiteral("not an IP address")));
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    void saveScreenshot(const QString& name) const
    {
        const QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(m_view->grab().save(QDir(dir).filePath(name)));
        }
    }

    QString m_backendName;
    std::unique_ptr<test::TestBackend> m_testBackend;
    IdentityBackend* m_backend = nullptr;
    DemoDataSummary m_summary;
    LoginHistoryView* m_view = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestLoginHistoryView test(backend);
    return QTest::qExec(&test, argc, argv);
}
#include "tst_login_history_view.moc"
