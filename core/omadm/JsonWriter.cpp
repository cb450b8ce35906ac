#include "core/omadm/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace flotilla::omadm::detail {

namespace {

// Largest magnitude below which every integer is exactly representable as a double.
constexpr double MaxExactInteger = 9007199254740992.0; // 2^53

// QJsonDocument writes a double such as 3e9 as "3e+09": integral doubles become integers here,
// so a number the caller meant as an integer always reaches the vehicle as one.
QJsonValue integralNumbers(const QJsonValue &json)
{
    switch (json.type()) {
    case QJsonValue::Double: {
        const double d = json.toDouble();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < MaxExactInteger)
            return QJsonValue(qint64(d));
        return json;
    }
    case QJsonValue::Array: {
        QJsonArray items = json.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            items[i] = integralNumbers(items.at(i));
        return items;
    }
    case QJsonValue::Object: {
        QJsonObject object = json.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = integralNumbers(it.value());
        return object;
    }
    default:
        return json;
    }
}

QByteArray serialise(const QJsonValue &input)
{
    const QJsonValue json = integralNumbers(input);
    if (json.isObject())
        return QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact);
    if (json.isArray())
        return QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact);
    if (json.isUndefined())
        return QByteArrayLiteral("null");
    // Scalars: wrap in an array and strip the brackets, so escaping and number format are Qt's.
    const QByteArray wrapped = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_hasItems.isEmpty()) {
        if (m_hasItems.last())
            m_out.append(',');
        m_hasItems.last() = true;
    }
}

void JsonWriter::raw(const QByteArray &bytes)
{
    separate();
    m_out.append(bytes);
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_hasItems.append(false);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_hasItems.removeLast();
    m_out.append('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_hasItems.append(false);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_hasItems.removeLast();
    m_out.append(']');
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    raw(serialise(QJsonValue(name.toString())));
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(const QString &text)
{
    raw(serialise(QJsonValue(text)));
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    raw(QByteArray::number(number));
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &json)
{
    raw(serialise(json));
    return *this;
}

JsonWriter &JsonWriter::value(const QStringList &items)
{
    beginArray();
    for (const QString &item : items)
        value(item);
    return endArray();
}

} // namespace flotilla::omadm::detail
