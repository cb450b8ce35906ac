#include "core/crypto/PasswordHash.h"

#include "core/crypto/Hash.h"
#include "core/crypto/OpenSslError.h"

#include <QStringList>

#include <openssl/evp.h>

using namespace Qt::StringLiterals;

namespace flotilla::crypto {

namespace {

constexpr int SaltBytes = 16;
constexpr int HashBytes = 32;
// Refuse stored parameters that would make one check take minutes or gigabytes (a tampered row).
constexpr int MaxLogN = 20;
constexpr int MaxR = 32;
constexpr int MaxP = 4;

struct Parsed
{
    ScryptParameters parameters;
    QByteArray salt;
    QByteArray hash;
};

std::optional<Parsed> parse(const QString &stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 6 || parts[0] != u"scrypt")
        return std::nullopt;
    Parsed parsed;
    bool okN = false, okR = false, okP = false;
    parsed.parameters.logN = parts[1].toInt(&okN);
    parsed.parameters.r = parts[2].toInt(&okR);
    parsed.parameters.p = parts[3].toInt(&okP);
    if (!okN || !okR || !okP || parsed.parameters.logN < 1 || parsed.parameters.logN > MaxLogN ||
        parsed.parameters.r < 1 || parsed.parameters.r > MaxR || parsed.parameters.p < 1 || parsed.parameters.p > MaxP)
        return std::nullopt;
    const auto salt = QByteArray::fromBase64Encoding(parts[4].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto hash = QByteArray::fromBase64Encoding(parts[5].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.size() < 8 || hash.decoded.size() != HashBytes)
        return std::nullopt;
    parsed.salt = salt.decoded;
    parsed.hash = hash.decoded;
    return parsed;
}

Result<QByteArray> derive(const QString &password, const QByteArray &salt, const ScryptParameters &parameters)
{
    const QByteArray secret = password.toUtf8();
    const quint64 n = quint64(1) << parameters.logN;
    // scrypt needs 128 * r * (N + p) bytes; allow that plus slack.
    const quint64 maxMemory = 128ull * quint64(parameters.r) * (n + quint64(parameters.p)) + (1u << 20);
    QByteArray key(HashBytes, Qt::Uninitialized);
    if (EVP_PBE_scrypt(secret.constData(), size_t(secret.size()),
                       reinterpret_cast<const unsigned char *>(salt.constData()), size_t(salt.size()), n,
                       quint64(parameters.r), quint64(parameters.p), maxMemory,
                       reinterpret_cast<unsigned char *>(key.data()), size_t(key.size())) != 1)
        return detail::openSslError(u"scrypt"_s);
    return key;
}

} // namespace

Result<QString> hashPassword(const QString &password, const ScryptParameters &parameters)
{
    const QByteArray salt = randomBytes(SaltBytes);
    auto key = derive(password, salt, parameters);
    if (!key)
        return key.error();
    return u"scrypt$%1$%2$%3$%4$%5"_s.arg(parameters.logN)
        .arg(parameters.r)
        .arg(parameters.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key->toBase64()));
}

bool verifyPassword(const QString &password, const QString &stored)
{
    const auto parsed = parse(stored);
    if (!parsed)
        return false;
    auto key = derive(password, parsed->salt, parsed->parameters);
    return key && constantTimeEquals(*key, parsed->hash);
}

bool needsRehash(const QString &stored, const ScryptParameters &parameters)
{
    const auto parsed = parse(stored);
    return !parsed || parsed->parameters.logN < parameters.logN || parsed->parameters.r < parameters.r ||
           parsed->parameters.p < parameters.p;
}

} // namespace flotilla::crypto
