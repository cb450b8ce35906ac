#include "core/omadm/Codec.h"

#include "core/omadm/Codes.h"
#include "core/omadm/JsonReader.h"
#include "core/omadm/JsonWriter.h"
#include "core/omadm/MessageIo.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>

namespace flotilla::omadm {

using detail::JsonReader;
using detail::JsonWriter;
using detail::Need;
using detail::ObjectReader;

namespace {

constexpr int MinStatusCode = 100;
constexpr int MaxStatusCode = 9999;
constexpr int MaxPollSeconds = 7 * 24 * 3600;

Error badRequest(const QString &message)
{
    return Error(message, 400);
}

// Length of the strictly valid UTF-8 sequence at p (no overlongs, surrogates or code points
// above U+10FFFF), or 0.
int utf8SequenceLength(const uchar *p, qsizetype remaining)
{
    const uchar c = p[0];
    int length = 0;
    uchar low = 0x80;
    uchar high = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        length = 3;
        if (c == 0xe0)
            low = 0xa0;
        else if (c == 0xed)
            high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4;
        if (c == 0xf0)
            low = 0x90;
        else if (c == 0xf4)
            high = 0x8f;
    } else {
        return 0;
    }
    if (remaining < length)
        return 0;
    if (p[1] < low || p[1] > high)
        return 0;
    for (int i = 2; i < length; ++i) {
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    }
    return length;
}

// One pass over the raw bytes before QJsonDocument sees them: size, NUL bytes, UTF-8 validity,
// raw control characters in strings and, above all, nesting depth, so that a body of a million
// '[' costs a linear scan and nothing more.
Status prescan(const QByteArray &json)
{
    if (json.isEmpty())
        return badRequest(QStringLiteral("empty body"));
    if (json.size() > limits::MaxMessageBytes)
        return Error(QStringLiteral("body larger than %1 bytes").arg(limits::MaxMessageBytes), 413);
    const auto *bytes = reinterpret_cast<const uchar *>(json.constData());
    const qsizetype size = json.size();
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < size;) {
        const uchar c = bytes[i];
        if (c == 0)
            return badRequest(QStringLiteral("NUL byte at offset %1").arg(i));
        if (c >= 0x80) {
            const int length = utf8SequenceLength(bytes + i, size - i);
            if (length == 0)
                return badRequest(QStringLiteral("invalid UTF-8 at offset %1").arg(i));
            i += length;
            escaped = false;
            continue;
        }
        if (inString) {
            if (escaped) {
                // JSON's escapes only: QJsonDocument would read "\q" as "q".
                if (!std::strchr("\"\\/bfnrtu", c))
                    return badRequest(QStringLiteral("invalid escape in a string at offset %1").arg(i));
                escaped = false;
            } else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            else if (c < 0x20)
                return badRequest(QStringLiteral("control character in a string at offset %1").arg(i));
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limits::MaxDepth)
                return badRequest(QStringLiteral("nested deeper than %1 levels").arg(limits::MaxDepth));
        } else if (c == ']' || c == '}') {
            --depth;
        }
        ++i;
    }
    return {};
}

// Checks every string, array and object of a parsed value against the limits. Returns an empty
// string when all is well, else the path below value and what is wrong (".MOS[3]: more than …").
QString checkLimits(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        if (value.toString().size() > limits::MaxStringChars)
            return QStringLiteral(": string longer than %1 characters").arg(limits::MaxStringChars);
        return {};
    case QJsonValue::Array: {
        const QJsonArray items = value.toArray();
        if (items.size() > limits::MaxArrayItems)
            return QStringLiteral(": more than %1 items").arg(limits::MaxArrayItems);
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString error = checkLimits(items.at(i));
            if (!error.isEmpty())
                return u'[' + QString::number(i) + u']' + error;
        }
        return {};
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.size() > limits::MaxArrayItems)
            return QStringLiteral(": more than %1 members").arg(limits::MaxArrayItems);
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.key().size() > limits::MaxStringChars)
                return QStringLiteral(": member name longer than %1 characters").arg(limits::MaxStringChars);
            const QString error = checkLimits(it.value());
            if (!error.isEmpty())
                return u'.' + detail::safeName(it.key()) + error;
        }
        return {};
    }
    default:
        return {};
    }
}

template<typename T, typename Read>
Result<T> decodeWith(const QByteArray &json, Read read)
{
    Result<QJsonObject> parsed = parseObject(json);
    if (!parsed)
        return parsed.error();
    JsonReader reader;
    T message = read(ObjectReader(reader, *parsed, QString()));
    if (!reader.ok())
        return reader.error();
    return message;
}

// A ClientURI member, checked and normalised to the exact form.
QString readClientUri(const ObjectReader &in, std::optional<MoKind> expectedKind = std::nullopt)
{
    const QString text = in.string(u"ClientURI", Need::Required, u"ClientURL");
    if (!in.reader().ok())
        return {};
    const Result<ClientUri> uri = ClientUri::parse(text);
    if (!uri) {
        in.fail(u"ClientURI", uri.errorString());
        return {};
    }
    if (expectedKind && uri->kind != *expectedKind) {
        in.fail(u"ClientURI", QStringLiteral("expected the %1 MO").arg(canonicalMoid(*expectedKind)));
        return {};
    }
    return uri->toString();
}

MoData readMoData(const ObjectReader &in)
{
    MoData result;
    result.clientUri = readClientUri(in);
    result.data = in.object(u"MOData", Need::Required);
    result.cacheValidator = in.string(u"CV");
    (void)in.string(u"DDF");
    return result;
}

bool isSessionAlert(const QString &type)
{
    return type.compare(alerttype::ClientInitiated, Qt::CaseInsensitive) == 0 ||
           type.compare(alerttype::ServerInitiated, Qt::CaseInsensitive) == 0 ||
           type.compare(alerttype::BootstrapComplete, Qt::CaseInsensitive) == 0;
}

QString notificationIdOf(const Alert &alert)
{
    const QJsonValue id = alert.dataValue(u"NotificationId");
    if (id.isString())
        return id.toString();
    if (const std::optional<int> number = detail::toInteger(id, false))
        return QString::number(*number);
    return {};
}

void writeMoData(JsonWriter &out, const MoData &result)
{
    out.member(u"ClientURI", result.clientUri);
    out.member(u"MOData", QJsonValue(result.data));
    if (!result.cacheValidator.isEmpty())
        out.member(u"CV", result.cacheValidator);
}

} // namespace

Result<QJsonObject> parseObject(const QByteArray &json)
{
    if (const Status scanned = prescan(json); !scanned)
        return scanned.error();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badRequest(
            QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    if (!document.isObject())
        return badRequest(QStringLiteral("expected a JSON object"));
    QJsonObject object = document.object();
    const QString error = checkLimits(object);
    if (!error.isEmpty())
        return badRequest(detail::shortMessage(error.startsWith(u'.') ? error.mid(1) : u"body" + error));
    return object;
}

Result<PackageKind> detectPackageKind(const QByteArray &json)
{
    const Result<QJsonObject> object = parseObject(json);
    if (!object)
        return object.error();
    return detail::findMember(*object, u"Status").isUndefined() ? PackageKind::Initiation : PackageKind::Response;
}

static Package1 readPackage1(const ObjectReader &in)
{
    Package1 p;
    in.forEachObject(u"MOS", Need::Optional, [&](const ObjectReader &item) {
        MoSupport support;
        support.moid = item.string(u"MOID", Need::Required).trimmed();
        if (item.reader().ok() && support.moid.isEmpty())
            item.fail(u"MOID", QStringLiteral("empty"));
        support.miids = item.stringList(u"MIID");
        support.ddf = item.string(u"DDF");
        support.kind = moKind(support.moid);
        p.mos.append(support);
    });
    p.alerts = detail::readAlerts(in);
    // The first session alert gives the reason; none at all is a client-initiated session.
    for (const Alert &alert : std::as_const(p.alerts)) {
        if (!isSessionAlert(alert.type))
            continue;
        if (alert.type.compare(alerttype::ServerInitiated, Qt::CaseInsensitive) == 0) {
            p.reason = SessionReason::ServerInitiated;
            p.notificationId = notificationIdOf(alert);
        } else if (alert.type.compare(alerttype::BootstrapComplete, Qt::CaseInsensitive) == 0) {
            p.reason = SessionReason::BootstrapComplete;
        }
        break;
    }
    return p;
}

Result<Package1> decodePackage1(const QByteArray &json)
{
    return decodeWith<Package1>(json, readPackage1);
}

Result<Package2> decodePackage2(const QByteArray &json)
{
    return decodeWith<Package2>(json, [](const ObjectReader &in) {
        Package2 p;
        const QJsonArray commands = in.array(u"CMD", Need::Required);
        if (in.reader().ok() && commands.isEmpty())
            in.fail(u"CMD", QStringLiteral("empty"));
        for (qsizetype i = 0; i < commands.size() && in.reader().ok(); ++i) {
            const QString path = u"CMD[" + QString::number(i) + u']';
            if (!commands.at(i).isArray()) {
                in.reader().fail(path, QStringLiteral("expected an array of strings"));
                break;
            }
            const QJsonArray parts = commands.at(i).toArray();
            if (parts.isEmpty()) {
                in.reader().fail(path, QStringLiteral("empty"));
                break;
            }
            Command command;
            for (qsizetype j = 0; j < parts.size(); ++j) {
                const QString partPath = path + u'[' + QString::number(j) + u']';
                if (!parts.at(j).isString()) {
                    in.reader().fail(partPath, QStringLiteral("expected a string"));
                    break;
                }
                const QString part = parts.at(j).toString();
                if (!detail::checkString(in.reader(), partPath, part))
                    break;
                if (j == 0)
                    command.name = part.trimmed();
                else
                    command.params.append(part);
            }
            if (in.reader().ok() && command.name.isEmpty())
                in.reader().fail(path + u"[0]", QStringLiteral("empty command name"));
            p.commands.append(command);
        }
        return p;
    });
}

static Package3 readPackage3(const ObjectReader &in)
{
    Package3 p;
    in.forEachObject(u"Status", Need::Required, [&](const ObjectReader &item) {
        StatusEntry entry;
        entry.sc = item.integer(u"sc", Need::Required, MinStatusCode, MaxStatusCode).value_or(0);
        const QStringList uris = item.stringList(u"URI");
        for (const QString &uri : uris)
            entry.uris.append(detail::normaliseUriText(uri));
        p.statuses.append(entry);
    });
    // GET results: the seed's top-level ClientURI + MOData, and/or an MO serialization array.
    if (in.has(u"ClientURI", u"ClientURL") || in.has(u"MOData"))
        p.results.append(readMoData(in));
    in.forEachObject(u"MOS", Need::Optional, [&](const ObjectReader &item) { p.results.append(readMoData(item)); });
    p.alerts = detail::readAlerts(in);
    return p;
}

Result<Package3> decodePackage3(const QByteArray &json)
{
    return decodeWith<Package3>(json, readPackage3);
}

Result<ClientPackage> decodeClientPackage(const QByteArray &json)
{
    // One parse: the server reads every /dm body through here, so it must not parse twice.
    Result<QJsonObject> parsed = parseObject(json);
    if (!parsed)
        return parsed.error();
    JsonReader reader;
    const ObjectReader in(reader, *parsed, QString());
    ClientPackage package;
    package.kind =
        detail::findMember(*parsed, u"Status").isUndefined() ? PackageKind::Initiation : PackageKind::Response;
    if (package.kind == PackageKind::Initiation)
        package.initiation = readPackage1(in);
    else
        package.response = readPackage3(in);
    if (!reader.ok())
        return reader.error();
    return package;
}

Result<RegistrationRequest> decodeRegistrationRequest(const QByteArray &json)
{
    return decodeWith<RegistrationRequest>(json, [](const ObjectReader &in) {
        RegistrationRequest request;
        request.clientUri = readClientUri(in, MoKind::DevInfo);
        const ObjectReader devInfo = in.child(u"MOData", Need::Required).child(u"DevInfo", Need::Required);
        request.devInfo = detail::readDevInfo(devInfo);
        if (in.reader().ok() && request.devInfo.devId.trimmed().isEmpty())
            devInfo.fail(u"DevID", QStringLiteral("required"));
        return request;
    });
}

Result<DmAccount> decodeRegistrationAnswer(const QByteArray &json)
{
    return decodeWith<DmAccount>(json, [](const ObjectReader &in) {
        DmAccount account;
        (void)readClientUri(in, MoKind::DmAcc);
        const ObjectReader acc = in.child(u"MOData", Need::Required).child(u"DmAcc", Need::Required);
        account.srvId = acc.string(u"SrvID");
        account.srvUri = acc.string(u"SrvURI", Need::Required);
        const ObjectReader trsp = acc.child(u"Auth").child(u"Trsp");
        account.caCertificateBase64 = trsp.string(u"Data");
        account.token = trsp.string(u"Secret", Need::Required);
        if (in.reader().ok() && account.token.isEmpty())
            trsp.fail(u"Secret", QStringLiteral("empty"));
        const ObjectReader ext = acc.child(u"Ext");
        account.tokenExpiresUtc = ext.string(u"TokenExpiresUtc");
        account.pollSeconds =
            ext.integer(u"PollSeconds", Need::Optional, 1, MaxPollSeconds).value_or(account.pollSeconds);
        account.notifyUri = ext.string(u"NotifyURI");
        account.signingKeys = ext.stringList(u"SigningKeys");
        account.clientCertificate = ext.string(u"ClientCert");
        return account;
    });
}

Result<ErrorBody> decodeErrorBody(const QByteArray &json)
{
    return decodeWith<ErrorBody>(json, [](const ObjectReader &in) {
        ErrorBody body;
        body.code = in.integer(u"Responsecode", Need::Required, 100, 999).value_or(0);
        body.description = in.string(u"Description");
        return body;
    });
}

QByteArray encode(const Package1 &message)
{
    JsonWriter out;
    out.beginObject();
    if (!message.mos.isEmpty()) {
        out.key(u"MOS").beginArray();
        for (const MoSupport &support : message.mos) {
            out.beginObject();
            out.member(u"MOID", support.moid);
            out.member(u"MIID", support.miids);
            if (!support.ddf.isEmpty())
                out.member(u"DDF", support.ddf);
            out.endObject();
        }
        out.endArray();
    }
    // A package #1 must say why the session started (DM 2.0): add the session alert from reason
    // when the caller did not put one in alerts.
    QList<Alert> alerts = message.alerts;
    const bool hasSessionAlert =
        std::any_of(alerts.cbegin(), alerts.cend(), [](const Alert &alert) { return isSessionAlert(alert.type); });
    if (!hasSessionAlert) {
        Alert session;
        switch (message.reason) {
        case SessionReason::ClientInitiated:
            session.type = QStringView(alerttype::ClientInitiated).toString();
            break;
        case SessionReason::ServerInitiated:
            session.type = QStringView(alerttype::ServerInitiated).toString();
            if (!message.notificationId.isEmpty())
                session.data.insert(u"NotificationId", message.notificationId);
            break;
        case SessionReason::BootstrapComplete:
            session.type = QStringView(alerttype::BootstrapComplete).toString();
            session.data.insert(u"ResultCode", 200);
            break;
        }
        alerts.prepend(session);
    }
    out.key(u"Alert").beginArray();
    for (const Alert &alert : std::as_const(alerts))
        detail::writeAlert(out, alert);
    out.endArray();
    out.endObject();
    return out.data();
}

QByteArray encode(const Package2 &message)
{
    JsonWriter out;
    out.beginObject();
    out.key(u"CMD").beginArray();
    // An empty command list is not a valid package #2: a session with nothing to do just ends.
    const QList<Command> commands = message.commands.isEmpty() ? QList<Command>{Command::end()} : message.commands;
    for (const Command &command : commands) {
        out.beginArray();
        out.value(command.name);
        for (const QString &param : command.params)
            out.value(param);
        out.endArray();
    }
    out.endArray();
    out.endObject();
    return out.data();
}

QByteArray encode(const Package3 &message)
{
    JsonWriter out;
    out.beginObject();
    out.key(u"Status").beginArray();
    for (const StatusEntry &status : message.statuses) {
        out.beginObject();
        out.member(u"sc", status.sc);
        if (!status.uris.isEmpty())
            out.member(u"URI", status.uris);
        out.endObject();
    }
    out.endArray();
    if (message.results.size() == 1) {
        writeMoData(out, message.results.first());
    } else if (message.results.size() > 1) {
        out.key(u"MOS").beginArray();
        for (const MoData &result : message.results) {
            out.beginObject();
            writeMoData(out, result);
            out.endObject();
        }
        out.endArray();
    }
    if (!message.alerts.isEmpty()) {
        out.key(u"Alert").beginArray();
        for (const Alert &alert : message.alerts)
            detail::writeAlert(out, alert);
        out.endArray();
    }
    out.endObject();
    return out.data();
}

QByteArray encode(const RegistrationRequest &message)
{
    JsonWriter out;
    out.beginObject();
    out.member(u"ClientURI", message.clientUri.isEmpty() ? canonicalMoid(MoKind::DevInfo) + u"//" : message.clientUri);
    out.key(u"MOData").beginObject();
    out.key(u"DevInfo");
    detail::writeDevInfo(out, message.devInfo);
    out.endObject();
    out.endObject();
    return out.data();
}

QByteArray encode(const DmAccount &message)
{
    JsonWriter out;
    out.beginObject();
    out.member(u"ClientURI", canonicalMoid(MoKind::DmAcc) + u"//");
    out.key(u"MOData").beginObject();
    out.key(u"DmAcc").beginObject();
    if (!message.srvId.isEmpty())
        out.member(u"SrvID", message.srvId);
    out.member(u"SrvURI", message.srvUri);
    out.key(u"Auth").beginObject();
    out.key(u"Trsp").beginObject();
    if (!message.caCertificateBase64.isEmpty())
        out.member(u"Data", message.caCertificateBase64);
    out.member(u"Secret", message.token);
    out.endObject();
    out.endObject();
    out.key(u"Ext").beginObject();
    if (!message.tokenExpiresUtc.isEmpty())
        out.member(u"TokenExpiresUtc", message.tokenExpiresUtc);
    out.member(u"PollSeconds", message.pollSeconds);
    if (!message.notifyUri.isEmpty())
        out.member(u"NotifyURI", message.notifyUri);
    if (!message.signingKeys.isEmpty())
        out.member(u"SigningKeys", message.signingKeys);
    if (!message.clientCertificate.isEmpty())
        out.member(u"ClientCert", message.clientCertificate);
    out.endObject();
    out.endObject();
    out.endObject();
    out.endObject();
    return out.data();
}

QByteArray encode(const ErrorBody &message)
{
    JsonWriter out;
    out.beginObject();
    // The seed writes the code as a string.
    out.member(u"Responsecode", QString::number(message.code));
    out.member(u"Description", message.description);
    out.endObject();
    return out.data();
}

QJsonObject alertToJson(const Alert &alert)
{
    QJsonObject out{{QStringLiteral("AlertType"), alert.type}};
    if (!alert.sourceUri.isEmpty())
        out.insert(u"SourceURI", alert.sourceUri);
    if (!alert.targetUri.isEmpty())
        out.insert(u"TargetURI", alert.targetUri);
    out.insert(u"Mark", alert.mark.isEmpty() ? QStringLiteral("informational") : alert.mark);
    if (!alert.data.isEmpty()) {
        out.insert(u"DataType", alert.dataType.isEmpty() ? QStringLiteral("application/json") : alert.dataType);
        out.insert(u"Data", alert.data);
    }
    return out;
}

QString registrationProof(const QString &enrollmentKey, const QString &vin, const QString &devId)
{
    const QByteArray key = enrollmentKey.toUtf8();
    const QByteArray text = QString(vin + u':' + devId).toUtf8();
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(text.constData()),
              size_t(text.size()), mac, &macLength))
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(mac), int(macLength)).toBase64());
}

} // namespace flotilla::omadm
