#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringView>

namespace flotilla::omadm {

// The management objects Flotilla knows. PROTOCOL.md §4 gives the canonical MOIDs and aliases.
enum class MoKind
{
    Unknown,
    DevInfo,
    DmAcc,
    Fumo,
    Scomo,
    Lawmo,
    DiagMon,
    VehicleControl,
};

namespace moid {
inline constexpr auto DevInfo = u"urn:oma:mo:oma-dm-devinfo:1.0";
inline constexpr auto DmAcc = u"urn:oma:mo:oma-dm-dmacc:1.2";
inline constexpr auto Fumo = u"urn:oma:mo:oma-dm-fumo:1.0";
inline constexpr auto Scomo = u"urn:oma:mo:oma-dm-scomo:1.1";
inline constexpr auto Lawmo = u"urn:oma:mo:oma-dm-lawmo:1.0";
inline constexpr auto DiagMon = u"urn:oma:mo:oma-diagmon:1.0";
inline constexpr auto VehicleControl = u"urn:oma:mo:x-flotilla-rvc:1.0";
} // namespace moid

// Canonical MOID of a kind (empty for Unknown).
QString canonicalMoid(MoKind kind);
// Kind of a MOID string, accepting the canonical form, every alias of PROTOCOL.md §4, a missing
// "urn:" prefix, and surrounding whitespace. Case-insensitive.
MoKind moKind(QStringView moid);
// The root key of an MO's MOData object as Flotilla sends it ("DevInfo", "DmAcc", "fumo", "scomo",
// "lawmo", "diagmon", "rvc"); input root keys are matched case-insensitively.
QString moDataRootKey(MoKind kind);

// A ClientURI: MOID "/" instance "/" path ["?" query], e.g. "urn:oma:mo:oma-dm-fumo:1.0//DownloadAndUpdate".
// parse() tolerates the seed's variants: ":1.0://" for ":1.0//", spaces after "//" or around "/",
// a missing "urn:" prefix. toString() always writes the exact form.
struct ClientUri
{
    QString moid;     // as written by the sender (normalised: trimmed, "urn:" restored)
    QString instance; // empty for the only instance ("//")
    QString path;     // without leading slash, e.g. "DownloadAndUpdate/PkgURL"
    QString query;    // without "?"
    MoKind kind = MoKind::Unknown;

    static Result<ClientUri> parse(QStringView text);
    QString toString() const;
    // Same MO (by kind, or by exact MOID when unknown), instance and path.
    bool sameNode(const ClientUri &other) const;
};

} // namespace flotilla::omadm
