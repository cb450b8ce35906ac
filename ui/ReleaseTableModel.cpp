#include "ui/ReleaseTableModel.h"

#include "ui/Text.h"

#include <QSet>

namespace flotilla::ui {

using server::releases::ReleaseRecord;

ReleaseTableModel::ReleaseTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

ReleaseTableModel::~ReleaseTableModel() = default;

int ReleaseTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReleaseTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ReleaseTableModel::label(const ReleaseRecord &release)
{
    return release.name + u' ' + release.version;
}

static QString signatureText(const ReleaseRecord &r)
{
    return r.oemSignature == u"valid" ? ReleaseTableModel::tr("Valid") : ReleaseTableModel::tr("None");
}

QVariant ReleaseTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const ReleaseRecord &r = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return r.name;
        case VersionColumn:
            return r.version;
        case CounterColumn:
            return r.releaseCounter;
        case KindColumn:
            return Text::releaseKind(r.kind);
        case HwIdsColumn:
            return r.hwIds.join(u", ");
        case TargetsColumn: {
            QStringList ecus;
            for (const auto &target : r.targets) {
                ecus.append(target.ecu);
            }
            return ecus.join(u", ");
        }
        case SignatureColumn:
            return signatureText(r);
        case CreatedColumn:
            return Text::dateTime(r.createdAtMs);
        case CreatedByColumn:
            return r.createdBy;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case TargetsColumn: {
            QStringList lines;
            for (const auto &target : r.targets) {
                lines.append(tr("%1 (%2) → %3, %4")
                                 .arg(target.ecu, target.hwId, target.version, Text::byteSize(target.image.length)));
            }
            return lines.join(u'\n');
        }
        case SignatureColumn:
            return r.oemSignature == u"valid" ? tr("Signed by the OEM; key %1").arg(r.oemKeyId)
                                              : tr("Imported without an OEM signature (release.sig)");
        case HwIdsColumn:
            return data(index, Qt::DisplayRole);
        default:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == CounterColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    case SortRole:
        switch (column) {
        case CounterColumn:
            return r.releaseCounter;
        case CreatedColumn:
            return r.createdAtMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case IdRole:
        return r.id;
    default:
        break;
    }
    return {};
}

QVariant ReleaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const auto column = static_cast<Column>(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case NameColumn:
            return tr("Name");
        case VersionColumn:
            return tr("Version");
        case CounterColumn:
            return tr("Counter");
        case KindColumn:
            return tr("Kind");
        case HwIdsColumn:
            return tr("Hardware IDs");
        case TargetsColumn:
            return tr("Targets");
        case SignatureColumn:
            return tr("OEM signature");
        case CreatedColumn:
            return tr("Imported");
        case CreatedByColumn:
            return tr("By");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case NameColumn:
            return tr("Release name from its manifest");
        case VersionColumn:
            return tr("Release version");
        case CounterColumn:
            return tr("Release counter: vehicles never install a release with a lower counter than they run");
        case KindColumn:
            return tr("Firmware (FUMO, whole ECU images) or application (SCOMO, software components)");
        case HwIdsColumn:
            return tr("Hardware the release is made for");
        case TargetsColumn:
            return tr("ECUs or components the release installs");
        case SignatureColumn:
            return tr("Whether the OEM signed the release (checked at import)");
        case CreatedColumn:
            return tr("When the release was imported");
        case CreatedByColumn:
            return tr("Who imported it");
        case ColumnCount:
            break;
        }
    }
    return {};
}

void ReleaseTableModel::setReleases(const QList<ReleaseRecord> &releases)
{
    QSet<qint64> incoming;
    for (const ReleaseRecord &release : releases) {
        incoming.insert(release.id);
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
    QList<ReleaseRecord> added;
    for (const ReleaseRecord &release : releases) {
        if (!m_rowById.contains(release.id)) {
            added.append(release);
            m_rowById.insert(release.id, -1); // a duplicate id in one list is added once
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

const ReleaseRecord &ReleaseTableModel::releaseAt(int row) const
{
    return m_rows.at(row);
}

int ReleaseTableModel::rowOfId(qint64 id) const
{
    return m_rowById.value(id, -1);
}

void ReleaseTableModel::rebuildIndex()
{
    m_rowById.clear();
    for (int row = 0; row < m_rows.size(); ++row) {
        m_rowById.insert(m_rows.at(row).id, row);
    }
}

} // namespace flotilla::ui
