#include "cli/JsonText.h"

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

} // namespace flotilla::cli
