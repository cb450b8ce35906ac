#include "core/omadm/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace flotilla::omadm::detail {

namespace {

// Qt writes an integral double below 2^53 as an integer ("200", never "200.0"); the codec tests
// check the bytes, so a Qt that changed this would be caught.
QByteArray serialise(const QJsonValue &json)
{
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
