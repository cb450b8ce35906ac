#include "cli/Connection.h"

#include <QFile>
#include <QSslCertificate>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

namespace {

// Relative to the data folder; the layout is DataDir's (server/DataDir.h).
const QString EndpointFile = u"api-endpoint"_s;
const QString TokenFile = u"secrets/api-token"_s;
const QString CaFile = u"pki/ca.pem"_s;

struct Lookup
{
    QString dataDir;
    bool dataDirGiven = false; // named by --data-dir or FLOTILLA_DATA_DIR, not the default

    QString path(const QString &relative) const { return dataDir + u'/' + relative; }

    // The trimmed content of a data-folder file; empty when it does not exist. An existing but
    // unreadable file is an error: "permission denied" explains more than "not found".
    Result<QString> read(const QString &relative) const
    {
        QFile file(path(relative));
        if (!file.exists())
            return QString();
        if (!file.open(QIODevice::ReadOnly))
            return Error(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        return QString::fromUtf8(file.readAll()).trimmed();
    }

    QString missing(const QString &what, const QString &relative) const
    {
        return u"%1 not found in %2 (%3)"_s.arg(
            what, path(relative), dataDirGiven ? u"is this a Flotilla data folder?"_s : u"the default data folder"_s);
    }
};

} // namespace

QString defaultDataDir(const QProcessEnvironment &environment)
{
    const QString fromEnv = environment.value(u"FLOTILLA_DATA_DIR"_s);
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/flotilla";
}

QString sessionFilePath(const QUrl &baseUrl, const QProcessEnvironment &environment)
{
    QString config = environment.value(u"XDG_CONFIG_HOME"_s);
    if (config.isEmpty())
        config = environment.value(u"HOME"_s) + u"/.config"_s;
    // IPv6 hosts carry ':'; keep file names portable.
    QString host = baseUrl.host().toLower();
    for (QChar &c : host) {
        if (!(c.isLetterOrNumber() || c == u'.' || c == u'-'))
            c = u'_';
    }
    return u"%1/flotilla/session-%2-%3"_s.arg(config, host).arg(baseUrl.port(443));
}

Result<QUrl> apiBaseUrl(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return Error(u"invalid API URL '%1'"_s.arg(text));
    if (url.scheme() != u"https")
        return Error(u"invalid API URL '%1': the management API is HTTPS only"_s.arg(text));
    if (url.hasQuery() || url.hasFragment())
        return Error(u"invalid API URL '%1': no query or fragment expected"_s.arg(text));
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (!path.endsWith(u"/api/v1"))
        path += u"/api/v1";
    url.setPath(path);
    return url;
}

Result<Connection> resolveConnection(const ConnectionOptions &options, const QProcessEnvironment &environment)
{
    Lookup lookup;
    lookup.dataDirGiven = !options.dataDir.isEmpty() || environment.contains(u"FLOTILLA_DATA_DIR"_s);
    lookup.dataDir = options.dataDir.isEmpty() ? defaultDataDir(environment) : options.dataDir;

    Connection connection;
    connection.insecure = options.insecure;
    connection.timeoutMs = options.timeoutMs;

    QString url = options.url.isEmpty() ? environment.value(u"FLOTILLA_URL"_s) : options.url;
    if (url.isEmpty()) {
        const Result<QString> endpoint = lookup.read(EndpointFile);
        if (!endpoint)
            return endpoint.error();
        if (endpoint->isEmpty()) {
            return Error(u"no API URL: pass --url or set FLOTILLA_URL; %1"_s.arg(
                lookup.missing(u"the running server's endpoint"_s, EndpointFile)));
        }
        url = *endpoint;
    }
    Result<QUrl> baseUrl = apiBaseUrl(url);
    if (!baseUrl)
        return baseUrl.error();
    connection.baseUrl = std::move(*baseUrl);

    connection.sessionFile = sessionFilePath(connection.baseUrl, environment);
    connection.token = options.token.isEmpty() ? environment.value(u"FLOTILLA_TOKEN"_s) : options.token;
    if (connection.token.isEmpty() && !options.tokenOptional) {
        QFile session(connection.sessionFile);
        if (session.open(QIODevice::ReadOnly)) {
            connection.token = QString::fromUtf8(session.readAll()).trimmed();
            connection.fromSession = !connection.token.isEmpty();
        }
    }
    if (connection.token.isEmpty() && !options.tokenOptional) {
        const Result<QString> token = lookup.read(TokenFile);
        if (!token)
            return token.error();
        if (token->isEmpty()) {
            return Error(u"no API token: pass --token or set FLOTILLA_TOKEN; %1"_s.arg(
                lookup.missing(u"the token"_s, TokenFile)));
        }
        connection.token = *token;
    }

    QString caFile = options.caFile.isEmpty() ? environment.value(u"FLOTILLA_CA"_s) : options.caFile;
    if (caFile.isEmpty() && QFile::exists(lookup.path(CaFile)))
        caFile = lookup.path(CaFile);
    if (caFile.isEmpty()) {
        if (options.insecure)
            return connection;
        return Error(
            u"no CA certificate to pin: pass --ca FILE (the server's pki/ca.pem) or set FLOTILLA_CA; "
            u"%1. --insecure skips certificate verification."_s.arg(lookup.missing(u"the CA certificate"_s, CaFile)));
    }
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"cannot read the CA certificate %1: %2"_s.arg(caFile, file.errorString()));
    connection.caPem = file.readAll();
    if (QSslCertificate::fromData(connection.caPem, QSsl::Pem).isEmpty())
        return Error(u"%1 holds no PEM certificate"_s.arg(caFile));
    // A CA was found: verify against it even if --insecure was given as well.
    connection.insecure = false;
    return connection;
}

} // namespace flotilla::cli
