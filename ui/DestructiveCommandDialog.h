#pragma once

#include "server/campaigns/CampaignTypes.h"
#include "server/commands/CommandTypes.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace flotilla::ui {

// Wipe… / Factory reset…: what the command destroys, and a field where the operator types the
// vehicle's VIN; the confirm button stays disabled until it matches exactly. Only administrators
// may confirm (DESIGN.md roles): for anyone else the dialog explains why and offers only Cancel.
// The typed VIN travels to the server as confirmVin, which checks it again.
class DestructiveCommandDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DestructiveCommandDialog)
public:
    DestructiveCommandDialog(QString vin, server::commands::Operation operation, const server::campaigns::Actor &actor,
                             QWidget *parent = nullptr);
    ~DestructiveCommandDialog() override;

    QString vin() const { return m_vin; }
    server::commands::Operation operation() const { return m_operation; }
    bool isAllowed() const { return m_allowed; }
    bool canConfirm() const; // allowed and the typed VIN matches

Q_SIGNALS:
    void confirmed(const QString &vin, int operation, const QString &typedVin); // int(Operation)

private:
    void updateButton();

    QString m_vin;
    server::commands::Operation m_operation;
    bool m_allowed;
    QLineEdit *m_typed;
    QLabel *m_hint;
    QPushButton *m_confirm;
};

} // namespace flotilla::ui
