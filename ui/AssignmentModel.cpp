#include "ui/AssignmentModel.h"

#include "ui/Text.h"

#include <QColor>
#include <QJsonObject>

#include <algorithm>

namespace flotilla::ui {

UpdateCheck UpdateCheck::of(const store::VehicleRecord &vehicle, const store::UpdateJobRecord *job,
                            const server::releases::ReleaseRecord &release)
{
    if (vehicle.state != store::VehicleState::Accepted) {
        return {false, AssignmentModel::tr("Not accepted (%1)").arg(Text::vehicleState(vehicle.state))};
    }
    if (job && !store::isTerminal(job->state)) {
        return {false,
                AssignmentModel::tr("Busy with update job %1 (%2)").arg(job->id).arg(Text::jobState(job->state))};
    }
    QStringList changes;
    bool hasHardware = false;
    for (const server::releases::ReleaseTarget &target : release.targets) {
        for (const QJsonValue &value : vehicle.ecus) {
            const QJsonObject ecu = value.toObject();
            if (ecu.value(u"HwId").toString() != target.hwId) {
                continue;
            }
            hasHardware = true;
            const QString running = ecu.value(u"SwV").toString();
            if (running != target.version) {
                changes.append(
                    AssignmentModel::tr("%1 %2 → %3").arg(target.ecu, Text::orDash(running), target.version));
            }
            break;
        }
    }
    if (!changes.isEmpty()) {
        return {true, changes.join(u", ")};
    }
    return {false, hasHardware
                       ? AssignmentModel::tr("Already runs this release")
                       : AssignmentModel::tr("No ECU with the release's hardware (%1)").arg(release.hwIds.join(u", "))};
}

AssignmentModel::AssignmentModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

AssignmentModel::~AssignmentModel() = default;

int AssignmentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AssignmentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AssignmentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case VinColumn:
            return row.vin;
        case ModelColumn:
            return row.model;
        case CheckColumn:
            return row.check.text;
        case ResultColumn:
            return row.result;
        case ColumnCount:
            break;
        }
        break;
    case Qt::CheckStateRole:
        if (column == VinColumn && row.check.applies) {
            return row.checked ? Qt::Checked : Qt::Unchecked;
        }
        break;
    case Qt::ForegroundRole:
        if (column == CheckColumn && !row.check.applies) {
            return QColor(0x75, 0x75, 0x75);
        }
        if (column == ResultColumn && row.accepted) {
            return *row.accepted ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28);
        }
        break;
    case VinRole:
        return row.vin;
    case AppliesRole:
        return row.check.applies;
    default:
        break;
    }
    return {};
}

bool AssignmentModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != VinColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return false;
    }
    Row &row = m_rows[index.row()];
    if (!row.check.applies) {
        return false;
    }
    const bool checked = value.toInt() == Qt::Checked;
    if (row.checked != checked) {
        row.checked = checked;
        Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
        Q_EMIT checkedChanged();
    }
    return true;
}

Qt::ItemFlags AssignmentModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == VinColumn && m_rows.at(index.row()).check.applies) {
        flags |= Qt::ItemIsUserCheckable;
    }
    return flags;
}

QVariant AssignmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case VinColumn:
        return tr("VIN");
    case ModelColumn:
        return tr("Model");
    case CheckColumn:
        return tr("What changes");
    case ResultColumn:
        return tr("Result");
    case ColumnCount:
        break;
    }
    return {};
}

void AssignmentModel::setRows(QList<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_rowByVin.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        m_rowByVin.insert(m_rows.at(i).vin, i);
    }
    endResetModel();
    Q_EMIT checkedChanged();
}

QStringList AssignmentModel::checkedVins() const
{
    QStringList vins;
    for (const Row &row : m_rows) {
        if (row.checked && row.check.applies) {
            vins.append(row.vin);
        }
    }
    return vins;
}

int AssignmentModel::checkedCount() const
{
    return static_cast<int>(checkedVins().size());
}

int AssignmentModel::applicableCount() const
{
    return static_cast<int>(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return r.check.applies; }));
}

void AssignmentModel::setAllChecked(bool checked)
{
    if (m_rows.isEmpty()) {
        return;
    }
    for (Row &row : m_rows) {
        row.checked = checked && row.check.applies;
    }
    Q_EMIT dataChanged(index(0, VinColumn), index(static_cast<int>(m_rows.size()) - 1, VinColumn),
                       {Qt::CheckStateRole});
    Q_EMIT checkedChanged();
}

void AssignmentModel::setResult(const QString &vin, bool ok, const QString &text)
{
    const int row = m_rowByVin.value(vin, -1);
    if (row < 0) {
        return;
    }
    m_rows[row].accepted = ok;
    m_rows[row].result = text;
    Q_EMIT dataChanged(index(row, ResultColumn), index(row, ResultColumn));
}

bool AssignmentModel::hasResults() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return r.accepted.has_value(); });
}

} // namespace flotilla::ui
