#include "core/update/UpdateInstruction.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::update {

namespace {

// Minimal typed reader: a failure names the member, first failure wins.
class Reader
{
public:
    explicit Reader(QString path)
        : m_path(std::move(path))
    {}
    QString error;

    QString string(const QJsonObject &o, const char *key, bool required = true)
    {
        const QJsonValue v = o.value(QLatin1StringView(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString())
            fail(key, "expected a string");
        return v.toString();
    }
    qint64 integer(const QJsonObject &o, const char *key, qint64 minimum = 0, bool required = true)
    {
        const QJsonValue v = o.value(QLatin1StringView(key));
        if (v.isUndefined() && !required)
            return minimum;
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < minimum)
            fail(key, "expected an integer");
        return v.toInteger();
    }
    bool boolean(const QJsonObject &o, const char *key)
    {
        const QJsonValue v = o.value(QLatin1StringView(key));
        if (v.isUndefined())
            return false;
        if (!v.isBool())
            fail(key, "expected true or false");
        return v.toBool();
    }
    QStringList strings(const QJsonObject &o, const char *key, bool required = false)
    {
        const QJsonValue v = o.value(QLatin1StringView(key));
        QStringList list;
        if (v.isUndefined() && !required)
            return list;
        if (!v.isArray()) {
            fail(key, "expected an array of strings");
            return list;
        }
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString())
                fail(key, "expected an array of strings");
            list.append(item.toString());
        }
        return list;
    }
    QJsonObject object(const QJsonObject &o, const char *key, bool required = true)
    {
        const QJsonValue v = o.value(QLatin1StringView(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isObject())
            fail(key, "expected an object");
        return v.toObject();
    }
    QString sha256(const QJsonObject &o, const char *key, bool required = true)
    {
        static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
        const QString value = string(o, key, required);
        if ((required || !value.isEmpty()) && !hex.match(value).hasMatch())
            fail(key, "expected 64 lowercase hex digits");
        return value;
    }
    void fail(const char *key, const char *what)
    {
        if (error.isEmpty())
            error = m_path + QLatin1StringView(key) + u": "_s + QLatin1StringView(what);
    }

private:
    QString m_path;
};

QDateTime parseUtc(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

} // namespace

QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s);
}

QJsonObject Preconditions::toJson() const
{
    return QJsonObject{{u"MinBatteryPct"_s, minBatteryPct},
                       {u"Parked"_s, parked},
                       {u"IgnitionOff"_s, ignitionOff},
                       {u"Consent"_s, consent}};
}

Result<Preconditions> Preconditions::fromJson(const QJsonObject &json)
{
    Reader in(u"Preconditions."_s);
    Preconditions p;
    p.minBatteryPct = int(in.integer(json, "MinBatteryPct", 0, false));
    p.parked = in.boolean(json, "Parked");
    p.ignitionOff = in.boolean(json, "IgnitionOff");
    p.consent = json.contains(u"Consent"_s) ? in.string(json, "Consent") : u"required"_s;
    if (p.minBatteryPct > 100)
        in.fail("MinBatteryPct", "expected 0-100");
    if (p.consent != u"required" && p.consent != u"not-required")
        in.fail("Consent", "expected \"required\" or \"not-required\"");
    if (!in.error.isEmpty())
        return Error(in.error);
    return p;
}

QJsonObject UpdateInstruction::toJson() const
{
    QJsonObject userTextJson;
    for (auto it = package.userText.cbegin(); it != package.userText.cend(); ++it)
        userTextJson.insert(it.key(), it.value());
    QJsonArray targetArray;
    for (const Target &t : targets) {
        QJsonObject payload{{u"Codec"_s, t.payload.codec},
                            {u"Url"_s, t.payload.url},
                            {u"Length"_s, t.payload.length},
                            {u"Sha256"_s, t.payload.sha256},
                            {u"Md5"_s, t.payload.md5}};
        if (!t.payload.fromSha256.isEmpty())
            payload.insert(u"FromSha256"_s, t.payload.fromSha256);
        targetArray.append(QJsonObject{{u"Ecu"_s, t.ecu},
                                       {u"HwId"_s, t.hwId},
                                       {u"Version"_s, t.version},
                                       {u"Length"_s, t.length},
                                       {u"Sha256"_s, t.sha256},
                                       {u"Sha1"_s, t.sha1},
                                       {u"Md5"_s, t.md5},
                                       {u"Payload"_s, payload}});
    }
    return QJsonObject{
        {u"Type"_s, QLatin1StringView(Type)},
        {u"Format"_s, Format},
        {u"JobId"_s, jobId},
        {u"Vin"_s, vin},
        {u"DevId"_s, devId},
        {u"IssuedUtc"_s, isoUtc(issuedUtc)},
        {u"ExpiresUtc"_s, isoUtc(expiresUtc)},
        {u"Package"_s, QJsonObject{{u"Name"_s, package.name},
                                   {u"Version"_s, package.version},
                                   {u"ReleaseCounter"_s, package.releaseCounter},
                                   {u"HwIds"_s, QJsonArray::fromStringList(package.hwIds)},
                                   {u"Rxswin"_s, QJsonArray::fromStringList(package.rxswin)},
                                   {u"Preconditions"_s, package.preconditions.toJson()},
                                   {u"UserText"_s, userTextJson}}},
        {u"Targets"_s, targetArray},
        {u"DtcsToClear"_s, QJsonArray::fromStringList(dtcsToClear)},
    };
}

Result<UpdateInstruction> UpdateInstruction::fromJson(const QJsonObject &json)
{
    Reader in({});
    UpdateInstruction instruction;
    if (in.string(json, "Type") != QLatin1StringView(Type))
        in.fail("Type", "expected \"update-instruction\"");
    if (in.integer(json, "Format") != Format)
        in.fail("Format", "unsupported format");
    instruction.jobId = in.string(json, "JobId");
    instruction.vin = in.string(json, "Vin");
    instruction.devId = in.string(json, "DevId");
    instruction.issuedUtc = parseUtc(in.string(json, "IssuedUtc"));
    instruction.expiresUtc = parseUtc(in.string(json, "ExpiresUtc"));
    if (!instruction.issuedUtc.isValid())
        in.fail("IssuedUtc", "expected an ISO 8601 UTC time");
    if (!instruction.expiresUtc.isValid())
        in.fail("ExpiresUtc", "expected an ISO 8601 UTC time");

    const QJsonObject package = in.object(json, "Package");
    Reader pin(u"Package."_s);
    instruction.package.name = pin.string(package, "Name");
    instruction.package.version = pin.string(package, "Version");
    instruction.package.releaseCounter = pin.integer(package, "ReleaseCounter");
    instruction.package.hwIds = pin.strings(package, "HwIds", true);
    instruction.package.rxswin = pin.strings(package, "Rxswin");
    auto preconditions = Preconditions::fromJson(pin.object(package, "Preconditions", false));
    if (!preconditions)
        pin.error = u"Package."_s + preconditions.errorString();
    else
        instruction.package.preconditions = *preconditions;
    const QJsonObject userText = pin.object(package, "UserText", false);
    for (auto it = userText.begin(); it != userText.end(); ++it) {
        if (!it.value().isString())
            pin.fail("UserText", "expected language → text strings");
        instruction.package.userText.insert(it.key(), it.value().toString());
    }
    if (in.error.isEmpty())
        in.error = pin.error;

    const QJsonValue targets = json.value(u"Targets"_s);
    if (!targets.isArray() || targets.toArray().isEmpty())
        in.fail("Targets", "expected a non-empty array");
    const QJsonArray targetArray = targets.toArray();
    for (qsizetype i = 0; i < targetArray.size() && in.error.isEmpty(); ++i) {
        Reader tin(u"Targets[%1]."_s.arg(i));
        const QJsonObject t = targetArray.at(i).toObject();
        Target target;
        target.ecu = tin.string(t, "Ecu");
        target.hwId = tin.string(t, "HwId");
        target.version = tin.string(t, "Version");
        target.length = tin.integer(t, "Length");
        target.sha256 = tin.sha256(t, "Sha256");
        target.sha1 = tin.string(t, "Sha1", false);
        target.md5 = tin.string(t, "Md5", false);
        const QJsonObject p = tin.object(t, "Payload");
        Reader pl(u"Targets[%1].Payload."_s.arg(i));
        target.payload.codec = pl.string(p, "Codec");
        target.payload.fromSha256 = pl.sha256(p, "FromSha256", false);
        target.payload.url = pl.string(p, "Url");
        target.payload.length = pl.integer(p, "Length");
        target.payload.sha256 = pl.sha256(p, "Sha256");
        target.payload.md5 = pl.string(p, "Md5", false);
        in.error = !tin.error.isEmpty() ? tin.error : pl.error;
        instruction.targets.append(target);
    }
    if (in.error.isEmpty())
        instruction.dtcsToClear = in.strings(json, "DtcsToClear");
    if (!in.error.isEmpty())
        return Error(in.error);
    return instruction;
}

} // namespace flotilla::update
