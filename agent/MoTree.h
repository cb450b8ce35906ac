#pragma once

#include "agent/VehicleProfile.h"
#include "core/Result.h"
#include "core/omadm/Messages.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace flotilla::agent {

// The owner's data in the head unit that a LAWMO Wipe erases (simulated as counts).
struct VehicleUserData
{
    int pairedPhones = 2;
    int destinations = 12;
    int driverProfiles = 2;
    qint64 wipedMs = 0; // when it was last wiped (0: never)
};

// What the vehicle's body reports about itself (vehicle control MO Status). The update pipeline
// and remote commands drive these values; the simulator moves them.
struct VehicleStatus
{
    bool locked = true;
    bool engineOn = false;
    bool climateOn = false;
    int climateTargetC = 21;
    bool trunkOpen = false;
    int batteryPct = 80;
    int speedKmh = 0;
    QString gear = QStringLiteral("P");
    bool ignitionOn = false;
    double latitude = 0;
    double longitude = 0;
    qint64 locationTimeMs = 0;
    qint64 odometerKm = 0;
    int hornLightsCount = 0;  // HornLights operations run
    int lawmoState = 30;      // LAWMO State: 10 fully, 20 partially locked, 30 unlocked
    VehicleUserData userData; // what Wipe and FactoryReset erase
};

// The vehicle's management tree: the MOs it announces in package #1 and answers GET for.
// Everything is derived from the profile and status on demand, so it never goes stale.
class MoTree final
{
public:
    explicit MoTree(VehicleProfile profile);

    const VehicleProfile &profile() const { return m_profile; }
    void setProfile(VehicleProfile profile) { m_profile = std::move(profile); }
    VehicleStatus &status() { return m_status; }
    const VehicleStatus &status() const { return m_status; }
    void setAccount(const omadm::DmAccount &account) { m_account = account; }

    // The MOs this agent supports, under their canonical MOIDs.
    QList<omadm::MoSupport> supportedMos() const;
    // DevInfo node; with registration members (EncryptedVIN, Nonce) when given.
    QJsonObject devInfo(const QString &proof = {}, const QString &nonce = {}) const;

    struct GetResult
    {
        int status = 200; // 404 when the MO or the node does not exist
        omadm::MoData data;
    };
    // GET of a ClientURI: the MO (or the node at its path) as MOData {"<root>": {...}}.
    GetResult get(const QString &clientUri) const;
    // The node at a path of an MO as GET shows it; Undefined when there is none.
    QJsonValue node(omadm::MoKind kind, const QString &path) const;

    // HGET targets (PROTOCOL.md §6): FUMO DownloadAndUpdate/PkgURL and Download/PkgURL (strings),
    // SCOMO Download/<PkgID> (an object {PkgID, Name, PkgURL, Description}, or one of its leaves).
    // Error code 404: not a node the server can write; 400: a value of the wrong type.
    Status setNode(const omadm::ClientUri &uri, const QJsonValue &value);
    static bool isWritable(const omadm::ClientUri &uri);

    // Remote-command operations (docs/protocol-notes.md "Remote commands"): the EXEC nodes
    // Operations/<name> of LAWMO, DiagMon and the vehicle control MO, and their Args, which an HGET
    // writes right before the EXEC and the EXEC consumes.
    static QStringList operationsOf(omadm::MoKind kind);
    static bool isOperation(const omadm::ClientUri &uri); // <mo>//Operations/<name> of a known operation
    std::optional<QJsonObject> takeOperationArgs(omadm::MoKind kind, const QString &operation);

    // The update machinery's view of FUMO (State, Ext/Progress, PkgName, PkgVersion).
    void setFumoState(int state, int progress);
    void setFumoPackage(const QString &name, const QString &version);
    // DiagMon DTC list: [{Code, Ecu, Status, FirstSeenUtc}].
    const QJsonArray &dtcs() const { return m_dtcs; }
    void setDtcs(QJsonArray dtcs) { m_dtcs = std::move(dtcs); }

private:
    QJsonObject moRoot(omadm::MoKind kind) const;
    QJsonObject operationsNode(omadm::MoKind kind) const;

    VehicleProfile m_profile;
    VehicleStatus m_status;
    omadm::DmAccount m_account;
    QJsonObject m_fumoUrls;       // {"DownloadAndUpdate":{"PkgURL"}, "Download":{"PkgURL"}}
    QJsonObject m_scomoDownloads; // <PkgID> → {PkgID, Name, PkgURL, Description}
    int m_fumoState = 10;
    int m_fumoProgress = 0;
    QString m_pkgName;
    QString m_pkgVersion;
    QJsonArray m_dtcs;
    QHash<QString, QJsonObject> m_operationArgs; // "<root>/<operation>" → Args written by an HGET
};

} // namespace flotilla::agent
