// The console's login dialog (ui/LoginDialog), offscreen, on a real SQLite store: creating the
// administrator (validation messages before anything is stored), logging in (wrong password
// message, success), and the demo operator the console logs in automatically.
#include "server/auth/UserService.h"
#include "server/store/Database.h"
#include "server/store/StoreWriter.h"
#include "ui/LoginDialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace flotilla;
using namespace Qt::StringLiterals;
using server::auth::UserService;
using server::campaigns::Actor;
using server::campaigns::Role;
using ui::LoginDialog;

class tst_GuiLogin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createAdministratorValidates_data();
    void createAdministratorValidates();
    void createAdministratorStoresTheAccount();
    void loginShowsWrongPassword();
    void demoOperator();

private:
    static void fill(LoginDialog &dialog, const QString &objectName, const QString &text)
    {
        auto *edit = dialog.findChild<QLineEdit *>(objectName);
        QVERIFY2(edit, qPrintable(objectName));
        edit->setText(text);
    }
    static void submit(LoginDialog &dialog)
    {
        auto *button = dialog.findChild<QPushButton *>(u"submit"_s);
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<store::Database> m_database;
    std::unique_ptr<store::StoreWriter> m_writer;
    ManualClock m_clock;
    std::unique_ptr<UserService> m_users;
};

void tst_GuiLogin::init()
{
    // A fresh store per test (STYLE.md 17: GUI tests reset their state in init()).
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    store::DatabaseOptions options;
    options.path = m_dir->filePath(u"flotilla.db"_s);
    auto database = store::Database::open(options);
    QVERIFY2(database, qPrintable(database.errorString()));
    m_database = *database;
    m_writer = std::make_unique<store::StoreWriter>(m_database);
    // Cheap scrypt parameters: the dialog's behaviour, not the KDF's cost, is under test here.
    m_users = std::make_unique<UserService>(m_database, *m_writer, m_clock, crypto::ScryptParameters{10, 8, 1});
}

void tst_GuiLogin::cleanup()
{
    m_users.reset();
    m_writer.reset();
    m_database.reset();
    m_dir.reset();
}

void tst_GuiLogin::createAdministratorValidates_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("repeat");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad name") << u"the admin"_s << u"long enough pw"_s << u"long enough pw"_s
                              << u"a user name has 1 to 64 characters"_s;
    QTest::newRow("reserved") << u"system"_s << u"long enough pw"_s << u"long enough pw"_s << u"reserved"_s;
    QTest::newRow("short") << u"admin"_s << u"short"_s << u"short"_s << u"at least 10 characters"_s;
    QTest::newRow("name as password") << u"administrator"_s << u"Administrator"_s << u"Administrator"_s
                                      << u"must not be the user name"_s;
    QTest::newRow("differ") << u"admin"_s << u"long enough pw"_s << u"long enough pW"_s << u"differ"_s;
}

void tst_GuiLogin::createAdministratorValidates()
{
    QFETCH(QString, name);
    QFETCH(QString, password);
    QFETCH(QString, repeat);
    QFETCH(QString, message);
    LoginDialog dialog(*m_users, LoginDialog::Mode::CreateAdministrator);
    dialog.show();
    QVERIFY(dialog.findChild<QLineEdit *>(u"passwordRepeat"_s));
    fill(dialog, u"name"_s, name);
    fill(dialog, u"password"_s, password);
    fill(dialog, u"passwordRepeat"_s, repeat);
    submit(dialog);
    // Checked at once, on the GUI thread: nothing was stored, the dialog stays open.
    QVERIFY2(dialog.message().contains(message), qPrintable(dialog.message()));
    QVERIFY(dialog.findChild<QLabel *>(u"message"_s)->isVisible());
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.user());
    QCOMPARE(m_users->hasUsers().valueOr(true), false);
}

void tst_GuiLogin::createAdministratorStoresTheAccount()
{
    LoginDialog dialog(*m_users, LoginDialog::Mode::CreateAdministrator);
    dialog.show();
    QCOMPARE(dialog.findChild<QLineEdit *>(u"name"_s)->text(), u"admin"_s); // suggested
    fill(dialog, u"name"_s, u"Root.Admin"_s);
    fill(dialog, u"password"_s, u"a strong password"_s);
    fill(dialog, u"passwordRepeat"_s, u"a strong password"_s);
    submit(dialog);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.user());
    QCOMPARE(dialog.user()->name, u"root.admin"_s);
    QVERIFY(dialog.user()->role == Role::Admin);
    QVERIFY(dialog.message().isEmpty());
    QVERIFY(m_users->authenticate(u"root.admin"_s, u"a strong password"_s));
}

void tst_GuiLogin::loginShowsWrongPassword()
{
    QVERIFY(m_users->createUser(u"erin"_s, {}, Role::Admin, u"erin's password"_s, Actor::system()));
    LoginDialog dialog(*m_users, LoginDialog::Mode::Login);
    dialog.show();
    QVERIFY(!dialog.findChild<QLineEdit *>(u"passwordRepeat"_s));

    submit(dialog);
    QCOMPARE(dialog.message(), u"Enter your user name and password."_s);

    fill(dialog, u"name"_s, u"erin"_s);
    fill(dialog, u"password"_s, u"not erin's password"_s);
    submit(dialog);
    QTRY_COMPARE(dialog.message(), u"wrong user name or password"_s);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.findChild<QLineEdit *>(u"password"_s)->text().isEmpty()); // cleared for the next try
    QVERIFY(dialog.findChild<QPushButton *>(u"submit"_s)->isEnabled());

    fill(dialog, u"password"_s, u"erin's password"_s);
    submit(dialog);
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.user()->name, u"erin"_s);
}

void tst_GuiLogin::demoOperator()
{
    const auto demo = m_users->demoOperator();
    QVERIFY2(demo, qPrintable(demo.errorString()));
    QCOMPARE(demo->name, u"demo"_s);
    QVERIFY(demo->role == Role::Admin);
    QCOMPARE(demo->lastLoginAtMs, m_clock.nowMs());
    const auto again = m_users->demoOperator();
    QVERIFY(again);
    QCOMPARE(again->id, demo->id); // made once
    // An administrator who demotes the demo account turns automatic login off.
    QVERIFY(m_users->createUser(u"erin"_s, {}, Role::Admin, u"erin's password"_s, Actor::system()));
    QVERIFY(m_users->setRole(u"demo"_s, Role::Viewer, Actor{u"erin"_s, Role::Admin}));
    const auto refused = m_users->demoOperator();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, 409);
}

QTEST_MAIN(tst_GuiLogin)
#include "tst_gui_login.moc"
