#pragma once

#include "core/omadm/JsonReader.h"
#include "core/omadm/JsonWriter.h"
#include "core/omadm/Messages.h"

// Internal to core/omadm: reading and writing of the message parts shared by several messages
// (alerts, DevInfo), used by Codec.cpp and by DevInfo::fromJson/toJson.
namespace flotilla::omadm::detail {

Alert readAlert(const ObjectReader &in);
QList<Alert> readAlerts(const ObjectReader &message);
DevInfo readDevInfo(const ObjectReader &in);

// A ClientURI in the exact form when it parses, else the trimmed text (alerts may carry URIs we
// do not understand; they are kept, not rejected).
QString normaliseUriText(const QString &text);

// Ext of a DevInfo: the received Ext with the typed members written over it under their exact names.
QJsonObject mergedExt(const DevInfo &devInfo);

void writeAlert(JsonWriter &out, const Alert &alert);
void writeDevInfo(JsonWriter &out, const DevInfo &devInfo);

} // namespace flotilla::omadm::detail
