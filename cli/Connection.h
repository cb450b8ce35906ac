#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace flotilla::cli {

// Where and how flotillactl reaches a management API.
struct Connection
{
    QUrl baseUrl;             // always ends with /api/v1
    QString token;            // empty only for commands that need none (login)
    QString sessionFile;      // where `flotillactl login` keeps this API's session token
    bool fromSession = false; // token read from sessionFile
    QByteArray caPem;         // the only CA trusted; empty only when insecure
    bool insecure = false;    // no certificate verification at all (--insecure)
    int timeoutMs = 30'000;
};

// What the command line said; empty members are looked up elsewhere.
struct ConnectionOptions
{
    QString url;
    QString token;
    QString caFile;
    QString dataDir;
    bool insecure = false;
    int timeoutMs = 30'000;
    bool tokenOptional = false; // `login` starts without one
};

// Fills each setting from, in order: the option, the environment (FLOTILLA_URL, FLOTILLA_TOKEN,
// FLOTILLA_CA), the session saved by `flotillactl login` for that API (the token only), the
// server's data folder on this machine (api-endpoint, secrets/api-token, pki/ca.pem). The folder is --data-dir, else
// FLOTILLA_DATA_DIR, else the server's default. The CA is never the system store: without one the answer is an error
// unless insecure.
Result<Connection> resolveConnection(const ConnectionOptions &options, const QProcessEnvironment &environment);

// The server's default data folder (DataDir::defaultRoot(), re-implemented here because the CLI
// does not link the server): $FLOTILLA_DATA_DIR, else <generic data location>/flotilla.
QString defaultDataDir(const QProcessEnvironment &environment);

// The file that holds the session token of `flotillactl login` for the API at baseUrl:
// <config>/flotilla/session-<host>-<port>, <config> being $XDG_CONFIG_HOME or ~/.config.
QString sessionFilePath(const QUrl &baseUrl, const QProcessEnvironment &environment);

// "https://host:8444", "https://host:8444/" and "https://host:8444/api/v1" all name the same API.
Result<QUrl> apiBaseUrl(const QString &text);

} // namespace flotilla::cli
