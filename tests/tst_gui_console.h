#pragma once

// The console the window tests start from: fresh data and work folders, a ServerRuntime on
// loopback ports (the device endpoint and the API), and the main window shown over it.
#include "server/ServerRuntime.h"
#include "ui/MainWindow.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace flotilla::test {

struct Console
{
    std::unique_ptr<QTemporaryDir> dataDir;
    std::unique_ptr<QTemporaryDir> work; // the test's own files (release folders, exports)
    std::unique_ptr<server::ServerRuntime> runtime;
    std::unique_ptr<ui::MainWindow> window;

    // Empty when everything started; otherwise what did not.
    QString start()
    {
        dataDir = std::make_unique<QTemporaryDir>();
        work = std::make_unique<QTemporaryDir>();
        if (!dataDir->isValid() || !work->isValid())
            return QStringLiteral("no temporary folder: %1").arg(dataDir->errorString());
        server::ServerConfig config;
        config.dataDir = dataDir->path();
        config.deviceListen = QStringLiteral("127.0.0.1:0");
        config.apiListen = QStringLiteral("127.0.0.1:0");
        config.publicHost = QStringLiteral("127.0.0.1");
        auto started = server::ServerRuntime::start(config);
        if (!started)
            return started.errorString();
        runtime = std::move(*started);
        window = std::make_unique<ui::MainWindow>(runtime->fleet());
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return QStringLiteral("the main window was never exposed");
        return {};
    }

    void stop()
    {
        window.reset(); // waits for its FleetService calls before the runtime goes
        if (runtime)
            runtime->stop();
        runtime.reset();
        dataDir.reset();
        work.reset();
    }
};

} // namespace flotilla::test
