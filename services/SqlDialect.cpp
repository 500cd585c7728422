#include "SqlDialect.h"

#include "Result.h"

#include <QSqlError>
#include <QTimeZone>

namespace idc {

QString SqlDialect::expandTypes(QString sql) const
{
    struct Token
    {
        const char* name;
        const char* sqlite;
        const char* postgres;
    };
    // {{c}} marks a sort key: byte order ("C" collation) in both dialects, so lists come back
    // in the same order whichever database holds them. Text columns themselves keep the
    // database's collation so that ILIKE folds case for every script, not only ASCII.
    static constexpr Token tokens[] = {
        {"{{uuid}}", "TEXT", "uuid"},
        {"{{text}}", "TEXT", "text"},
        {"{{c}}", "", " COLLATE \"C\""},
        {"{{bool}}", "INTEGER", "boolean"},
        {"{{true}}", "1", "true"},
        {"{{false}}", "0", "false"},
        {"{{timestamp}}", "TEXT", "timestamptz"},
        {"{{json}}", "TEXT", "jsonb"},
        {"{{blob}}", "BLOB", "bytea"},
        {"{{serial}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
    };
    for (const Token& token : tokens)
        sql.replace(QLatin1String(token.name), QLatin1String(isPostgres() ? token.postgres : token.sqlite));
    return sql;
}

QString SqlDialect::customerTextMatch(const QString& text, QVariantList& values) const
{
    // A LIKE pattern finding `text` as a literal substring: %, _ and \ escaped.
    QString pattern;
    pattern.reserve(text.size() + 8);
    for (QChar c : isPostgres() ? text : text.toCaseFolded()) {
        if (c == u'\\' || c == u'%' || c == u'_')
            pattern += u'\\';
        pattern += c;
    }
    pattern = u'%' + pattern + u'%';

    if (isPostgres()) {
        // The generated, lower-cased search_key column (see the migration) under a trigram index.
        values << pattern;
        return QStringLiteral("search_key LIKE lower(?) ESCAPE '\\'");
    }
    // SQLite's LIKE folds ASCII only; idc_fold() (registered on every connection) folds all of
    // Unicode the way QString does, and the pattern is folded the same way. Ids are lower-case.
    QStringList alternatives;
    for (const char* column : {"email", "full_name", "phone"}) {
        alternatives << QStringLiteral("idc_fold(%1) LIKE ? ESCAPE '\\'").arg(QLatin1String(column));
        values << pattern;
    }
    alternatives << QStringLiteral("id LIKE ? ESCAPE '\\'");
    values << pattern;
    return u'(' + alternatives.join(QStringLiteral(" OR ")) + u')';
}

QString SqlDialect::byteOrder(const QString& expression) const
{
    return isPostgres() ? expression + QStringLiteral(" COLLATE \"C\"") : expression;
}

QString SqlDialect::sortValueExpression(const QString& expression, bool isTimestamp) const
{
    if (isPostgres() && isTimestamp)
        return u'(' + expression + QStringLiteral(")::text");
    return expression;
}

QString SqlDialect::timestampColumn(const QString& column) const
{
    if (!isPostgres())
        return column;
    return QStringLiteral("(extract(epoch from %1) * 1000)::bigint AS %1").arg(column);
}

QVariant SqlDialect::timestamp(const QDateTime& value)
{
    if (!value.isValid())
        return QVariant(QMetaType(QMetaType::QString));
    return value.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QDateTime SqlDialect::timestampFrom(const QVariant& value)
{
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC();
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Int:
    case QMetaType::Double:
        return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
    default:
        break;
    }
    const QString text = value.toString();
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        // PostgreSQL's text form: "2026-01-02 03:04:05.678+00"
        QString iso = text;
        iso.replace(10, 1, u'T');
        if (iso.size() > 3 && (iso.at(iso.size() - 3) == u'+' || iso.at(iso.size() - 3) == u'-'))
            iso += QStringLiteral(":00");
        parsed = QDateTime::fromString(iso, Qt::ISODateWithMs);
    }
    return parsed.toUTC();
}

bool SqlDialect::boolFrom(const QVariant& value)
{
    if (value.typeId() == QMetaType::QString) {
        const QString text = value.toString();
        return text == u't' || text == u"true" || text == u'1';
    }
    return value.toBool();
}

Error SqlDialect::errorFrom(const QSqlError& error, bool whileConnecting)
{
    const QString code = error.nativeErrorCode();
    QString detail = error.text().trimmed();
    // SQLSTATE class 28: invalid authorization (wrong password, unknown role).
    if (code.startsWith(QStringLiteral("28")) || detail.contains(QStringLiteral("password authentication failed")))
        return makeError(ErrorKind::Unauthorized, detail);
    if (code == QStringLiteral("40001") || code == QStringLiteral("40P01"))
        return makeError(ErrorKind::Conflict, detail);
    if (whileConnecting || error.type() == QSqlError::ConnectionError)
        return makeError(ErrorKind::Unavailable, detail);
    return makeError(ErrorKind::Storage, detail);
}

} // namespace idc
