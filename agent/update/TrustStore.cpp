#include "agent/update/TrustStore.h"

#include "core/crypto/Hash.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

QString copyPath(const QString &dir, int copy)
{
    return dir + u"/trust-%1.json"_s.arg(copy);
}

QByteArray checksum(const QJsonObject &body)
{
    return crypto::Hasher::hash(QJsonDocument(body).toJson(QJsonDocument::Compact), crypto::HashAlgorithm::Sha256)
        .toHex();
}

} // namespace

TrustStore::TrustStore(QString dir)
    : m_dir(std::move(dir))
{}

Status TrustStore::load()
{
    if (m_dir.isEmpty())
        return {};
    bool anyFile = false;
    bool anyIntact = false;
    for (int copy = 0; copy < 2; ++copy) {
        QFile file(copyPath(m_dir, copy));
        if (!file.exists())
            continue;
        anyFile = true;
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonObject body = root.value(u"Body"_s).toObject();
        if (body.isEmpty() || root.value(u"Sha256"_s).toString().toLatin1() != checksum(body))
            continue; // torn or garbled: the other copy decides
        const auto sequence = quint64(body.value(u"Seq"_s).toInteger());
        if (anyIntact && sequence <= m_sequence)
            continue;
        anyIntact = true;
        m_sequence = sequence;
        m_latestTrustedMs = body.value(u"LatestTrustedMs"_s).toInteger();
        m_counters.clear();
        const QJsonObject counters = body.value(u"Counters"_s).toObject();
        for (auto it = counters.begin(); it != counters.end(); ++it)
            m_counters.insert(it.key(), it.value().toInteger());
    }
    if (anyFile && !anyIntact) {
        m_usable = false;
        m_loadError = u"the anti-rollback state in %1 is unreadable; re-provision the vehicle"_s.arg(m_dir);
        return Error(m_loadError);
    }
    return {};
}

Status TrustStore::observeTime(qint64 ms)
{
    if (ms <= m_latestTrustedMs)
        return {};
    m_latestTrustedMs = ms;
    return save();
}

Status TrustStore::recordCounters(const QMap<QString, qint64> &counters)
{
    bool changed = false;
    for (auto it = counters.begin(); it != counters.end(); ++it) {
        if (it.value() > m_counters.value(it.key(), 0)) {
            m_counters.insert(it.key(), it.value());
            changed = true;
        }
    }
    return changed ? save() : Status();
}

Status TrustStore::save()
{
    if (m_dir.isEmpty())
        return {};
    if (!m_usable)
        return Error(m_loadError);
    if (!QDir().mkpath(m_dir))
        return Error(u"cannot create %1"_s.arg(m_dir));
    ++m_sequence;
    QJsonObject counters;
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it)
        counters.insert(it.key(), it.value());
    const QJsonObject body{
        {u"Seq"_s, qint64(m_sequence)}, {u"LatestTrustedMs"_s, m_latestTrustedMs}, {u"Counters"_s, counters}};
    const QJsonObject root{{u"Body"_s, body}, {u"Sha256"_s, QString::fromLatin1(checksum(body))}};
    // Alternate copies: a write torn by a crash leaves the other (older) copy intact.
    QSaveFile file(copyPath(m_dir, int(m_sequence % 2)));
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
    return {};
}

} // namespace flotilla::agent
