#include "SchemaMigrator.h"
#include "SqlConnectionPool.h"
#include "TestDatabase.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTest>

using namespace idc;

/// Migrations on SQLite and on a real PostgreSQL: applied once, idempotent, and refusing a
/// database that a newer console migrated.
class TestSchemaMigrator : public QObject
{
    Q_OBJECT

public:
    explicit TestSchemaMigrator(QString backend)
        : m_backend(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_database = std::make_unique<test::TestDatabase>(m_backend);
        QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
        m_pool = std::make_unique<SqlConnectionPool>(m_database->profile(), m_database->password(), 1);
    }

    void knowsItsMigrations()
    {
        const QList<Migration> migrations = SchemaMigrator::knownMigrations();
        QVERIFY(!migrations.isEmpty());
        QCOMPARE(migrations.first().version, 1);
        for (qsizetype i = 1; i < migrations.size(); ++i)
            QVERIFY(migrations.at(i).version > migrations.at(i - 1).version);
    }

    void dialectOnlyStatements()
    {
        const Migration first = SchemaMigrator::knownMigrations().first();
        const QStringList sqlite = SchemaMigrator(SqlDialect(BackendKind::Sqlite)).statements(first);
        const QStringList postgres = SchemaMigrator(SqlDialect(BackendKind::PostgreSql)).statements(first);
        QVERIFY(postgres.join(u' ').contains(QStringLiteral("gin_trgm_ops")));
        QVERIFY(!sqlite.join(u' ').contains(QStringLiteral("gin_trgm_ops")));
        QVERIFY(!sqlite.join(u' ').contains(QStringLiteral("{{")));
        QVERIFY(!postgres.join(u' ').contains(QStringLiteral("{{")));
    }

    void migratesEveryTable()
    {
        Result<int> version = run([](QSqlDatabase& db, const SqlDialect& d) { return SchemaMigrator(d).migrate(db); });
        QVERIFY2(version.ok(), qPrintable(version.ok() ? QString() : version.error().detail));
        QCOMPARE(version.value(), SchemaMigrator::latestVersion());

        Result<QStringList> tables =
            run([](QSqlDatabase& db, const SqlDialect&) -> Result<QStringList> { return db.tables(); });
        QVERIFY(tables.ok());
        for (const char* table :
             {"customers", "addresses", "devices", "sessions", "login_events", "mfa_factors", "recovery_codes",
              "segments", "audit_events", "operators", "api_tokens", "schema_migrations"})
            QVERIFY2(tables.value().contains(QLatin1String(table)), table);
    }

    void rerunIsNoOp()
    {
        Result<int> count = run([](QSqlDatabase& db, const SqlDialect& d) -> Result<int> {
            Result<int> version = SchemaMigrator(d).migrate(db);
            if (!version)
                return version.error();
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) || !query.next())
                return makeError(ErrorKind::Storage);
            return query.value(0).toInt();
        });
        QVERIFY(count.ok());
        QCOMPARE(count.value(), SchemaMigrator::knownMigrations().size());
    }

    void refusesNewerDatabase()
    {
        Result<int> version = run([](QSqlDatabase& db, const SqlDialect& d) -> Result<int> {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
            query.addBindValue(SchemaMigrator::latestVersion() + 1);
            query.addBindValue(QStringLiteral("from_the_future"));
            query.addBindValue(SqlDialect::timestamp(QDateTime::currentDateTimeUtc()));
            if (!query.exec())
                return makeError(ErrorKind::Storage);
            Result<int> result = SchemaMigrator(d).migrate(db);
            query.exec(QStringLiteral("DELETE FROM schema_migrations WHERE name = 'from_the_future'"));
            return result;
        });
        QVERIFY(!version.ok());
        QCOMPARE(version.error().kind, ErrorKind::SchemaTooNew);
        QVERIFY(version.error().detail.contains(QString::number(SchemaMigrator::latestVersion() + 1)));
    }

    void cleanupTestCase()
    {
        m_pool.reset();
        m_database.reset();
    }

private:
    template <typename Work>
    auto run(Work work) -> std::invoke_result_t<Work, QSqlDatabase&, const SqlDialect&>
    {
        return m_pool->run([work, dialect = m_pool->dialect()](QSqlDatabase& db) { return work(db, dialect); })
            .result();
    }

    QString m_backend;
    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<SqlConnectionPool> m_pool;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QCoreApplication app(argc, argv);
    TestSchemaMigrator test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_schema_migrator.moc"
