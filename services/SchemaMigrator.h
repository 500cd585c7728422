#pragma once

#include "Result.h"
#include "SqlDialect.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace idc {

/// One versioned schema change, written once for both dialects.
struct Migration
{
    int version = 0;
    QString name;
    QString sql;
};

/// Applies the versioned migrations in resources/migrations, each in its own transaction,
/// recording them in schema_migrations. Runs on the thread that owns `db`.
class SchemaMigrator
{
public:
    explicit SchemaMigrator(SqlDialect dialect);

    /// The migrations this console knows, in order.
    static QList<Migration> knownMigrations();
    static int latestVersion();

    /// Brings the schema up to date and returns its version. Re-running is a no-op;
    /// a database migrated by a newer console is refused with SchemaTooNew.
    Result<int> migrate(QSqlDatabase& db) const;

    /// The version recorded in the database (0 when it has none).
    Result<int> currentVersion(QSqlDatabase& db) const;

    /// The statements of `migration` for this dialect, in order.
    QStringList statements(const Migration& migration) const;

private:
    SqlDialect m_dialect;
};

} // namespace idc
