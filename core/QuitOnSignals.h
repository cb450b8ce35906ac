#pragma once

namespace flotilla {

// Makes SIGINT and SIGTERM quit the running QCoreApplication from its own event loop (a
// self-pipe: the signal handler only writes one byte), so that a headless process shuts down
// in order: listeners, then the store's writer, then the store.
void quitOnSignals();

} // namespace flotilla
