#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// Internal to core/omadm: a compact JSON writer that keeps members in the order they are written,
// so encoded messages read like the forms in PROTOCOL.md (QJsonObject would sort the keys).
// Strings and nested values are escaped by QJsonDocument, so the output is what Qt would write.
namespace flotilla::omadm::detail {

class JsonWriter final
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QStringView name);

    JsonWriter &value(const QString &text);
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    // Any JSON value; integers stay integers (QJsonDocument never writes "200.0").
    JsonWriter &value(const QJsonValue &json);
    JsonWriter &value(const QStringList &items);

    template<typename T>
    JsonWriter &member(QStringView name, const T &v)
    {
        key(name);
        return value(v);
    }

    const QByteArray &data() const { return m_out; }

private:
    void separate();
    void raw(const QByteArray &bytes);

    QByteArray m_out;
    QList<bool> m_hasItems; // per open container: whether a comma is due
    bool m_afterKey = false;
};

} // namespace flotilla::omadm::detail
