#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTextStream>

class QCommandLineParser;

// How flotillactl shows fields of API answers in its tables and key/value listings.
namespace flotilla::cli {

// A string (empty shows "-"), an integer, yes/no for a boolean; "-" when absent.
QString fieldText(const QJsonObject &object, const QString &key);
// The UTC time of the field <name>Ms (milliseconds since the epoch); "-" when absent or zero.
QString fieldTime(const QJsonObject &object, const QString &name, Qt::DateFormat format = Qt::ISODate);

// An id argument: a positive integer. The error names the argument as the usage line does
// ("<name> must be a <kind> id ...").
Result<qint64> parseId(const QString &argument, const QString &kind, const QString &name = QStringLiteral("ID"));

// What a command sent to several vehicles answered, one row per vehicle: VIN, the item's id and
// state (itemKey: "job", "command"), or why the vehicle got none.
void printPerVehicle(const QJsonArray &rows, const QString &itemKey, const QString &itemHeader, QTextStream &out);

// The operator named by --actor, else the login name ($USER, $USERNAME); may be empty.
QString actorOf(const QCommandLineParser &parser);
// {"actor": actorOf(parser)}, or {} without a name. The local admin token lets the caller name the
// operator; a logged-in user's name is the server's to decide (it ignores "actor" then).
QJsonObject actorBody(const QCommandLineParser &parser);

} // namespace flotilla::cli
