#include "ui/DeltaTableModel.h"

#include "ui/Text.h"

#include <QColor>
#include <QHash>

namespace flotilla::ui {

DeltaTableModel::DeltaTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

DeltaTableModel::~DeltaTableModel() = default;

int DeltaTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DeltaTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<double> DeltaTableModel::saving(const DeltaRow &row)
{
    if (row.record.fromSha256.isEmpty() || row.fullLength <= 0 || row.record.length <= 0) {
        return std::nullopt;
    }
    return 100.0 * (1.0 - static_cast<double>(row.record.length) / static_cast<double>(row.fullLength));
}

QVariant DeltaTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const DeltaRow &row = m_rows.at(index.row());
    const store::DeltaRecord &d = row.record;
    const bool built = d.state == store::DeltaState::Ready || d.state == store::DeltaState::NotWorthIt;
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TargetColumn:
            return row.ecu;
        case FromToColumn:
            return d.fromSha256.isEmpty() ? tr("full image → %1").arg(row.toVersion)
                                          : tr("%1 → %2").arg(Text::orDash(row.fromVersion), row.toVersion);
        case CodecColumn:
            return d.codec;
        case SizeColumn:
            return d.length > 0 ? Text::byteSize(d.length) : Text::orDash({});
        case SavingColumn:
            if (const auto percent = saving(row)) {
                return tr("%1 %").arg(*percent, 0, 'f', 1);
            }
            return Text::orDash({});
        case BuildTimeColumn:
            return built ? Text::duration(d.buildMs) : Text::orDash({});
        case ApplyMemoryColumn:
            return d.applyMemoryBytes > 0 ? Text::byteSize(d.applyMemoryBytes) : Text::orDash({});
        case VerifiedColumn:
            return built || d.state == store::DeltaState::Failed ? (d.verified ? tr("yes") : tr("no"))
                                                                 : Text::orDash({});
        case StateColumn:
            return d.state == store::DeltaState::Failed && !d.error.isEmpty()
                       ? tr("%1: %2").arg(Text::deltaState(d.state), d.error)
                       : Text::deltaState(d.state);
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case FromToColumn:
            return d.fromSha256.isEmpty() ? tr("The whole image, compressed; every vehicle can use it")
                                          : tr("From the image with SHA-256 %1").arg(d.fromSha256);
        case SavingColumn:
            return tr("How much smaller than the full payload (%1)")
                .arg(row.fullLength > 0 ? Text::byteSize(row.fullLength) : Text::orDash({}));
        case ApplyMemoryColumn:
            return tr("Memory a vehicle needs to apply it; vehicles that have less get a bigger payload");
        case VerifiedColumn:
            return tr("Rebuilt on the console from the source image and matched against the target's SHA-256");
        case StateColumn:
            if (d.state == store::DeltaState::NotWorthIt) {
                return tr("Built and verified, but not at least 10 % smaller than the full payload: vehicles get the "
                          "full payload");
            }
            return d.error.isEmpty() ? data(index, Qt::DisplayRole) : QVariant(d.error);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ForegroundRole:
        if (column == StateColumn) {
            switch (d.state) {
            case store::DeltaState::Ready:
                return QColor(0x2e, 0x7d, 0x32);
            case store::DeltaState::Failed:
                return QColor(0xc6, 0x28, 0x28);
            case store::DeltaState::NotWorthIt:
            case store::DeltaState::Cancelled:
                return QColor(0x75, 0x75, 0x75);
            case store::DeltaState::Queued:
            case store::DeltaState::Building:
                return QColor(0x15, 0x65, 0xc0);
            }
        }
        break;
    case Qt::TextAlignmentRole:
        switch (column) {
        case SizeColumn:
        case SavingColumn:
        case BuildTimeColumn:
        case ApplyMemoryColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            break;
        }
        break;
    case SortRole:
        switch (column) {
        case SizeColumn:
            return d.length;
        case SavingColumn:
            return saving(row).value_or(-1000.0);
        case BuildTimeColumn:
            return d.buildMs;
        case ApplyMemoryColumn:
            return d.applyMemoryBytes;
        case StateColumn:
            return static_cast<int>(d.state);
        default:
            return data(index, Qt::DisplayRole);
        }
    case DeltaStateRole:
        return static_cast<int>(d.state);
    default:
        break;
    }
    return {};
}

QVariant DeltaTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case TargetColumn:
            return tr("Target");
        case FromToColumn:
            return tr("From → to");
        case CodecColumn:
            return tr("Codec");
        case SizeColumn:
            return tr("Size");
        case SavingColumn:
            return tr("Saving");
        case BuildTimeColumn:
            return tr("Build time");
        case ApplyMemoryColumn:
            return tr("Apply memory");
        case VerifiedColumn:
            return tr("Verified");
        case StateColumn:
            return tr("State");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case TargetColumn:
            return tr("ECU or component the payload updates");
        case FromToColumn:
            return tr("Version the payload applies to and the version it installs");
        case CodecColumn:
            return tr("Payload format: full-zstd (whole image), zstd-patch or x-… (deltas)");
        case SizeColumn:
            return tr("Bytes a vehicle downloads");
        case SavingColumn:
            return tr("Saving against the full payload");
        case BuildTimeColumn:
            return tr("Time the console took to build and verify it");
        case ApplyMemoryColumn:
            return tr("Memory a vehicle needs to apply it");
        case VerifiedColumn:
            return tr("Rebuilt and matched against the target image's SHA-256");
        case StateColumn:
            return tr("Ready, not worth it (less than 10 % saving), failed, or still building");
        case ColumnCount:
            break;
        }
    }
    return {};
}

QString DeltaTableModel::keyOf(const DeltaRow &row)
{
    return row.record.codec + u':' + row.record.fromSha256 + u':' + row.record.toSha256;
}

bool DeltaTableModel::sameForDisplay(const DeltaRow &a, const DeltaRow &b)
{
    const store::DeltaRecord &x = a.record;
    const store::DeltaRecord &y = b.record;
    return a.ecu == b.ecu && a.fromVersion == b.fromVersion && a.toVersion == b.toVersion &&
           a.fullLength == b.fullLength && x.state == y.state && x.length == y.length && x.verified == y.verified &&
           x.buildMs == y.buildMs && x.applyMemoryBytes == y.applyMemoryBytes && x.error == y.error;
}

void DeltaTableModel::setRows(const QList<DeltaRow> &rows)
{
    QHash<QString, const DeltaRow *> incoming;
    for (const DeltaRow &row : rows) {
        incoming.insert(keyOf(row), &row);
    }
    // Removals, from the bottom so that earlier row numbers stay valid.
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(keyOf(m_rows.at(row)))) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    QHash<QString, int> known;
    for (int row = 0; row < m_rows.size(); ++row) {
        const QString key = keyOf(m_rows.at(row));
        known.insert(key, row);
        const DeltaRow &fresh = *incoming.value(key);
        if (!sameForDisplay(m_rows.at(row), fresh)) {
            m_rows[row] = fresh;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    QList<DeltaRow> added;
    for (const DeltaRow &row : rows) {
        const QString key = keyOf(row);
        if (!known.contains(key)) {
            known.insert(key, -1); // a duplicate key in one list is added once
            added.append(row);
        }
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
}

const DeltaRow &DeltaTableModel::rowAt(int row) const
{
    return m_rows.at(row);
}

} // namespace flotilla::ui
