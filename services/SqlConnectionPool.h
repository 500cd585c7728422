#pragma once

#include "ConnectionProfile.h"
#include "Result.h"
#include "SqlDialect.h"

#include <QFuture>
#include <QPromise>
#include <QSqlDatabase>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

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
        return QtConcurrent::run(&m_threads, [this, work = std::move(work)]() mutable -> R {
            Result<QSqlDatabase> db = connectionForCurrentThread();
            if (!db)
                return db.error();
            return work(db.value());
        });
    }

    /// Like run(), for long jobs that report progress and can be cancelled: `work(QPromise<T>&,
    /// QSqlDatabase&)` sets progress on the promise, checks QPromise::isCanceled() and adds its
    /// result. When the thread's connection cannot be opened the future holds that error
    /// (T is a Result<…>).
    template <typename T, typename Work>
    QFuture<T> runWithPromise(Work work)
    {
        return QtConcurrent::run(&m_threads, [this, work = std::move(work)](QPromise<T>& promise) mutable {
            Result<QSqlDatabase> db = connectionForCurrentThread();
            if (!db) {
                promise.addResult(T(db.error()));
                return;
            }
            work(promise, db.value());
        });
    }

    /// The calling thread's connection, opened on first use. Exposed for code that already
    /// runs on a worker (a long generator job).
    Result<QSqlDatabase> connectionForCurrentThread();

private:
    Status prepareConnection(QSqlDatabase& db);

    ConnectionProfile m_profile;
    QString m_password;
    SqlDialect m_dialect;
    QString m_connectionPrefix;
    QThreadPool m_threads;
};

} // namespace idc
