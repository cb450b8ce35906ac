#include "core/omadm/MessageIo.h"

#include "core/omadm/Codec.h"

#include <algorithm>
#include <array>
#include <limits>

namespace flotilla::omadm::detail {

namespace {

constexpr int MaxCode = 99999;

// The Mark values of the spec; the seed's "Information" means "informational".
QString normaliseMark(const QString &mark)
{
    static const std::array<QStringView, 7> marks = {u"fatal",         u"critical", u"minor",        u"warning",
                                                     u"informational", u"harmless", u"indeterminate"};
    const QString trimmed = mark.trimmed();
    if (trimmed.compare(u"information", Qt::CaseInsensitive) == 0)
        return QStringLiteral("informational");
    for (const QStringView known : marks) {
        if (trimmed.compare(known, Qt::CaseInsensitive) == 0)
            return known.toString();
    }
    return trimmed;
}

// The Ext members DevInfo types, in the order PROTOCOL.md §3 shows them.
constexpr std::array<QStringView, 8> s_extNames = {u"VIN",  u"EncryptedVIN", u"Nonce", u"Codecs", u"DeltaMaxMemoryMiB",
                                                   u"Ecus", u"RXSWIN",       u"CSR"};

void removeIgnoringCase(QJsonObject &object, QStringView name)
{
    const QStringList keys = object.keys();
    for (const QString &key : keys) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            object.remove(key);
    }
}

void setMember(QJsonObject &object, QStringView name, const QJsonValue &value)
{
    removeIgnoringCase(object, name);
    object.insert(name, value);
}

} // namespace

QString normaliseUriText(const QString &text)
{
    if (text.isEmpty())
        return text;
    const Result<ClientUri> uri = ClientUri::parse(text);
    return uri ? uri->toString() : text.trimmed();
}

Alert readAlert(const ObjectReader &in)
{
    Alert alert;
    alert.type = in.string(u"AlertType", Need::Required).trimmed();
    if (in.reader().ok() && alert.type.isEmpty())
        in.fail(u"AlertType", QStringLiteral("empty"));
    alert.sourceUri = normaliseUriText(in.string(u"SourceURI"));
    alert.targetUri = normaliseUriText(in.string(u"TargetURI"));
    alert.mark = normaliseMark(in.string(u"Mark"));
    alert.dataType = in.string(u"DataType").trimmed();
    const ObjectReader data = in.child(u"Data");
    alert.data = data.json();

    // Data is free-form, but the members the server acts on must have usable types.
    (void)data.integer(u"ResultCode", Need::Optional, 0, MaxCode);
    const QJsonValue state = data.value(u"State");
    if (!(state.isString() && state.toString().trimmed().isEmpty()))
        (void)data.integer(u"State", Need::Optional, 0, MaxCode);
    (void)data.string(u"DM1x");
    (void)data.stringOrInteger(u"NotificationId");
    return alert;
}

QList<Alert> readAlerts(const ObjectReader &message)
{
    QList<Alert> alerts;
    message.forEachObject(u"Alert", Need::Optional, [&](const ObjectReader &item) { alerts.append(readAlert(item)); });
    return alerts;
}

DevInfo readDevInfo(const ObjectReader &in)
{
    DevInfo d;
    d.devId = in.string(u"DevID");
    d.man = in.string(u"Man");
    d.mod = in.string(u"Mod");
    d.dmV = in.string(u"DmV");
    d.lang = in.string(u"Lang");
    d.devType = in.string(u"DevType");
    d.oem = in.string(u"OEM");
    d.fwV = in.string(u"FwV");
    d.swV = in.string(u"SwV");
    d.hwV = in.string(u"HwV");

    const ObjectReader ext = in.child(u"Ext");
    d.ext = ext.json();
    d.vin = ext.string(u"VIN").trimmed();
    d.encryptedVin = ext.string(u"EncryptedVIN").trimmed();
    d.nonce = ext.string(u"Nonce").trimmed();
    d.codecs = ext.stringList(u"Codecs");
    d.deltaMaxMemoryMiB = ext.integer(u"DeltaMaxMemoryMiB", Need::Optional, 0, std::numeric_limits<int>::max());
    ext.forEachObject(u"Ecus", Need::Optional, [&](const ObjectReader &item) {
        EcuInfo ecu;
        ecu.ecu = item.string(u"Ecu", Need::Required);
        if (item.reader().ok() && ecu.ecu.isEmpty())
            item.fail(u"Ecu", QStringLiteral("empty"));
        ecu.hwId = item.string(u"HwId");
        ecu.swVersion = item.string(u"SwV");
        d.ecus.append(ecu);
    });
    d.rxswin = ext.stringList(u"RXSWIN");
    d.csr = ext.string(u"CSR");
    return d;
}

QJsonObject mergedExt(const DevInfo &d)
{
    QJsonObject ext = d.ext;
    if (!d.vin.isEmpty())
        setMember(ext, u"VIN", d.vin);
    if (!d.encryptedVin.isEmpty())
        setMember(ext, u"EncryptedVIN", d.encryptedVin);
    if (!d.nonce.isEmpty())
        setMember(ext, u"Nonce", d.nonce);
    if (!d.codecs.isEmpty())
        setMember(ext, u"Codecs", QJsonArray::fromStringList(d.codecs));
    if (d.deltaMaxMemoryMiB)
        setMember(ext, u"DeltaMaxMemoryMiB", *d.deltaMaxMemoryMiB);
    if (!d.ecus.isEmpty()) {
        QJsonArray ecus;
        for (const EcuInfo &ecu : d.ecus) {
            QJsonObject item{{QStringLiteral("Ecu"), ecu.ecu}};
            if (!ecu.hwId.isEmpty())
                item.insert(u"HwId", ecu.hwId);
            if (!ecu.swVersion.isEmpty())
                item.insert(u"SwV", ecu.swVersion);
            ecus.append(item);
        }
        setMember(ext, u"Ecus", ecus);
    }
    if (!d.rxswin.isEmpty())
        setMember(ext, u"RXSWIN", QJsonArray::fromStringList(d.rxswin));
    if (!d.csr.isEmpty())
        setMember(ext, u"CSR", d.csr);
    return ext;
}

void writeAlert(JsonWriter &out, const Alert &alert)
{
    out.beginObject();
    out.member(u"AlertType", alert.type);
    if (!alert.sourceUri.isEmpty())
        out.member(u"SourceURI", alert.sourceUri);
    if (!alert.targetUri.isEmpty())
        out.member(u"TargetURI", alert.targetUri);
    out.member(u"Mark", alert.mark.isEmpty() ? QStringLiteral("informational") : alert.mark);
    if (!alert.data.isEmpty()) {
        out.member(u"DataType", alert.dataType.isEmpty() ? QStringLiteral("application/json") : alert.dataType);
        out.member(u"Data", QJsonValue(alert.data));
    }
    out.endObject();
}

void writeDevInfo(JsonWriter &out, const DevInfo &d)
{
    out.beginObject();
    out.member(u"DevID", d.devId);
    out.member(u"Man", d.man);
    out.member(u"Mod", d.mod);
    out.member(u"DmV", d.dmV);
    out.member(u"Lang", d.lang);
    out.member(u"DevType", d.devType);
    out.member(u"OEM", d.oem);
    out.member(u"FwV", d.fwV);
    out.member(u"SwV", d.swV);
    out.member(u"HwV", d.hwV);
    const QJsonObject ext = mergedExt(d);
    if (!ext.isEmpty()) {
        out.key(u"Ext").beginObject();
        for (const QStringView name : s_extNames) {
            const auto it = ext.constFind(name);
            if (it != ext.constEnd())
                out.member(name, it.value());
        }
        for (auto it = ext.constBegin(); it != ext.constEnd(); ++it) {
            if (std::find(s_extNames.begin(), s_extNames.end(), it.key()) == s_extNames.end())
                out.member(it.key(), it.value());
        }
        out.endObject();
    }
    out.endObject();
}

} // namespace flotilla::omadm::detail
