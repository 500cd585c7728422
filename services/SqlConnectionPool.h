#pragma once

#include "ConnectionProfile.h"
#include "Result.h"
#include "SqlDialect.h"

#include <QFuture>
#include <QPromise>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThreadPool>

#include <memory>

#include <type_traits>

namespace idc {

/// Runs database work on its own worker threads. Each worker thread opens one named
/// QSqlDatabase connection the first time it is used and closes it when the thread ends,
/// so a connection never crosses threads and the GUI thread never waits on the database.
class SqlConnectionPool
{
public:
    /// `password` is kept in memory only, for reconnecting worker threads.
    SqlConnectionPool(ConnectionProfile profile, QString password, int maxThreads = 2);
    ~SqlConnectionPool();

    SqlConnectionPool(const SqlConnectionPool&) = delete;
    SqlConnectionPool& operator=(const SqlConnectionPool&) = delete;

    const ConnectionProfile& profile() const { return m_profile; }
    const SqlDialect& dialect() const { return m_dialect; }

    /// Runs `work(QSqlDatabase&)` on a worker thread, which returns a Result<T>. When the
    /// thread's connection cannot be opened the future holds that error instead.
    template <typename Work>
    auto run(Work work) -> QFuture<std::invoke_result_t<Work, QSqlDatabase&>>
    {
        using R = std::invoke_result_t<Work, QSqlDatabase&>;
        return runWithPromise<R>(
            [work = std::move(work)](QPromise<R>& promise, QSqlDatabase& db) mutable { promise.addResult(work(db)); });
    }

    /// Runs `work(QPromise<T>&, QSqlDatabase&)` on a worker thread, for long jobs that report
    /// progress and watch for cancellation; `work` adds the result. When the thread's connection
    /// cannot be opened the future holds that error (T is a Result<…>).
    ///
    /// The future has no runnable behind it, so waiting on it never runs the job on the waiting
    /// thread (QtConcurrent::run's futures may), which would open a connection there.
    template <typename T, typename Work>
    QFuture<T> runWithPromise(Work work)
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        m_threads.start([this, promise, work = std::move(work)]() mutable {
            if (!promise->isCanceled()) {
                Result<QSqlDatabase> db = connectionForCurrentThread();
                if (db)
                    work(*promise, db.value());
                else
                    promise->addResult(T(db.error()));
            }
            promise->finish();
        });
        return future;
    }

    /// A prepared statement for `sql` on the calling worker thread's connection `db`, prepared
    /// on first use and reused after (on PostgreSQL, one round trip per execution instead of
    /// PREPARE, EXECUTE and DEALLOCATE). Call finish() on it when done reading.
    static Result<std::shared_ptr<QSqlQuery>> cachedStatement(QSqlDatabase& db, const QString& sql);

private:
    /// The calling thread's connection, opened on first use.
    Result<QSqlDatabase> connectionForCurrentThread();
    Status prepareConnection(QSqlDatabase& db);
    void closeConnectionsOfCurrentThread();

    ConnectionProfile m_profile;
    QString m_password;
    SqlDialect m_dialect;
    QString m_connectionPrefix;
    QThreadPool m_threads;
};

} // namespace idc
