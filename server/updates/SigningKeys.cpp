#include "server/updates/SigningKeys.h"

#include "server/DataDir.h"
#include "server/store/UpdateRepositories.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flotilla::server::updates {

namespace {

QString nextKeyPath(const DataDir &dir)
{
    return dir.root() + u"/keys/signing-next.pem"_s;
}

Result<crypto::PrivateKey> readKey(const DataDir &dir, const QString &path)
{
    auto pem = dir.read(path);
    if (!pem)
        return pem.error();
    auto key = crypto::PrivateKey::fromPem(*pem);
    if (!key)
        return Error(u"%1: %2"_s.arg(path, key.errorString()));
    if (key->type() != crypto::KeyType::Ed25519)
        return Error(u"%1: not an Ed25519 key"_s.arg(path));
    return key;
}

} // namespace

SigningKeys::SigningKeys(DataDir &dataDir, const Clock &clock)
    : m_dataDir(dataDir)
    , m_clock(clock)
{}

Status SigningKeys::load(QSqlDatabase &db)
{
    auto active = readKey(m_dataDir, m_dataDir.signingKeyPath());
    if (!active)
        return active.error();
    store::SigningKeyRepository repository(db);
    auto records = repository.list();
    if (!records)
        return records.error();
    const QString activeId = active->publicKey().keyId();
    const bool known = std::any_of(records->cbegin(), records->cend(),
                                   [&](const store::SigningKeyRecord &r) { return r.keyId == activeId; });
    if (!known) {
        const qint64 now = m_clock.nowMs();
        if (auto s = repository.insert(
                {activeId, QString::fromLatin1(active->publicKey().toPem()), store::SigningKeyState::Active, now, now});
            !s)
            return s;
    }
    return reload(db);
}

Status SigningKeys::reload(QSqlDatabase &db)
{
    auto records = store::SigningKeyRepository(db).list();
    if (!records)
        return records.error();
    auto active = readKey(m_dataDir, m_dataDir.signingKeyPath());
    if (!active)
        return active.error();
    std::unique_ptr<crypto::PrivateKey> next;
    if (QFile::exists(nextKeyPath(m_dataDir))) {
        auto key = readKey(m_dataDir, nextKeyPath(m_dataDir));
        if (!key)
            return key.error();
        next = std::make_unique<crypto::PrivateKey>(std::move(*key));
    }
    std::lock_guard lock(m_mutex);
    m_active = std::move(*active);
    m_next = std::move(next);
    m_records = *records;
    return {};
}

QList<const crypto::PrivateKey *> SigningKeys::signers() const
{
    std::lock_guard lock(m_mutex);
    QList<const crypto::PrivateKey *> keys{&m_active};
    if (m_next)
        keys.append(m_next.get());
    return keys;
}

QStringList SigningKeys::trustedPublicKeysPem() const
{
    std::lock_guard lock(m_mutex);
    QStringList pems{QString::fromLatin1(m_active.publicKey().toPem())};
    if (m_next)
        pems.append(QString::fromLatin1(m_next->publicKey().toPem()));
    return pems;
}

QStringList SigningKeys::trustedKeyIds() const
{
    std::lock_guard lock(m_mutex);
    QStringList ids{m_active.publicKey().keyId()};
    if (m_next)
        ids.append(m_next->publicKey().keyId());
    return ids;
}

QString SigningKeys::nextKeyId() const
{
    std::lock_guard lock(m_mutex);
    return m_next ? m_next->publicKey().keyId() : QString();
}

QList<store::SigningKeyRecord> SigningKeys::records() const
{
    std::lock_guard lock(m_mutex);
    return m_records;
}

Result<store::SigningKeyRecord> SigningKeys::rotate(QSqlDatabase &db)
{
    if (!nextKeyId().isEmpty())
        return Error(u"A key rotation is already under way; promote the next key first"_s, 409);
    auto key = crypto::PrivateKey::generate(crypto::KeyType::Ed25519);
    if (!key)
        return key.error();
    const qint64 now = m_clock.nowMs();
    store::SigningKeyRecord record{key->publicKey().keyId(), QString::fromLatin1(key->publicKey().toPem()),
                                   store::SigningKeyState::Next, now, now};
    if (auto s = store::SigningKeyRepository(db).insert(record); !s)
        return s.error();
    // The row is written inside the caller's transaction; the file goes last so that a failure
    // before it leaves no half rotation (a row without a key file is re-checked by reload()).
    if (auto s = DataDir::writeFile(nextKeyPath(m_dataDir), key->toPem(), true); !s)
        return s.error();
    if (auto s = reload(db); !s)
        return s.error();
    return record;
}

Result<store::SigningKeyRecord> SigningKeys::promote(QSqlDatabase &db)
{
    const QString nextId = nextKeyId();
    if (nextId.isEmpty())
        return Error(u"No key rotation is under way"_s, 409);
    QString activeId;
    {
        std::lock_guard lock(m_mutex);
        activeId = m_active.publicKey().keyId();
    }
    const qint64 now = m_clock.nowMs();
    store::SigningKeyRepository repository(db);
    if (auto s = repository.setState(activeId, store::SigningKeyState::Retired, now); !s)
        return s.error();
    if (auto s = repository.setState(nextId, store::SigningKeyState::Active, now); !s)
        return s.error();
    const QString retiredDir = m_dataDir.root() + u"/keys/retired"_s;
    QDir().mkpath(retiredDir);
    QFile::remove(retiredDir + u'/' + activeId + u".pem"_s);
    if (!QFile::rename(m_dataDir.signingKeyPath(), retiredDir + u'/' + activeId + u".pem"_s) ||
        !QFile::rename(nextKeyPath(m_dataDir), m_dataDir.signingKeyPath()))
        return Error(u"cannot move the signing keys in %1/keys"_s.arg(m_dataDir.root()));
    auto publicPem = readKey(m_dataDir, m_dataDir.signingKeyPath());
    if (publicPem)
        DataDir::writeFile(m_dataDir.signingPublicKeyPath(), publicPem->publicKey().toPem(), false).ok();
    if (auto s = reload(db); !s)
        return s.error();
    for (const store::SigningKeyRecord &record : records()) {
        if (record.keyId == nextId)
            return record;
    }
    return Error(u"promoted key not found"_s);
}

} // namespace flotilla::server::updates
