#include "cli/JsonText.h"

#include "cli/TextTable.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace flotilla::cli {

QString fieldText(const QJsonObject &object, const QString &key)
{
    const QJsonValue value = object.value(key);
    if (value.isString() && !value.toString().isEmpty())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    if (value.isBool())
        return value.toBool() ? u"yes"_s : u"no"_s;
    return u"-"_s;
}

QString fieldTime(const QJsonObject &object, const QString &name, Qt::DateFormat format)
{
    const qint64 ms = object.value(name + u"Ms").toInteger();
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(format) : u"-"_s;
}

Result<qint64> parseId(const QString &argument, const QString &kind, const QString &name)
{
    bool ok = false;
    const qint64 id = argument.toLongLong(&ok);
    if (!ok || id <= 0)
        return Error(u"%1 must be a %2 id (a positive integer), not '%3'"_s.arg(name, kind, argument));
    return id;
}

void printPerVehicle(const QJsonArray &rows, const QString &itemKey, const QString &itemHeader, QTextStream &out)
{
    TextTable table({u"VIN"_s, itemHeader, u"STATE"_s, u"REFUSED BECAUSE"_s});
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        const QJsonObject item = row.value(itemKey).toObject();
        table.addRow({fieldText(row, u"vin"_s), item.isEmpty() ? u"-"_s : fieldText(item, u"id"_s),
                      item.isEmpty() ? u"refused"_s : fieldText(item, u"state"_s), fieldText(row, u"error"_s)});
    }
    table.write(out);
}

QString actorOf(const QCommandLineParser &parser)
{
    const QString actor = parser.value(u"actor"_s);
    return actor.isEmpty() ? qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")) : actor;
}

QJsonObject actorBody(const QCommandLineParser &parser)
{
    const QString actor = actorOf(parser);
    return actor.isEmpty() ? QJsonObject() : QJsonObject{{u"actor"_s, actor}};
}

} // namespace flotilla::cli
