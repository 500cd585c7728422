#include "AccountActionDialog.h"
#include "CustomerDetailView.h"
#include "CustomerFixtures.h"
#include "SessionTableModel.h"
#include "SqlConnectionPool.h"
#include "TestBackend.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace idc;

/// The account actions of the customer detail as an agent uses them: unlock a locked
/// customer, suspend and reactivate with a reason, and the refusal (with a reload) when
/// someone else changed the customer after it was shown. Run on SQLite and over REST.
class TestAccountActionsView : public QObject
{
    Q_OBJECT

public:
    explicit TestAccountActionsView(QString backend)
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
    }

    void init()
    {
        m_view = new CustomerDetailView(&m_testBackend->backend());
        m_view->resize(1300, 760);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
    }

    void cleanup() { delete m_view; }

    void unlock()
    {
        const Customer ivan = test::fixtureCustomers().at(7);
        QVERIFY(ivan.isLocked());
        show(ivan);
        auto* unlock = widget<QPushButton>("unlockButton");
        QVERIFY(unlock->isEnabled());
        QVERIFY(widget<QLabel>("lockLabel")->text().startsWith(QStringLiteral("Locked until")));
        const qint64 auditedBefore = audited(QStringLiteral("customer.unlock"));

        QTest::mouseClick(unlock, Qt::LeftButton);
        AccountActionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<AccountActionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))->text().contains(ivan.fullName));
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okButton"));
        QVERIFY(ok->isEnabled()); // an unlock's reason is optional
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reasonLineEdit")),
                         QStringLiteral("Identity confirmed by phone"));
        saveScreenshot(QStringLiteral("unlock_dialog_%1.png").arg(m_backendName), dialog);
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_COMPARE(widget<QLabel>("accountActionLabel")->text(), QStringLiteral("Unlocked."));
        QCOMPARE(widget<QLabel>("lockLabel")->text(), QStringLiteral("Not locked"));
        QCOMPARE(widget<QLabel>("failedAttemptsLabel")->text(), QStringLiteral("0"));
        QVERIFY(!unlock->isEnabled());
        QCOMPARE(audited(QStringLiteral("customer.unlock")), auditedBefore + 1);
        QCOMPARE(scalar(QStringLiteral("SELECT reason FROM audit_events WHERE action = 'customer.unlock' AND "
                                       "customer_id = '%1'")
                            .arg(id(ivan))),
                 QVariant(QStringLiteral("Identity confirmed by phone")));
        QCOMPARE(
            scalar(QStringLiteral("SELECT failed_login_attempts FROM customers WHERE id = '%1'").arg(id(ivan))).toInt(),
            0);
        QVERIFY(scalar(QStringLiteral("SELECT locked_until FROM customers WHERE id = '%1'").arg(id(ivan))).isNull());
        saveScreenshot(QStringLiteral("unlocked_%1.png").arg(m_backendName), m_view);
    }

    void changedMeanwhileIsRefusedAndReloaded()
    {
        const Customer alice = test::fixtureCustomers().at(0);
        show(alice);
        // Someone else renames her after the console loaded her.
        execute(QStringLiteral("UPDATE customers SET full_name = 'Alice Nguyen-Tran', version = version + 1 WHERE "
                               "id = '%1'")
                    .arg(id(alice)));
        const qint64 suspendsBefore = audited(QStringLiteral("customer.suspend"));

        QTest::mouseClick(widget<QPushButton>("suspendButton"), Qt::LeftButton);
        AccountActionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<AccountActionDialog*>(QApplication::activeModalWidget())) != nullptr);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okButton"));
        QVERIFY(!ok->isEnabled()); // a suspension needs a reason
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reasonLineEdit")),
                         QStringLiteral("Chargeback fraud confirmed"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_VERIFY(widget<QLabel>("accountActionLabel")->text().contains(QStringLiteral("changed by someone else")));
        QTRY_COMPARE(widget<QLabel>("nameLabel")->text(), QStringLiteral("Alice Nguyen-Tran")); // reloaded
        QCOMPARE(audited(QStringLiteral("customer.suspend")), suspendsBefore);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM customers WHERE id = '%1'").arg(id(alice))).toString(),
                 QStringLiteral("active"));
        saveScreenshot(QStringLiteral("conflict_%1.png").arg(m_backendName), m_view);

        // With what is shown now, the suspension goes through and signs her out everywhere.
        QTRY_VERIFY(widget<QPushButton>("suspendButton")->isEnabled());
        QTest::mouseClick(widget<QPushButton>("suspendButton"), Qt::LeftButton);
        QTRY_VERIFY((dialog = qobject_cast<AccountActionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reasonLineEdit")),
                         QStringLiteral("Chargeback fraud confirmed"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        QTRY_COMPARE(widget<QLabel>("accountActionLabel")->text(),
                     QStringLiteral("Suspended; their sessions are signed out."));
        QCOMPARE(widget<QPushButton>("suspendButton")->text(), QStringLiteral("Reactivate…"));
        QVERIFY(widget<QLabel>("badgesLabel")->text().contains(QStringLiteral("Suspended")));
        QCOMPARE(audited(QStringLiteral("customer.suspend")), suspendsBefore + 1);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sessions WHERE customer_id = '%1' AND revoked_at IS "
                                       "NULL AND expires_at > '%2'")
                            .arg(id(alice), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)))
                     .toInt(),
                 0);

        // And back.
        QTest::mouseClick(widget<QPushButton>("suspendButton"), Qt::LeftButton);
        QTRY_VERIFY((dialog = qobject_cast<AccountActionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("reasonLineEdit")),
                         QStringLiteral("Chargeback withdrawn"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        QTRY_COMPARE(widget<QLabel>("accountActionLabel")->text(), QStringLiteral("Reactivated."));
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM customers WHERE id = '%1'").arg(id(alice))).toString(),
                 QStringLiteral("active"));
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    void show(const Customer& customer)
    {
        m_view->showCustomer(customer.id);
        QTRY_COMPARE(m_view->customerId(), customer.id);
    }

    static QString id(const Customer& customer) { return customer.id.toString(QUuid::WithoutBraces); }

    template <typename T>
    T* widget(const char* name) const
    {
        auto* found = m_view->findChild<T*>(QString::fromLatin1(name));
        if (!found)
            qFatal("no widget %s", name);
        return found;
    }

    QVariant scalar(const QString& sql)
    {
        return m_testBackend->direct()
            .pool()
            .run([sql](QSqlDatabase& db) -> Result<QVariant> {
                QSqlQuery query(db);
                if (!query.exec(sql) || !query.next())
                    return makeError(ErrorKind::Storage, sql);
                return query.value(0);
            })
            .result()
            .value();
    }

    void execute(const QString& sql)
    {
        const Status done = m_testBackend->direct()
                                .pool()
                                .run([sql](QSqlDatabase& db) -> Status {
                                    QSqlQuery query(db);
                                    return query.exec(sql) ? Status(Done{}) : makeError(ErrorKind::Storage, sql);
                                })
                                .result();
        QVERIFY(done.ok());
    }

    qint64 audited(const QString& action)
    {
        return scalar(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE action = '%1'").arg(action)).toLongLong();
    }

    void saveScreenshot(const QString& name, QWidget* window) const
    {
        const QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(window->grab().save(QDir(dir).filePath(name)));
        }
    }

    QString m_backendName;
    std::unique_ptr<test::TestBackend> m_testBackend;
    CustomerDetailView* m_view = nullptr;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestAccountActionsView test(backend);
    return QTest::qExec(&test, argc, argv);
}
#include "tst_account_actions_view.moc"
