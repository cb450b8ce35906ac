#include "server/CommandLine.h"

#include "server/DataDir.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace flotilla::server {

void addServerOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"data-dir"_s,
         u"Data folder: keys, certificates, enrollment key, database (default %1)."_s.arg(DataDir::defaultRoot()),
         u"dir"_s},
        {u"listen"_s, u"Device endpoint address (default 0.0.0.0:8443)."_s, u"address:port"_s},
        {u"api-listen"_s, u"Management API address (default 127.0.0.1:8444)."_s, u"address:port"_s},
        {u"public-host"_s, u"Host name or address vehicles use to reach this server (SrvURI, certificate)."_s,
         u"host"_s},
        {u"poll-seconds"_s, u"How often vehicles check in when nothing is pushed (default 900)."_s, u"seconds"_s},
        {u"threads"_s, u"I/O threads of the device endpoint (default 2)."_s, u"n"_s},
    });
}

Result<ServerConfig> serverConfigFrom(const QCommandLineParser &parser)
{
    ServerConfig config;
    config.dataDir = parser.isSet(u"data-dir"_s) ? QFileInfo(parser.value(u"data-dir"_s)).absoluteFilePath()
                                                 : DataDir::defaultRoot();
    const QSettings settings(DataDir(config.dataDir).settingsPath(), QSettings::IniFormat);
    auto pick = [&](const QString &option, const QString &key, const QString &fallback) {
        return parser.isSet(option) ? parser.value(option) : settings.value(key, fallback).toString();
    };
    config.deviceListen = pick(u"listen"_s, u"server/listen"_s, config.deviceListen);
    config.apiListen = pick(u"api-listen"_s, u"api/listen"_s, config.apiListen);
    config.publicHost = pick(u"public-host"_s, u"server/publicHost"_s, config.publicHost);

    bool ok = false;
    config.pollSeconds =
        pick(u"poll-seconds"_s, u"server/pollSeconds"_s, QString::number(config.pollSeconds)).toInt(&ok);
    if (!ok || config.pollSeconds < 10 || config.pollSeconds > 7 * 24 * 3600)
        return Error(u"--poll-seconds: between 10 and 604800 expected"_s);
    config.ioThreads = pick(u"threads"_s, u"server/threads"_s, QString::number(config.ioThreads)).toInt(&ok);
    if (!ok || config.ioThreads < 1 || config.ioThreads > 64)
        return Error(u"--threads: between 1 and 64 expected"_s);
    return config;
}

} // namespace flotilla::server
