#include "agent/AgentStore.h"

#include "core/omadm/Codec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

Status writeAtomically(const QString &path, const QByteArray &content, bool secret)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    if (secret)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(content) != content.size() || !file.commit())
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

Result<std::optional<QByteArray>> readIfExists(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::optional<QByteArray>();
    if (!file.open(QIODevice::ReadOnly))
        return Error(u"cannot read %1: %2"_s.arg(path, file.errorString()));
    return std::optional<QByteArray>(file.readAll());
}

} // namespace

AgentStore::AgentStore(QString root)
    : m_root(std::move(root))
{}

Result<std::optional<VehicleProfile>> AgentStore::loadProfile() const
{
    if (!isPersistent())
        return std::optional<VehicleProfile>();
    auto content = readIfExists(m_root + u"/vehicle.json"_s);
    if (!content)
        return content.error();
    if (!content->has_value())
        return std::optional<VehicleProfile>();
    auto profile = VehicleProfile::fromJson(QJsonDocument::fromJson(**content).object());
    if (!profile)
        return Error(u"%1/vehicle.json: %2"_s.arg(m_root, profile.errorString()));
    return std::optional<VehicleProfile>(*profile);
}

Status AgentStore::saveProfile(const VehicleProfile &profile) const
{
    if (!isPersistent())
        return {};
    if (!QDir().mkpath(m_root))
        return Error(u"cannot create %1"_s.arg(m_root));
    return writeAtomically(m_root + u"/vehicle.json"_s, QJsonDocument(profile.toJson()).toJson(), false);
}

Result<std::optional<omadm::DmAccount>> AgentStore::loadAccount() const
{
    if (!isPersistent())
        return std::optional<omadm::DmAccount>();
    auto content = readIfExists(m_root + u"/account.json"_s);
    if (!content)
        return content.error();
    if (!content->has_value())
        return std::optional<omadm::DmAccount>();
    auto account = omadm::decodeRegistrationAnswer(**content);
    if (!account)
        return Error(u"%1/account.json: %2"_s.arg(m_root, account.errorString()));
    return std::optional<omadm::DmAccount>(*account);
}

Status AgentStore::saveAccount(const omadm::DmAccount &account) const
{
    if (!isPersistent())
        return {};
    if (!QDir().mkpath(m_root))
        return Error(u"cannot create %1"_s.arg(m_root));
    if (auto s = writeAtomically(m_root + u"/account.json"_s, omadm::encode(account), true); !s)
        return s;
    return writeAtomically(m_root + u"/ca.pem"_s, QByteArray::fromBase64(account.caCertificateBase64.toLatin1()),
                           false);
}

Status AgentStore::forgetToken() const
{
    if (!isPersistent())
        return {};
    QFile account(m_root + u"/account.json"_s);
    if (account.exists() && !account.remove())
        return Error(u"cannot remove %1: %2"_s.arg(account.fileName(), account.errorString()));
    return {};
}

Result<QByteArray> AgentStore::loadPinnedCa() const
{
    if (!isPersistent())
        return QByteArray();
    auto content = readIfExists(m_root + u"/ca.pem"_s);
    if (!content)
        return content.error();
    return content->value_or(QByteArray());
}

Result<std::optional<QJsonDocument>> AgentStore::loadJson(const QString &name) const
{
    if (!isPersistent())
        return std::optional<QJsonDocument>();
    const QString path = m_root + u'/' + name;
    auto content = readIfExists(path);
    if (!content)
        return content.error();
    if (!content->has_value())
        return std::optional<QJsonDocument>();
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(**content, &error);
    if (error.error != QJsonParseError::NoError)
        return Error(u"%1: %2"_s.arg(path, error.errorString()));
    return std::optional<QJsonDocument>(std::move(document));
}

Status AgentStore::saveJson(const QString &name, const QJsonDocument &document) const
{
    if (!isPersistent())
        return {};
    if (!QDir().mkpath(m_root))
        return Error(u"cannot create %1"_s.arg(m_root));
    return writeAtomically(m_root + u'/' + name, document.toJson(QJsonDocument::Compact), false);
}

Result<std::optional<QJsonArray>> AgentStore::loadDtcs() const
{
    auto document = loadJson(u"dtcs.json"_s);
    if (!document)
        return document.error();
    if (!document->has_value())
        return std::optional<QJsonArray>();
    return std::optional<QJsonArray>((*document)->array());
}

Status AgentStore::saveDtcs(const QJsonArray &dtcs) const
{
    return saveJson(u"dtcs.json"_s, QJsonDocument(dtcs));
}

Result<std::optional<QJsonObject>> AgentStore::loadVehicleState() const
{
    auto document = loadJson(u"vehicle-state.json"_s);
    if (!document)
        return document.error();
    if (!document->has_value())
        return std::optional<QJsonObject>();
    return std::optional<QJsonObject>((*document)->object());
}

Status AgentStore::saveVehicleState(const QJsonObject &state) const
{
    return saveJson(u"vehicle-state.json"_s, QJsonDocument(state));
}

Result<std::optional<QJsonArray>> AgentStore::loadCommandLog() const
{
    auto document = loadJson(u"commands.json"_s);
    if (!document)
        return document.error();
    if (!document->has_value())
        return std::optional<QJsonArray>();
    return std::optional<QJsonArray>((*document)->array());
}

Status AgentStore::saveCommandLog(const QJsonArray &entries) const
{
    return saveJson(u"commands.json"_s, QJsonDocument(entries));
}

} // namespace flotilla::agent
