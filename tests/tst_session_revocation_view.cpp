#include "CustomerDetailView.h"
#include "CustomerFixtures.h"
#include "DisplayFormat.h"
#include "RevokeSessionDialog.h"
#include "SessionTableModel.h"
#include "SqlConnectionPool.h"
#include "SqlDialect.h"
#include "TestBackend.h"

#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace idc;

/// The Sessions tab of a customer as a support agent uses it: signing out one session with a
/// reason and a note, then all the others. Run on SQLite and over REST (console → reference
/// server → PostgreSQL); every revoke is audited by the backend.
class TestSessionRevocationView : public QObject
{
    Q_OBJECT

public:
    explicit TestSessionRevocationView(QString backend)
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
        // Customer 0 has two active sessions in the fixtures; two more make "all" more than one.
        Status added = addActiveSessions(customer().id, 2);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().detail));
        m_backend = &m_testBackend->backend();
    }

    void init()
    {
        m_view = new CustomerDetailView(m_backend);
        m_view->resize(1200, 640);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        m_view->showCustomer(customer().id);
        QTRY_COMPARE(widget<QLabel>("nameLabel")->text(), customer().fullName);
        auto* tabs = widget<QTabWidget>("detailTabWidget");
        tabs->setCurrentWidget(widget<QWidget>("sessionsTab"));
        QTRY_VERIFY(sessionModel()->activeCount().has_value());
        // The count and the first page arrive separately: wait for the rows too.
        QTRY_VERIFY(sessionModel()->rowCount() > 0 && !sessionModel()->canFetchMore(QModelIndex()));
    }

    void cleanup() { delete m_view; }

    void okNeedsAReason()
    {
        auto* table = widget<QTableView>("sessionsTableView");
        QTRY_VERIFY(widget<QPushButton>("revokeAllSessionsButton")->isEnabled());
        QVERIFY(!widget<QPushButton>("revokeSessionButton")->isEnabled()); // nothing selected yet
        selectRow(table, firstRowWhere(true));
        QVERIFY(widget<QPushButton>("revokeSessionButton")->isEnabled());
        const int revokedRow = firstRowWhere(false);
        QVERIFY(revokedRow >= 0);
        selectRow(table, revokedRow);
        QVERIFY(!widget<QPushButton>("revokeSessionButton")->isEnabled()); // already signed out

        selectRow(table, firstRowWhere(true));
        QTest::mouseClick(widget<QPushButton>("revokeSessionButton"), Qt::LeftButton);
        RevokeSessionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_view->findChild<RevokeSessionDialog*>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        auto* reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okButton"));
        QVERIFY(reasons && ok);
        QVERIFY(!ok->isEnabled());
        QVERIFY(!dialog->reason());
        QCOMPARE(reasons->count(), 6); // the prompt and five reasons, not session_limit
        QCOMPARE(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::SessionLimit)), -1);
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::DeviceRemoved)));
        QVERIFY(ok->isEnabled());
        reasons->setCurrentIndex(0);
        QVERIFY(!ok->isEnabled());
        saveScreenshot(QStringLiteral("revoke_dialog_%1.png").arg(m_backendName), dialog);

        const qint64 auditedBefore = auditedRevokes();
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
        QTRY_VERIFY(!m_view->findChild<RevokeSessionDialog*>());
        QTest::qWait(50);
        QCOMPARE(auditedRevokes(), auditedBefore); // cancelled: nothing happened
    }

    void stopBeforeTheNextSession()
    {
        auto* status = widget<QLabel>("sessionsStatusLabel");
        const qint64 activeBefore = activeSessionsOf(customer().id);
        const qint64 auditedBefore = auditedRevokes();
        QTRY_VERIFY(widget<QPushButton>("revokeAllSessionsButton")->isEnabled());
        QTest::mouseClick(widget<QPushButton>("revokeAllSessionsButton"), Qt::LeftButton);
        RevokeSessionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<RevokeSessionDialog*>(QApplication::activeModalWidget())) != nullptr);
        auto* reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::AdminAction)));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        // Stopped while the first page of sessions is still being fetched: nothing is revoked.
        auto* stop = widget<QPushButton>("cancelRevokeAllButton");
        QVERIFY(stop->isVisible() && stop->isEnabled());
        QVERIFY(!widget<QPushButton>("revokeAllSessionsButton")->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QTRY_COMPARE(status->text(), QStringLiteral("Stopped. Signed out 0 sessions."));
        QVERIFY(!stop->isVisible());
        QCOMPARE(activeSessionsOf(customer().id), activeBefore);
        QCOMPARE(auditedRevokes(), auditedBefore);
        QTRY_VERIFY(widget<QPushButton>("revokeAllSessionsButton")->isEnabled());
    }

    void revokeOneThenAll()
    {
        auto* table = widget<QTableView>("sessionsTableView");
        auto* status = widget<QLabel>("sessionsStatusLabel");
        const qint64 activeBefore = *sessionModel()->activeCount();
        QCOMPARE(activeBefore, activeSessionsOf(customer().id));
        QVERIFY(activeBefore >= 3);
        auto* tabs = widget<QTabWidget>("detailTabWidget");
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Sessions (%1 active)").arg(activeBefore));
        saveScreenshot(QStringLiteral("sessions_tab_%1.png").arg(m_backendName), m_view);

        // Sign out one session.
        const int row = firstRowWhere(true);
        const QUuid sessionId = table->model()->index(row, 0).data(SessionTableModel::SessionIdRole).toUuid();
        selectRow(table, row);
        const qint64 auditedBefore = auditedRevokes();
        QTest::mouseClick(widget<QPushButton>("revokeSessionButton"), Qt::LeftButton);
        RevokeSessionDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = qobject_cast<RevokeSessionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QStringLiteral("1 session of %1").arg(customer().fullName)));
        auto* reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::SecurityAlert)));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("noteLineEdit")),
                         QStringLiteral("Ticket 4711: unknown device"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);

        QTRY_COMPARE(status->text(), QStringLiteral("Signed out."));
        QTRY_VERIFY(rowOf(sessionId) >= 0 && !sessionModel()->isLoading());
        const int revokedRow = rowOf(sessionId);
        const auto cell = [table, revokedRow](SessionTableModel::Column column, int role = Qt::DisplayRole) {
            return table->model()->index(revokedRow, int(column)).data(role).toString();
        };
        QCOMPARE(cell(SessionTableModel::Column::Status), QStringLiteral("Revoked"));
        QVERIFY(cell(SessionTableModel::Column::Revoked)
                    .contains(DisplayFormat::revokeReasonName(RevokeReason::SecurityAlert)));
        QCOMPARE(cell(SessionTableModel::Column::Revoked, Qt::ToolTipRole),
                 QStringLiteral("Note: Ticket 4711: unknown device"));
        QCOMPARE(auditedRevokes(), auditedBefore + 1);
        QTRY_COMPARE(sessionModel()->activeCount().value_or(-1), activeBefore - 1);
        QTRY_COMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Sessions (%1 active)").arg(activeBefore - 1));

        // Sign out all the others.
        const qint64 remaining = activeBefore - 1;
        QTRY_VERIFY(widget<QPushButton>("revokeAllSessionsButton")->isEnabled());
        QTest::mouseClick(widget<QPushButton>("revokeAllSessionsButton"), Qt::LeftButton);
        QTRY_VERIFY((dialog = qobject_cast<RevokeSessionDialog*>(QApplication::activeModalWidget())) != nullptr);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QStringLiteral("all %1 active sessions of %2").arg(remaining).arg(customer().fullName)));
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("okButton"));
        QVERIFY(!ok->isEnabled());
        reasons = dialog->findChild<QComboBox*>(QStringLiteral("reasonComboBox"));
        reasons->setCurrentIndex(reasons->findText(DisplayFormat::revokeReasonName(RevokeReason::PasswordChange)));
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Signed out %1 sessions.").arg(remaining), 15000);
        QCOMPARE(activeSessionsOf(customer().id), 0);
        QCOMPARE(auditedRevokes(), auditedBefore + 1 + remaining);
        QTRY_COMPARE(sessionModel()->activeCount().value_or(-1), 0);
        QTRY_VERIFY(!widget<QPushButton>("revokeAllSessionsButton")->isEnabled());
        QTRY_COMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Sessions (0 active)"));
        QTRY_VERIFY(!sessionModel()->isLoading());
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QVERIFY(!table->model()->index(r, 0).data(SessionTableModel::IsActiveRole).toBool());
        saveScreenshot(QStringLiteral("sessions_all_revoked_%1.png").arg(m_backendName), m_view);
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    static Customer customer() { return test::fixtureCustomers().at(0); }

    template <typename T>
    T* widget(const char* name) const
    {
        auto* found = m_view->findChild<T*>(QString::fromLatin1(name));
        if (!found)
            qFatal("no widget %s", name);
        return found;
    }

    SessionTableModel* sessionModel() const
    {
        return qobject_cast<SessionTableModel*>(widget<QTableView>("sessionsTableView")->model());
    }

    int firstRowWhere(bool active) const
    {
        const QAbstractItemModel* model = sessionModel();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(SessionTableModel::IsActiveRole).toBool() == active)
                return row;
        return -1;
    }

    int rowOf(const QUuid& id) const
    {
        const QAbstractItemModel* model = sessionModel();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(SessionTableModel::SessionIdRole).toUuid() == id)
                return row;
        return -1;
    }

    static void selectRow(QTableView* table, int row)
    {
        QVERIFY(row >= 0);
        table->selectRow(row);
    }

    qint64 count(const QString& sql)
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

    qint64 auditedRevokes()
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE action = 'session.revoke'"));
    }

    qint64 activeSessionsOf(const QUuid& customerId)
    {
        SessionQuery query;
        query.customerId = customerId;
        Result<CustomerCount> counted = m_testBackend->direct().countSessions(query, 1000).result();
        return counted ? counted->count : -1;
    }

    Status addActiveSessions(const QUuid& customerId, int howMany)
    {
        return m_testBackend->direct()
            .pool()
            .run([customerId, howMany](QSqlDatabase& db) -> Status {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("INSERT INTO sessions (id, customer_id, token_hash, ip, country, created_at, "
                                         "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
                const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(30);
                for (int i = 0; i < howMany; ++i) {
                    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                    const QDateTime created = test::fixtureNow().addDays(-3 - i);
                    for (const QVariant& v :
                         QVariantList{id, customerId.toString(QUuid::WithoutBraces),
                                      QString::fromLatin1(
                                          QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256).toHex()),
                                      QStringLiteral("198.51.100.%1").arg(100 + i), QStringLiteral("FR"),
                                      SqlDialect::timestamp(created), SqlDialect::timestamp(created.addSecs(600)),
                                      SqlDialect::timestamp(expires)})
                        q.addBindValue(v);
                    if (!q.exec())
                        return makeError(ErrorKind::Storage, q.lastError().text());
                }
                return Done{};
            })
            .result();
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
    IdentityBackend* m_backend = nullptr;
    CustomerDetailView* m_view = nullptr;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestSessionRevocationView test(backend);
    return QTest::qExec(&test, argc, argv);
}
#include "tst_session_revocation_view.moc"
