#pragma once

#include "server/releases/ReleaseTypes.h"

#include <QDialog>
#include <QHash>
#include <QMap>
#include <QTimer>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QThreadPool;
class QTreeWidget;
class QTreeWidgetItem;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class DeltaTableModel;
class PlaceholderTableView;
class RefreshThrottle;

// The delta builder: for one release, the source versions to build deltas from (per target,
// those the fleet runs, checked; "Add a version" for images the console holds that no vehicle
// runs yet), Build and Cancel with live progress, and the payloads built so far with their
// size, saving against the full payload, build time, apply memory, verification and state.
class DeltaBuilderDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeltaBuilderDialog)
public:
    DeltaBuilderDialog(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~DeltaBuilderDialog() override;

    // The releases to choose from, and the one to show.
    void setReleases(const QList<server::releases::ReleaseRecord> &releases, qint64 releaseId);
    qint64 releaseId() const { return m_releaseId; }
    DeltaTableModel *model() const { return m_model; }
    QStringList checkedVersions() const;
    bool isBuilding() const { return m_building; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    struct Plan;
    void loadPlan();
    void showPlan(const Plan &plan);
    void addVersion();
    void build();
    void cancelBuild();
    void refresh(); // records and progress, coalesced
    void fetch();
    void updateButtons();
    QTreeWidgetItem *addSource(QTreeWidgetItem *target, const QString &version, const QString &note);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    RefreshThrottle *m_throttle;
    QTimer m_poll; // the fraction of the pair being built moves without an event
    qint64 m_releaseId = 0;
    int m_planRequest = 0;
    bool m_building = false;
    server::releases::ReleaseRecord m_release;
    QHash<QString, QMap<QString, QString>> m_heldVersions; // hwId → version → sha256 of images held

    QComboBox *m_releases;
    QLabel *m_intro;
    QTreeWidget *m_sources;
    QComboBox *m_addVersion;
    QPushButton *m_addVersionButton;
    QLabel *m_sourcesMessage;
    QPushButton *m_build;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_progressLabel;
    DeltaTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    PlaceholderTableView *m_table;
};

} // namespace flotilla::ui
