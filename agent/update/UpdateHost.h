#pragma once

#include "agent/net/AsioRuntime.h"
#include "core/Result.h"
#include "core/crypto/Keys.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>
#include <utility>

namespace flotilla::agent {

class AlertOutbox;
class MoTree;

// What the update machinery needs from the vehicle agent that runs it (VehicleAgent implements
// it): its lane, connections that trust the pinned console CA, its identity headers, its trusted
// signing keys, its MO tree and profile, and the outbox its sessions drain.
class UpdateHost
{
public:
    virtual ~UpdateHost() = default;
    virtual net::Lane &updateLane() = 0;
    // A new connection to the URL's host, verified against the console CA pinned at registration.
    virtual Result<std::unique_ptr<net::HttpsClient>> createClient(const QUrl &url) = 0;
    // Token, OMADM-DevID, VIN and the given Accept (PROTOCOL.md §1).
    virtual QList<std::pair<QByteArray, QByteArray>> authHeaders(const QByteArray &accept) const = 0;
    virtual QList<crypto::PublicKey> trustedKeys() const = 0; // DmAcc/Ext/SigningKeys
    virtual MoTree &moTree() = 0;
    virtual Status saveProfile() = 0; // after moTree().setProfile()
    virtual Status saveDtcs() = 0;    // after moTree().setDtcs()
    virtual AlertOutbox &outbox() = 0;
    virtual void alertsQueued() = 0;       // open a session soon to send them
    virtual bool isPersistent() const = 0; // false: an in-memory agent (its update files are temporary)
    virtual QString updateDataDir() = 0;
    // The injected crash happened: stop everything, as a dead process would.
    virtual void halt() = 0;
};

} // namespace flotilla::agent
