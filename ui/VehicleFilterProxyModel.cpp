#include "ui/VehicleFilterProxyModel.h"

#include "ui/VehicleTableModel.h"

namespace flotilla::ui {

VehicleFilterProxyModel::VehicleFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(VehicleTableModel::SortRole);
    // The filter reads records, not a role; a role no cosmetic update carries keeps the proxy
    // from re-filtering on every "last seen" tick.
    setFilterRole(VehicleTableModel::VinRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

VehicleFilterProxyModel::~VehicleFilterProxyModel() = default;

void VehicleFilterProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_vehicles = qobject_cast<VehicleTableModel *>(sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
}

void VehicleFilterProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text) {
        return;
    }
    m_text = trimmed;
    m_foldedText = trimmed.toCaseFolded();
    invalidateFilter();
}

void VehicleFilterProxyModel::setStateFilter(std::optional<store::VehicleState> state)
{
    if (state == m_state) {
        return;
    }
    m_state = state;
    invalidateFilter();
}

void VehicleFilterProxyModel::setChannelFilter(std::optional<bool> open)
{
    if (open == m_channel) {
        return;
    }
    m_channel = open;
    invalidateFilter();
}

bool VehicleFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_vehicles || sourceParent.isValid()) {
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    }
    const VehicleRow &row = m_vehicles->vehicleAt(sourceRow);
    if (m_state && row.record.state != *m_state) {
        return false;
    }
    if (m_channel && row.channelOpen != *m_channel) {
        return false;
    }
    return m_foldedText.isEmpty() || m_vehicles->searchTextAt(sourceRow).contains(m_foldedText);
}

bool VehicleFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_vehicles) {
        return QSortFilterProxyModel::lessThan(left, right);
    }
    const VehicleRow &a = m_vehicles->vehicleAt(left.row());
    const VehicleRow &b = m_vehicles->vehicleAt(right.row());
    // Ties fall back to the VIN so that equal keys keep a stable, meaningful order.
    const auto byVin = [&] { return a.record.vin < b.record.vin; };
    const auto text = [&](const QString &x, const QString &y) {
        const int c = x.compare(y, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : byVin();
    };
    switch (left.column()) {
    case VehicleTableModel::VinColumn:
        return byVin();
    case VehicleTableModel::DevIdColumn:
        return text(a.record.devId, b.record.devId);
    case VehicleTableModel::ModelColumn:
        return text(a.record.model, b.record.model);
    case VehicleTableModel::OemColumn:
        return text(a.record.oem, b.record.oem);
    case VehicleTableModel::VersionsColumn: {
        const int c = a.record.fwVersion.compare(b.record.fwVersion, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : text(a.record.swVersion, b.record.swVersion);
    }
    case VehicleTableModel::StateColumn:
        return a.record.state != b.record.state ? a.record.state < b.record.state : byVin();
    case VehicleTableModel::UpdateColumn: {
        // Vehicles without a job first, then by state in the order a job moves through them.
        const store::UpdateJobRecord *x = m_vehicles->jobOf(a.record.vin);
        const store::UpdateJobRecord *y = m_vehicles->jobOf(b.record.vin);
        const int sx = x ? static_cast<int>(x->state) : -1;
        const int sy = y ? static_cast<int>(y->state) : -1;
        return sx != sy ? sx < sy : byVin();
    }
    case VehicleTableModel::OnlineColumn:
        return a.online != b.online ? a.online < b.online : byVin();
    case VehicleTableModel::LastSeenColumn:
        return a.record.lastSeenAtMs != b.record.lastSeenAtMs ? a.record.lastSeenAtMs < b.record.lastSeenAtMs : byVin();
    case VehicleTableModel::ChannelColumn:
        return a.channelOpen != b.channelOpen ? a.channelOpen < b.channelOpen : byVin();
    case VehicleTableModel::SessionsColumn:
        return a.record.sessionCount != b.record.sessionCount ? a.record.sessionCount < b.record.sessionCount : byVin();
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

} // namespace flotilla::ui
