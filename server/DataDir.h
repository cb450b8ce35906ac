#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace flotilla::server {

// The server's data folder. Layout (docs/operations.md):
//   flotilla.ini              settings (QSettings INI): [server] id, listen, ...; [api] listen
//   flotilla.db               SQLite store
//   api-endpoint              URL of the running management API (written at start)
//   pki/ca.pem, pki/ca.key    the console's CA (vehicles pin ca.pem)
//   pki/server.pem, .key      device endpoint certificate (ECDSA P-256), issued by the CA
//   keys/signing.pem          Ed25519 key that signs update instructions; keys/signing.pub.pem
//   secrets/enrollment-key    fleet enrollment key (HMAC proof at registration)
//   secrets/api-token         bearer token of the management API
//   blobs/                    content-addressed package blobs (blobs/<sha256>)
// Secrets and private keys are written 0600, atomically (QSaveFile).
class DataDir final
{
public:
    explicit DataDir(QString root);

    // Creates the folder and every missing item (first run). Existing keys are never replaced;
    // the server certificate is re-issued when it lacks one of hostNames or expires within 30 days.
    Status initialize(const QStringList &hostNames, const QStringList &ipAddresses);

    const QString &root() const { return m_root; }
    QString settingsPath() const;
    QString databasePath() const;
    QString apiEndpointPath() const;
    QString caCertificatePath() const;
    QString caKeyPath() const;
    QString serverCertificatePath() const;
    QString serverKeyPath() const;
    QString signingKeyPath() const;
    QString signingPublicKeyPath() const;
    QString enrollmentKeyPath() const;
    QString apiTokenPath() const;
    QString blobsPath() const;

    Result<QByteArray> read(const QString &path) const;
    // Atomic write; secret = owner read/write only.
    static Status writeFile(const QString &path, const QByteArray &content, bool secret);

    // A new printable enrollment key (base64url of 32 random bytes).
    static QString generateEnrollmentKey();
    // The default data folder: $FLOTILLA_DATA_DIR, else <generic data location>/flotilla.
    static QString defaultRoot();

private:
    QString m_root;
};

} // namespace flotilla::server
