#include "CustomerDetailView.h"
#include "CustomerFixtures.h"
#include "CustomerSearchModel.h"
#include "CustomerSearchView.h"
#include "TestBackend.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace idc;

/// The search section as an agent uses it: typing into the box, filtering, selecting a row
/// and revealing the contact details. Run on SQLite and over REST (console → reference server
/// → PostgreSQL): the agent sees the same thing.
class TestCustomerSearchView : public QObject
{
    Q_OBJECT

public:
    explicit TestCustomerSearchView(QString backend)
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
        m_model = new CustomerSearchModel(m_backend);
        m_view = new CustomerSearchView(m_model, m_backend);
        m_model->setParent(m_view);
        m_view->resize(1400, 800);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        QTRY_COMPARE(m_model->rowCount(), test::fixtureCustomers().size());
    }

    void cleanup() { delete m_view; }

    void typingSearches()
    {
        auto* search = m_view->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        auto* table = m_view->findChild<QTableView*>(QStringLiteral("resultsTableView"));
        auto* count = m_view->findChild<QLabel*>(QStringLiteral("countLabel"));
        QVERIFY(search && table && count);
        QTest::keyClicks(search, QStringLiteral("bob br"));
        // Debounced: one search after typing pauses, not one per key.
        QTRY_COMPARE(table->model()->rowCount(), 2);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Bob Brown"));
        QCOMPARE(table->model()->index(1, 0).data().toString(), QStringLiteral("Bob Brown"));
        QTRY_COMPARE(count->text(), QStringLiteral("Matches: 2"));

        search->clear();
        search->insert(QStringLiteral("Đào")); // pasted: QTest types ASCII only
        QTRY_COMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Nguyễn Thị Đào"));
        QTRY_COMPARE(count->text(), QStringLiteral("Matches: 1"));

        search->clear();
        QTest::keyClicks(search, QStringLiteral("no such person"));
        QTRY_COMPARE(count->text(), QStringLiteral("Matches: 0"));
        QCOMPARE(table->model()->rowCount(), 0);
    }

    void filtersNarrowTheList()
    {
        auto* status = m_view->findChild<QComboBox*>(QStringLiteral("statusComboBox"));
        auto* country = m_view->findChild<QComboBox*>(QStringLiteral("countryComboBox"));
        QVERIFY(status && country);
        status->setCurrentIndex(status->findData(int(CustomerStatus::Suspended)));
        QTRY_COMPARE(m_model->rowCount(), 1);
        QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("Uma Under_Score"));
        status->setCurrentIndex(0);
        QTRY_COMPARE(country->count(), 10); // "any" plus the fixtures' nine countries
        country->setCurrentIndex(country->findData(QStringLiteral("US")));
        QTRY_COMPARE(m_model->rowCount(), 3);
        auto* reset = m_view->findChild<QPushButton*>(QStringLiteral("resetFiltersButton"));
        QTest::mouseClick(reset, Qt::LeftButton);
        QTRY_COMPARE(m_model->rowCount(), test::fixtureCustomers().size());
    }

    void selectingShowsTheAccount()
    {
        auto* search = m_view->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        auto* table = m_view->findChild<QTableView*>(QStringLiteral("resultsTableView"));
        QTest::keyClicks(search, QStringLiteral("alice"));
        QTRY_COMPARE(table->model()->rowCount(), 1);
        table->setCurrentIndex(table->model()->index(0, 0));

        auto* detail = m_view->findChild<CustomerDetailView*>(QStringLiteral("customerDetailView"));
        auto* name = detail->findChild<QLabel*>(QStringLiteral("nameLabel"));
        auto* email = detail->findChild<QLabel*>(QStringLiteral("emailLabel"));
        auto* phone = detail->findChild<QLabel*>(QStringLiteral("phoneLabel"));
        auto* reveal = detail->findChild<QPushButton*>(QStringLiteral("revealButton"));
        QTRY_COMPARE(name->text(), QStringLiteral("Alice Nguyen"));
        QVERIFY(!email->text().contains(QStringLiteral("alice.nguyen")));
        QVERIFY(!phone->text().contains(QStringLiteral("912345")));
        QTRY_COMPARE(detail->findChild<QTableView*>(QStringLiteral("addressTableView"))->model()->rowCount(), 2);

        QSignalSpy revealed(detail, &CustomerDetailView::contactRevealed);
        const qint64 revealsBefore = auditedReveals();
        QTest::mouseClick(reveal, Qt::LeftButton);
        // Shown once the audit trail has recorded the reveal, not before.
        QTRY_COMPARE(email->text(), QStringLiteral("alice.nguyen@example.com"));
        QCOMPARE(phone->text(), QStringLiteral("+84912345678"));
        QCOMPARE(revealed.size(), 1);
        QCOMPARE(auditedReveals(), revealsBefore + 1);
        QCOMPARE(revealed.first().first().toUuid(), test::fixtureCustomers().first().id);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QVERIFY(!email->text().contains(QStringLiteral("alice.nguyen")));
    }

    void cleanupTestCase() { m_testBackend.reset(); }

private:
    qint64 auditedReveals()
    {
        return m_testBackend->direct()
            .pool()
            .run([](QSqlDatabase& db) -> Result<qint64> {
                QSqlQuery query(db);
                query.exec(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE action = 'pii.reveal'"));
                return query.next() ? query.value(0).toLongLong() : -1;
            })
            .result()
            .value();
    }

private:
    QString m_backendName;
    std::unique_ptr<test::TestBackend> m_testBackend;
    IdentityBackend* m_backend = nullptr;
    CustomerSearchModel* m_model = nullptr;
    CustomerSearchView* m_view = nullptr;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestCustomerSearchView test(backend);
    return QTest::qExec(&test, argc, argv);
}
#include "tst_customer_search_view.moc"
