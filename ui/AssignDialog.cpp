#include "ui/AssignDialog.h"

#include "server/FleetService.h"
#include "server/releases/ReleaseService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/AssignmentModel.h"
#include "ui/Async.h"
#include "ui/PlaceholderTableView.h"
#include "ui/ReleaseDetailsPanel.h"
#include "ui/ReleaseTableModel.h"
#include "ui/Text.h"
#include "ui/VehicleTableModel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace flotilla::ui {

using server::releases::ReleaseRecord;

AssignDialog::AssignDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                           const VehicleTableModel &vehicles, QStringList vins, qint64 releaseId, QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
    , m_vehicles(vehicles)
    , m_vins(std::move(vins))
    , m_initialRelease(releaseId)
    , m_release(new QComboBox(this))
    , m_releaseSummary(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_model(new AssignmentModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new PlaceholderTableView(this))
    , m_summary(new QLabel(this))
    , m_assign(new QPushButton(QIcon(QStringLiteral(":/icons/update.png")), tr("Assign"), this))
{
    setObjectName(QStringLiteral("assignDialog"));
    setWindowTitle(m_vins.size() == 1 ? tr("Update %1").arg(m_vins.first()) : tr("Update vehicles"));

    m_release->setObjectName(QStringLiteral("assignRelease"));
    m_release->setMinimumContentsLength(24);
    connect(m_release, &QComboBox::currentIndexChanged, this, &AssignDialog::onReleaseChanged);
    m_releaseSummary->setObjectName(QStringLiteral("assignReleaseSummary"));
    m_releaseSummary->setWordWrap(true);

    m_filter->setObjectName(QStringLiteral("assignFilter"));
    m_filter->setPlaceholderText(tr("Filter by VIN or model"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *checkAll = new QPushButton(tr("Check all"), this);
    checkAll->setObjectName(QStringLiteral("assignCheckAll"));
    auto *checkNone = new QPushButton(tr("Check none"), this);
    checkNone->setObjectName(QStringLiteral("assignCheckNone"));
    connect(checkAll, &QPushButton::clicked, this, [this] { m_model->setAllChecked(true); });
    connect(checkNone, &QPushButton::clicked, this, [this] { m_model->setAllChecked(false); });

    m_table->setObjectName(QStringLiteral("assignVehicles"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AssignmentModel::VinColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics metrics = m_table->fontMetrics();
    m_table->setColumnWidth(AssignmentModel::VinColumn,
                            metrics.horizontalAdvance(QStringLiteral("WVWZZZ1JZXW000000")) + 48);
    m_table->setColumnWidth(AssignmentModel::ModelColumn,
                            metrics.horizontalAdvance(QStringLiteral("F-150 Lightning")) + 16);
    m_table->setColumnWidth(AssignmentModel::CheckColumn,
                            metrics.horizontalAdvance(QStringLiteral("headunit 3.1.2 → 3.3.1, tbox 5.1.0 → 5.2.0")) +
                                16);
    m_table->setPlaceholderText(tr("Loading releases…"));
    connect(m_model, &AssignmentModel::checkedChanged, this, &AssignDialog::updateSummary);

    m_summary->setObjectName(QStringLiteral("assignSummary"));
    m_summary->setWordWrap(true);
    m_assign->setObjectName(QStringLiteral("confirmAssignButton"));
    m_assign->setDefault(true);
    connect(m_assign, &QPushButton::clicked, this, &AssignDialog::confirm);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_assign, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *releaseRow = new QHBoxLayout;
    releaseRow->addWidget(new QLabel(tr("Release:"), this));
    releaseRow->addWidget(m_release, 1);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(checkAll);
    filterRow->addWidget(checkNone);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(releaseRow);
    layout->addWidget(m_releaseSummary);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    resize(860, 520);

    updateSummary();
    loadReleases();
}

AssignDialog::~AssignDialog() = default;

qint64 AssignDialog::releaseId() const
{
    return m_release->currentData().toLongLong();
}

void AssignDialog::loadReleases()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->releases().list(); },
        [this](const Result<QList<ReleaseRecord>> &result) {
            if (!result) {
                m_table->setPlaceholderText(tr("Could not load the releases: %1").arg(result.errorString()));
                return;
            }
            m_releases = *result;
            // Newest first: the one to roll out is usually the latest import.
            std::sort(m_releases.begin(), m_releases.end(),
                      [](const ReleaseRecord &a, const ReleaseRecord &b) { return a.createdAtMs > b.createdAtMs; });
            const QSignalBlocker blocker(m_release);
            m_release->clear();
            for (const ReleaseRecord &release : std::as_const(m_releases)) {
                m_release->addItem(QIcon(QStringLiteral(":/icons/releases.png")), ReleaseTableModel::label(release),
                                   release.id);
            }
            m_release->setCurrentIndex(std::max(m_release->findData(m_initialRelease), 0));
            if (m_releases.isEmpty()) {
                m_table->setPlaceholderText(tr("No releases yet: import one in Releases first."));
            }
            onReleaseChanged();
        });
}

void AssignDialog::onReleaseChanged()
{
    const int index = m_release->currentIndex();
    if (index < 0 || index >= m_releases.size()) {
        m_model->setRows({});
        m_releaseSummary->clear();
        updateSummary();
        return;
    }
    const ReleaseRecord &release = m_releases.at(index);
    QStringList targets;
    QStringList hwIds;
    for (const server::releases::ReleaseTarget &target : release.targets) {
        targets.append(tr("%1 %2 (%3)").arg(target.ecu, target.version, target.hwId));
        hwIds.append(target.hwId);
    }
    m_releaseSummary->setText(tr("Installs %1 · release counter %2 · %3")
                                  .arg(targets.join(u", "))
                                  .arg(release.releaseCounter)
                                  .arg(ReleaseDetailsPanel::preconditionsText(release)));

    QList<AssignmentModel::Row> rows;
    const auto rowFor = [&](const VehicleRow &vehicle) {
        const store::VehicleRecord &v = vehicle.record;
        const UpdateCheck check = UpdateCheck::of(v, m_vehicles.jobOf(v.vin), release);
        return AssignmentModel::Row{v.vin, v.model, check, check.applies, std::nullopt, {}};
    };
    if (!m_vins.isEmpty()) {
        for (const QString &vin : std::as_const(m_vins)) {
            const int row = m_vehicles.rowOfVin(vin);
            if (row >= 0) {
                rows.append(rowFor(m_vehicles.vehicleAt(row)));
            }
        }
        m_table->setPlaceholderText({});
    } else {
        // From the release: the vehicles that carry its hardware, whether it applies to them or not.
        for (int row = 0; row < m_vehicles.rowCount(); ++row) {
            const VehicleRow &vehicle = m_vehicles.vehicleAt(row);
            const bool carries =
                std::any_of(vehicle.record.ecus.cbegin(), vehicle.record.ecus.cend(), [&](const QJsonValue &ecu) {
                    return hwIds.contains(ecu.toObject().value(u"HwId").toString());
                });
            if (carries) {
                rows.append(rowFor(vehicle));
            }
        }
        m_table->setPlaceholderText(
            tr("No vehicle in the inventory has the hardware of this release (%1).").arg(release.hwIds.join(u", ")));
    }
    m_model->setRows(rows);
    m_table->resizeColumnToContents(AssignmentModel::CheckColumn);
    updateSummary();
}

void AssignDialog::confirm()
{
    const QStringList vins = m_model->checkedVins();
    const qint64 id = releaseId();
    if (vins.isEmpty() || id <= 0 || m_busy) {
        return;
    }
    m_busy = true;
    m_release->setEnabled(false);
    updateSummary();
    m_summary->setText(tr("Assigning…"));
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, id, vins, actor = m_operator] { return fleet->updates().assign(id, vins, actor); },
        [this](const Result<QList<server::updates::UpdateEngine::Assignment>> &result) {
            m_busy = false;
            m_release->setEnabled(true);
            if (!result) {
                m_summary->setText(tr("Nothing was assigned: %1").arg(result.errorString()));
                Q_EMIT failed(m_summary->text());
                updateSummary();
                return;
            }
            QStringList queued;
            int refused = 0;
            for (const auto &assignment : *result) {
                if (assignment.job) {
                    queued.append(assignment.vin);
                    m_model->setResult(
                        assignment.vin, true,
                        tr("Job %1: %2").arg(assignment.job->id).arg(Text::jobState(assignment.job->state)));
                } else {
                    ++refused;
                    m_model->setResult(assignment.vin, false, tr("Refused: %1").arg(assignment.error));
                }
            }
            const QString release = m_release->currentText();
            QString text = tr("%n update jobs queued for %1.", nullptr, static_cast<int>(queued.size())).arg(release);
            if (refused > 0) {
                text += u' ' + tr("%n vehicles refused; see Result.", nullptr, refused);
            }
            updateSummary();
            m_summary->setText(text);
            if (!queued.isEmpty()) {
                Q_EMIT assigned(queued);
                Q_EMIT message(text);
            }
            if (refused > 0) {
                Q_EMIT failed(text);
            }
        });
}

void AssignDialog::updateSummary()
{
    const int checked = m_model->checkedCount();
    const bool done = m_model->hasResults();
    m_assign->setEnabled(!m_busy && !done && checked > 0);
    m_assign->setText(checked > 0 ? tr("Assign to %n vehicles", nullptr, checked) : tr("Assign"));
    if (m_busy || done) {
        return;
    }
    const int total = m_model->rowCount();
    const int applicable = m_model->applicableCount();
    if (total == 0) {
        m_summary->clear();
    } else if (applicable == 0) {
        m_summary->setText(tr("The release applies to none of these vehicles; the column What changes says why."));
    } else {
        m_summary->setText(tr("The release applies to %1 of %2 vehicles; %3 checked. Each checked vehicle gets an "
                              "update job, delivered at its next session.")
                               .arg(applicable)
                               .arg(total)
                               .arg(checked));
    }
}

} // namespace flotilla::ui
