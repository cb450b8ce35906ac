#include "ui/VehicleTableModel.h"

#include "ui/Text.h"

#include <QIcon>

#include <algorithm>

namespace flotilla::ui {

VehicleTableModel::VehicleTableModel(const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{
    // The same dot when the row is selected: a style may tint an icon's generated "selected"
    // variant, and the colour is the information here.
    for (const auto &[icon, file] : {std::pair{&m_onlineIcon, QStringLiteral(":/icons/online.png")},
                                     std::pair{&m_offlineIcon, QStringLiteral(":/icons/offline.png")}}) {
        icon->addFile(file, {}, QIcon::Normal);
        icon->addFile(file, {}, QIcon::Selected);
    }
}

VehicleTableModel::~VehicleTableModel() = default;

int VehicleTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int VehicleTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

static QString versionsText(const store::VehicleRecord &v)
{
    if (v.fwVersion.isEmpty() && v.swVersion.isEmpty()) {
        return {};
    }
    return Text::orDash(v.fwVersion) + u" / " + Text::orDash(v.swVersion);
}

QVariant VehicleTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const VehicleRow &row = m_rows.at(index.row());
    const store::VehicleRecord &v = row.record;
    const auto column = static_cast<Column>(index.column());

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case VinColumn:
            return v.vin;
        case DevIdColumn:
            return v.devId;
        case ModelColumn:
            return v.model;
        case OemColumn:
            return v.oem;
        case VersionsColumn:
            return versionsText(v);
        case StateColumn:
            return Text::vehicleState(v.state);
        case UpdateColumn:
            if (const store::UpdateJobRecord *job = jobOf(v.vin)) {
                return jobText(*job);
            }
            return {};
        case OnlineColumn:
            return {}; // a dot, not a word: the column stays narrow beside the details panel
        case LastSeenColumn:
            return Text::relativeTime(v.lastSeenAtMs, m_clock.nowMs());
        case SessionsColumn:
            return v.sessionCount;
        case ChannelColumn:
            return row.channelOpen ? tr("online") : tr("offline");
        case ColumnCount:
            break;
        }
        break;
    case Qt::AccessibleTextRole:
        if (column == OnlineColumn) {
            return Text::onlineStatus(row.online);
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case ModelColumn:
            return v.manufacturer.isEmpty() ? v.model : tr("%1 %2").arg(v.manufacturer, v.model);
        case VersionsColumn:
            return tr("Firmware %1, software %2, hardware %3")
                .arg(Text::orDash(v.fwVersion), Text::orDash(v.swVersion), Text::orDash(v.hwVersion));
        case StateColumn:
            return Text::vehicleStateToolTip(v.state);
        case UpdateColumn:
            if (const store::UpdateJobRecord *job = jobOf(v.vin)) {
                return jobToolTip(*job);
            }
            return tr("No update assigned to this vehicle");
        case OnlineColumn:
            return Text::onlineStatus(row.online);
        case ChannelColumn:
            return row.channelOpen ? tr("Notification channel online: commands reach the vehicle at once")
                                   : tr("Notification channel offline: commands wait for the vehicle's next "
                                        "check-in");
        case LastSeenColumn:
            if (v.lastSeenAtMs <= 0) {
                return tr("Never checked in");
            }
            return tr("%1 from %2").arg(Text::dateTime(v.lastSeenAtMs), Text::orDash(v.lastAddress));
        default:
            break;
        }
        break;
    case Qt::DecorationRole:
        if (column == OnlineColumn) {
            return row.online ? m_onlineIcon : m_offlineIcon;
        }
        if (column == ChannelColumn) {
            return row.channelOpen ? m_onlineIcon : m_offlineIcon;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == SessionsColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    case SortRole:
        switch (column) {
        case StateColumn:
            return static_cast<int>(v.state);
        case UpdateColumn:
            return data(index, JobStateRole).isValid() ? data(index, JobStateRole).toInt() : -1;
        case OnlineColumn:
            return row.online;
        case LastSeenColumn:
            return v.lastSeenAtMs;
        case SessionsColumn:
            return v.sessionCount;
        case ChannelColumn:
            return row.channelOpen;
        default:
            return data(index, Qt::DisplayRole);
        }
    case StateRole:
        return static_cast<int>(v.state);
    case VinRole:
        return v.vin;
    case OnlineRole:
        return row.online;
    case ChannelRole:
        return row.channelOpen;
    case JobStateRole:
        if (const store::UpdateJobRecord *job = jobOf(v.vin)) {
            return static_cast<int>(job->state);
        }
        return {};
    case JobProgressRole:
        if (const store::UpdateJobRecord *job = jobOf(v.vin);
            job && (job->state == store::JobState::Downloading || job->state == store::JobState::Installing)) {
            return job->progress;
        }
        return {};
    default:
        break;
    }
    return {};
}

QVariant VehicleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
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
        case OemColumn:
            return tr("OEM");
        case VersionsColumn:
            return tr("FwV / SwV");
        case StateColumn:
            return tr("State");
        case UpdateColumn:
            return tr("Update");
        case OnlineColumn:
            return tr("Online");
        case LastSeenColumn:
            return tr("Last seen");
        case SessionsColumn:
            return tr("Sessions");
        case ChannelColumn:
            return tr("Channel");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case VinColumn:
            return tr("Vehicle identification number (ISO 3779)");
        case DevIdColumn:
            return tr("Device ID of the vehicle's DM client (DevInfo/DevID)");
        case ModelColumn:
            return tr("Model reported by the vehicle (DevInfo/Mod)");
        case OemColumn:
            return tr("OEM reported by the vehicle (DevInfo/OEM)");
        case VersionsColumn:
            return tr("Firmware and software version reported by the vehicle (DevInfo/FwV and SwV)");
        case StateColumn:
            return tr("Registration state: pending, accepted, rejected, blocked or wiped");
        case UpdateColumn:
            return tr("State of the vehicle's newest update job, with its progress while downloading or installing");
        case OnlineColumn:
            return tr("Online when the vehicle checked in recently");
        case LastSeenColumn:
            return tr("Time since the vehicle's last request to the device endpoint");
        case SessionsColumn:
            return tr("DM sessions the vehicle has opened");
        case ChannelColumn:
            return tr("Whether the vehicle's notification channel is open: online vehicles run commands at once, "
                      "offline ones at their next check-in");
        case ColumnCount:
            break;
        }
    }
    return {};
}

bool VehicleTableModel::sameForDisplay(const VehicleRow &a, const VehicleRow &b)
{
    const store::VehicleRecord &x = a.record;
    const store::VehicleRecord &y = b.record;
    return a.online == b.online && x.state == y.state && x.updatedAtMs == y.updatedAtMs &&
           x.lastSeenAtMs == y.lastSeenAtMs && x.sessionCount == y.sessionCount && x.devId == y.devId &&
           x.model == y.model && x.oem == y.oem && x.manufacturer == y.manufacturer && x.fwVersion == y.fwVersion &&
           x.swVersion == y.swVersion && x.hwVersion == y.hwVersion && x.lastAddress == y.lastAddress;
}

QString VehicleTableModel::searchTextOf(const store::VehicleRecord &v)
{
    // Case-folded once per change, so that a filter pass over a large fleet is one plain substring
    // search per row. Newlines keep a match from spanning two fields.
    return QString(v.vin + u'\n' + v.devId + u'\n' + v.model + u'\n' + v.oem).toCaseFolded();
}

void VehicleTableModel::upsert(QList<VehicleRow> rows)
{
    QList<int> changed;
    QList<VehicleRow> added;
    const int first = static_cast<int>(m_rows.size());
    for (VehicleRow &incoming : rows) {
        if (incoming.record.vin.isEmpty()) {
            continue;
        }
        // One hash lookup per row: a new VIN is entered at the row it will get, so that the same
        // VIN later in the batch finds it (and the later row wins).
        const qsizetype known = m_rowByVin.size();
        int &slot = m_rowByVin[incoming.record.vin];
        const bool inserted = m_rowByVin.size() != known;
        if (inserted) {
            slot = first + static_cast<int>(added.size());
        }
        const int row = slot;
        // The channel is not part of the record: ChannelFeed owns it (see setChannelsOpen).
        incoming.channelOpen = m_openChannels.contains(incoming.record.vin);
        if (inserted) {
            added.append(std::move(incoming));
        } else if (row >= first) {
            added[row - first] = std::move(incoming);
        } else {
            VehicleRow &current = m_rows[row];
            if (!sameForDisplay(current, incoming)) {
                changed.append(row);
            }
            m_onlineCount += (incoming.online ? 1 : 0) - (current.online ? 1 : 0);
            m_searchText[row] = searchTextOf(incoming.record);
            current = std::move(incoming); // details such as ECUs may differ without a visible change
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        for (VehicleRow &row : added) {
            m_onlineCount += row.online ? 1 : 0;
            m_searchText.append(searchTextOf(row.record));
            m_rows.append(std::move(row));
        }
        endInsertRows();
    }
    emitChangedRows(std::move(changed));
}

QString VehicleTableModel::jobText(const store::UpdateJobRecord &job) const
{
    switch (job.state) {
    case store::JobState::Downloading:
        return job.bytesServed > 0 ? tr("%1 %2 % · %3")
                                         .arg(Text::jobState(job.state))
                                         .arg(job.progress)
                                         .arg(Text::byteSize(job.bytesServed))
                                   : tr("%1 %2 %").arg(Text::jobState(job.state)).arg(job.progress);
    case store::JobState::Installing:
        return tr("%1 %2 %").arg(Text::jobState(job.state)).arg(job.progress);
    default:
        return Text::jobState(job.state);
    }
}

QString VehicleTableModel::jobToolTip(const store::UpdateJobRecord &job) const
{
    QStringList lines;
    const QString release = m_releaseLabels.value(job.releaseId);
    lines.append(
        tr("Update job %1: %2").arg(job.id).arg(release.isEmpty() ? tr("release %1").arg(job.releaseId) : release));
    lines.append(Text::jobStateToolTip(job.state));
    if (job.payloadBytes > 0) {
        lines.append(tr("Served %1 of %2").arg(Text::byteSize(job.bytesServed), Text::byteSize(job.payloadBytes)));
    }
    if (!job.reason.isEmpty()) {
        lines.append(tr("Reason: %1").arg(job.reason));
    }
    if (job.resultCode != 0) {
        lines.append(tr("Result: %1").arg(Text::resultCode(job.resultCode)));
    }
    return lines.join(u'\n');
}

void VehicleTableModel::setJobs(const QList<store::UpdateJobRecord> &jobs)
{
    QList<int> changed;
    for (store::UpdateJobRecord job : jobs) {
        if (job.vin.isEmpty()) {
            continue;
        }
        auto it = m_jobByVin.find(job.vin);
        if (it != m_jobByVin.end()) {
            const store::UpdateJobRecord &known = *it;
            // An older job never replaces the newest; the same job only with a newer state.
            if (job.id < known.id || (job.id == known.id && job.updatedAtMs < known.updatedAtMs)) {
                continue;
            }
            if (job.id == known.id && job.state == known.state && job.progress == known.progress &&
                job.bytesServed == known.bytesServed && job.updatedAtMs == known.updatedAtMs) {
                continue;
            }
        }
        job.report = {}; // the details panel reads reports; the table keeps memory per row small
        const QString vin = job.vin;
        m_jobByVin.insert(vin, std::move(job));
        if (const int row = rowOfVin(vin); row >= 0) {
            changed.append(row);
        }
    }
    std::sort(changed.begin(), changed.end());
    if (changed.size() * 2 > m_rows.size()) {
        Q_EMIT dataChanged(index(0, UpdateColumn), index(static_cast<int>(m_rows.size()) - 1, UpdateColumn));
        return;
    }
    for (const int row : std::as_const(changed)) {
        const QModelIndex cell = index(row, UpdateColumn);
        Q_EMIT dataChanged(cell, cell);
    }
}

void VehicleTableModel::setReleaseLabels(const QHash<qint64, QString> &labels)
{
    if (labels == m_releaseLabels) {
        return;
    }
    m_releaseLabels = labels;
    if (!m_rows.isEmpty() && !m_jobByVin.isEmpty()) {
        Q_EMIT dataChanged(index(0, UpdateColumn), index(static_cast<int>(m_rows.size()) - 1, UpdateColumn),
                           {Qt::ToolTipRole});
    }
}

const store::UpdateJobRecord *VehicleTableModel::jobOf(const QString &vin) const
{
    const auto it = m_jobByVin.constFind(vin);
    return it == m_jobByVin.cend() ? nullptr : &*it;
}

void VehicleTableModel::setOnline(const QStringList &vins, bool online)
{
    QList<int> changed;
    for (const QString &vin : vins) {
        const int row = rowOfVin(vin);
        if (row < 0 || m_rows.at(row).online == online) {
            continue;
        }
        m_rows[row].online = online;
        m_onlineCount += online ? 1 : -1;
        changed.append(row);
    }
    std::sort(changed.begin(), changed.end());
    // Only the online column changed: narrow the signal so views repaint one cell.
    for (const int row : std::as_const(changed)) {
        const QModelIndex cell = index(row, OnlineColumn);
        Q_EMIT dataChanged(cell, cell);
    }
}

void VehicleTableModel::setChannelsOpen(const QStringList &vins, bool open)
{
    QList<int> changed;
    for (const QString &vin : vins) {
        if (open) {
            m_openChannels.insert(vin);
        } else {
            m_openChannels.remove(vin);
        }
        const int row = rowOfVin(vin);
        if (row < 0 || m_rows.at(row).channelOpen == open) {
            continue;
        }
        m_rows[row].channelOpen = open;
        changed.append(row);
    }
    if (changed.isEmpty()) {
        return;
    }
    if (changed.size() * 2 > m_rows.size()) {
        // A server restart or a fleet connecting at once: one signal for the column.
        Q_EMIT dataChanged(index(0, ChannelColumn), index(static_cast<int>(m_rows.size()) - 1, ChannelColumn));
        return;
    }
    std::sort(changed.begin(), changed.end());
    // Only the channel column changed: narrow the signal so views repaint one cell.
    for (const int row : std::as_const(changed)) {
        const QModelIndex cell = index(row, ChannelColumn);
        Q_EMIT dataChanged(cell, cell);
    }
}

void VehicleTableModel::emitChangedRows(QList<int> rows)
{
    if (rows.isEmpty()) {
        return;
    }
    const auto total = m_rows.size();
    if (rows.size() * 2 > total) {
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(total) - 1, ColumnCount - 1));
        return;
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // One signal per run of adjacent rows: vehicles registered together tend to change together.
    qsizetype start = 0;
    for (qsizetype i = 1; i <= rows.size(); ++i) {
        if (i == rows.size() || rows.at(i) != rows.at(i - 1) + 1) {
            Q_EMIT dataChanged(index(rows.at(start), 0), index(rows.at(i - 1), ColumnCount - 1));
            start = i;
        }
    }
}

void VehicleTableModel::notifyLastSeenChanged(int firstRow, int lastRow)
{
    firstRow = std::max(firstRow, 0);
    lastRow = std::min(lastRow, static_cast<int>(m_rows.size()) - 1);
    if (firstRow > lastRow) {
        return;
    }
    Q_EMIT dataChanged(index(firstRow, LastSeenColumn), index(lastRow, LastSeenColumn),
                       {Qt::DisplayRole, Qt::ToolTipRole});
}

int VehicleTableModel::rowOfVin(const QString &vin) const
{
    return m_rowByVin.value(vin, -1);
}

const VehicleRow &VehicleTableModel::vehicleAt(int row) const
{
    return m_rows.at(row);
}

const QString &VehicleTableModel::searchTextAt(int row) const
{
    return m_searchText.at(row);
}

QList<store::VehicleRecord> VehicleTableModel::onlineRecords() const
{
    QList<store::VehicleRecord> records;
    records.reserve(m_onlineCount);
    for (const VehicleRow &row : m_rows) {
        if (row.online) {
            records.append(row.record);
        }
    }
    return records;
}

} // namespace flotilla::ui
