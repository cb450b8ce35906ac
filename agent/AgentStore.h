#pragma once

#include "agent/VehicleProfile.h"
#include "core/Result.h"
#include "core/omadm/Messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace flotilla::agent {

// The agent's own data folder: vehicle.json (identity), account.json (DM account with the token,
// owner-only permissions), ca.pem (the console CA pinned at registration), dtcs.json (the DiagMon
// DTC list), vehicle-state.json (what remote commands changed: locks, LAWMO state, user data...)
// and commands.json (the CommandIds already run, for once-only execution). Writes are atomic. The
// update machinery keeps its own files beside them (docs/agent.md).
class AgentStore final
{
public:
    explicit AgentStore(QString root); // empty root: nothing is persisted

    bool isPersistent() const { return !m_root.isEmpty(); }
    const QString &root() const { return m_root; }

    Result<std::optional<VehicleProfile>> loadProfile() const;
    Status saveProfile(const VehicleProfile &profile) const;
    Result<std::optional<omadm::DmAccount>> loadAccount() const;
    Status saveAccount(const omadm::DmAccount &account) const;
    Status forgetToken() const;              // after a 401: drop the account (token); the pinned CA stays
    Result<QByteArray> loadPinnedCa() const; // empty when none was pinned yet
    // The DiagMon DTC list (dtcs.json); nullopt when the vehicle never had one written.
    Result<std::optional<QJsonArray>> loadDtcs() const;
    Status saveDtcs(const QJsonArray &dtcs) const;
    // The vehicle's body state as remote commands left it (vehicle-state.json); nullopt when none.
    Result<std::optional<QJsonObject>> loadVehicleState() const;
    Status saveVehicleState(const QJsonObject &state) const;
    // The remote-command log (commands.json): the last CommandIds run, with their results.
    Result<std::optional<QJsonArray>> loadCommandLog() const;
    Status saveCommandLog(const QJsonArray &entries) const;

private:
    Result<std::optional<QJsonDocument>> loadJson(const QString &name) const;
    Status saveJson(const QString &name, const QJsonDocument &document) const;

    QString m_root;
};

} // namespace flotilla::agent
