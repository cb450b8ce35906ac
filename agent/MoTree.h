#pragma once

#include "agent/VehicleProfile.h"
#include "core/omadm/Messages.h"

#include <QJsonObject>
#include <QList>

namespace flotilla::agent {

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

private:
    QJsonObject moRoot(omadm::MoKind kind) const;

    VehicleProfile m_profile;
    VehicleStatus m_status;
    omadm::DmAccount m_account;
};

} // namespace flotilla::agent
