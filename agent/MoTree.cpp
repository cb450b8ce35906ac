#include "agent/MoTree.h"

#include "core/omadm/Codes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

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

// Args arrive from the network (an HGET): small, flat objects only.
constexpr qsizetype MaxArgsBytes = 4096;

QString argsKey(omadm::MoKind kind, const QString &operation)
{
    return omadm::moDataRootKey(kind) + u'/' + operation;
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
    case omadm::MoKind::Fumo: {
        const auto url = [this](const QString &operation) {
            return QJsonObject{{u"PkgURL"_s, m_fumoUrls.value(operation).toObject().value(u"PkgURL"_s).toString()}};
        };
        return QJsonObject{{u"PkgName"_s, m_pkgName},
                           {u"PkgVersion"_s, m_pkgVersion.isEmpty() ? m_profile.swVersion : m_pkgVersion},
                           {u"State"_s, QString::number(m_fumoState)},
                           {u"DownloadAndUpdate"_s, url(u"DownloadAndUpdate"_s)},
                           {u"Download"_s, url(u"Download"_s)},
                           {u"Update"_s, QJsonObject()},
                           {u"Ext"_s, QJsonObject{{u"Progress"_s, m_fumoProgress}}}};
    }
    case omadm::MoKind::Scomo: {
        QJsonObject deployed;
        const auto add = [&deployed](const QString &id, const QString &name, const QString &version,
                                     const QString &hwId) {
            deployed.insert(id, QJsonObject{{u"ID"_s, id},
                                            {u"Name"_s, name},
                                            {u"Version"_s, version},
                                            {u"State"_s, int(omadm::ScomoDeployedState::Active)},
                                            {u"Ext"_s, QJsonObject{{u"HwId"_s, hwId}}}});
        };
        for (const EcuProfile &ecu : m_profile.ecus)
            add(ecu.ecu + u"-app"_s, ecu.ecu, ecu.swVersion, ecu.hwId);
        for (const AppProfile &app : m_profile.apps) // installed by SCOMO: wins over the ECU's default
            add(app.id, app.name, app.version, app.hwId);
        return QJsonObject{{u"Download"_s, m_scomoDownloads}, {u"Inventory"_s, QJsonObject{{u"Deployed"_s, deployed}}}};
    }
    case omadm::MoKind::Lawmo: {
        const VehicleUserData &user = m_status.userData;
        QJsonObject userData{{u"PairedPhones"_s, user.pairedPhones},
                             {u"Destinations"_s, user.destinations},
                             {u"DriverProfiles"_s, user.driverProfiles}};
        if (user.wipedMs > 0)
            userData.insert(u"WipedUtc"_s, isoUtc(user.wipedMs));
        return QJsonObject{{u"State"_s, m_status.lawmoState},
                           {u"Operations"_s, operationsNode(kind)},
                           {u"Ext"_s, QJsonObject{{u"UserData"_s, userData}}}};
    }
    case omadm::MoKind::DiagMon:
        return QJsonObject{{u"DTC"_s, m_dtcs}, {u"Operations"_s, operationsNode(kind)}};
    case omadm::MoKind::VehicleControl: {
        const VehicleStatus &s = m_status;
        return QJsonObject{
            {u"Operations"_s, operationsNode(kind)},
            {u"Status"_s,
             QJsonObject{{u"Locked"_s, s.locked},
                         {u"Engine"_s, s.engineOn ? u"on"_s : u"off"_s},
                         {u"Climate"_s, QJsonObject{{u"On"_s, s.climateOn}, {u"TargetC"_s, s.climateTargetC}}},
                         {u"Trunk"_s, s.trunkOpen ? u"open"_s : u"closed"_s},
                         {u"BatteryPct"_s, s.batteryPct},
                         {u"SpeedKmh"_s, s.speedKmh},
                         {u"Gear"_s, s.gear},
                         {u"Ignition"_s, s.ignitionOn},
                         {u"HornLightsCount"_s, s.hornLightsCount},
                         {u"Location"_s, QJsonObject{{u"Lat"_s, s.latitude},
                                                     {u"Lon"_s, s.longitude},
                                                     {u"TimeUtc"_s, isoUtc(s.locationTimeMs)}}}}}};
    }
    case omadm::MoKind::Unknown:
        break;
    }
    return {};
}

QJsonObject MoTree::operationsNode(omadm::MoKind kind) const
{
    QJsonObject operations;
    for (const QString &operation : operationsOf(kind)) {
        const auto args = m_operationArgs.constFind(argsKey(kind, operation));
        operations.insert(operation, args == m_operationArgs.cend() ? QJsonObject() : QJsonObject{{u"Args"_s, *args}});
    }
    return operations;
}

QStringList MoTree::operationsOf(omadm::MoKind kind)
{
    switch (kind) {
    case omadm::MoKind::VehicleControl:
        return {u"Lock"_s,       u"Unlock"_s,      u"HornLights"_s, u"OpenTrunk"_s, u"ClimateOn"_s,
                u"ClimateOff"_s, u"EngineStart"_s, u"EngineStop"_s, u"Locate"_s};
    case omadm::MoKind::Lawmo:
        return {u"FullyLock"_s, u"PartiallyLock"_s, u"UnLock"_s, u"Wipe"_s, u"FactoryReset"_s};
    case omadm::MoKind::DiagMon:
        return {u"ClearDTC"_s};
    default:
        return {};
    }
}

bool MoTree::isOperation(const omadm::ClientUri &uri)
{
    const QStringList segments = uri.path.split(u'/', Qt::SkipEmptyParts);
    return segments.size() == 2 && segments.at(0) == u"Operations" && operationsOf(uri.kind).contains(segments.at(1));
}

std::optional<QJsonObject> MoTree::takeOperationArgs(omadm::MoKind kind, const QString &operation)
{
    const auto it = m_operationArgs.find(argsKey(kind, operation));
    if (it == m_operationArgs.end())
        return std::nullopt;
    QJsonObject args = *it;
    m_operationArgs.erase(it);
    return args;
}

QJsonValue MoTree::node(omadm::MoKind kind, const QString &path) const
{
    QJsonValue node = moRoot(kind);
    for (const QString &segment : path.split(u'/', Qt::SkipEmptyParts)) {
        node = node.toObject().value(segment);
        if (node.isUndefined())
            break;
    }
    return node;
}

bool MoTree::isWritable(const omadm::ClientUri &uri)
{
    const QStringList segments = uri.path.split(u'/', Qt::SkipEmptyParts);
    if (uri.kind == omadm::MoKind::Fumo)
        return segments.size() == 2 && segments.at(1) == u"PkgURL" &&
               (segments.at(0) == u"DownloadAndUpdate" || segments.at(0) == u"Download");
    if (uri.kind == omadm::MoKind::Scomo && segments.size() >= 2 && segments.size() <= 3 &&
        segments.at(0) == u"Download") {
        static const QStringList leaves{u"PkgID"_s, u"Name"_s, u"PkgURL"_s, u"Description"_s};
        return segments.size() == 2 || leaves.contains(segments.at(2));
    }
    // Operations/<name>/Args of a remote-command operation.
    return segments.size() == 3 && segments.at(0) == u"Operations" && segments.at(2) == u"Args" &&
           operationsOf(uri.kind).contains(segments.at(1));
}

Status MoTree::setNode(const omadm::ClientUri &uri, const QJsonValue &value)
{
    const QStringList segments = uri.path.split(u'/', Qt::SkipEmptyParts);
    const auto notWritable = [&] {
        return Error(u"%1 is not a node the server can write"_s.arg(uri.toString()), int(omadm::StatusCode::NotFound));
    };
    if (!isWritable(uri))
        return notWritable();
    const auto badValue = [&](const char *expected) {
        return Error(u"%1: expected %2"_s.arg(uri.toString(), QLatin1StringView(expected)),
                     int(omadm::StatusCode::BadRequest));
    };
    if (uri.kind == omadm::MoKind::Fumo) {
        if (segments.size() != 2 || segments.at(1) != u"PkgURL" ||
            (segments.at(0) != u"DownloadAndUpdate" && segments.at(0) != u"Download"))
            return notWritable();
        if (!value.isString())
            return badValue("a URL string");
        m_fumoUrls.insert(segments.at(0), QJsonObject{{u"PkgURL"_s, value.toString()}});
        return {};
    }
    if (uri.kind == omadm::MoKind::Scomo && segments.size() >= 2 && segments.size() <= 3 &&
        segments.at(0) == u"Download") {
        const QString pkgId = segments.at(1);
        if (segments.size() == 2) {
            if (!value.isObject())
                return badValue("a {PkgID, Name, PkgURL, Description} object");
            QJsonObject package;
            const QJsonObject in = value.toObject();
            for (const QString &key : {u"PkgID"_s, u"Name"_s, u"PkgURL"_s, u"Description"_s}) {
                if (in.value(key).isString())
                    package.insert(key, in.value(key));
            }
            if (!package.contains(u"PkgID"_s))
                package.insert(u"PkgID"_s, pkgId);
            m_scomoDownloads.insert(pkgId, package);
            return {};
        }
        const QString leaf = segments.at(2);
        if (leaf != u"PkgID" && leaf != u"Name" && leaf != u"PkgURL" && leaf != u"Description")
            return notWritable();
        if (!value.isString())
            return badValue("a string");
        QJsonObject package = m_scomoDownloads.value(pkgId).toObject();
        package.insert(leaf, value);
        m_scomoDownloads.insert(pkgId, package);
        return {};
    }
    if (segments.size() == 3 && segments.at(2) == u"Args") {
        if (!value.isObject())
            return badValue("an Args object");
        if (QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).size() > MaxArgsBytes)
            return badValue("Args of at most 4 KiB");
        m_operationArgs.insert(argsKey(uri.kind, segments.at(1)), value.toObject());
        return {};
    }
    return notWritable();
}

void MoTree::setFumoState(int state, int progress)
{
    m_fumoState = state;
    m_fumoProgress = qBound(0, progress, 100);
}

void MoTree::setFumoPackage(const QString &name, const QString &version)
{
    m_pkgName = name;
    m_pkgVersion = version;
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
