#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QFuture>
#include <QMetaObject>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QSemaphore>
#include <QThread>

#include <atomic>
#include <memory>
#include <utility>

namespace idc {

namespace detail {
template <typename Future>
struct FutureValue;
template <typename T>
struct FutureValue<QFuture<T>>
{
    using type = T;
};
} // namespace detail

/// Lets a worker thread use objects that must be called on their own thread (RestBackend's
/// network objects, QtKeychain jobs): the call is made on the object's thread, and the worker
/// then waits for its future. Long jobs (exports) run their loop on a worker this way, so the
/// window stays usable and the backend is shared with the rest of the console.
///
/// The object must live on the application's main thread, which runs an event loop; it may be
/// deleted at any time (it is only touched there). Never use the caller on the main thread itself:
/// waiting there would block the answer it waits for.
template <typename Object>
class ThreadCaller
{
public:
    /// `cancelled`, when given (it must outlive the caller), ends any wait early with Cancelled
    /// once it turns true, even when the main thread no longer answers (the application quits).
    explicit ThreadCaller(Object* object, const std::atomic_bool* cancelled = nullptr)
        : m_object(object)
        , m_cancelled(cancelled)
    {
    }

    /// Starts `call(object)` on the object's thread and returns its future without waiting for
    /// the answer. `call` may refer to the caller's locals: once start() returned, it has either
    /// run or never will. An object that is gone gives a finished future holding Unavailable.
    template <typename Call>
    auto start(Call&& call) const -> decltype(call(std::declval<Object&>()))
    {
        using Future = decltype(call(std::declval<Object&>()));
        using Value = typename detail::FutureValue<Future>::type;
        if (m_cancelled && m_cancelled->load())
            return QtFuture::makeReadyFuture(Value(cancelledError()));
        QCoreApplication* app = QCoreApplication::instance();
        if (!app || app->thread() == QThread::currentThread())
            return QtFuture::makeReadyFuture(
                Value(makeError(ErrorKind::Internal, QStringLiteral("a worker's call was made on the main thread"))));
        struct Handoff
        {
            QMutex mutex;
            QSemaphore done;
            bool abandoned = false; // the worker stopped waiting: `call`'s references are gone
            bool reached = false;
            Future future;
        };
        auto handoff = std::make_shared<Handoff>();
        QMetaObject::invokeMethod(
            app,
            [handoff, object = m_object, &call] {
                const QMutexLocker lock(&handoff->mutex);
                if (handoff->abandoned)
                    return;
                // The pointer is read on the main thread only, where the object would be deleted.
                if (object) {
                    handoff->future = call(*object);
                    handoff->reached = true;
                }
                handoff->done.release();
            },
            Qt::QueuedConnection);
        if (!acquire(handoff->done)) {
            const QMutexLocker lock(&handoff->mutex);
            if (!handoff->reached) {
                handoff->abandoned = true;
                return QtFuture::makeReadyFuture(Value(cancelledError()));
            }
        }
        if (!handoff->reached)
            return QtFuture::makeReadyFuture(
                Value(makeError(ErrorKind::Unavailable, QStringLiteral("the connection was closed"))));
        return handoff->future;
    }

    /// Waits for a future from start(); Cancelled as soon as the cancel flag turns true,
    /// Unavailable when the future was cancelled or holds no result (its object went away).
    template <typename T>
    T wait(QFuture<T> future) const
    {
        if (!future.isFinished()) {
            auto done = std::make_shared<QSemaphore>();
            future.then(QtFuture::Launch::Sync, [done](const QFuture<T>&) { done->release(); }).onCanceled([done] {
                done->release();
            });
            if (!acquire(*done, [&future] { return future.isFinished(); }))
                return T(cancelledError());
        }
        if (future.isCanceled() || future.resultCount() == 0)
            return T(makeError(ErrorKind::Unavailable, QStringLiteral("the connection was closed")));
        return future.result();
    }

    /// start() and wait().
    template <typename Call>
    auto call(Call&& call) const
    {
        return wait(start(std::forward<Call>(call)));
    }

private:
    static Error cancelledError() { return makeError(ErrorKind::Cancelled, QStringLiteral("cancelled")); }

    /// Takes the semaphore, or sees `done()`; false when cancelled first (checked every 50 ms).
    template <typename Done = bool (*)()>
    bool acquire(
        QSemaphore& semaphore, Done done = [] { return false; }) const
    {
        while (!semaphore.tryAcquire(1, 50)) {
            if (done())
                return true;
            if (m_cancelled && m_cancelled->load())
                return false;
        }
        return true;
    }

    QPointer<Object> m_object;
    const std::atomic_bool* m_cancelled = nullptr;
};

} // namespace idc
