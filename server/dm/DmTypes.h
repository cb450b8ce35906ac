#pragma once

#include "core/Result.h"
#include "core/omadm/Messages.h"
#include "server/store/Records.h"

#include <QJsonObject>
#include <QString>

namespace flotilla::server::dm {

// Errors of the device protocol carry their HTTP status in Error::code (PROTOCOL.md §2);
// DeviceEndpoint turns them into responses in one place. Code 0 means an internal failure
// (store unavailable), answered 503 + Retry-After so that the vehicle comes back later.
inline Error protocolError(int httpStatus, QString description)
{
    return Error(std::move(description), httpStatus);
}

// Identity established by the common header checks (PROTOCOL.md §1).
struct DeviceHeaders
{
    QString devId; // OMADM-DevID
    QString vin;   // VIN, upper-cased
    QString peerAddress;
    QString clientCertificateSha256;
    QString host; // host part for URLs sent back (SrvURI, NotifyURI)
};

// A vehicle whose token checked out.
struct AuthenticatedVehicle
{
    qint64 vehicleId = 0;
    QString vin;
    QString devId;
};

struct RegistrationInput
{
    DeviceHeaders headers;
    omadm::DevInfo devInfo;
    QJsonObject devInfoJson; // as received
    store::ProofStatus proof = store::ProofStatus::Missing;
    QString nonce;
};

struct RegistrationOutcome
{
    enum class Kind
    {
        Issued,  // 200 with a DM account
        Pending, // 202
        Refused, // 403
    };
    Kind kind = Kind::Pending;
    omadm::DmAccount account;
    QString description;
};

} // namespace flotilla::server::dm
