#include "core/omadm/Messages.h"

#include "core/omadm/JsonReader.h"
#include "core/omadm/MessageIo.h"

#include <QRegularExpression>

#include <algorithm>

namespace flotilla::omadm {

QJsonValue Alert::dataValue(QStringView key) const
{
    return detail::findMember(data, key);
}

std::optional<int> Alert::resultCode() const
{
    const QJsonValue code = dataValue(u"ResultCode");
    if (!code.isUndefined())
        return detail::toInteger(code, true);
    // The spec's SCOMO example wraps DM 1.x XML: {"DM1x":"<ResultCode>1200</ResultCode>…"}.
    const QJsonValue dm1x = dataValue(u"DM1x");
    if (!dm1x.isString())
        return std::nullopt;
    static const QRegularExpression tag(QStringLiteral("<ResultCode>\\s*(-?\\d{1,9})\\s*</ResultCode>"),
                                        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = tag.match(dm1x.toString());
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

std::optional<int> Alert::state() const
{
    const QJsonValue value = dataValue(u"State");
    if (value.isString() && value.toString().trimmed().isEmpty())
        return std::nullopt;
    return detail::toInteger(value, true);
}

QString Package1::moidFor(MoKind kind) const
{
    for (const MoSupport &support : mos) {
        if (support.kind == kind && kind != MoKind::Unknown)
            return support.moid;
    }
    return canonicalMoid(kind);
}

bool Package1::supports(MoKind kind) const
{
    if (kind == MoKind::Unknown)
        return false;
    return std::any_of(mos.cbegin(), mos.cend(), [kind](const MoSupport &support) { return support.kind == kind; });
}

QJsonValue MoData::root(MoKind kind) const
{
    return detail::findMember(data, moDataRootKey(kind));
}

Result<DevInfo> DevInfo::fromJson(const QJsonObject &devInfoNode)
{
    detail::JsonReader reader;
    DevInfo devInfo = detail::readDevInfo(detail::ObjectReader(reader, devInfoNode, QStringLiteral("DevInfo")));
    if (!reader.ok())
        return reader.error();
    return devInfo;
}

QJsonObject DevInfo::toJson() const
{
    QJsonObject out{
        {QStringLiteral("DevID"), devId}, {QStringLiteral("Man"), man},   {QStringLiteral("Mod"), mod},
        {QStringLiteral("DmV"), dmV},     {QStringLiteral("Lang"), lang}, {QStringLiteral("DevType"), devType},
        {QStringLiteral("OEM"), oem},     {QStringLiteral("FwV"), fwV},   {QStringLiteral("SwV"), swV},
        {QStringLiteral("HwV"), hwV},
    };
    const QJsonObject mergedExt = detail::mergedExt(*this);
    if (!mergedExt.isEmpty())
        out.insert(u"Ext", mergedExt);
    return out;
}

} // namespace flotilla::omadm
