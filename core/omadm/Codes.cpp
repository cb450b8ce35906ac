#include "core/omadm/Codes.h"

namespace flotilla::omadm {

namespace {

QString unknown(int value)
{
    return QStringLiteral("Unknown (%1)").arg(value);
}

} // namespace

// Names from reference/omadm.md §2.2 (FUMO states, MediaTek and Huawei agree).
QString fumoStateName(int state)
{
    switch (state) {
    case 10:
        return QStringLiteral("Idle / Start");
    case 20:
        return QStringLiteral("Download Failed");
    case 30:
        return QStringLiteral("Download Progressing");
    case 40:
        return QStringLiteral("Download Complete");
    case 50:
        return QStringLiteral("Ready to Update");
    case 60:
        return QStringLiteral("Update Progressing");
    case 70:
        return QStringLiteral("Update Failed / Have Data");
    case 80:
        return QStringLiteral("Update Failed / No Data");
    case 90:
        return QStringLiteral("Update Successful / Have Data");
    case 100:
        return QStringLiteral("Update Successful / No Data");
    default:
        return unknown(state);
    }
}

// reference/omadm.md §2.3, including the vendor-specified ranges.
QString fumoResultName(int code)
{
    switch (code) {
    case 200:
        return QStringLiteral("Successful");
    case 400:
        return QStringLiteral("Management Client Error");
    case 401:
        return QStringLiteral("User Cancelled");
    case 402:
        return QStringLiteral("Corrupted Firmware Update Package");
    case 403:
        return QStringLiteral("Firmware Update Package - Device Mismatch");
    case 404:
        return QStringLiteral("Failed Firmware Update Package Validation");
    case 405:
        return QStringLiteral("Firmware Update Package Not Acceptable");
    case 406:
        return QStringLiteral("Alternate Download Authentication Failure");
    case 407:
        return QStringLiteral("Alternate Download Request Time-out");
    case 408:
        return QStringLiteral("Not Implemented");
    case 409:
        return QStringLiteral("Undefined Error");
    case 410:
        return QStringLiteral("Firmware Update Failed");
    case 411:
        return QStringLiteral("Malformed or Bad URL");
    case 412:
        return QStringLiteral("Alternate Download Server Unavailable");
    case 500:
        return QStringLiteral("Alternate Download Server Error");
    case 501:
        return QStringLiteral("Download Fails: Device Out of Memory");
    case 502:
        return QStringLiteral("Firmware Update Fails: Device Out of Memory");
    case 503:
        return QStringLiteral("Download Fails: Network Issues");
    default:
        break;
    }
    if (code >= 250 && code <= 299)
        return QStringLiteral("Successful (vendor-specified %1)").arg(code);
    if (code >= 450 && code <= 499)
        return QStringLiteral("Client Error (vendor-specified %1)").arg(code);
    if (code >= 550 && code <= 599)
        return QStringLiteral("Alternate Download Server Error (vendor-specified %1)").arg(code);
    return unknown(code);
}

// reference/omadm.md §3 (MediaTek's constants, reworded).
QString scomoResultName(int code)
{
    switch (code) {
    case 1200:
        return QStringLiteral("Successful");
    case 1400:
        return QStringLiteral("Client Error");
    case 1401:
        return QStringLiteral("User Cancelled");
    case 1402:
        return QStringLiteral("Download Failed");
    case 1403:
        return QStringLiteral("Alternate Download Authentication Failure");
    case 1404:
        return QStringLiteral("Download Failed: Out of Memory");
    case 1405:
        return QStringLiteral("Install Failed");
    case 1406:
        return QStringLiteral("Install Failed: Out of Memory");
    case 1407:
        return QStringLiteral("Package Validation Failed");
    case 1408:
        return QStringLiteral("Remove Failed");
    case 1409:
        return QStringLiteral("Activate Failed");
    case 1410:
        return QStringLiteral("Deactivate Failed");
    case 1411:
        return QStringLiteral("Not Implemented");
    case 1412:
        return QStringLiteral("Undefined Error");
    case 1413:
        return QStringLiteral("Unsupported Environment");
    case 1500:
        return QStringLiteral("Alternate Download Server Error");
    case 1501:
        return QStringLiteral("Alternate Download Server Unavailable");
    default:
        break;
    }
    if (code >= 1250 && code <= 1299)
        return QStringLiteral("Successful (vendor-specified %1)").arg(code);
    if (code >= 1450 && code <= 1499)
        return QStringLiteral("Client Error (vendor-specified %1)").arg(code);
    if (code >= 1550 && code <= 1599)
        return QStringLiteral("Alternate Download Server Error (vendor-specified %1)").arg(code);
    return unknown(code);
}

// reference/omadm.md §4.1.
QString lawmoStateName(int state)
{
    switch (state) {
    case 10:
        return QStringLiteral("Fully Locked");
    case 20:
        return QStringLiteral("Partially Locked");
    case 30:
        return QStringLiteral("Unlocked");
    default:
        return unknown(state);
    }
}

QString lawmoResultName(int code)
{
    switch (code) {
    case 1200:
        return QStringLiteral("Operation Successful");
    case 1201:
        return QStringLiteral("Wipe Data Successful");
    case 1202:
        return QStringLiteral("Wipe Data and List Items Successful");
    case 1400:
        return QStringLiteral("Client Error");
    case 1401:
        return QStringLiteral("User Cancelled");
    case 1402:
        return QStringLiteral("Fully Lock Failed");
    case 1403:
        return QStringLiteral("Partially Lock Failed");
    case 1404:
        return QStringLiteral("Unlock Failed");
    case 1405:
        return QStringLiteral("Wipe Data Failed");
    case 1406:
        return QStringLiteral("Wipe Data Not Performed");
    default:
        return unknown(code);
    }
}

bool isSuccessResult(int code)
{
    return (code >= 200 && code <= 299) || (code >= 1200 && code <= 1299);
}

} // namespace flotilla::omadm
