#pragma once

#include "ConnectionProfile.h"

#include <QDateTime>
#include <QString>
#include <QVariant>

class QSqlError;

namespace idc {

struct Error;

/// The differences between SQLite and PostgreSQL that the SQL code has to know about:
/// column types in migrations, how timestamps and booleans travel, and case-insensitive
/// matching. Everything else is written once in standard SQL.
class SqlDialect
{
public:
    explicit SqlDialect(BackendKind kind)
        : m_kind(kind)
    {
    }

    BackendKind kind() const { return m_kind; }
    bool isPostgres() const { return m_kind == BackendKind::PostgreSql; }

    /// Replaces the {{type}} tokens of a migration with this dialect's types.
    QString expandTypes(QString sql) const;

    /// The condition that a customer's id, e-mail, name or phone contains `text` (literally,
    /// ignoring case in any script); appends the values it binds to `values`.
    QString customerTextMatch(const QString& text, QVariantList& values) const;

    /// `expression` compared by code point, as indexes marked {{c}} in migrations are.
    QString byteOrder(const QString& expression) const;

    /// Wraps a sort expression so its value can be carried in a cursor and bound back unchanged.
    QString sortValueExpression(const QString& expression, bool isTimestamp) const;

    /// A timestamp column as selected: epoch milliseconds on PostgreSQL (cheap to convert),
    /// the stored ISO text on SQLite. timestampFrom() reads both.
    QString timestampColumn(const QString& column) const;

    /// A timestamp as it is bound: ISO 8601 in UTC with milliseconds ("…T…Z"), which both
    /// SQLite (as text that sorts chronologically) and PostgreSQL (as timestamptz) accept.
    static QVariant timestamp(const QDateTime& value);
    /// Reads a timestamp column (a QDateTime from QPSQL, text from QSQLITE) as UTC.
    static QDateTime timestampFrom(const QVariant& value);
    static bool boolFrom(const QVariant& value);

    /// Maps a driver error to an error value (authentication, unreachable, refused statement).
    static Error errorFrom(const QSqlError& error, bool whileConnecting);

private:
    BackendKind m_kind;
};

} // namespace idc
