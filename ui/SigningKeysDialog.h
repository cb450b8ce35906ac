#pragma once

#include "server/store/UpdateRecords.h"

#include <QDialog>
#include <QList>
#include <QTimer>

class QLabel;
class QPushButton;
class QTableWidget;
class QThreadPool;

namespace flotilla::server {
class FleetService;
}

namespace flotilla::ui {

// Server ▸ Signing Keys…: the Ed25519 keys that sign update instructions, how many vehicles hold
// each, and their rotation in two steps: Rotate makes a next key that signs alongside the active
// one and travels to every vehicle; Promote, once the vehicles have it, makes it the only signer.
// Refreshes itself while open (vehicles receive the key in their sessions).
class SigningKeysDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SigningKeysDialog)
public:
    SigningKeysDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName, QWidget *parent = nullptr);
    ~SigningKeysDialog() override;

    void refresh();

    struct KeyRow
    {
        store::SigningKeyRecord key;
        qint64 vehicles = 0;
    };
    const QList<KeyRow> &keys() const { return m_keys; }

Q_SIGNALS:
    void message(const QString &text);
    void failed(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Loaded;
    void display(const Loaded &loaded);
    void confirmRotate();
    void confirmPromote();
    void run(bool promote);

    server::FleetService &m_fleet;
    QThreadPool &m_pool;
    QString m_operator;
    QTimer m_timer;
    bool m_loading = false;
    bool m_working = false;
    QList<KeyRow> m_keys;
    qint64 m_accepted = 0;
    QTableWidget *m_table;
    QLabel *m_readiness;
    QPushButton *m_rotate;
    QPushButton *m_promote;
};

} // namespace flotilla::ui
