#include "core/omadm/Moid.h"

#include <QList>

#include <array>

namespace flotilla::omadm {

namespace {

struct MoidAlias
{
    QStringView moid; // lowercase, with "urn:"
    MoKind kind;
};

// PROTOCOL.md §4: the canonical MOIDs first, then the aliases we accept on input.
constexpr std::array<MoidAlias, 12> s_moids = {{
    {moid::DevInfo, MoKind::DevInfo},
    {moid::DmAcc, MoKind::DmAcc},
    {moid::Fumo, MoKind::Fumo},
    {moid::Scomo, MoKind::Scomo},
    {moid::Lawmo, MoKind::Lawmo},
    {moid::DiagMon, MoKind::DiagMon},
    {moid::VehicleControl, MoKind::VehicleControl},
    {u"urn:oma:mo:oma-dm-accinfo:1.2", MoKind::DmAcc},
    {u"urn:oma:mo:oma-fumo:1.0", MoKind::Fumo},
    {u"urn:oma:mo:oma-scomo:1.0", MoKind::Scomo},
    {u"urn:oma:mo:oma-dm-scomo:1.0", MoKind::Scomo},
    {u"urn:oma:mo:oma-lawmo:1.0", MoKind::Lawmo},
}};

// A MOID contains no whitespace, so any whitespace in it is a sender's typo (the seed has
// "oma-dm- devinfo"); the seed's ":1.0://" leaves a trailing colon; the spec's own example omits "urn:".
QString normaliseMoid(QStringView text)
{
    QString out;
    out.reserve(text.size() + 4);
    for (const QChar c : text) {
        if (!c.isSpace())
            out.append(c);
    }
    while (out.endsWith(u':'))
        out.chop(1);
    if (out.startsWith(u"oma:", Qt::CaseInsensitive))
        out.prepend(u"urn:");
    return out;
}

bool isValidSegment(QStringView segment)
{
    for (const QChar c : segment) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

} // namespace

QString canonicalMoid(MoKind kind)
{
    switch (kind) {
    case MoKind::DevInfo:
        return QStringView(moid::DevInfo).toString();
    case MoKind::DmAcc:
        return QStringView(moid::DmAcc).toString();
    case MoKind::Fumo:
        return QStringView(moid::Fumo).toString();
    case MoKind::Scomo:
        return QStringView(moid::Scomo).toString();
    case MoKind::Lawmo:
        return QStringView(moid::Lawmo).toString();
    case MoKind::DiagMon:
        return QStringView(moid::DiagMon).toString();
    case MoKind::VehicleControl:
        return QStringView(moid::VehicleControl).toString();
    case MoKind::Unknown:
        break;
    }
    return {};
}

MoKind moKind(QStringView moidText)
{
    const QString normalised = normaliseMoid(moidText);
    for (const MoidAlias &alias : s_moids) {
        if (normalised.compare(alias.moid, Qt::CaseInsensitive) == 0)
            return alias.kind;
    }
    return MoKind::Unknown;
}

QString moDataRootKey(MoKind kind)
{
    switch (kind) {
    case MoKind::DevInfo:
        return QStringLiteral("DevInfo");
    case MoKind::DmAcc:
        return QStringLiteral("DmAcc");
    case MoKind::Fumo:
        return QStringLiteral("fumo");
    case MoKind::Scomo:
        return QStringLiteral("scomo");
    case MoKind::Lawmo:
        return QStringLiteral("lawmo");
    case MoKind::DiagMon:
        return QStringLiteral("diagmon");
    case MoKind::VehicleControl:
        return QStringLiteral("rvc");
    case MoKind::Unknown:
        break;
    }
    return {};
}

Result<ClientUri> ClientUri::parse(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error(QStringLiteral("empty"));

    // The query may itself contain '/' (nv=(x)/ID:GPS), so split it off first.
    QStringView body = trimmed;
    QStringView query;
    const qsizetype question = trimmed.indexOf(u'?');
    if (question >= 0) {
        body = trimmed.left(question);
        query = trimmed.mid(question + 1).trimmed();
    }

    ClientUri uri;
    const qsizetype firstSlash = body.indexOf(u'/');
    const QStringView moidPart = firstSlash < 0 ? body : body.left(firstSlash);
    uri.moid = normaliseMoid(moidPart);
    if (uri.moid.isEmpty())
        return Error(QStringLiteral("no MOID"));
    if (!uri.moid.startsWith(u"urn:", Qt::CaseInsensitive) || uri.moid.size() <= 4 || !isValidSegment(uri.moid))
        return Error(QStringLiteral("does not start with a MOID"));

    if (firstSlash >= 0) {
        const QStringView rest = body.mid(firstSlash + 1);
        const qsizetype secondSlash = rest.indexOf(u'/');
        const QStringView instance = secondSlash < 0 ? rest : rest.left(secondSlash);
        uri.instance = instance.trimmed().toString();
        if (!isValidSegment(uri.instance))
            return Error(QStringLiteral("control character"));
        if (secondSlash >= 0) {
            // Spaces around '/' are the seed's typos ("…:1.0// Download/…"), not part of node names.
            const QList<QStringView> segments = rest.mid(secondSlash + 1).split(u'/');
            QStringList cleaned;
            cleaned.reserve(segments.size());
            for (qsizetype i = 0; i < segments.size(); ++i) {
                const QStringView segment = segments[i].trimmed();
                if (segment.isEmpty()) {
                    if (i == segments.size() - 1)
                        break; // a trailing slash adds nothing
                    return Error(QStringLiteral("empty path segment"));
                }
                if (!isValidSegment(segment))
                    return Error(QStringLiteral("control character"));
                cleaned.append(segment.toString());
            }
            uri.path = cleaned.join(u'/');
        }
    }
    uri.query = query.toString();
    if (!isValidSegment(uri.query))
        return Error(QStringLiteral("control character"));
    uri.kind = moKind(uri.moid);
    return uri;
}

QString ClientUri::toString() const
{
    QString out = moid + u'/' + instance + u'/' + path;
    if (!query.isEmpty())
        out += u'?' + query;
    return out;
}

bool ClientUri::sameNode(const ClientUri &other) const
{
    const bool sameMo = (kind != MoKind::Unknown || other.kind != MoKind::Unknown)
                            ? kind == other.kind
                            : moid.compare(other.moid, Qt::CaseInsensitive) == 0;
    return sameMo && instance == other.instance && path == other.path;
}

} // namespace flotilla::omadm
