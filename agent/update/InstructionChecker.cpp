#include "agent/update/InstructionChecker.h"

#include "agent/update/UpdateError.h"
#include "core/crypto/Hash.h"
#include "core/omadm/Codes.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace flotilla::agent {

namespace {

constexpr int Corrupted = int(omadm::FumoResult::CorruptedPackage);
constexpr int Mismatch = int(omadm::FumoResult::DeviceMismatch);
constexpr int Invalid = int(omadm::FumoResult::ValidationFailed);

} // namespace

InstructionChecker::InstructionChecker(VehicleFacts facts)
    : m_facts(std::move(facts))
{}

QString InstructionChecker::counterKey(bool scomo, const QString &unit)
{
    return (scomo ? u"app:"_s : u"ecu:"_s) + unit;
}

Result<update::UpdateInstruction> InstructionChecker::check(const QByteArray &document, const QString &urlSha256) const
{
    const QString actual = crypto::Hasher::hexHash(document, crypto::HashAlgorithm::Sha256);
    if (actual != urlSha256)
        return updateError(Corrupted, u"instruction-hash"_s,
                           u"the instruction's SHA-256 is %1, its URL names %2"_s.arg(actual, urlSha256));
    auto parsed = update::SignedDocument::parse(document);
    if (!parsed)
        return updateError(Invalid, u"malformed"_s, parsed.errorString());
    return check(*parsed);
}

Result<update::UpdateInstruction> InstructionChecker::check(const update::SignedDocument &document) const
{
    // Nothing in the document is believed before its signature is.
    if (auto s = document.verify(m_facts.trustedKeys, m_facts.threshold); !s)
        return updateError(Invalid, u"signature"_s, s.errorString());
    auto parsed = update::UpdateInstruction::fromJson(document.signedPart());
    if (!parsed)
        return updateError(Invalid, u"malformed"_s, parsed.errorString());
    const update::UpdateInstruction &instruction = *parsed;

    if (instruction.vin.compare(m_facts.vin, Qt::CaseInsensitive) != 0)
        return updateError(Mismatch, u"vin"_s, u"the instruction is for VIN %1"_s.arg(instruction.vin));
    if (instruction.devId != m_facts.devId)
        return updateError(Mismatch, u"dev-id"_s, u"the instruction is for DevID %1"_s.arg(instruction.devId));
    if (instruction.expiresUtc.toMSecsSinceEpoch() <= m_facts.nowMs)
        return updateError(Mismatch, u"expired"_s, u"expired at %1"_s.arg(update::isoUtc(instruction.expiresUtc)));

    // Unit names become folder names (ecus/<ecu>, apps/<component>): no paths, no dot files.
    static const QRegularExpression unitName(u"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$"_s);
    QStringList units;
    for (const update::Target &target : instruction.targets) {
        if (!unitName.match(target.ecu).hasMatch())
            return updateError(Invalid, u"malformed"_s, u"\"%1\" is not a unit name"_s.arg(target.ecu));
        if (units.contains(target.ecu))
            return updateError(Invalid, u"malformed"_s, u"%1 is a target twice"_s.arg(target.ecu));
        units.append(target.ecu);
        if (!instruction.package.hwIds.contains(target.hwId))
            return updateError(Mismatch, u"hardware"_s,
                               u"target %1's hardware %2 is not in Package.HwIds"_s.arg(target.ecu, target.hwId));
        if (m_facts.scomo) {
            if (!m_facts.ecus.values().contains(target.hwId))
                return updateError(
                    Mismatch, u"hardware"_s,
                    u"component %1 needs hardware %2, not in this vehicle"_s.arg(target.ecu, target.hwId));
        } else if (!m_facts.ecus.contains(target.ecu)) {
            return updateError(Mismatch, u"hardware"_s, u"this vehicle has no ECU %1"_s.arg(target.ecu));
        } else if (m_facts.ecus.value(target.ecu) != target.hwId) {
            return updateError(
                Mismatch, u"hardware"_s,
                u"ECU %1 is %2, the target is for %3"_s.arg(target.ecu, m_facts.ecus.value(target.ecu), target.hwId));
        }
        const qint64 recorded =
            m_facts.recordedCounter ? m_facts.recordedCounter(counterKey(m_facts.scomo, target.ecu)) : 0;
        if (instruction.package.releaseCounter < recorded)
            return updateError(
                Mismatch, u"rollback"_s,
                u"release counter %1 is lower than the %2 installed on %3"_s.arg(instruction.package.releaseCounter)
                    .arg(recorded)
                    .arg(target.ecu));
        if (!m_facts.codecs.contains(target.payload.codec))
            return updateError(int(omadm::FumoResult::NotAcceptable), u"codec"_s,
                               u"codec %1 is not one this vehicle applies"_s.arg(target.payload.codec));
        const QUrl url(target.payload.url);
        if (!url.isValid() || url.scheme() != u"https" || url.host().isEmpty() ||
            url.path().section(u'/', -1) != target.payload.sha256)
            return updateError(int(omadm::FumoResult::MalformedUrl), u"payload-url"_s,
                               u"payload URL %1 is not https://.../<its SHA-256>"_s.arg(target.payload.url));
        if (target.payload.length <= 0 || target.length <= 0)
            return updateError(Invalid, u"malformed"_s, u"target %1 has no length"_s.arg(target.ecu));
    }
    return instruction;
}

} // namespace flotilla::agent
