#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

class QIODevice;

namespace flotilla::crypto {

enum class HashAlgorithm
{
    Sha256,
    Sha1,
    Md5,
};

// Streaming hash on OpenSSL EVP. Feed any number of chunks, then take result() once.
class Hasher final
{
public:
    explicit Hasher(HashAlgorithm algorithm);
    ~Hasher();
    Hasher(Hasher &&) noexcept;
    Hasher &operator=(Hasher &&) noexcept;

    void addData(QByteArrayView data);
    QByteArray result(); // raw digest; the hasher is finished afterwards
    QString hexResult() { return QString::fromLatin1(result().toHex()); }

    static QByteArray hash(QByteArrayView data, HashAlgorithm algorithm);
    static QString hexHash(QByteArrayView data, HashAlgorithm algorithm);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// SHA-256, SHA-1 and MD5 of one stream in a single pass (the package record keeps all three).
struct Digests
{
    QString sha256; // lowercase hex
    QString sha1;
    QString md5;
    qint64 length = 0;
};

class MultiHasher final
{
public:
    MultiHasher();
    void addData(QByteArrayView data);
    Digests result();

private:
    Hasher m_sha256{HashAlgorithm::Sha256};
    Hasher m_sha1{HashAlgorithm::Sha1};
    Hasher m_md5{HashAlgorithm::Md5};
    qint64 m_length = 0;
};

// Reads the device in fixed-size chunks (never whole) and returns its digests.
Result<Digests> digestDevice(QIODevice &device);
Result<Digests> digestFile(const QString &path);

// HMAC-SHA256 (RFC 2104).
QByteArray hmacSha256(QByteArrayView key, QByteArrayView message);

// Constant-time comparison; different lengths compare unequal (the length is not secret).
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// Cryptographically secure random bytes (OpenSSL RAND_bytes). Aborts if the CSPRNG fails:
// continuing without randomness would silently produce guessable tokens.
QByteArray randomBytes(int count);

// A new 256-bit bearer token, base64url without padding (43 characters).
QString newToken();
// What the store keeps of a token: lowercase hex SHA-256 of its UTF-8 bytes.
QString tokenHash(QStringView token);

// Known-answer self-test of the primitives above and of Ed25519 (STYLE.md 9); run at start-up.
Status selfTest();

} // namespace flotilla::crypto
