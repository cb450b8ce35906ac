#include "ui/CampaignProgressPanel.h"

#include "server/FleetService.h"
#include "ui/Async.h"
#include "ui/CampaignModels.h"
#include "ui/StateBadgeDelegate.h"
#include "ui/Text.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace flotilla::ui {

using server::campaigns::CampaignRecord;
using server::campaigns::CampaignState;
using server::campaigns::CampaignSummary;
using server::campaigns::CampaignVehicleRecord;

namespace {

// The bars' states, in stacking order, with the badge colours of the same states.
const QStringList ChartStates{QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("active"),
                              QStringLiteral("waiting")};

} // namespace

CampaignProgressPanel::CampaignProgressPanel(server::FleetService &fleet, QThreadPool &pool, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_title(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_waveAxis(new QBarCategoryAxis(m_chart))
    , m_countAxis(new QValueAxis(m_chart))
    , m_failures(new QTableWidget(0, 3, this))
    , m_vehicles(new CampaignVehicleModel(this))
    , m_vehicleTable(new QTableView(this))
    , m_why(new QLabel(this))
    , m_reviewBox(new QGroupBox(tr("Approval review"), this))
    , m_changes(new QListWidget(m_reviewBox))
    , m_reviewTotals(new QLabel(m_reviewBox))
    , m_review(new DryRunModel(this))
{
    setObjectName(QStringLiteral("campaignProgress"));
    m_title->setObjectName(QStringLiteral("campaignTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_counts->setObjectName(QStringLiteral("campaignCounts"));
    m_counts->setWordWrap(true);
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // One stacked bar per wave: how far each wave got, and where it failed, at a glance.
    m_chart->setTitle(tr("Vehicles per wave"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setAnimationOptions(QChart::NoAnimation); // repaints at up to 10 Hz: animation would lag
    auto *series = new QStackedBarSeries(m_chart);
    const QList<QColor> colors{CampaignText::targetStateColor(int(server::campaigns::TargetState::Succeeded)),
                               CampaignText::targetStateColor(int(server::campaigns::TargetState::Failed)),
                               CampaignText::targetStateColor(int(server::campaigns::TargetState::Active)),
                               CampaignText::targetStateColor(int(server::campaigns::TargetState::Waiting))};
    const QStringList labels{tr("Succeeded"), tr("Failed"), tr("Active"), tr("Waiting")};
    for (int i = 0; i < labels.size(); ++i) {
        auto *set = new QBarSet(labels.at(i), series);
        set->setColor(colors.at(i));
        set->setBorderColor(colors.at(i));
        series->append(set);
        m_sets.append(set);
    }
    m_chart->addSeries(series);
    m_chart->addAxis(m_waveAxis, Qt::AlignBottom);
    m_chart->addAxis(m_countAxis, Qt::AlignLeft);
    series->attachAxis(m_waveAxis);
    series->attachAxis(m_countAxis);
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    m_chartView->setObjectName(QStringLiteral("campaignChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(200);

    m_failures->setObjectName(QStringLiteral("campaignFailures"));
    m_failures->setHorizontalHeaderLabels({tr("Result code"), tr("Meaning"), tr("Vehicles")});
    m_failures->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_failures->verticalHeader()->hide();
    m_failures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_failures->setMaximumHeight(120);

    m_vehicleTable->setObjectName(QStringLiteral("campaignVehicles"));
    m_vehicleTable->setModel(m_vehicles);
    m_vehicleTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_vehicleTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_vehicleTable->verticalHeader()->hide();
    m_vehicleTable->setWordWrap(false);
    m_vehicleTable->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: contents-based sizing would walk every row of a large campaign on each refresh.
    m_vehicleTable->setColumnWidth(CampaignVehicleModel::VinColumn, 170);
    m_vehicleTable->setColumnWidth(CampaignVehicleModel::WaveColumn, 50);
    m_vehicleTable->setColumnWidth(CampaignVehicleModel::StateColumn, 100);
    m_vehicleTable->setColumnWidth(CampaignVehicleModel::JobColumn, 150);
    m_vehicleTable->setColumnWidth(CampaignVehicleModel::DownloadColumn, 170);
    m_vehicleTable->setItemDelegateForColumn(
        CampaignVehicleModel::StateColumn,
        new StateBadgeDelegate(CampaignVehicleModel::StateRole, &CampaignText::targetStateColor, -1, this));
    m_vehicleTable->setItemDelegateForColumn(CampaignVehicleModel::JobColumn,
                                             new StateBadgeDelegate(CampaignVehicleModel::JobStateRole,
                                                                    &StateBadgeDelegate::jobStateColor,
                                                                    CampaignVehicleModel::JobProgressRole, this));
    connect(m_vehicleTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CampaignProgressPanel::explainSelected);

    m_why->setObjectName(QStringLiteral("campaignWhy"));
    m_why->setWordWrap(true);
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_reviewBox->setObjectName(QStringLiteral("campaignReview"));
    m_changes->setObjectName(QStringLiteral("campaignChanges"));
    m_changes->setMaximumHeight(90);
    m_reviewTotals->setObjectName(QStringLiteral("campaignReviewTotals"));
    m_reviewTotals->setWordWrap(true);
    auto *reviewTable = new QTableView(m_reviewBox);
    reviewTable->setObjectName(QStringLiteral("campaignReviewTable"));
    reviewTable->setModel(m_review);
    reviewTable->verticalHeader()->hide();
    reviewTable->setWordWrap(false);
    reviewTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    reviewTable->horizontalHeader()->setStretchLastSection(true);
    reviewTable->setMaximumHeight(160);
    auto *reviewLayout = new QVBoxLayout(m_reviewBox);
    reviewLayout->addWidget(new QLabel(tr("Changes since the last approval:"), m_reviewBox));
    reviewLayout->addWidget(m_changes);
    reviewLayout->addWidget(m_reviewTotals);
    reviewLayout->addWidget(reviewTable);
    m_reviewBox->hide();

    auto *top = new QWidget(this);
    auto *topLayout = new QHBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_chartView, 3);
    auto *side = new QVBoxLayout;
    side->addWidget(m_counts);
    side->addWidget(new QLabel(tr("Failures by result code:"), top));
    side->addWidget(m_failures);
    side->addStretch();
    topLayout->addLayout(side, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_reviewBox);
    layout->addWidget(top, 2);
    layout->addWidget(m_vehicleTable, 3);
    layout->addWidget(m_why);
    clear();
}

CampaignProgressPanel::~CampaignProgressPanel() = default;

void CampaignProgressPanel::clear()
{
    m_campaignId = 0;
    m_title->setText(tr("Select a campaign to follow its progress."));
    m_counts->clear();
    m_vehicles->clear();
    m_failures->setRowCount(0);
    for (QBarSet *set : std::as_const(m_sets)) {
        if (set->count() > 0)
            set->remove(0, set->count());
    }
    m_waveAxis->clear();
    m_why->clear();
    m_reviewBox->hide();
    m_reviewedKey.clear();
    m_whyVin.clear();
}

void CampaignProgressPanel::setCampaign(const CampaignSummary &summary, const QList<CampaignVehicleRecord> &vehicles)
{
    const CampaignRecord &campaign = summary.campaign;
    if (campaign.id != m_campaignId) {
        clear();
        m_campaignId = campaign.id;
    }
    m_title->setText(tr("%1 · %2 · revision %3")
                         .arg(campaign.spec.name, CampaignText::state(campaign.state))
                         .arg(campaign.revision));

    QStringList vehicleCounts;
    for (auto it = summary.vehicleStates.cbegin(); it != summary.vehicleStates.cend(); ++it) {
        const auto state = server::campaigns::targetStateFromString(it.key());
        vehicleCounts.append(tr("%1: %2").arg(state ? CampaignText::targetState(*state) : it.key()).arg(it.value()));
    }
    QStringList jobCounts;
    for (auto it = summary.jobStates.cbegin(); it != summary.jobStates.cend(); ++it) {
        const auto state = store::jobStateFromString(it.key());
        jobCounts.append(tr("%1: %2").arg(state ? Text::jobState(*state) : it.key()).arg(it.value()));
    }
    QString counts = tr("<b>Vehicles</b> %1").arg(vehicleCounts.join(QStringLiteral(" · ")).toHtmlEscaped());
    if (!jobCounts.isEmpty())
        counts += tr("<br><b>Jobs</b> %1").arg(jobCounts.join(QStringLiteral(" · ")).toHtmlEscaped());
    if (!campaign.reason.isEmpty())
        counts += tr("<br><b>Reason</b> %1").arg(campaign.reason.toHtmlEscaped());
    m_counts->setText(counts);

    updateChart(summary);
    m_vehicles->setVehicles(vehicles);
    updateFailures(vehicles);
    updateReview(campaign);
}

void CampaignProgressPanel::updateChart(const CampaignSummary &summary)
{
    const int waves = static_cast<int>(summary.waves.size());
    if (m_waveAxis->count() != waves) {
        QStringList categories;
        for (int wave = 0; wave < waves; ++wave)
            categories.append(tr("Wave %1").arg(wave + 1));
        m_waveAxis->clear();
        m_waveAxis->append(categories);
        for (QBarSet *set : std::as_const(m_sets)) {
            if (set->count() > 0)
                set->remove(0, set->count());
            for (int wave = 0; wave < waves; ++wave)
                set->append(0);
        }
    }
    // replace() only repaints the bars whose values changed.
    int highest = 1;
    for (int wave = 0; wave < waves; ++wave) {
        const QMap<QString, int> &states = summary.waves.at(wave);
        highest = std::max(highest, states.value(QStringLiteral("total")));
        for (int i = 0; i < m_sets.size(); ++i) {
            const qreal value = states.value(ChartStates.at(i));
            if (m_sets.at(i)->at(wave) != value)
                m_sets.at(i)->replace(wave, value);
        }
    }
    m_countAxis->setRange(0, highest);
    m_countAxis->setTickCount(std::min(highest, 5) + 1);
}

void CampaignProgressPanel::updateFailures(const QList<CampaignVehicleRecord> &vehicles)
{
    QMap<int, int> byCode; // result code → failed vehicles
    for (const CampaignVehicleRecord &vehicle : vehicles) {
        if (vehicle.state == server::campaigns::TargetState::Failed)
            ++byCode[vehicle.job ? vehicle.job->resultCode : 0];
    }
    m_failures->setRowCount(static_cast<int>(byCode.size()));
    int row = 0;
    for (auto it = byCode.cbegin(); it != byCode.cend(); ++it, ++row) {
        const auto set = [this, row](int column, const QString &text) {
            auto *item = m_failures->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_failures->setItem(row, column, item);
            }
            item->setText(text);
        };
        set(0, it.key() == 0 ? QStringLiteral("–") : QString::number(it.key()));
        set(1, it.key() == 0 ? tr("No result code (expired, cancelled or refused)") : Text::resultCode(it.key()));
        set(2, QString::number(it.value()));
    }
}

void CampaignProgressPanel::updateReview(const CampaignRecord &campaign)
{
    if (campaign.state != CampaignState::PendingApproval) {
        m_reviewBox->hide();
        m_reviewedKey.clear();
        return;
    }
    m_reviewBox->show();
    const QString key = QStringLiteral("%1/%2").arg(campaign.id).arg(campaign.revision);
    if (key == m_reviewedKey)
        return;
    m_reviewedKey = key;

    // What changed since the approver last said yes; a first submission lists every setting.
    m_changes->clear();
    if (campaign.approvedSpec.isEmpty()) {
        m_changes->addItem(tr("First submission: never approved before."));
    } else {
        const auto approved = server::campaigns::CampaignSpec::fromJson(campaign.approvedSpec);
        const QStringList changes = approved ? server::campaigns::describeChanges(*approved, campaign.spec)
                                             : QStringList{approved.errorString()};
        m_changes->addItems(changes.isEmpty() ? QStringList{tr("No changes.")} : changes);
    }

    m_reviewTotals->setText(tr("Dry run…"));
    server::FleetService *fleet = &m_fleet;
    const qint64 id = campaign.id;
    runInBackground(
        &m_pool, this, [fleet, id] { return fleet->campaigns().dryRun(id); },
        [this, key](const Result<server::campaigns::DryRun> &dryRun) {
            if (key != m_reviewedKey)
                return; // another campaign or revision is shown by now
            if (!dryRun) {
                m_reviewTotals->setText(tr("Dry run failed: %1").arg(dryRun.errorString()));
                return;
            }
            m_reviewTotals->setText(DryRunModel::totals(*dryRun));
            m_review->setDryRun(*dryRun);
        });
}

void CampaignProgressPanel::explainSelected()
{
    const QModelIndex current = m_vehicleTable->currentIndex();
    if (!current.isValid() || m_campaignId == 0) {
        m_why->clear();
        return;
    }
    const QString vin = current.data(CampaignVehicleModel::VinRole).toString();
    m_whyVin = vin;
    m_why->setText(tr("%1: …").arg(vin));
    server::FleetService *fleet = &m_fleet;
    const qint64 id = m_campaignId;
    runInBackground(
        &m_pool, this, [fleet, id, vin] { return fleet->campaigns().whyNotUpdated(id, vin); },
        [this, id, vin](const Result<QString> &why) {
            if (id != m_campaignId || vin != m_whyVin)
                return; // the selection moved on
            m_why->setText(tr("<b>%1</b>: %2").arg(vin, (why ? *why : why.errorString()).toHtmlEscaped()));
        });
}

} // namespace flotilla::ui
