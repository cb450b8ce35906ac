#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace flotilla::ui {

// Runs work() on pool and then done(result) in context's thread, through a QFutureWatcher
// parented to context (STYLE.md 16): FleetService calls block on the store, so the GUI thread only
// ever reacts to the watcher's signal. If context is destroyed first, the watcher goes with it
// and done() is never called. The work itself still runs to completion, so it may only capture
// what outlives the pool: the window owns the pool, and QThreadPool's destructor waits for its
// tasks before the FleetService they use can go away.
template<typename Work, typename Done>
void runInBackground(QThreadPool *pool, QObject *context, Work &&work, Done &&done)
{
    using R = std::invoke_result_t<std::decay_t<Work>>;
    auto *watcher = new QFutureWatcher<R>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::forward<Done>(done)]() mutable {
                         watcher->deleteLater();
                         if constexpr (std::is_void_v<R>) {
                             done();
                         } else {
                             done(watcher->future().takeResult());
                         }
                     });
    watcher->setFuture(QtConcurrent::run(pool, std::forward<Work>(work)));
}

} // namespace flotilla::ui
