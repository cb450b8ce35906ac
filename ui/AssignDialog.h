#pragma once

#include "server/releases/ReleaseTypes.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class AssignmentModel;
class PlaceholderTableView;
class VehicleTableModel;

// Update…: pick a release, see per vehicle whether it applies and what it changes (from the
// inventory as the console shows it), confirm; then the engine's answer per vehicle: the job it
// queued, or why it refused. Opened with vehicles (the inventory's selection) or with a release
// (its details), in which case the candidates are the vehicles with its hardware.
class AssignDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignDialog)
public:
    AssignDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                 const VehicleTableModel &vehicles, QStringList vins, qint64 releaseId, QWidget *parent = nullptr);
    ~AssignDialog() override;

    AssignmentModel *model() const { return m_model; }
    qint64 releaseId() const;
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void assigned(const QStringList &vins); // vehicles that got a job
    void message(const QString &text);
    void failed(const QString &text);

private:
    void loadReleases();
    void onReleaseChanged();
    void confirm();
    void updateSummary();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    const VehicleTableModel &m_vehicles;
    QStringList m_vins; // empty: the vehicles the release applies to
    qint64 m_initialRelease;
    QList<server::releases::ReleaseRecord> m_releases;
    bool m_busy = false;

    QComboBox *m_release;
    QLabel *m_releaseSummary;
    QLineEdit *m_filter;
    AssignmentModel *m_model;
    QSortFilterProxyModel *m_proxy;
    PlaceholderTableView *m_table;
    QLabel *m_summary;
    QPushButton *m_assign;
};

} // namespace flotilla::ui
