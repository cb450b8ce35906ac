// flotilla-server: the Flotilla server core without the console window (DESIGN.md, scale-out).
#include "core/QuitOnSignals.h"
#include "server/CommandLine.h"
#include "server/FleetService.h"
#include "server/ServerRuntime.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"flotilla-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));
    qSetMessagePattern(u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning %{endif}%{if-critical}error %{endif}"
                       "%{category}: %{message}"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Flotilla OTA server (OMA-DM 2.0 JSON over HTTPS), headless."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    flotilla::server::addServerOptions(parser);
    parser.process(app);

    auto config = flotilla::server::serverConfigFrom(parser);
    if (!config) {
        std::fprintf(stderr, "flotilla-server: %s\n", qPrintable(config.errorString()));
        return 2;
    }
    auto runtime = flotilla::server::ServerRuntime::start(*config);
    if (!runtime) {
        std::fprintf(stderr, "flotilla-server: %s\n", qPrintable(runtime.errorString()));
        return 1;
    }
    std::printf("Flotilla server %s\n  devices: %s\n  API:     %s\n  data:    %s\n"
                "  enrollment key: flotillactl --data-dir %s enrollment-key show\n",
                FLOTILLA_VERSION, qPrintable((*runtime)->deviceUrl()), qPrintable((*runtime)->apiUrl()),
                qPrintable((*runtime)->dataDir()), qPrintable((*runtime)->dataDir()));
    std::fflush(stdout);

    flotilla::quitOnSignals();
    const int status = app.exec();
    (*runtime)->stop();
    return status;
}
