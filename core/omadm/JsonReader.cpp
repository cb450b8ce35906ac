#include "core/omadm/JsonReader.h"

#include "core/omadm/Codec.h"

#include <cmath>
#include <limits>

namespace flotilla::omadm::detail {

QJsonValue findMember(const QJsonObject &object, QStringView name, bool *ambiguous)
{
    if (ambiguous)
        *ambiguous = false;
    if (name.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const auto exact = object.constFind(name);
    if (exact != object.constEnd() && !ambiguous)
        return exact.value();
    // Several spellings of one member ("Status" and "status") are refused rather than guessed
    // between: another reader could pick the other one.
    QJsonValue found(QJsonValue::Undefined);
    int matches = 0;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (++matches == 1)
            found = it.value();
    }
    if (ambiguous)
        *ambiguous = matches > 1;
    return exact != object.constEnd() ? exact.value() : found;
}

std::optional<int> toInteger(const QJsonValue &value, bool allowString)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d || d < double(std::numeric_limits<int>::min()) ||
            d > double(std::numeric_limits<int>::max()))
            return std::nullopt;
        return int(d);
    }
    if (allowString && value.isString()) {
        const QString text = value.toString().trimmed();
        qsizetype start = text.startsWith(u'-') ? 1 : 0;
        if (text.size() <= start || text.size() - start > 9)
            return std::nullopt;
        for (qsizetype i = start; i < text.size(); ++i) {
            if (text[i] < u'0' || text[i] > u'9')
                return std::nullopt;
        }
        return text.toInt();
    }
    return std::nullopt;
}

QString safeName(QStringView name)
{
    constexpr qsizetype MaxShown = 40;
    QString out;
    out.reserve(qMin(name.size(), MaxShown) + 1);
    for (qsizetype i = 0; i < name.size() && i < MaxShown; ++i) {
        const QChar c = name[i];
        out.append(c.isPrint() ? c : u'?');
    }
    if (name.size() > MaxShown)
        out.append(QChar(0x2026)); // …
    return out;
}

void JsonReader::fail(const QString &path, const QString &what)
{
    if (m_error)
        return;
    m_error = Error(shortMessage(path.isEmpty() ? what : path + u": " + what), 400);
}

QString shortMessage(const QString &message)
{
    constexpr qsizetype MaxChars = 200;
    if (message.size() <= MaxChars)
        return message;
    // The end says what is wrong; the start of a long path matters least.
    return QChar(0x2026) + message.right(MaxChars - 1);
}

bool checkString(JsonReader &reader, const QString &path, const QString &text)
{
    if (text.size() > limits::MaxStringChars) {
        reader.fail(path, QStringLiteral("string longer than %1 characters").arg(limits::MaxStringChars));
        return false;
    }
    if (text.contains(QChar(0))) {
        reader.fail(path, QStringLiteral("contains a NUL character"));
        return false;
    }
    return true;
}

ObjectReader::ObjectReader(JsonReader &reader, QJsonObject object, QString path)
    : m_reader(&reader)
    , m_object(std::move(object))
    , m_path(std::move(path))
{
    if (m_object.size() > limits::MaxArrayItems)
        m_reader->fail(m_path, QStringLiteral("more than %1 members").arg(limits::MaxArrayItems));
}

QString ObjectReader::memberPath(QStringView name) const
{
    return m_path.isEmpty() ? name.toString() : m_path + u'.' + name;
}

void ObjectReader::fail(QStringView name, const QString &what) const
{
    m_reader->fail(memberPath(name), what);
}

QJsonValue ObjectReader::value(QStringView name, QStringView alias) const
{
    bool ambiguous = false;
    QJsonValue found = findMember(m_object, name, &ambiguous);
    if (ambiguous) {
        fail(name, QStringLiteral("given more than once (in different case)"));
        return QJsonValue(QJsonValue::Undefined);
    }
    if (found.isUndefined() && !alias.isEmpty()) {
        found = findMember(m_object, alias, &ambiguous);
        if (ambiguous) {
            fail(alias, QStringLiteral("given more than once (in different case)"));
            return QJsonValue(QJsonValue::Undefined);
        }
    } else if (!alias.isEmpty() && !findMember(m_object, alias).isUndefined()) {
        fail(name, QStringLiteral("given together with %1").arg(alias));
        return QJsonValue(QJsonValue::Undefined);
    }
    return found;
}

bool ObjectReader::has(QStringView name, QStringView alias) const
{
    return !findMember(m_object, name).isUndefined() ||
           (!alias.isEmpty() && !findMember(m_object, alias).isUndefined());
}

QString ObjectReader::string(QStringView name, Need need, QStringView alias) const
{
    const QJsonValue v = value(name, alias);
    if (v.isUndefined()) {
        if (need == Need::Required)
            fail(name, QStringLiteral("required"));
        return {};
    }
    if (!v.isString()) {
        fail(name, QStringLiteral("expected a string"));
        return {};
    }
    QString text = v.toString();
    if (!checkString(*m_reader, memberPath(name), text))
        return {};
    return text;
}

std::optional<int> ObjectReader::integer(QStringView name, Need need, int min, int max) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined()) {
        if (need == Need::Required)
            fail(name, QStringLiteral("required"));
        return std::nullopt;
    }
    const std::optional<int> number = toInteger(v, true);
    if (!number) {
        fail(name, QStringLiteral("expected an integer"));
        return std::nullopt;
    }
    if (*number < min || *number > max) {
        fail(name, QStringLiteral("out of range"));
        return std::nullopt;
    }
    return number;
}

QString ObjectReader::stringOrInteger(QStringView name, Need need) const
{
    const QJsonValue v = value(name);
    if (v.isDouble()) {
        const std::optional<int> number = toInteger(v, false);
        if (!number) {
            fail(name, QStringLiteral("expected a string or an integer"));
            return {};
        }
        return QString::number(*number);
    }
    if (!v.isUndefined() && !v.isString()) {
        fail(name, QStringLiteral("expected a string or an integer"));
        return {};
    }
    return string(name, need);
}

QStringList ObjectReader::stringList(QStringView name, Need need) const
{
    const QJsonArray items = array(name, need);
    QStringList out;
    out.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        const QString itemPath = memberPath(name) + u'[' + QString::number(i) + u']';
        if (!item.isString()) {
            m_reader->fail(itemPath, QStringLiteral("expected a string"));
            return {};
        }
        QString text = item.toString();
        if (!checkString(*m_reader, itemPath, text))
            return {};
        out.append(std::move(text));
    }
    return out;
}

QJsonObject ObjectReader::object(QStringView name, Need need) const
{
    const QJsonValue v = value(name);
    if (v.isUndefined()) {
        if (need == Need::Required)
            fail(name, QStringLiteral("required"));
        return {};
    }
    if (!v.isObject()) {
        fail(name, QStringLiteral("expected an object"));
        return {};
    }
    return v.toObject();
}

QJsonArray ObjectReader::array(QStringView name, Need need, QStringView alias) const
{
    const QJsonValue v = value(name, alias);
    if (v.isUndefined()) {
        if (need == Need::Required)
            fail(name, QStringLiteral("required"));
        return {};
    }
    if (!v.isArray()) {
        fail(name, QStringLiteral("expected an array"));
        return {};
    }
    QJsonArray items = v.toArray();
    if (items.size() > limits::MaxArrayItems) {
        fail(name, QStringLiteral("more than %1 items").arg(limits::MaxArrayItems));
        return {};
    }
    return items;
}

ObjectReader ObjectReader::child(QStringView name, Need need) const
{
    return ObjectReader(*m_reader, object(name, need), memberPath(name));
}

void ObjectReader::forEachObject(QStringView name, Need need, const std::function<void(const ObjectReader &)> &visit,
                                 QStringView alias) const
{
    const QJsonArray items = array(name, need, alias);
    for (qsizetype i = 0; i < items.size() && m_reader->ok(); ++i) {
        const QString itemPath = memberPath(name) + u'[' + QString::number(i) + u']';
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            m_reader->fail(itemPath, QStringLiteral("expected an object"));
            return;
        }
        visit(ObjectReader(*m_reader, item.toObject(), itemPath));
    }
}

} // namespace flotilla::omadm::detail
