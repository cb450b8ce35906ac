#include "core/update/Bundle.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::update {

namespace {

constexpr qint64 Chunk = 256 * 1024;
constexpr qsizetype LengthBytes = 8;

QByteArray bigEndian64(quint64 value)
{
    QByteArray out(LengthBytes, '\0');
    for (int i = 0; i < LengthBytes; ++i)
        out[LengthBytes - 1 - i] = char((value >> (8 * i)) & 0xFF);
    return out;
}

quint64 fromBigEndian64(QByteArrayView bytes)
{
    quint64 value = 0;
    for (const char c : bytes)
        value = (value << 8) | quint8(c);
    return value;
}

// Copies exactly length bytes from in to out (when out is set), feeding the hasher.
Status copyExactly(QIODevice &in, QIODevice *out, qint64 length, crypto::MultiHasher &hasher,
                   const std::atomic<bool> *cancelled, const std::function<void(qint64)> &advanced)
{
    QByteArray buffer;
    for (qint64 left = length; left > 0;) {
        if (cancelled && cancelled->load())
            return Error(u"cancelled"_s);
        buffer = in.read(qMin(left, Chunk));
        if (buffer.isEmpty())
            return Error(u"the bundle ends %1 bytes early"_s.arg(left));
        hasher.addData(buffer);
        if (out && out->write(buffer) != buffer.size())
            return Error(u"cannot write: %1"_s.arg(out->errorString()));
        left -= buffer.size();
        if (advanced)
            advanced(buffer.size());
    }
    return {};
}

} // namespace

Status Bundle::write(const QString &path, const SignedDocument &instruction, const QStringList &payloadFiles,
                     const crypto::PrivateKey &key, const QString &createdUtc)
{
    QJsonArray entries;
    qint64 offset = 0;
    for (const QString &file : payloadFiles) {
        auto digests = crypto::digestFile(file);
        if (!digests)
            return digests.error();
        entries.append(
            QJsonObject{{u"Sha256"_s, digests->sha256}, {u"Length"_s, digests->length}, {u"Offset"_s, offset}});
        offset += digests->length;
    }
    const QJsonObject embedded = QJsonDocument::fromJson(instruction.toJson()).object();
    SignedDocument index(QJsonObject{{u"Type"_s, QLatin1StringView(IndexType)},
                                     {u"Format"_s, Format},
                                     {u"CreatedUtc"_s, createdUtc},
                                     {u"Instruction"_s, embedded},
                                     {u"Entries"_s, entries}});
    if (auto s = index.sign(key); !s)
        return s;
    const QByteArray indexBytes = index.toJson();
    if (indexBytes.size() > SignedDocument::MaxBytes)
        return Error(u"bundle index larger than %1 bytes"_s.arg(SignedDocument::MaxBytes));

    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error(u"cannot create the folder of %1"_s.arg(path));
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return Error(u"cannot write %1: %2"_s.arg(path, out.errorString()));
    const QByteArray head = Magic.toByteArray() + bigEndian64(quint64(indexBytes.size())) + indexBytes;
    if (out.write(head) != head.size())
        return Error(u"cannot write %1: %2"_s.arg(path, out.errorString()));
    for (qsizetype i = 0; i < payloadFiles.size(); ++i) {
        QFile in(payloadFiles.at(i));
        if (!in.open(QIODevice::ReadOnly))
            return Error(u"cannot read %1: %2"_s.arg(in.fileName(), in.errorString()));
        crypto::MultiHasher hasher;
        const qint64 length = entries.at(i).toObject().value(u"Length"_s).toInteger();
        if (auto s = copyExactly(in, &out, length, hasher, nullptr, {}); !s)
            return Error(u"%1: %2"_s.arg(in.fileName(), s.errorString()));
        // The file must not have changed between hashing and copying.
        if (hasher.result().sha256 != entries.at(i).toObject().value(u"Sha256"_s).toString() || !in.atEnd())
            return Error(u"%1 changed while the bundle was written"_s.arg(in.fileName()));
    }
    if (!out.commit())
        return Error(u"cannot write %1: %2"_s.arg(path, out.errorString()));
    return {};
}

Result<Bundle> Bundle::open(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    const QByteArray magic = file.read(Magic.size());
    if (magic != Magic)
        return Error(u"%1 is not a Flotilla bundle"_s.arg(path));
    const QByteArray lengthBytes = file.read(LengthBytes);
    if (lengthBytes.size() != LengthBytes)
        return Error(u"%1: truncated header"_s.arg(path));
    const quint64 indexLength = fromBigEndian64(lengthBytes);
    if (indexLength == 0 || indexLength > quint64(SignedDocument::MaxBytes))
        return Error(u"%1: index length %2 out of range"_s.arg(path).arg(indexLength));
    const QByteArray indexBytes = file.read(qint64(indexLength));
    if (quint64(indexBytes.size()) != indexLength)
        return Error(u"%1: truncated index"_s.arg(path));

    auto index = SignedDocument::parse(indexBytes);
    if (!index)
        return Error(u"%1: index: %2"_s.arg(path, index.errorString()));
    const QJsonObject &signedPart = index->signedPart();
    if (signedPart.value(u"Type"_s).toString() != QLatin1StringView(IndexType) ||
        signedPart.value(u"Format"_s).toInteger() != Format)
        return Error(u"%1: not a bundle index of format %2"_s.arg(path).arg(Format));
    if (!signedPart.value(u"Instruction"_s).isObject())
        return Error(u"%1: the index carries no instruction"_s.arg(path));
    auto instruction = SignedDocument::parse(
        QJsonDocument(signedPart.value(u"Instruction"_s).toObject()).toJson(QJsonDocument::Compact));
    if (!instruction)
        return Error(u"%1: instruction: %2"_s.arg(path, instruction.errorString()));

    Bundle bundle;
    bundle.m_path = path;
    bundle.m_index = *index;
    bundle.m_instruction = *instruction;
    bundle.m_payloadStart = Magic.size() + LengthBytes + qint64(indexLength);
    static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
    qint64 expectedOffset = 0;
    const QJsonArray entries = signedPart.value(u"Entries"_s).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        BundleEntry entry{e.value(u"Sha256"_s).toString(), e.value(u"Length"_s).toInteger(-1),
                          e.value(u"Offset"_s).toInteger(-1)};
        if (!hex.match(entry.sha256).hasMatch() || entry.length < 0 || entry.offset != expectedOffset)
            return Error(
                u"%1: entry %2 is not {Sha256, Length, Offset} contiguous with the one before"_s.arg(path).arg(i));
        expectedOffset += entry.length;
        bundle.m_entries.append(entry);
    }
    if (file.size() != bundle.m_payloadStart + expectedOffset)
        return Error(u"%1: %2 bytes, the index describes %3"_s.arg(path)
                         .arg(file.size())
                         .arg(bundle.m_payloadStart + expectedOffset));
    return bundle;
}

Status Bundle::verify(const QList<crypto::PublicKey> &trusted, int threshold) const
{
    if (auto s = m_index.verify(trusted, threshold); !s)
        return Error(u"bundle index: "_s + s.errorString());
    if (auto s = m_instruction.verify(trusted, threshold); !s)
        return Error(u"bundle instruction: "_s + s.errorString());
    return {};
}

Result<QList<crypto::Digests>> Bundle::extract(const QString &dir, const std::atomic<bool> *cancelled,
                                               const std::function<void(qint64, qint64)> &progress) const
{
    QFile in(m_path);
    if (!in.open(QIODevice::ReadOnly) || !in.seek(m_payloadStart))
        return Error(u"cannot read %1: %2"_s.arg(m_path, in.errorString()));
    if (!QDir().mkpath(dir))
        return Error(u"cannot create %1"_s.arg(dir));
    qint64 total = 0;
    for (const BundleEntry &entry : m_entries)
        total += entry.length;
    qint64 done = 0;
    const auto advanced = [&](qint64 bytes) {
        done += bytes;
        if (progress)
            progress(done, total);
    };
    QList<crypto::Digests> digests;
    for (const BundleEntry &entry : m_entries) {
        const QString finalPath = dir + u'/' + entry.sha256;
        QFile part(finalPath + u".part"_s);
        if (!part.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return Error(u"cannot write %1: %2"_s.arg(part.fileName(), part.errorString()));
        crypto::MultiHasher hasher;
        Status copied = copyExactly(in, &part, entry.length, hasher, cancelled, advanced);
        const bool flushed = part.flush();
        part.close();
        const crypto::Digests result = hasher.result();
        if (!copied || !flushed || result.sha256 != entry.sha256) {
            part.remove();
            return Error(copied ? u"%1: payload %2 does not match its SHA-256"_s.arg(m_path, entry.sha256)
                                : u"%1: payload %2: %3"_s.arg(m_path, entry.sha256, copied.errorString()));
        }
        QFile::remove(finalPath);
        if (!QFile::rename(part.fileName(), finalPath))
            return Error(u"cannot rename %1"_s.arg(part.fileName()));
        digests.append(result);
    }
    if (!in.atEnd())
        return Error(u"%1: trailing bytes after the last payload"_s.arg(m_path));
    return digests;
}

} // namespace flotilla::update
