#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// Internal to core/omadm: typed, case-insensitive reading of decoded JSON with error messages that
// name the offending member ("Status[1].sc: expected an integer"), so a decoder reads like a schema.
namespace flotilla::omadm::detail {

enum class Need
{
    Optional,
    Required,
};

// A member by name, ignoring case (an exact match first). Undefined when absent; *ambiguous is set
// when several members match ignoring case.
QJsonValue findMember(const QJsonObject &object, QStringView name, bool *ambiguous = nullptr);

// An integral JSON number, or (allowString) a string of an optional '-' and at most 9 digits.
std::optional<int> toInteger(const QJsonValue &value, bool allowString);

// A member name made safe to quote in an error message sent back to a vehicle.
QString safeName(QStringView name);

// At most 200 characters, keeping the end (what is wrong) when a deep path makes it longer.
QString shortMessage(const QString &message);

// First-error sink shared by the readers of one decode.
class JsonReader final
{
public:
    bool ok() const { return !m_error.has_value(); }
    Error error() const { return m_error.value_or(Error(QStringLiteral("invalid message"), 400)); }
    // Keeps the first failure only: later ones are usually its consequences.
    void fail(const QString &path, const QString &what);

private:
    std::optional<Error> m_error;
};

class ObjectReader final
{
public:
    ObjectReader(JsonReader &reader, QJsonObject object, QString path);

    const QJsonObject &json() const { return m_object; }
    const QString &path() const { return m_path; }
    JsonReader &reader() const { return *m_reader; }
    QString memberPath(QStringView name) const;

    // The member (or its alias) ignoring case; Undefined when absent. Fails when ambiguous.
    QJsonValue value(QStringView name, QStringView alias = {}) const;
    bool has(QStringView name, QStringView alias = {}) const;

    QString string(QStringView name, Need need = Need::Optional, QStringView alias = {}) const;
    // An integer or an integer string within [min, max].
    std::optional<int> integer(QStringView name, Need need, int min, int max) const;
    // A string or an integer, as a string (IDs that some senders write as numbers).
    QString stringOrInteger(QStringView name, Need need = Need::Optional) const;
    QStringList stringList(QStringView name, Need need = Need::Optional) const;
    QJsonObject object(QStringView name, Need need = Need::Optional) const;
    QJsonArray array(QStringView name, Need need = Need::Optional, QStringView alias = {}) const;
    // The nested object as a reader (an empty one when absent or wrong).
    ObjectReader child(QStringView name, Need need = Need::Optional) const;
    // Calls visit for each element of an array of objects.
    void forEachObject(QStringView name, Need need, const std::function<void(const ObjectReader &)> &visit,
                       QStringView alias = {}) const;

    void fail(QStringView name, const QString &what) const;

private:
    JsonReader *m_reader;
    QJsonObject m_object;
    QString m_path;
};

// Checks a string value read from anywhere (length, no NUL); reports against path.
bool checkString(JsonReader &reader, const QString &path, const QString &text);

} // namespace flotilla::omadm::detail
