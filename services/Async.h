#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace idc {

/// Calls `handler(result)` on `context`'s thread when `future` finishes, unless `context` is
/// destroyed first (then nothing is called) or the future was cancelled.
///
/// This is what `future.then(context, handler)` promises, but Qt 6.4's then() asserts when
/// the context dies before the future finishes — a window closed during a query. The watcher
/// here is a child of `context`, so it simply goes with it.
template <typename T, typename Handler>
void whenFinished(const QFuture<T>& future, QObject* context, Handler handler)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, handler = std::move(handler)]() mutable {
                         watcher->deleteLater();
                         if (!watcher->isCanceled() && watcher->future().resultCount() > 0)
                             handler(watcher->result());
                     });
    watcher->setFuture(future);
}

} // namespace idc
