#pragma once

#include "core/Result.h"
#include "core/crypto/Keys.h"
#include "core/update/SignedDocument.h"
#include "core/update/UpdateInstruction.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace flotilla::agent {

// What the checks compare an instruction with: this vehicle, its trust and its clock.
struct VehicleFacts
{
    QString vin;
    QString devId;
    QList<crypto::PublicKey> trustedKeys; // DmAcc/Ext/SigningKeys
    int threshold = 1;
    bool scomo = false;          // targets are SCOMO components, not ECUs
    QMap<QString, QString> ecus; // ECU name → hardware id
    QStringList codecs;          // the payload codecs this agent applies
    qint64 nowMs = 0;            // max(clock, latest trusted time): never earlier than a time seen
    std::function<qint64(const QString &unit)> recordedCounter; // highest release counter installed
};

// Decides whether an update instruction (PROTOCOL.md §6.1) may run on this vehicle, before any
// payload is downloaded. Errors carry the FUMO result code and a reason (UpdateError.h):
// 402 instruction-hash (the document is not the blob its URL names), 404 malformed / signature,
// 403 vin / dev-id / expired / hardware / rollback, 405 codec, 411 payload-url.
class InstructionChecker final
{
public:
    explicit InstructionChecker(VehicleFacts facts);

    // The bytes fetched from ".../dm/blob/<urlSha256>".
    Result<update::UpdateInstruction> check(const QByteArray &document, const QString &urlSha256) const;
    // An instruction that came embedded in an offline bundle.
    Result<update::UpdateInstruction> check(const update::SignedDocument &document) const;

    // The anti-rollback key of a unit: "ecu:<name>" or "app:<component>".
    static QString counterKey(bool scomo, const QString &unit);

private:
    VehicleFacts m_facts;
};

} // namespace flotilla::agent
