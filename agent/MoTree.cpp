#include "agent/MoTree.h"

#include "core/omadm/Codes.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

constexpr omadm::MoKind Supported[] = {omadm::MoKind::DevInfo,       omadm::MoKind::DmAcc, omadm::MoKind::Fumo,
                                       omadm::MoKind::Scomo,         omadm::MoKind::Lawmo, omadm::MoKind::DiagMon,
                                       omadm::MoKind::VehicleControl};

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

MoTree::MoTree(VehicleProfile profile)
    : m_profile(std::move(profile))
{}

QList<omadm::MoSupport> MoTree::supportedMos() const
{
    QList<omadm::MoSupport> mos;
    for (omadm::MoKind kind : Supported) {
        omadm::MoSupport mo;
        mo.moid = omadm::canonicalMoid(kind);
        mo.miids = {u"miid1"_s};
        mo.kind = kind;
        mos.append(mo);
    }
    return mos;
}

QJsonObject MoTree::devInfo(const QString &proof, const QString &nonce) const
{
    omadm::DevInfo info;
    info.devId = m_profile.devId;
    info.man = m_profile.manufacturer;
    info.mod = m_profile.model;
    info.dmV = u"2.0"_s;
    info.lang = m_profile.language;
    info.devType = m_profile.devType;
    info.oem = m_profile.oem;
    info.fwV = m_profile.fwVersion;
    info.swV = m_profile.swVersion;
    info.hwV = m_profile.hwVersion;
    info.vin = m_profile.vin;
    info.encryptedVin = proof;
    info.nonce = nonce;
    info.codecs = m_profile.codecs;
    info.deltaMaxMemoryMiB = m_profile.deltaMaxMemoryMiB;
    for (const EcuProfile &ecu : m_profile.ecus)
        info.ecus.append({ecu.ecu, ecu.hwId, ecu.swVersion});
    info.rxswin = m_profile.rxswin;
    return info.toJson();
}

QJsonObject MoTree::moRoot(omadm::MoKind kind) const
{
    switch (kind) {
    case omadm::MoKind::DevInfo:
        return devInfo();
    case omadm::MoKind::DmAcc:
        // Never the secret: the token is not gettable (omadm.md §4.5).
        return QJsonObject{
            {u"SrvID"_s, m_account.srvId},
            {u"SrvURI"_s, m_account.srvUri},
            {u"Ext"_s, QJsonObject{{u"PollSeconds"_s, m_account.pollSeconds}, {u"NotifyURI"_s, m_account.notifyUri}}}};
    case omadm::MoKind::Fumo:
        return QJsonObject{{u"PkgName"_s, QString()},
                           {u"PkgVersion"_s, m_profile.swVersion},
                           {u"State"_s, QString::number(int(omadm::FumoState::Idle))}};
    case omadm::MoKind::Scomo: {
        QJsonObject deployed;
        for (const EcuProfile &ecu : m_profile.ecus) {
            const QString id = ecu.ecu + u"-app"_s;
            deployed.insert(id, QJsonObject{{u"ID"_s, id},
                                            {u"Name"_s, ecu.ecu},
                                            {u"Version"_s, ecu.swVersion},
                                            {u"State"_s, int(omadm::ScomoDeployedState::Active)},
                                            {u"Ext"_s, QJsonObject{{u"HwId"_s, ecu.hwId}}}});
        }
        return QJsonObject{{u"Inventory"_s, QJsonObject{{u"Deployed"_s, deployed}}}};
    }
    case omadm::MoKind::Lawmo:
        return QJsonObject{{u"State"_s, int(omadm::LawmoState::Unlocked)}};
    case omadm::MoKind::DiagMon:
        return QJsonObject{{u"DTC"_s, QJsonArray()}};
    case omadm::MoKind::VehicleControl: {
        const VehicleStatus &s = m_status;
        return QJsonObject{
            {u"Status"_s,
             QJsonObject{{u"Locked"_s, s.locked},
                         {u"Engine"_s, s.engineOn ? u"on"_s : u"off"_s},
                         {u"Climate"_s, QJsonObject{{u"On"_s, s.climateOn}, {u"TargetC"_s, s.climateTargetC}}},
                         {u"Trunk"_s, s.trunkOpen ? u"open"_s : u"closed"_s},
                         {u"BatteryPct"_s, s.batteryPct},
                         {u"SpeedKmh"_s, s.speedKmh},
                         {u"Gear"_s, s.gear},
                         {u"Ignition"_s, s.ignitionOn},
                         {u"Location"_s, QJsonObject{{u"Lat"_s, s.latitude},
                                                     {u"Lon"_s, s.longitude},
                                                     {u"TimeUtc"_s, isoUtc(s.locationTimeMs)}}}}}};
    }
    case omadm::MoKind::Unknown:
        break;
    }
    return {};
}

MoTree::GetResult MoTree::get(const QString &clientUri) const
{
    GetResult result;
    result.data.clientUri = clientUri;
    const auto uri = omadm::ClientUri::parse(clientUri);
    if (!uri || uri->kind == omadm::MoKind::Unknown) {
        result.status = int(omadm::StatusCode::NotFound);
        return result;
    }
    // Walk the path; the answer nests the node under its parents so that it stays unambiguous.
    QJsonValue node = moRoot(uri->kind);
    const QStringList segments = uri->path.split(u'/', Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        node = node.toObject().value(segment);
        if (node.isUndefined()) {
            result.status = int(omadm::StatusCode::NotFound);
            return result;
        }
    }
    for (auto it = segments.crbegin(); it != segments.crend(); ++it)
        node = QJsonObject{{*it, node}};
    result.data.data = QJsonObject{{omadm::moDataRootKey(uri->kind), node}};
    return result;
}

} // namespace flotilla::agent
