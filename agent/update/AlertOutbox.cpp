#include "agent/update/AlertOutbox.h"

#include "core/omadm/Codec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

omadm::Alert alertFromJson(const QJsonObject &json)
{
    omadm::Alert alert;
    alert.type = json.value(u"AlertType"_s).toString();
    alert.sourceUri = json.value(u"SourceURI"_s).toString();
    alert.targetUri = json.value(u"TargetURI"_s).toString();
    alert.mark = json.value(u"Mark"_s).toString();
    alert.dataType = json.value(u"DataType"_s).toString();
    alert.data = json.value(u"Data"_s).toObject();
    return alert;
}

} // namespace

AlertOutbox::AlertOutbox(QString path)
    : m_path(std::move(path))
{}

Status AlertOutbox::load()
{
    m_entries.clear();
    if (m_path.isEmpty())
        return {};
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"cannot read %1: %2"_s.arg(m_path, file.errorString()));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        Entry entry;
        entry.id = m_nextId++;
        entry.jobId = o.value(u"JobId"_s).toString();
        entry.kind = o.value(u"Kind"_s).toString() == u"final" ? Kind::Final : Kind::Progress;
        entry.alert = alertFromJson(o.value(u"Alert"_s).toObject());
        if (!entry.alert.type.isEmpty())
            m_entries.append(entry);
    }
    return {};
}

Status AlertOutbox::put(const QString &jobId, Kind kind, const omadm::Alert &alert)
{
    return putAll(jobId, kind, {alert});
}

Status AlertOutbox::putAll(const QString &jobId, Kind kind, const QList<omadm::Alert> &alerts)
{
    if (hasFinal(jobId) && kind == Kind::Progress)
        return {}; // a late progress alert never follows the job's result
    m_entries.removeIf(
        [&](const Entry &e) { return e.jobId == jobId && (kind == Kind::Final || e.kind == Kind::Progress); });
    for (const omadm::Alert &alert : alerts)
        m_entries.append(Entry{m_nextId++, jobId, kind, alert});
    return save();
}

Status AlertOutbox::acknowledge(const QList<quint64> &ids)
{
    const qsizetype before = m_entries.size();
    m_entries.removeIf([&](const Entry &e) { return ids.contains(e.id); });
    return m_entries.size() == before ? Status() : save();
}

bool AlertOutbox::hasFinal(const QString &jobId) const
{
    for (const Entry &e : m_entries) {
        if (e.jobId == jobId && e.kind == Kind::Final)
            return true;
    }
    return false;
}

Status AlertOutbox::save() const
{
    if (m_path.isEmpty())
        return {};
    QJsonArray array;
    for (const Entry &e : m_entries)
        array.append(QJsonObject{{u"JobId"_s, e.jobId},
                                 {u"Kind"_s, e.kind == Kind::Final ? u"final"_s : u"progress"_s},
                                 {u"Alert"_s, omadm::alertToJson(e.alert)}});
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return Error(u"cannot create the folder of %1"_s.arg(m_path));
    QSaveFile file(m_path);
    const QByteArray bytes = QJsonDocument(array).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

} // namespace flotilla::agent
