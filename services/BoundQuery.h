#pragma once

#include "Result.h"
#include "SqlConnectionPool.h"
#include "SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

#include <memory>
#include <optional>

namespace idc {

/// One execution of a cached prepared statement with its values bound in order; finishes the
/// statement when it goes out of scope so the next use starts clean. Use on a pool worker thread.
class BoundQuery
{
public:
    BoundQuery(QSqlDatabase& db, const QString& sql, const QVariantList& values)
    {
        Result<std::shared_ptr<QSqlQuery>> prepared = SqlConnectionPool::cachedStatement(db, sql);
        if (!prepared) {
            m_error = prepared.error();
            m_query = std::make_shared<QSqlQuery>();
            return;
        }
        m_query = prepared.value();
        for (int i = 0; i < values.size(); ++i)
            m_query->bindValue(i, values.at(i));
        if (!m_query->exec())
            m_error = SqlDialect::errorFrom(m_query->lastError(), false);
    }
    ~BoundQuery() { m_query->finish(); }
    BoundQuery(const BoundQuery&) = delete;
    BoundQuery& operator=(const BoundQuery&) = delete;

    bool ok() const { return !m_error.has_value(); }
    Error error() const { return m_error.value_or(Error{}); }
    bool next() { return m_query->next(); }
    QVariant value(int column) const { return m_query->value(column); }
    const QSqlQuery& query() const { return *m_query; }

private:
    std::shared_ptr<QSqlQuery> m_query;
    std::optional<Error> m_error;
};

} // namespace idc
