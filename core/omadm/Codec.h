#pragma once

#include "core/Result.h"
#include "core/omadm/Messages.h"

#include <QByteArray>

// JSON encoding and decoding of the messages in Messages.h.
//
// Decoding treats input as hostile: it checks the size, nesting depth (at most limits::MaxDepth),
// string lengths, array lengths and types before building values, and fails with an Error whose
// message says what is wrong (the server sends it as the 400 Description). Keys are matched
// case-insensitively; the variants of PROTOCOL.md §4 are accepted. Error::code is 413 for a body
// over limits::MaxMessageBytes and 400 for everything else. See docs/dev/omadm-codec.md.
namespace flotilla::omadm {

namespace limits {
inline constexpr qsizetype MaxMessageBytes = 1024 * 1024; // PROTOCOL.md §2 (413 above)
inline constexpr int MaxDepth = 32;
inline constexpr qsizetype MaxStringChars = 64 * 1024;
inline constexpr qsizetype MaxArrayItems = 1024;
} // namespace limits

enum class PackageKind
{
    Initiation, // package #1
    Response,   // package #3
};

// Which package a /dm body is: one with "Status" is a package #3, anything else a package #1.
Result<PackageKind> detectPackageKind(const QByteArray &json);

// A /dm body decoded in one parse: a package #1, or a package #3 when it has "Status".
struct ClientPackage
{
    PackageKind kind = PackageKind::Initiation;
    Package1 initiation; // when kind == Initiation
    Package3 response;   // when kind == Response
};
Result<ClientPackage> decodeClientPackage(const QByteArray &json);

Result<Package1> decodePackage1(const QByteArray &json);
Result<Package2> decodePackage2(const QByteArray &json);
Result<Package3> decodePackage3(const QByteArray &json);
Result<RegistrationRequest> decodeRegistrationRequest(const QByteArray &json);
Result<DmAccount> decodeRegistrationAnswer(const QByteArray &json);
Result<ErrorBody> decodeErrorBody(const QByteArray &json);
// Parses with the limits above and returns the top-level object (for MO data fetched by HGET etc.).
Result<QJsonObject> parseObject(const QByteArray &json);

// Adds the session alert for message.reason (first) when alerts holds none.
QByteArray encode(const Package1 &message);
// An empty command list is written as {"CMD":[["END"]]}.
QByteArray encode(const Package2 &message);
// One result: top-level ClientURI + MOData; several: the "MOS" array.
QByteArray encode(const Package3 &message);
QByteArray encode(const RegistrationRequest &message);
QByteArray encode(const DmAccount &message);
QByteArray encode(const ErrorBody &message);
QJsonObject alertToJson(const Alert &alert);

// The proof a vehicle puts in DevInfo/Ext/EncryptedVIN: standard base64 of
// HMAC-SHA256(UTF-8 enrollment key, UTF-8 of VIN + ":" + DevID). PROTOCOL.md §3.
QString registrationProof(const QString &enrollmentKey, const QString &vin, const QString &devId);

} // namespace flotilla::omadm
