#pragma once

#include "server/auth/UserService.h"

#include <QDialog>

#include <memory>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QThreadPool;

namespace flotilla::ui {

// The console's first dialog (issue 4). On a store without users it creates the administrator
// (name, password twice); otherwise it logs a user in. Input rules are checked at once; the
// password check itself (scrypt, about 0.1 s, and the store) runs on a worker thread
// (STYLE.md 16), so the dialog stays responsive and shows the server's message on failure.
class LoginDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        CreateAdministrator,
        Login,
    };

    LoginDialog(server::auth::UserService &users, Mode mode, QWidget *parent = nullptr);
    ~LoginDialog() override;

    Mode mode() const { return m_mode; }
    // Set once the dialog was accepted.
    const std::optional<server::auth::User> &user() const { return m_user; }
    QString message() const; // the error shown, empty when none

private:
    void submit();
    void showMessage(const QString &text);
    void setBusy(bool busy);

    server::auth::UserService &m_users;
    Mode m_mode;
    std::optional<server::auth::User> m_user;
    std::unique_ptr<QThreadPool> m_pool; // declared before the widgets: waits for a check in flight
    QLineEdit *m_name = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_repeat = nullptr; // CreateAdministrator only
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace flotilla::ui
