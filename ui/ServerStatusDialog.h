#pragma once

#include "server/FleetService.h"

#include <QDialog>
#include <QTimer>

class QFormLayout;
class QLabel;
class QThreadPool;

namespace flotilla::ui {

// The embedded server at a glance: endpoints, data folder, counts, uptime. Refreshes itself
// while open.
class ServerStatusDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerStatusDialog)
public:
    ServerStatusDialog(server::FleetService &fleet, QThreadPool &pool, QWidget *parent = nullptr);
    ~ServerStatusDialog() override;

    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void display(const server::ServerStatus &status);
    QLabel *addField(const QString &label, const QString &objectName);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QTimer m_timer;
    bool m_loading = false;
    QFormLayout *m_form;
    QLabel *m_error;
    struct
    {
        QLabel *serverId, *version, *deviceUrl, *apiUrl, *dataDir, *started, *pollSeconds;
        QLabel *vehicles, *accepted, *pending, *rejected, *blocked, *registrations, *online, *sessions;
    } m_fields{};
};

} // namespace flotilla::ui
