#include "agent/commands/CommandLog.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

QJsonObject toJson(const CommandLog::Entry &entry)
{
    QJsonObject json{{u"CommandId"_s, entry.commandId},
                     {u"ResultCode"_s, entry.resultCode},
                     {u"Runs"_s, entry.runs},
                     {u"AtMs"_s, entry.atMs}};
    if (!entry.reason.isEmpty())
        json.insert(u"Reason"_s, entry.reason);
    if (entry.isPending()) {
        json.insert(u"SourceURI"_s, entry.sourceUri);
        json.insert(u"Args"_s, entry.args);
    }
    return json;
}

} // namespace

CommandLog::CommandLog(const AgentStore &store)
    : m_store(store)
{}

Status CommandLog::load()
{
    m_entries.clear();
    auto stored = m_store.loadCommandLog();
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return {};
    for (const QJsonValue &value : **stored) {
        const QJsonObject json = value.toObject();
        Entry entry;
        entry.commandId = json.value(u"CommandId"_s).toString();
        entry.resultCode = json.value(u"ResultCode"_s).toInt();
        entry.reason = json.value(u"Reason"_s).toString();
        entry.runs = json.value(u"Runs"_s).toInt();
        entry.atMs = qint64(json.value(u"AtMs"_s).toDouble());
        entry.sourceUri = json.value(u"SourceURI"_s).toString();
        entry.args = json.value(u"Args"_s).toObject();
        if (entry.commandId.isEmpty() || entry.commandId.size() > MaxCommandIdLength || entry.resultCode <= 0 ||
            find(entry.commandId))
            continue;
        m_entries.append(entry);
    }
    while (m_entries.size() > Capacity)
        m_entries.removeFirst();
    return {};
}

const CommandLog::Entry *CommandLog::find(const QString &commandId) const
{
    for (const Entry &entry : m_entries) {
        if (entry.commandId == commandId)
            return &entry;
    }
    return nullptr;
}

Status CommandLog::record(const Entry &entry)
{
    bool replaced = false;
    for (Entry &existing : m_entries) {
        if (existing.commandId == entry.commandId) {
            existing = entry;
            replaced = true;
            break;
        }
    }
    if (!replaced) {
        m_entries.append(entry);
        while (m_entries.size() > Capacity)
            m_entries.removeFirst();
    }
    return save();
}

QList<CommandLog::Entry> CommandLog::pending() const
{
    QList<Entry> result;
    for (const Entry &entry : m_entries) {
        if (entry.isPending())
            result.append(entry);
    }
    return result;
}

Status CommandLog::save() const
{
    QJsonArray array;
    for (const Entry &entry : m_entries)
        array.append(toJson(entry));
    return m_store.saveCommandLog(array);
}

} // namespace flotilla::agent
