#pragma once

#include <QString>

// Wire constants of OMA-DM 2.0 and its MOs. Values and names: ../shared/reference/omadm.md §1-4.
namespace flotilla::omadm {

namespace mediatype {
inline constexpr auto Initiation = "application/vnd.oma.dm.initiation+json";
inline constexpr auto Response = "application/vnd.oma.dm.response+json";
inline constexpr auto Request = "application/vnd.oma.dm.request+json";
inline constexpr auto Json = "application/json";
} // namespace mediatype

namespace header {
inline constexpr auto DevId = "OMADM-DevID";
inline constexpr auto Vin = "VIN";
inline constexpr auto Token = "Token";
} // namespace header

namespace alerttype {
inline constexpr auto ClientInitiated = u"urn:oma:at:dm:2.0:ClientInitiatedMgmt";
inline constexpr auto ServerInitiated = u"urn:oma:at:dm:2.0:ServerInitiatedMgmt";
inline constexpr auto BootstrapComplete = u"urn:oma:at:dm:2.0:BootstrapComplete";
inline constexpr auto FumoProgress = u"urn:oma:at:fumo:1.0:Progress";
inline constexpr auto FumoDownloadAndUpdate = u"org.openmobilealliance.dm.firmwareupdate.downloadandupdate";
inline constexpr auto FumoDownload = u"org.openmobilealliance.dm.firmwareupdate.download";
inline constexpr auto FumoUpdate = u"org.openmobilealliance.dm.firmwareupdate.update";
inline constexpr auto ScomoOperationComplete = u"urn:oma:at:scomo:1.0:OperationComplete";
inline constexpr auto LawmoOperationComplete = u"urn:oma:at:lawmo:1.0:OperationComplete";
inline constexpr auto DiagMonOperationComplete = u"urn:oma:at:diagmon:1.0:OperationComplete";
} // namespace alerttype

// DM command names (package #2).
namespace command {
inline constexpr auto Get = u"GET";
inline constexpr auto HGet = u"HGET";
inline constexpr auto HPut = u"HPUT";
inline constexpr auto HPost = u"HPOST";
inline constexpr auto Exec = u"EXEC";
inline constexpr auto Delete = u"DELETE";
inline constexpr auto End = u"END";
} // namespace command

// Status codes (`sc`) used in package #3 (HTTP-style, plus MO result codes for sync EXEC).
enum class StatusCode : int
{
    Ok = 200,
    Accepted = 202,
    NotModified = 304,
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    CommandNotAllowed = 405,
    OptionalFeatureNotSupported = 406,
    UnsupportedMediaType = 415,
    CommandFailed = 500,
};

enum class FumoState : int
{
    Idle = 10,
    DownloadFailed = 20,
    DownloadProgressing = 30,
    DownloadComplete = 40,
    ReadyToUpdate = 50,
    UpdateProgressing = 60,
    UpdateFailedHaveData = 70,
    UpdateFailedNoData = 80,
    UpdateSuccessfulHaveData = 90,
    UpdateSuccessfulNoData = 100,
};

enum class FumoResult : int
{
    Successful = 200,
    ClientError = 400,
    UserCancelled = 401,
    CorruptedPackage = 402,
    DeviceMismatch = 403,
    ValidationFailed = 404, // signature
    NotAcceptable = 405,
    AlternateDownloadAuthFailure = 406,
    AlternateDownloadTimeout = 407,
    NotImplemented = 408,
    UndefinedError = 409,
    UpdateFailed = 410,
    MalformedUrl = 411,
    AlternateDownloadServerUnavailable = 412,
    AlternateDownloadServerError = 500,
    DownloadOutOfMemory = 501,
    UpdateOutOfMemory = 502,
    DownloadNetworkError = 503,
};

enum class ScomoResult : int
{
    Successful = 1200,
    ClientError = 1400,
    UserCancelled = 1401,
    DownloadFailed = 1402,
    AlternateDownloadAuthFailure = 1403,
    DownloadOutOfMemory = 1404,
    InstallFailed = 1405,
    InstallOutOfMemory = 1406,
    ValidationFailed = 1407,
    RemoveFailed = 1408,
    ActivateFailed = 1409,
    DeactivateFailed = 1410,
    NotImplemented = 1411,
    UndefinedError = 1412,
    UnsupportedEnvironment = 1413,
    AlternateDownloadServerError = 1500,
    AlternateDownloadServerUnavailable = 1501,
};

enum class ScomoDeployedState : int
{
    Inactive = 10,
    Active = 20,
};

enum class LawmoState : int
{
    FullyLocked = 10,
    PartiallyLocked = 20,
    Unlocked = 30,
};

enum class LawmoResult : int
{
    Successful = 1200,
    WipeSuccessful = 1201,
    WipeWithListSuccessful = 1202,
    ClientError = 1400,
    UserCancelled = 1401,
    FullyLockFailed = 1402,
    PartiallyLockFailed = 1403,
    UnlockFailed = 1404,
    WipeFailed = 1405,
    WipeNotPerformed = 1406,
};

// Human-readable names for logs, the console and the CLI ("Update Failed / Have Data", ...).
QString fumoStateName(int state);
QString fumoResultName(int code);
QString scomoResultName(int code);
QString lawmoStateName(int state);
QString lawmoResultName(int code);
// True for FUMO 200-299 and SCOMO/LAWMO 1200-1299: the MO operation succeeded.
bool isSuccessResult(int code);

} // namespace flotilla::omadm
