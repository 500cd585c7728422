#include "CustomerFixtures.h"
#include "CustomerSearchModel.h"
#include "SqlBackend.h"
#include "TestDatabase.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace idc;

/// The lazily fetching search model over a real SQLite backend: keyset pages through
/// fetchMore, stale pages dropped, server-side sorting, and the item model contract.
class TestCustomerSearchModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<test::TestDatabase>(QStringLiteral("sqlite"));
        m_backend = std::make_unique<SqlBackend>(m_database->profile(), QString());
        QVERIFY(m_backend->open().result().ok());
        QVERIFY(test::insertFixtures(m_backend->pool()).ok());
    }

    void fetchesPagesLazily()
    {
        CustomerSearchModel model(m_backend.get());
        model.setPageSize(5);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setQuery(CustomerQuery{});
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({})); // the first page is in flight: not asked twice
        QTRY_COMPARE(model.rowCount(), 5);
        QTest::qWait(50);
        QCOMPARE(model.rowCount(), 5); // nothing more until the view asks
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QVERIFY(!model.canFetchMore({}));
        QTRY_COMPARE(model.rowCount(), 10);
        QTRY_VERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), test::fixtureCustomers().size());
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(inserted.size(), 3);
        QTRY_VERIFY(model.matchCount().has_value());
        QCOMPARE(model.matchCount()->count, test::fixtureCustomers().size());

        QSet<QUuid> seen;
        for (int row = 0; row < model.rowCount(); ++row)
            seen.insert(model.index(row, 0).data(CustomerSearchModel::CustomerIdRole).toUuid());
        QCOMPARE(seen.size(), test::fixtureCustomers().size());
    }

    void passesTheModelTester()
    {
        CustomerSearchModel model(m_backend.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(5);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setQuery(CustomerQuery{});
        // The tester itself calls fetchMore(), so every page arrives, each at most a page long.
        QTRY_COMPARE(model.rowCount(), test::fixtureCustomers().size());
        for (const QList<QVariant>& range : inserted)
            QVERIFY(range.at(2).toInt() - range.at(1).toInt() + 1 <= 5);
        model.sort(int(CustomerSearchModel::Column::Country), Qt::DescendingOrder);
        QTRY_COMPARE(model.rowCount(), test::fixtureCustomers().size());
        QCOMPARE(model.index(0, int(CustomerSearchModel::Column::Country)).data().toString(), QStringLiteral("VN"));
    }

    void displaysFormattedValues()
    {
        CustomerSearchModel model(m_backend.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CustomerQuery query;
        query.text = QStringLiteral("alice");
        model.setQuery(query);
        QTRY_COMPARE(model.rowCount(), 1);
        using Column = CustomerSearchModel::Column;
        QCOMPARE(model.index(0, int(Column::Name)).data().toString(), QStringLiteral("Alice Nguyen"));
        const QString email = model.index(0, int(Column::Email)).data().toString();
        QVERIFY2(!email.contains(QStringLiteral("alice.nguyen")), qPrintable(email)); // masked
        QVERIFY(email.endsWith(QStringLiteral("@example.com")));
        QCOMPARE(model.index(0, int(Column::Spend)).data(CustomerSearchModel::SortValueRole).toLongLong(), 1250000);
        QVERIFY(model.index(0, int(Column::Security)).data().toString().contains(QStringLiteral("MFA")));
        QCOMPARE(model.headerData(int(Column::Name), Qt::Horizontal).toString(), QStringLiteral("Name"));
    }

    void newestQueryWins()
    {
        CustomerSearchModel model(m_backend.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CustomerQuery first;
        first.text = QStringLiteral("example"); // all of them
        CustomerQuery second;
        second.text = QStringLiteral("zoe");
        model.setQuery(first);
        model.setQuery(second); // before the first one's page arrived
        QTRY_VERIFY(!model.isLoading());
        QTest::qWait(100); // let any late page of the first query arrive, to be dropped
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("zoe zhang"));
        QTRY_VERIFY(model.matchCount().has_value());
        QCOMPARE(model.matchCount()->count, 1);
    }

    void sortsOnTheServer()
    {
        CustomerSearchModel model(m_backend.get());
        model.setPageSize(4);
        model.setQuery(CustomerQuery{});
        QTRY_COMPARE(model.rowCount(), 4);
        model.sort(int(CustomerSearchModel::Column::Spend), Qt::DescendingOrder);
        QVERIFY(model.query().sortKey == CustomerSortKey::TotalSpend);
        QVERIFY(model.query().descending);
        QTRY_COMPARE(model.rowCount(), 4);
        // The biggest spenders of all customers come first, not a re-sort of the loaded page.
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("100% Cotton Ltd"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Dana \"DJ\" Jones"));
        // The Security column has no server-side order: sorting by it changes nothing.
        const CustomerQuery before = model.query();
        model.sort(int(CustomerSearchModel::Column::Security));
        QVERIFY(model.query() == before);
    }

    void reportsErrors()
    {
        test::TestDatabase missing(QStringLiteral("sqlite"));
        ConnectionProfile profile = missing.profile();
        profile.sqlitePath = QStringLiteral("/nonexistent/dir/x.sqlite");
        SqlBackend broken(profile, QString());
        CustomerSearchModel model(&broken);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy errors(&model, &CustomerSearchModel::errorOccurred);
        model.setQuery(CustomerQuery{});
        QTRY_COMPARE(errors.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(!model.isLoading());
    }

    void cleanupTestCase()
    {
        m_backend.reset();
        m_database.reset();
    }

private:
    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<SqlBackend> m_backend;
};

QTEST_GUILESS_MAIN(TestCustomerSearchModel)
#include "tst_customer_search_model.moc"
