#include "SchemaMigrator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace idc {
namespace {

Error sqlError(const QSqlQuery& query)
{
    return SqlDialect::errorFrom(query.lastError(), false);
}

/// Rolls back unless committed, so an early return never leaves a transaction open.
class TransactionGuard
{
public:
    explicit TransactionGuard(QSqlDatabase& db)
        : m_db(db)
    {
    }
    ~TransactionGuard()
    {
        if (!m_committed)
            m_db.rollback();
    }
    bool commit() { return m_committed = m_db.commit(); }

private:
    QSqlDatabase& m_db;
    bool m_committed = false;
};

} // namespace

SchemaMigrator::SchemaMigrator(SqlDialect dialect)
    : m_dialect(dialect)
{
}

QList<Migration> SchemaMigrator::knownMigrations()
{
    static const QList<Migration> migrations = [] {
        QList<Migration> list;
        const QDir dir(QStringLiteral(":/migrations"));
        static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_(\\w+)\\.sql$"));
        for (const QString& file : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
            const QRegularExpressionMatch match = pattern.match(file);
            QFile source(dir.filePath(file));
            if (!match.hasMatch() || !source.open(QIODevice::ReadOnly))
                continue;
            list.append(Migration{match.captured(1).toInt(), match.captured(2), QString::fromUtf8(source.readAll())});
        }
        return list;
    }();
    return migrations;
}

int SchemaMigrator::latestVersion()
{
    const QList<Migration> migrations = knownMigrations();
    return migrations.isEmpty() ? 0 : migrations.last().version;
}

QStringList SchemaMigrator::statements(const Migration& migration) const
{
    const QString onlyFor = m_dialect.isPostgres() ? QStringLiteral("@sqlite") : QStringLiteral("@postgresql");
    QStringList result;
    QString current;
    bool skip = false;
    const QStringList lines = migration.sql.split(u'\n');
    for (const QString& rawLine : lines) {
        const QString line = rawLine.trimmed();
        if (line.startsWith(QStringLiteral("--"))) {
            if (current.isEmpty() && line.mid(2).trimmed() == onlyFor)
                skip = true;
            continue;
        }
        if (line.isEmpty())
            continue;
        current += rawLine + u'\n';
        if (line.endsWith(u';')) {
            if (!skip)
                result.append(m_dialect.expandTypes(current.trimmed()));
            current.clear();
            skip = false;
        }
    }
    return result;
}

Result<int> SchemaMigrator::currentVersion(QSqlDatabase& db) const
{
    if (!db.tables().contains(QStringLiteral("schema_migrations")))
        return 0;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) || !query.next())
        return sqlError(query);
    return query.value(0).toInt();
}

Result<int> SchemaMigrator::migrate(QSqlDatabase& db) const
{
    QSqlQuery query(db);
    const QString createTable = m_dialect.expandTypes(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name {{text}} NOT NULL, "
        "applied_at {{timestamp}} NOT NULL)"));
    // Checked first so PostgreSQL does not print an "already exists" notice on every start.
    if (!db.tables().contains(QStringLiteral("schema_migrations")) && !query.exec(createTable))
        return sqlError(query);

    const QList<Migration> migrations = knownMigrations();
    const int latest = latestVersion();
    for (const Migration& migration : migrations) {
        if (!db.transaction())
            return SqlDialect::errorFrom(db.lastError(), false);
        TransactionGuard transaction(db);
        // Two consoles starting at once against one PostgreSQL must not both migrate.
        if (m_dialect.isPostgres() && !query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7305147623)")))
            return sqlError(query);
        Result<int> version = currentVersion(db);
        if (!version)
            return version.error();
        if (version.value() > latest) {
            return makeError(
                ErrorKind::SchemaTooNew,
                QStringLiteral("schema version %1, this console knows up to %2").arg(version.value()).arg(latest));
        }
        if (version.value() >= migration.version)
            continue;
        for (const QString& statement : statements(migration)) {
            if (!query.exec(statement)) {
                Error error = sqlError(query);
                error.detail =
                    QStringLiteral("migration %1 (%2): %3").arg(migration.version).arg(migration.name, error.detail);
                return error;
            }
        }
        query.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
        query.addBindValue(migration.version);
        query.addBindValue(migration.name);
        query.addBindValue(SqlDialect::timestamp(QDateTime::currentDateTimeUtc()));
        if (!query.exec())
            return sqlError(query);
        if (!transaction.commit())
            return SqlDialect::errorFrom(db.lastError(), false);
    }

    Result<int> version = currentVersion(db);
    if (version && version.value() > latest) {
        return makeError(
            ErrorKind::SchemaTooNew,
            QStringLiteral("schema version %1, this console knows up to %2").arg(version.value()).arg(latest));
    }
    return version;
}

} // namespace idc
