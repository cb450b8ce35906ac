#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

// Shows the fleet enrollment key (vehicles prove it at registration) with Copy and Rotate.
// Rotating asks for confirmation: vehicles set up with the old key then register as pending.
class EnrollmentKeyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnrollmentKeyDialog)
public:
    EnrollmentKeyDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                        QWidget *parent = nullptr);
    ~EnrollmentKeyDialog() override;

    QString key() const;
    void rotate(); // after confirmation

Q_SIGNALS:
    void message(const QString &text);
    void failed(const QString &text);

private:
    void load();
    void confirmRotation();

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    QLineEdit *m_key;
    QPushButton *m_copy;
    QPushButton *m_rotate;
    QLabel *m_status;
};

} // namespace flotilla::ui
