#include "core/update/SignedDocument.h"

#include "core/omadm/Codec.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla::update {

namespace {

constexpr double MaxExactInteger = 9007199254740992.0; // 2^53: beyond it a double is not an exact integer

// The escaping of a string exactly as QJsonDocument::Compact writes it (the §6.1 rule).
QByteArray escaped(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2); // strip [ and ]
}

Status write(const QJsonValue &value, QByteArray &out);

Status writeObject(const QJsonObject &object, QByteArray &out)
{
    QStringList keys = object.keys();
    std::sort(keys.begin(), keys.end()); // QString ordering is by UTF-16 code units
    out += '{';
    bool first = true;
    for (const QString &key : std::as_const(keys)) {
        if (!first)
            out += ',';
        first = false;
        out += escaped(key);
        out += ':';
        if (auto s = write(object.value(key), out); !s)
            return Error(key + u'.' + s.errorString());
    }
    out += '}';
    return {};
}

Status write(const QJsonValue &value, QByteArray &out)
{
    switch (value.type()) {
    case QJsonValue::Null:
        out += "null";
        return {};
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        return {};
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) != number || std::fabs(number) > MaxExactInteger)
            return Error(u"not an integer (signed data carries integers only)"_s);
        out += QByteArray::number(value.toInteger());
        return {};
    }
    case QJsonValue::String:
        out += escaped(value.toString());
        return {};
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ',';
            if (auto s = write(array.at(i), out); !s)
                return Error(u"[%1]"_s.arg(i) + s.errorString());
        }
        out += ']';
        return {};
    }
    case QJsonValue::Object:
        return writeObject(value.toObject(), out);
    case QJsonValue::Undefined:
        break;
    }
    return Error(u"undefined value"_s);
}

} // namespace

Result<QByteArray> canonicalJson(const QJsonObject &object)
{
    QByteArray out;
    if (auto s = writeObject(object, out); !s)
        return Error(u"canonical JSON: "_s + s.errorString());
    return out;
}

Result<SignedDocument> SignedDocument::parse(const QByteArray &json)
{
    if (json.size() > MaxBytes)
        return Error(u"signed document larger than %1 bytes"_s.arg(MaxBytes));
    auto object = omadm::parseObject(json); // the codec's hostile-input limits (depth, sizes, UTF-8)
    if (!object)
        return object.error();
    const QJsonValue signedValue = object->value(u"Signed"_s);
    const QJsonValue signatures = object->value(u"Signatures"_s);
    if (!signedValue.isObject())
        return Error(u"Signed: expected an object"_s);
    if (!signatures.isArray())
        return Error(u"Signatures: expected an array"_s);
    SignedDocument document(signedValue.toObject());
    const QJsonArray array = signatures.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject entry = array.at(i).toObject();
        const auto sig = QByteArray::fromBase64Encoding(entry.value(u"Sig"_s).toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
        if (!array.at(i).isObject() || !entry.value(u"KeyId"_s).isString() || !entry.value(u"Alg"_s).isString() || !sig)
            return Error(u"Signatures[%1]: expected {KeyId, Alg, Sig (base64)}"_s.arg(i));
        document.m_signatures.append(
            {entry.value(u"KeyId"_s).toString(), entry.value(u"Alg"_s).toString(), sig.decoded});
    }
    return document;
}

QByteArray SignedDocument::toJson() const
{
    QJsonArray signatures;
    for (const Signature &signature : m_signatures)
        signatures.append(QJsonObject{{u"KeyId"_s, signature.keyId},
                                      {u"Alg"_s, signature.alg},
                                      {u"Sig"_s, QString::fromLatin1(signature.sig.toBase64())}});
    return QJsonDocument(QJsonObject{{u"Signed"_s, m_signed}, {u"Signatures"_s, signatures}})
        .toJson(QJsonDocument::Compact);
}

Status SignedDocument::sign(const crypto::PrivateKey &key)
{
    if (key.type() != crypto::KeyType::Ed25519)
        return Error(u"update documents are signed with Ed25519 keys"_s);
    auto canonical = canonicalJson(m_signed);
    if (!canonical)
        return canonical.error();
    auto signature = key.sign(*canonical);
    if (!signature)
        return signature.error();
    m_signatures.append({key.publicKey().keyId(), u"Ed25519"_s, *signature});
    return {};
}

int SignedDocument::validSignatureCount(const QList<crypto::PublicKey> &trusted) const
{
    auto canonical = canonicalJson(m_signed);
    if (!canonical)
        return 0;
    QStringList counted;
    for (const Signature &signature : m_signatures) {
        if (signature.alg != u"Ed25519" || counted.contains(signature.keyId))
            continue;
        for (const crypto::PublicKey &key : trusted) {
            // Only a distinct trusted key counts toward the threshold (security.md: key ids).
            if (key.keyId() == signature.keyId && key.verify(*canonical, signature.sig)) {
                counted.append(signature.keyId);
                break;
            }
        }
    }
    return int(counted.size());
}

Status SignedDocument::verify(const QList<crypto::PublicKey> &trusted, int threshold) const
{
    if (threshold < 1)
        return Error(u"signature threshold must be at least 1"_s);
    const int valid = validSignatureCount(trusted);
    if (valid < threshold)
        return Error(u"%1 valid signature(s) from trusted keys, %2 required"_s.arg(valid).arg(threshold));
    return {};
}

} // namespace flotilla::update
