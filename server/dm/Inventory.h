#pragma once

#include "core/omadm/Messages.h"
#include "server/store/Records.h"

#include <QJsonObject>

namespace flotilla::server::dm {

// Copies what a DevInfo says into the vehicle's inventory columns. Returns the fields that changed
// as {"field": {"from": ..., "to": ...}} (empty when nothing did), for the event log.
QJsonObject applyDevInfo(store::VehicleRecord &vehicle, const omadm::DevInfo &devInfo);

} // namespace flotilla::server::dm
