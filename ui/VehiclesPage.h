#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSplitter;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class JobFeed;
class PlaceholderTableView;
class RegistrationController;
class UpdateController;
class VehicleDetailsPanel;
class VehicleFeed;
class VehicleFilterProxyModel;
class VehicleTableModel;

// The vehicle inventory: filter bar with Update…, live table (with each vehicle's update job) and
// the details panel beside it.
class VehiclesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehiclesPage)
public:
    VehiclesPage(server::FleetService &fleet, QThreadPool &pool, RegistrationController &registrations,
                 UpdateController &updates, QWidget *parent = nullptr);
    ~VehiclesPage() override;

    void start(); // begins loading and following the fleet
    VehicleTableModel *model() const { return m_model; }
    VehicleFilterProxyModel *proxy() const { return m_proxy; }
    VehicleFeed *feed() const { return m_feed; }
    JobFeed *jobFeed() const { return m_jobFeed; }
    VehicleDetailsPanel *details() const { return m_details; }
    QStringList selectedVins() const;
    void focusFilter();
    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void errorOccurred(const QString &message);

private:
    void updateCountLabel();
    void updatePlaceholder();
    void onCurrentChanged();
    void showContextMenu(const QPoint &pos);
    void updateSelected();
    void updateActions();
    void refreshVisibleTimes();
    void fitColumnsToContents();

    RegistrationController &m_registrations;
    UpdateController &m_updates;
    VehicleTableModel *m_model;
    VehicleFilterProxyModel *m_proxy;
    VehicleFeed *m_feed;
    JobFeed *m_jobFeed;
    QLineEdit *m_filter;
    QComboBox *m_stateFilter;
    QLabel *m_countLabel;
    QPushButton *m_update;
    PlaceholderTableView *m_table;
    VehicleDetailsPanel *m_details;
    QSplitter *m_splitter;
    QTimer m_tick;
    bool m_columnsFitted = false;
};

} // namespace flotilla::ui
