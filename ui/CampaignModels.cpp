#include "ui/CampaignModels.h"

#include "ui/Text.h"

#include <QLocale>

namespace flotilla::ui {

using server::campaigns::CampaignAction;
using server::campaigns::CampaignState;
using server::campaigns::CampaignSummary;
using server::campaigns::CampaignVehicleRecord;
using server::campaigns::DryRun;
using server::campaigns::TargetState;

// ----------------------------------------------------------------------------------- CampaignText

QString CampaignText::state(CampaignState state)
{
    switch (state) {
    case CampaignState::Draft:
        return CampaignTableModel::tr("Draft");
    case CampaignState::PendingApproval:
        return CampaignTableModel::tr("Pending approval");
    case CampaignState::Approved:
        return CampaignTableModel::tr("Approved");
    case CampaignState::Running:
        return CampaignTableModel::tr("Running");
    case CampaignState::Paused:
        return CampaignTableModel::tr("Paused");
    case CampaignState::Completed:
        return CampaignTableModel::tr("Completed");
    case CampaignState::Cancelled:
        return CampaignTableModel::tr("Cancelled");
    case CampaignState::Halted:
        return CampaignTableModel::tr("Halted");
    }
    return {};
}

QColor CampaignText::stateColor(int state)
{
    // The job palette's meanings: amber waits for a person, blue moves, red stopped on failures.
    switch (static_cast<CampaignState>(state)) {
    case CampaignState::Draft:
        return QColor(0x61, 0x61, 0x61);
    case CampaignState::PendingApproval:
        return QColor(0xc7, 0x7c, 0x02);
    case CampaignState::Approved:
        return QColor(0x00, 0x83, 0x8f);
    case CampaignState::Running:
        return QColor(0x15, 0x65, 0xc0);
    case CampaignState::Paused:
        return QColor(0x6d, 0x4c, 0x41);
    case CampaignState::Completed:
        return QColor(0x2e, 0x7d, 0x32);
    case CampaignState::Cancelled:
        return QColor(0x75, 0x75, 0x75);
    case CampaignState::Halted:
        return QColor(0xc6, 0x28, 0x28);
    }
    return QColor(0x61, 0x61, 0x61);
}

QString CampaignText::targetState(TargetState state)
{
    switch (state) {
    case TargetState::Waiting:
        return CampaignTableModel::tr("Waiting");
    case TargetState::Active:
        return CampaignTableModel::tr("Active");
    case TargetState::Succeeded:
        return CampaignTableModel::tr("Succeeded");
    case TargetState::Failed:
        return CampaignTableModel::tr("Failed");
    case TargetState::Cancelled:
        return CampaignTableModel::tr("Cancelled");
    case TargetState::Skipped:
        return CampaignTableModel::tr("Skipped");
    }
    return {};
}

QColor CampaignText::targetStateColor(int state)
{
    switch (static_cast<TargetState>(state)) {
    case TargetState::Waiting:
        return QColor(0x54, 0x6e, 0x7a);
    case TargetState::Active:
        return QColor(0x15, 0x65, 0xc0);
    case TargetState::Succeeded:
        return QColor(0x2e, 0x7d, 0x32);
    case TargetState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case TargetState::Cancelled:
    case TargetState::Skipped:
        return QColor(0x75, 0x75, 0x75);
    }
    return QColor(0x61, 0x61, 0x61);
}

QString CampaignText::role(server::campaigns::Role role)
{
    using server::campaigns::Role;
    switch (role) {
    case Role::Viewer:
        return CampaignTableModel::tr("viewer");
    case Role::Engineer:
        return CampaignTableModel::tr("engineer");
    case Role::Approver:
        return CampaignTableModel::tr("approver");
    case Role::Admin:
        return CampaignTableModel::tr("administrator");
    }
    return {};
}

QString CampaignText::action(CampaignAction action)
{
    switch (action) {
    case CampaignAction::Edit:
        return CampaignTableModel::tr("Edit");
    case CampaignAction::Submit:
        return CampaignTableModel::tr("Submit");
    case CampaignAction::Approve:
        return CampaignTableModel::tr("Approve");
    case CampaignAction::Reject:
        return CampaignTableModel::tr("Reject");
    case CampaignAction::Start:
        return CampaignTableModel::tr("Start");
    case CampaignAction::Pause:
        return CampaignTableModel::tr("Pause");
    case CampaignAction::Resume:
        return CampaignTableModel::tr("Resume");
    case CampaignAction::Cancel:
        return CampaignTableModel::tr("Cancel");
    case CampaignAction::RetryFailed:
        return CampaignTableModel::tr("Retry failed");
    case CampaignAction::Halt:
        return CampaignTableModel::tr("Halt");
    case CampaignAction::Complete:
        return CampaignTableModel::tr("Complete");
    }
    return {};
}

// ----------------------------------------------------------------------------- CampaignTableModel

namespace {

bool sameRow(const CampaignSummary &a, const CampaignSummary &b)
{
    return a.campaign.updatedAtMs == b.campaign.updatedAtMs && a.campaign.state == b.campaign.state &&
           a.campaign.currentWave == b.campaign.currentWave && a.vehicleStates == b.vehicleStates &&
           a.waves.size() == b.waves.size() && a.campaign.approver == b.campaign.approver;
}

} // namespace

CampaignTableModel::CampaignTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

CampaignTableModel::~CampaignTableModel() = default;

void CampaignTableModel::setCampaigns(const QList<CampaignSummary> &campaigns,
                                      const QHash<qint64, QString> &releaseNames)
{
    m_releaseNames = releaseNames;
    bool sameIds = campaigns.size() == m_rows.size();
    for (int row = 0; sameIds && row < campaigns.size(); ++row)
        sameIds = campaigns.at(row).campaign.id == m_rows.at(row).campaign.id;
    if (!sameIds) {
        // A campaign was created (campaigns come and go rarely): views keep their selection by id.
        beginResetModel();
        m_rows = campaigns;
        m_rowOfId.clear();
        for (int row = 0; row < m_rows.size(); ++row)
            m_rowOfId.insert(m_rows.at(row).campaign.id, row);
        endResetModel();
        return;
    }
    for (int row = 0; row < campaigns.size(); ++row) {
        if (sameRow(m_rows.at(row), campaigns.at(row)))
            continue;
        m_rows[row] = campaigns.at(row);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

const CampaignSummary *CampaignTableModel::campaign(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows.at(row);
}

int CampaignTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CampaignTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CampaignTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CampaignSummary &summary = m_rows.at(index.row());
    const auto &campaign = summary.campaign;
    switch (role) {
    case IdRole:
        return campaign.id;
    case StateRole:
        return static_cast<int>(campaign.state);
    case Qt::TextAlignmentRole:
        return index.column() >= WaveColumn && index.column() <= WaitingColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !campaign.reason.isEmpty())
            return campaign.reason;
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (static_cast<Column>(index.column())) {
    case NameColumn:
        return campaign.spec.name;
    case ReleaseColumn:
        return m_releaseNames.value(campaign.spec.releaseId, tr("#%1").arg(campaign.spec.releaseId));
    case StateColumn:
        return CampaignText::state(campaign.state);
    case WaveColumn:
        return summary.waves.isEmpty() ? QStringLiteral("–")
                                       : tr("%1/%2").arg(campaign.currentWave + 1).arg(summary.waves.size());
    case SucceededColumn:
        return summary.vehicleStates.value(QStringLiteral("succeeded"));
    case FailedColumn:
        return summary.vehicleStates.value(QStringLiteral("failed"));
    case ActiveColumn:
        return summary.vehicleStates.value(QStringLiteral("active"));
    case WaitingColumn:
        return summary.vehicleStates.value(QStringLiteral("waiting"));
    case AuthorColumn:
        return campaign.author;
    case ApproverColumn:
        return Text::orDash(campaign.approver);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant CampaignTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case NameColumn:
        return tr("Name");
    case ReleaseColumn:
        return tr("Release");
    case StateColumn:
        return tr("State");
    case WaveColumn:
        return tr("Wave");
    case SucceededColumn:
        return tr("Succeeded");
    case FailedColumn:
        return tr("Failed");
    case ActiveColumn:
        return tr("Active");
    case WaitingColumn:
        return tr("Waiting");
    case AuthorColumn:
        return tr("Author");
    case ApproverColumn:
        return tr("Approver");
    case ColumnCount:
        break;
    }
    return {};
}

// --------------------------------------------------------------------------- CampaignVehicleModel

namespace {

bool sameVehicle(const CampaignVehicleRecord &a, const CampaignVehicleRecord &b)
{
    if (a.wave != b.wave || a.state != b.state || a.jobId != b.jobId || a.attempts != b.attempts ||
        a.reason != b.reason || a.job.has_value() != b.job.has_value())
        return false;
    return !a.job || (a.job->state == b.job->state && a.job->progress == b.job->progress &&
                      a.job->bytesServed == b.job->bytesServed && a.job->reason == b.job->reason);
}

bool hasProgress(store::JobState state)
{
    return state == store::JobState::Downloading || state == store::JobState::Installing;
}

} // namespace

CampaignVehicleModel::CampaignVehicleModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

CampaignVehicleModel::~CampaignVehicleModel() = default;

void CampaignVehicleModel::setVehicles(const QList<CampaignVehicleRecord> &vehicles)
{
    QHash<QString, int> incoming;
    for (int i = 0; i < vehicles.size(); ++i)
        incoming.insert(vehicles.at(i).vin, i);

    // Removed rows first, from the bottom so that earlier row numbers stay valid.
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (incoming.contains(m_rows.at(row).vin))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    reindex();

    // Changed rows in place, one dataChanged each (a few vehicles move per refresh).
    for (int row = 0; row < m_rows.size(); ++row) {
        const CampaignVehicleRecord &fresh = vehicles.at(incoming.value(m_rows.at(row).vin));
        if (sameVehicle(m_rows.at(row), fresh))
            continue;
        m_rows[row] = fresh;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }

    // New vehicles (first load, late joiners) at the end, in one insertion.
    QList<CampaignVehicleRecord> added;
    for (const CampaignVehicleRecord &vehicle : vehicles) {
        if (!m_rowOfVin.contains(vehicle.vin))
            added.append(vehicle);
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_rows.append(added);
        reindex();
        endInsertRows();
    }
}

void CampaignVehicleModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOfVin.clear();
    endResetModel();
}

void CampaignVehicleModel::reindex()
{
    m_rowOfVin.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfVin.insert(m_rows.at(row).vin, row);
}

int CampaignVehicleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CampaignVehicleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CampaignVehicleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CampaignVehicleRecord &vehicle = m_rows.at(index.row());
    switch (role) {
    case VinRole:
        return vehicle.vin;
    case StateRole:
        return static_cast<int>(vehicle.state);
    case JobStateRole:
        return vehicle.job ? QVariant(static_cast<int>(vehicle.job->state)) : QVariant();
    case JobProgressRole:
        return vehicle.job && hasProgress(vehicle.job->state) ? QVariant(vehicle.job->progress) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == JobColumn && vehicle.job)
            return Text::jobStateToolTip(vehicle.job->state);
        if (index.column() == ReasonColumn)
            return vehicle.reason;
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (static_cast<Column>(index.column())) {
    case VinColumn:
        return vehicle.vin;
    case WaveColumn:
        return vehicle.wave + 1;
    case StateColumn:
        return CampaignText::targetState(vehicle.state);
    case JobColumn:
        if (!vehicle.job)
            return QStringLiteral("–");
        return hasProgress(vehicle.job->state)
                   ? tr("%1 %2 %").arg(Text::jobState(vehicle.job->state)).arg(vehicle.job->progress)
                   : Text::jobState(vehicle.job->state);
    case DownloadColumn:
        if (!vehicle.job || vehicle.job->payloadBytes <= 0)
            return QStringLiteral("–");
        return tr("%1 of %2").arg(Text::byteSize(vehicle.job->bytesServed), Text::byteSize(vehicle.job->payloadBytes));
    case AttemptsColumn:
        return vehicle.attempts;
    case ReasonColumn:
        return Text::orDash(vehicle.reason.isEmpty() && vehicle.job ? vehicle.job->reason : vehicle.reason);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant CampaignVehicleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case VinColumn:
        return tr("VIN");
    case WaveColumn:
        return tr("Wave");
    case StateColumn:
        return tr("State");
    case JobColumn:
        return tr("Job");
    case DownloadColumn:
        return tr("Downloaded");
    case AttemptsColumn:
        return tr("Attempts");
    case ReasonColumn:
        return tr("Reason");
    case ColumnCount:
        break;
    }
    return {};
}

// ------------------------------------------------------------------------------------ DryRunModel

DryRunModel::DryRunModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

DryRunModel::~DryRunModel() = default;

void DryRunModel::setDryRun(const DryRun &dryRun)
{
    beginResetModel();
    m_dryRun = dryRun;
    endResetModel();
}

QString DryRunModel::totals(const DryRun &dryRun)
{
    QStringList parts{tr("%n vehicle(s) in %1 wave(s)", nullptr, static_cast<int>(dryRun.vehicles.size()))
                          .arg(dryRun.waveSizes.size()),
                      tr("%n compatible", nullptr, dryRun.compatible), tr("%n up to date", nullptr, dryRun.upToDate),
                      tr("%n blocked", nullptr, dryRun.blocked),
                      tr("%1 to download").arg(Text::byteSize(dryRun.bytes))};
    if (dryRun.deltasToBuild > 0)
        parts.append(tr("%n delta(s) to build", nullptr, dryRun.deltasToBuild));
    if (!dryRun.unknownVins.isEmpty())
        parts.append(tr("unknown VINs: %1").arg(dryRun.unknownVins.join(QStringLiteral(", "))));
    return parts.join(QStringLiteral(" · "));
}

int DryRunModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_dryRun.vehicles.size());
}

int DryRunModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DryRunModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const server::campaigns::DryRunVehicle &vehicle = m_dryRun.vehicles.at(index.row());
    if (role == Qt::ForegroundRole && !vehicle.blockers.isEmpty())
        return QColor(0xc6, 0x28, 0x28);
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(index.column())) {
    case VinColumn:
        return vehicle.vin;
    case WaveColumn:
        return vehicle.wave + 1;
    case CompatibleColumn:
        return vehicle.upToDate ? tr("up to date") : vehicle.compatible ? tr("yes") : tr("no");
    case PayloadColumn:
        return Text::orDash(vehicle.payload);
    case BytesColumn:
        return Text::byteSize(vehicle.bytes);
    case BlockersColumn:
        return Text::orDash(vehicle.blockers.join(QStringLiteral("; ")));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant DryRunModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case VinColumn:
        return tr("VIN");
    case WaveColumn:
        return tr("Wave");
    case CompatibleColumn:
        return tr("Compatible");
    case PayloadColumn:
        return tr("Payload");
    case BytesColumn:
        return tr("Download");
    case BlockersColumn:
        return tr("Blockers");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace flotilla::ui
