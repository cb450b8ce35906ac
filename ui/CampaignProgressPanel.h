#pragma once

#include "server/campaigns/CampaignService.h"

#include <QThreadPool>
#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QGroupBox;
class QLabel;
class QListWidget;
class QTableView;
class QTableWidget;
class QValueAxis;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class CampaignVehicleModel;
class DryRunModel;

// The selected campaign's progress (issue 4): counts per vehicle and job state, a stacked bar per
// wave (succeeded / failed / active / waiting), failures grouped by result code, the vehicles with
// their download and install progress, and "why not updated?" for the selected vehicle. For a
// campaign pending approval it also shows what the approver decides on: the changes since the last
// approved revision (describeChanges) and the dry run. Fed by CampaignsPage's throttled refresh;
// its own calls (why, dry run) run on the window's pool.
class CampaignProgressPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignProgressPanel)
public:
    CampaignProgressPanel(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~CampaignProgressPanel() override;

    void setCampaign(const server::campaigns::CampaignSummary &summary,
                     const QList<server::campaigns::CampaignVehicleRecord> &vehicles);
    void clear();
    qint64 campaignId() const { return m_campaignId; }
    CampaignVehicleModel *vehicleModel() const { return m_vehicles; }
    DryRunModel *reviewModel() const { return m_review; }
    QChart *chart() const { return m_chart; }

private:
    void updateChart(const server::campaigns::CampaignSummary &summary);
    void updateFailures(const QList<server::campaigns::CampaignVehicleRecord> &vehicles);
    void updateReview(const server::campaigns::CampaignRecord &campaign);
    void explainSelected();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    qint64 m_campaignId = 0;
    QLabel *m_title;
    QLabel *m_counts;
    QChart *m_chart;
    QChartView *m_chartView;
    QBarCategoryAxis *m_waveAxis;
    QValueAxis *m_countAxis;
    QList<QBarSet *> m_sets; // succeeded, failed, active, waiting
    QTableWidget *m_failures;
    CampaignVehicleModel *m_vehicles;
    QTableView *m_vehicleTable;
    QLabel *m_why;
    QGroupBox *m_reviewBox;
    QListWidget *m_changes;
    QLabel *m_reviewTotals;
    DryRunModel *m_review;
    QString m_reviewedKey; // campaign id and revision whose dry run the review shows
    QString m_whyVin;
};

} // namespace flotilla::ui
