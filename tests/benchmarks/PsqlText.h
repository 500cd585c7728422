#pragma once

// Statements as someone would type them into psql, for the benchmarks that time the console's
// SQL against psql running the same text.

#include "SqlBackend.h"

#include <QMetaType>
#include <QString>
#include <QVariant>

namespace idc::bench {

/// A bound value as an SQL literal: numbers and booleans as they are, NULL, text quoted.
inline QString literal(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toString();
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        break;
    }
    if (value.isNull())
        return QStringLiteral("NULL");
    QString text = value.toString();
    text.replace(u'\'', QStringLiteral("''"));
    return u'\'' + text + u'\'';
}

/// The statement with its values written in place of its `?` placeholders.
inline QString inlineValues(const SqlBackend::Statement& statement)
{
    QString sql;
    qsizetype next = 0;
    for (QChar c : statement.sql) {
        if (c == u'?' && next < statement.values.size())
            sql += literal(statement.values.at(next++));
        else
            sql += c;
    }
    return sql;
}

} // namespace idc::bench
