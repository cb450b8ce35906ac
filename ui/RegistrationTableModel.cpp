#include "ui/RegistrationTableModel.h"

#include "ui/Text.h"

#include <QSet>

namespace flotilla::ui {

RegistrationTableModel::RegistrationTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

RegistrationTableModel::~RegistrationTableModel() = default;

int RegistrationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RegistrationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

static QString devInfoModel(const store::RegistrationRecord &r)
{
    // The request's DevInfo as received; keys are case-insensitive on input (PROTOCOL.md).
    for (auto it = r.devInfo.constBegin(); it != r.devInfo.constEnd(); ++it) {
        if (it.key().compare(u"Mod", Qt::CaseInsensitive) == 0) {
            return it.value().toString();
        }
    }
    return {};
}

QVariant RegistrationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const store::RegistrationRecord &r = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case VinColumn:
            return r.vin;
        case DevIdColumn:
            return r.devId;
        case ModelColumn:
            return devInfoModel(r);
        case ProofColumn:
            return Text::proofStatus(r.proof);
        case RequestedColumn:
            return Text::dateTime(r.requestedAtMs);
        case AddressColumn:
            return r.peerAddress;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (column == ProofColumn) {
            return r.proof == store::ProofStatus::Missing ? tr("The vehicle sent no enrollment proof")
                                                          : tr("The vehicle's enrollment proof does not match the "
                                                               "enrollment key (old key or wrong VIN/DevID?)");
        }
        break;
    case Qt::ForegroundRole:
        if (column == ProofColumn && r.proof == store::ProofStatus::Invalid) {
            return QColor(0xc6, 0x28, 0x28); // a wrong proof deserves a second look
        }
        break;
    case SortRole:
        return column == RequestedColumn ? QVariant(r.requestedAtMs) : data(index, Qt::DisplayRole);
    case VinRole:
        return r.vin;
    default:
        break;
    }
    return {};
}

QVariant RegistrationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case VinColumn:
            return tr("VIN");
        case DevIdColumn:
            return tr("DevID");
        case ModelColumn:
            return tr("Model");
        case ProofColumn:
            return tr("Proof");
        case RequestedColumn:
            return tr("Requested at");
        case AddressColumn:
            return tr("Peer address");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case VinColumn:
            return tr("Vehicle identification number the vehicle registered with");
        case DevIdColumn:
            return tr("Device ID of the vehicle's DM client");
        case ModelColumn:
            return tr("Model from the DevInfo the vehicle sent");
        case ProofColumn:
            return tr("Enrollment proof status: missing or invalid (valid proofs are accepted automatically)");
        case RequestedColumn:
            return tr("When the vehicle asked to register");
        case AddressColumn:
            return tr("Network address the request came from");
        case ColumnCount:
            break;
        }
    }
    return {};
}

void RegistrationTableModel::setRegistrations(const QList<store::RegistrationRecord> &records)
{
    QHash<qint64, const store::RegistrationRecord *> incoming;
    for (const store::RegistrationRecord &record : records) {
        incoming.insert(record.id, &record);
    }
    // Removals, from the bottom so that earlier row numbers stay valid.
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_rows.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    rebuildIndex();
    // Updates in place.
    for (int row = 0; row < m_rows.size(); ++row) {
        store::RegistrationRecord &current = m_rows[row];
        const store::RegistrationRecord &fresh = *incoming.value(current.id);
        if (fresh.state != current.state || fresh.proof != current.proof || fresh.peerAddress != current.peerAddress ||
            fresh.requestedAtMs != current.requestedAtMs || fresh.devId != current.devId ||
            fresh.devInfo != current.devInfo) {
            current = fresh;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    // Additions, in the engine's order.
    QList<store::RegistrationRecord> added;
    for (const store::RegistrationRecord &record : records) {
        if (!m_rowById.contains(record.id)) {
            added.append(record);
            m_rowById.insert(record.id, -1); // a duplicate id in one list is added once
        }
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
    rebuildIndex();
}

const store::RegistrationRecord &RegistrationTableModel::registrationAt(int row) const
{
    return m_rows.at(row);
}

int RegistrationTableModel::rowOfId(qint64 id) const
{
    return m_rowById.value(id, -1);
}

void RegistrationTableModel::rebuildIndex()
{
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row) {
        m_rowById.insert(m_rows.at(row).id, row);
    }
}

} // namespace flotilla::ui
