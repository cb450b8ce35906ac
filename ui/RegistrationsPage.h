#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSettings;
class QSortFilterProxyModel;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

class PlaceholderTableView;
class RefreshThrottle;
class RegistrationController;
class RegistrationTableModel;

// Registration requests that arrived without a valid enrollment proof, with Accept and Reject.
class RegistrationsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationsPage)
public:
    RegistrationsPage(server::FleetService &fleet, QThreadPool &pool, RegistrationController &controller,
                      QWidget *parent = nullptr);
    ~RegistrationsPage() override;

    void start();
    RegistrationTableModel *model() const { return m_model; }
    int pendingCount() const;
    QStringList selectedVins() const;
    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void pendingCountChanged(int count);
    void errorOccurred(const QString &message);

private:
    void fetch();
    void updateButtons();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    RegistrationController &m_controller;
    RefreshThrottle *m_throttle;
    RegistrationTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    PlaceholderTableView *m_table;
    QPushButton *m_accept;
    QPushButton *m_reject;
    int m_lastCount = -1;
    bool m_columnsFitted = false;
};

} // namespace flotilla::ui
