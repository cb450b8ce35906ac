#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/crypto/Keys.h"
#include "server/store/UpdateRecords.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <mutex>

namespace flotilla::server {
class DataDir;
}

namespace flotilla::server::updates {

// The Ed25519 keys that sign update instructions, and their rotation (issue 3): rotate() makes a
// "next" key that signs alongside the active one and is delivered to every vehicle (HGET of
// DmAcc/Ext/SigningKeys) before promote() makes it the only signer and retires the old one, so no
// vehicle is ever left without a key it trusts. Private keys stay in the data folder (0600):
// keys/signing.pem (active), keys/signing-next.pem (next), keys/retired/<key id>.pem.
class SigningKeys final
{
public:
    SigningKeys(DataDir &dataDir, const Clock &clock);

    // Loads the keys; on the first start of schema v3 records the existing keys/signing.pem as active.
    Status load(QSqlDatabase &db);

    // Keys that sign instructions now: the active one, plus the next one during a rotation.
    QList<const crypto::PrivateKey *> signers() const;
    // PEM public keys vehicles must trust now (DmAcc/Ext/SigningKeys): active and next.
    QStringList trustedPublicKeysPem() const;
    QStringList trustedKeyIds() const;
    QString nextKeyId() const; // empty outside a rotation
    QList<store::SigningKeyRecord> records() const;

    Result<store::SigningKeyRecord> rotate(QSqlDatabase &db);  // error 409 during a rotation
    Result<store::SigningKeyRecord> promote(QSqlDatabase &db); // error 409 without a next key

private:
    Status reload(QSqlDatabase &db);

    DataDir &m_dataDir;
    const Clock &m_clock;
    mutable std::mutex m_mutex;
    crypto::PrivateKey m_active;
    std::unique_ptr<crypto::PrivateKey> m_next;
    QList<store::SigningKeyRecord> m_records;
};

} // namespace flotilla::server::updates
