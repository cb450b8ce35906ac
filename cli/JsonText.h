#pragma once

#include <QJsonObject>
#include <QString>

// How flotillactl shows fields of API answers in its tables and key/value listings.
namespace flotilla::cli {

// A string (empty shows "-"), an integer, yes/no for a boolean; "-" when absent.
QString fieldText(const QJsonObject &object, const QString &key);
// The UTC time of the field <name>Ms (milliseconds since the epoch); "-" when absent or zero.
QString fieldTime(const QJsonObject &object, const QString &name, Qt::DateFormat format = Qt::ISODate);

} // namespace flotilla::cli
