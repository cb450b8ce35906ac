#include "ui/LoginDialog.h"

#include "ui/Async.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QThreadPool>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flotilla::ui {

using server::auth::User;
using server::auth::UserService;
using server::campaigns::Actor;
using server::campaigns::Role;

LoginDialog::LoginDialog(UserService &users, Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_users(users)
    , m_mode(mode)
    , m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(1);
    const bool create = mode == Mode::CreateAdministrator;
    setObjectName(u"loginDialog"_s);
    setWindowTitle(create ? tr("Create the administrator") : tr("Log in to Flotilla"));

    auto *intro = new QLabel(create ? tr("This is the first start: create the administrator account. "
                                         "The administrator adds the other users and gives them roles.")
                                    : tr("Log in with your Flotilla user name and password."),
                             this);
    intro->setWordWrap(true);

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"name"_s);
    m_name->setMaxLength(UserService::MaxNameLength);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMaxLength(UserService::MaxPasswordLength);

    auto *form = new QFormLayout;
    form->addRow(tr("User name:"), m_name);
    form->addRow(tr("Password:"), m_password);
    if (create) {
        m_name->setText(u"admin"_s);
        m_password->setPlaceholderText(tr("at least %1 characters").arg(UserService::MinPasswordLength));
        m_repeat = new QLineEdit(this);
        m_repeat->setObjectName(u"passwordRepeat"_s);
        m_repeat->setEchoMode(QLineEdit::Password);
        m_repeat->setMaxLength(UserService::MaxPasswordLength);
        form->addRow(tr("Repeat password:"), m_repeat);
    }

    m_message = new QLabel(this);
    m_message->setObjectName(u"message"_s);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(u"color: palette(highlight);"_s);
    m_message->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(create ? tr("Create") : tr("Log in"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(u"submit"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    (create ? m_password : (m_name->text().isEmpty() ? m_name : m_password))->setFocus();
}

LoginDialog::~LoginDialog()
{
    m_pool->waitForDone();
}

QString LoginDialog::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void LoginDialog::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void LoginDialog::setBusy(bool busy)
{
    m_buttons->setEnabled(!busy);
    m_name->setEnabled(!busy);
    m_password->setEnabled(!busy);
    if (m_repeat)
        m_repeat->setEnabled(!busy);
}

void LoginDialog::submit()
{
    const QString name = m_name->text();
    const QString password = m_password->text();
    if (m_mode == Mode::CreateAdministrator) {
        // The rules the service applies too, checked here so that typos show without a round trip.
        const Result<QString> normalized = UserService::normalizeName(name);
        if (!normalized)
            return showMessage(normalized.errorString());
        if (Status status = UserService::checkPassword(*normalized, password); !status)
            return showMessage(status.errorString());
        if (password != m_repeat->text())
            return showMessage(tr("The two passwords differ."));
    } else if (name.trimmed().isEmpty() || password.isEmpty()) {
        return showMessage(tr("Enter your user name and password."));
    }

    showMessage({});
    setBusy(true);
    UserService *users = &m_users;
    const bool create = m_mode == Mode::CreateAdministrator;
    runInBackground(
        m_pool.get(), this,
        [users, create, name, password]() -> Result<User> {
            if (create) {
                // "setup": the account that exists before anyone could log in made it.
                return users->createUser(name, QString(), Role::Admin, password,
                                         Actor{QStringLiteral("setup"), Role::Admin});
            }
            return users->authenticate(name, password);
        },
        [this](Result<User> result) {
            setBusy(false);
            if (!result) {
                showMessage(result.errorString());
                m_password->clear();
                if (m_repeat)
                    m_repeat->clear();
                m_password->setFocus();
                return;
            }
            m_user = *result;
            accept();
        });
}

} // namespace flotilla::ui
