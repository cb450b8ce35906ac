#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSplitter;
class QTabWidget;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class ChannelFeed;
class CommandController;
class JobFeed;
class PlaceholderTableView;
class RegistrationController;
class UpdateController;
class VehicleDetailsPanel;
class VehicleFeed;
class VehicleFilterProxyModel;
class VehicleRemotePanel;
class VehicleTableModel;

// The vehicle inventory: filter bar with Update… and Command…, live table (with each vehicle's
// update job and notification channel) and, beside it, the selected vehicle's Details and Remote
// tabs.
class VehiclesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VehiclesPage)
public:
    VehiclesPage(server::FleetService &fleet, QThreadPool &pool, RegistrationController &registrations,
                 UpdateController &updates, CommandController &commands, QWidget *parent = nullptr);
    ~VehiclesPage() override;

    void start(); // begins loading and following the fleet
    VehicleTableModel *model() const { return m_model; }
    VehicleFilterProxyModel *proxy() const { return m_proxy; }
    VehicleFeed *feed() const { return m_feed; }
    JobFeed *jobFeed() const { return m_jobFeed; }
    VehicleDetailsPanel *details() const { return m_details; }
    VehicleRemotePanel *remote() const { return m_remote; }
    ChannelFeed *channelFeed() const { return m_channelFeed; }
    void showRemoteTab(); // the Remote tab in front of the Details
    // Command… for the selection (the bulk dialog of the CommandController).
    void commandSelected();
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
    QString commandRefusal() const; // why Command… is disabled for the operator; empty when allowed
    void refreshVisibleTimes();
    void fitColumnsToContents();

    RegistrationController &m_registrations;
    UpdateController &m_updates;
    CommandController &m_commands;
    VehicleTableModel *m_model;
    VehicleFilterProxyModel *m_proxy;
    VehicleFeed *m_feed;
    JobFeed *m_jobFeed;
    ChannelFeed *m_channelFeed;
    QLineEdit *m_filter;
    QComboBox *m_stateFilter;
    QComboBox *m_channelFilter;
    QLabel *m_countLabel;
    QPushButton *m_update;
    QPushButton *m_command;
    PlaceholderTableView *m_table;
    QTabWidget *m_detailTabs;
    VehicleDetailsPanel *m_details;
    VehicleRemotePanel *m_remote;
    QSplitter *m_splitter;
    QTimer m_tick;
    bool m_columnsFitted = false;
};

} // namespace flotilla::ui
