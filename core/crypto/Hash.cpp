#include "core/crypto/Hash.h"

#include "core/crypto/Keys.h"
#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <QFile>
#include <QIODevice>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <climits>

using namespace Qt::StringLiterals;

namespace flotilla::crypto {

namespace {

// Large enough to keep syscalls rare, small enough that a multi-GiB image never sits in memory.
constexpr qint64 DigestChunkSize = 1024 * 1024;

const EVP_MD *evpDigest(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha256:
        return EVP_sha256();
    case HashAlgorithm::Sha1:
        return EVP_sha1();
    case HashAlgorithm::Md5:
        return EVP_md5();
    }
    return nullptr;
}

// A hash or MAC that cannot run means the crypto library itself is broken (selfTest() catches it
// at start-up). Returning an empty digest instead could make two failed computations compare
// equal, so stop here.
[[noreturn]] void primitiveFailure(const char *what)
{
    const QString reason = detail::takeOpenSslErrors();
    qFatal("flotilla crypto: %s failed: %s", what, qPrintable(reason));
}

} // namespace

struct Hasher::Private
{
    detail::EvpMdCtxPtr context;
    QByteArray digest;
    bool finished = false;
};

Hasher::Hasher(HashAlgorithm algorithm)
    : d(std::make_unique<Private>())
{
    detail::ErrorQueueScope errors;
    d->context.reset(EVP_MD_CTX_new());
    if (!d->context || EVP_DigestInit_ex(d->context.get(), evpDigest(algorithm), nullptr) != 1)
        primitiveFailure("digest initialisation");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher &&) noexcept = default;
Hasher &Hasher::operator=(Hasher &&) noexcept = default;

void Hasher::addData(QByteArrayView data)
{
    if (!d || data.isEmpty())
        return;
    if (d->finished) {
        qWarning("flotilla crypto: Hasher::addData() after result(); data ignored");
        return;
    }
    detail::ErrorQueueScope errors;
    if (EVP_DigestUpdate(d->context.get(), data.data(), static_cast<size_t>(data.size())) != 1)
        primitiveFailure("digest update");
}

QByteArray Hasher::result()
{
    if (!d)
        return {};
    if (!d->finished) {
        detail::ErrorQueueScope errors;
        std::array<unsigned char, EVP_MAX_MD_SIZE> buffer{};
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(d->context.get(), buffer.data(), &length) != 1)
            primitiveFailure("digest finalisation");
        d->digest = QByteArray(reinterpret_cast<const char *>(buffer.data()), static_cast<qsizetype>(length));
        d->finished = true;
    }
    return d->digest; // a second call returns the same digest
}

QByteArray Hasher::hash(QByteArrayView data, HashAlgorithm algorithm)
{
    Hasher hasher(algorithm);
    hasher.addData(data);
    return hasher.result();
}

QString Hasher::hexHash(QByteArrayView data, HashAlgorithm algorithm)
{
    return QString::fromLatin1(hash(data, algorithm).toHex());
}

MultiHasher::MultiHasher() = default;

void MultiHasher::addData(QByteArrayView data)
{
    m_sha256.addData(data);
    m_sha1.addData(data);
    m_md5.addData(data);
    m_length += data.size();
}

Digests MultiHasher::result()
{
    Digests digests;
    digests.sha256 = m_sha256.hexResult();
    digests.sha1 = m_sha1.hexResult();
    digests.md5 = m_md5.hexResult();
    digests.length = m_length;
    return digests;
}

Result<Digests> digestDevice(QIODevice &device)
{
    if (!device.isOpen() || !device.isReadable())
        return Error(u"cannot digest a device that is not open for reading"_s);
    MultiHasher hasher;
    QByteArray buffer(DigestChunkSize, Qt::Uninitialized);
    for (;;) {
        const qint64 count = device.read(buffer.data(), DigestChunkSize);
        if (count < 0)
            return Error(u"read error while hashing: "_s + device.errorString());
        if (count == 0)
            break;
        hasher.addData(QByteArrayView(buffer.constData(), count));
    }
    return hasher.result();
}

Result<Digests> digestFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"cannot open %1 for hashing: %2"_s.arg(path, file.errorString()));
    Result<Digests> digests = digestDevice(file);
    if (!digests)
        return Error(u"%1: %2"_s.arg(path, digests.errorString()));
    return digests;
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView message)
{
    detail::ErrorQueueScope errors;
    detail::EvpMacPtr mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    if (!mac)
        primitiveFailure("HMAC fetch");
    detail::EvpMacCtxPtr context(EVP_MAC_CTX_new(mac.get()));
    if (!context)
        primitiveFailure("HMAC context");
    char digestName[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
        OSSL_PARAM_construct_end(),
    };
    // bytesOf(): OpenSSL refuses a null key pointer even when the (legal) key is empty.
    if (EVP_MAC_init(context.get(), detail::bytesOf(key), static_cast<size_t>(key.size()), params) != 1 ||
        EVP_MAC_update(context.get(), detail::bytesOf(message), static_cast<size_t>(message.size())) != 1)
        primitiveFailure("HMAC-SHA256");
    std::array<unsigned char, EVP_MAX_MD_SIZE> buffer{};
    size_t length = 0;
    if (EVP_MAC_final(context.get(), buffer.data(), &length, buffer.size()) != 1)
        primitiveFailure("HMAC-SHA256 finalisation");
    return QByteArray(reinterpret_cast<const char *>(buffer.data()), static_cast<qsizetype>(length));
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

QByteArray randomBytes(int count)
{
    if (count <= 0)
        return {};
    detail::ErrorQueueScope errors;
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1) {
        const QString reason = detail::takeOpenSslErrors();
        qFatal("flotilla crypto: the CSPRNG failed (RAND_bytes): %s", qPrintable(reason));
    }
    return bytes;
}

QString newToken()
{
    return QString::fromLatin1(
        randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString tokenHash(QStringView token)
{
    return Hasher::hexHash(token.toUtf8(), HashAlgorithm::Sha256);
}

Status selfTest()
{
    // Published known answers: FIPS 180-2 "abc", RFC 1321 "abc", RFC 4231 case 1, RFC 8032 TEST 1.
    const QByteArray abc = QByteArrayLiteral("abc");
    if (Hasher::hexHash(abc, HashAlgorithm::Sha256) !=
        u"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_s)
        return Error(u"crypto self-test failed: SHA-256 known answer"_s);
    if (Hasher::hexHash(abc, HashAlgorithm::Sha1) != u"a9993e364706816aba3e25717850c26c9cd0d89d"_s)
        return Error(u"crypto self-test failed: SHA-1 known answer"_s);
    if (Hasher::hexHash(abc, HashAlgorithm::Md5) != u"900150983cd24fb0d6963f7d28e17f72"_s)
        return Error(u"crypto self-test failed: MD5 known answer"_s);

    const QByteArray hmac = hmacSha256(QByteArray(20, '\x0b'), QByteArrayLiteral("Hi There"));
    if (hmac.toHex() != QByteArrayLiteral("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
        return Error(u"crypto self-test failed: HMAC-SHA256 known answer"_s);

    const QByteArray seed =
        QByteArray::fromHex(QByteArrayLiteral("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    const QByteArray expectedPublic =
        QByteArray::fromHex(QByteArrayLiteral("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    const QByteArray expectedSignature = QByteArray::fromHex(QByteArrayLiteral(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
        "d25bf5f0595bbe24655141438e7a100b"));
    Result<PrivateKey> key = PrivateKey::fromRawEd25519(seed);
    if (!key)
        return Error(u"crypto self-test failed: Ed25519 key import: "_s + key.errorString());
    const PublicKey publicKey = key->publicKey();
    const QByteArray der = publicKey.toDer();
    if (!der.endsWith(expectedPublic))
        return Error(u"crypto self-test failed: Ed25519 public key derivation"_s);
    Result<QByteArray> signature = key->sign({});
    if (!signature || *signature != expectedSignature)
        return Error(u"crypto self-test failed: Ed25519 signature known answer"_s);
    if (!publicKey.verify({}, *signature))
        return Error(u"crypto self-test failed: Ed25519 verification of a good signature"_s);
    QByteArray tampered = *signature;
    tampered[0] = static_cast<char>(tampered.at(0) ^ 0x01);
    if (publicKey.verify({}, tampered))
        return Error(u"crypto self-test failed: Ed25519 accepted a bad signature"_s);
    return {};
}

} // namespace flotilla::crypto
