#include "ui/SigningKeysDialog.h"

#include "server/FleetService.h"
#include "server/updates/UpdateEngine.h"
#include "ui/Async.h"
#include "ui/DetailsTable.h"
#include "ui/Text.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace std::chrono_literals;

namespace flotilla::ui {

struct SigningKeysDialog::Loaded
{
    QList<KeyRow> keys;
    qint64 accepted = 0;
    QString error;
};

namespace {

const store::SigningKeyRecord *nextKey(const QList<SigningKeysDialog::KeyRow> &keys)
{
    for (const SigningKeysDialog::KeyRow &row : keys) {
        if (row.key.state == store::SigningKeyState::Next) {
            return &row.key;
        }
    }
    return nullptr;
}

} // namespace

SigningKeysDialog::SigningKeysDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                                     QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
    , m_table(DetailsTable::make({tr("Key ID"), tr("State"), tr("Created"), tr("Changed"), tr("Vehicles with it")},
                                 QStringLiteral("signingKeysTable"), this))
    , m_readiness(new QLabel(this))
    , m_rotate(new QPushButton(QIcon(QStringLiteral(":/icons/rotate.png")), tr("&Rotate…"), this))
    , m_promote(new QPushButton(QIcon(QStringLiteral(":/icons/signing.png")), tr("&Promote…"), this))
{
    setObjectName(QStringLiteral("signingKeysDialog"));
    setWindowTitle(tr("Signing keys"));

    auto *explanation = new QLabel(tr("The console signs every update instruction; vehicles install only what a key "
                                      "they trust signed. To replace the key without leaving any vehicle behind, "
                                      "rotate in two steps: Rotate makes a new key that signs alongside the active "
                                      "one and is sent to every vehicle at its next session; Promote, once the "
                                      "vehicles have it, makes the new key the only signer and retires the old one."),
                                   this);
    explanation->setWordWrap(true);
    m_readiness->setObjectName(QStringLiteral("signingKeysReadiness"));
    m_readiness->setWordWrap(true);
    m_rotate->setObjectName(QStringLiteral("rotateSigningKeyButton"));
    m_rotate->setToolTip(tr("Step 1: make a new key and send it to the vehicles"));
    m_promote->setObjectName(QStringLiteral("promoteSigningKeyButton"));
    m_promote->setToolTip(tr("Step 2: make the new key the only signer"));
    connect(m_rotate, &QPushButton::clicked, this, &SigningKeysDialog::confirmRotate);
    connect(m_promote, &QPushButton::clicked, this, &SigningKeysDialog::confirmPromote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_rotate);
    actions->addWidget(m_promote);
    actions->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(m_table);
    layout->addWidget(m_readiness);
    layout->addLayout(actions);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(760, 380);

    m_timer.setInterval(3s);
    connect(&m_timer, &QTimer::timeout, this, &SigningKeysDialog::refresh);
    m_promote->setEnabled(false);
}

SigningKeysDialog::~SigningKeysDialog() = default;

void SigningKeysDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    refresh();
    m_timer.start();
}

void SigningKeysDialog::hideEvent(QHideEvent *event)
{
    m_timer.stop();
    QDialog::hideEvent(event);
}

void SigningKeysDialog::refresh()
{
    if (m_loading) {
        return;
    }
    m_loading = true;
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet] {
            Loaded loaded;
            auto keys = fleet->signingKeys();
            if (!keys) {
                loaded.error = keys.errorString();
                return loaded;
            }
            for (const store::SigningKeyRecord &key : std::as_const(*keys)) {
                auto count = fleet->updates().vehiclesWithKey(key.keyId);
                loaded.keys.append({key, count.valueOr(0)});
            }
            auto status = fleet->status();
            loaded.accepted = status ? status->accepted : 0;
            return loaded;
        },
        [this](const Loaded &loaded) {
            m_loading = false;
            display(loaded);
        });
}

void SigningKeysDialog::display(const Loaded &loaded)
{
    if (!loaded.error.isEmpty()) {
        m_readiness->setText(tr("Could not read the signing keys: %1").arg(loaded.error));
        return;
    }
    m_keys = loaded.keys;
    m_accepted = loaded.accepted;
    QList<QStringList> rows;
    // Newest first: the key that matters during a rotation is on top.
    for (auto it = m_keys.crbegin(); it != m_keys.crend(); ++it) {
        rows.append(
            {it->key.keyId, Text::signingKeyState(it->key.state), Text::dateTime(it->key.createdAtMs),
             Text::dateTime(it->key.changedAtMs),
             it->key.state == store::SigningKeyState::Retired ? Text::orDash({}) : QString::number(it->vehicles)});
    }
    DetailsTable::setRows(m_table, rows);

    const store::SigningKeyRecord *next = nextKey(m_keys);
    m_rotate->setEnabled(!m_working && !next);
    m_promote->setEnabled(!m_working && next);
    if (!next) {
        m_readiness->setText(tr("No rotation in progress. The active key signs every update instruction."));
        return;
    }
    qint64 holding = 0;
    for (const KeyRow &row : std::as_const(m_keys)) {
        if (&row.key == next) {
            holding = row.vehicles;
        }
    }
    m_readiness->setText(holding >= m_accepted
                             ? tr("Ready to promote: all %1 accepted vehicles have the new key.").arg(m_accepted)
                             : tr("The new key reached %1 of %2 accepted vehicles. The others receive it at their "
                                  "next session; promote once they have it.")
                                   .arg(holding)
                                   .arg(m_accepted));
}

void SigningKeysDialog::confirmRotate()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Rotate signing key"),
                                tr("Start a rotation of the instruction-signing key?"), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("rotateSigningKeyConfirmation"));
    box->setInformativeText(tr("Step 1, now: a new key is made. It signs update instructions together with the active "
                               "key, and every vehicle receives it at its next session. Nothing changes for the "
                               "vehicles yet.\n\nStep 2, later: Promote makes the new key the only signer and "
                               "retires the old one. Promote once the vehicles have the new key; this dialog counts "
                               "them."));
    QPushButton *rotate = box->addButton(tr("Rotate"), QMessageBox::AcceptRole);
    rotate->setObjectName(QStringLiteral("confirmRotateSigningKeyButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, rotate](QAbstractButton *clicked) {
        if (clicked == rotate) {
            run(false);
        }
    });
    box->open();
}

void SigningKeysDialog::confirmPromote()
{
    const store::SigningKeyRecord *next = nextKey(m_keys);
    if (!next) {
        return;
    }
    qint64 holding = 0;
    for (const KeyRow &row : std::as_const(m_keys)) {
        if (row.key.keyId == next->keyId) {
            holding = row.vehicles;
        }
    }
    const bool everyone = holding >= m_accepted;
    auto *box = new QMessageBox(everyone ? QMessageBox::Question : QMessageBox::Warning, tr("Promote signing key"),
                                tr("Make the new key the only signer?"), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("promoteSigningKeyConfirmation"));
    box->setInformativeText(
        everyone ? tr("All %1 accepted vehicles have the new key. The old key is retired and signs nothing from now "
                      "on.")
                       .arg(m_accepted)
                 : tr("Only %1 of %2 accepted vehicles have the new key. The others cannot verify update instructions "
                      "until they receive it. The old key is retired and signs nothing from now on.")
                       .arg(holding)
                       .arg(m_accepted));
    QPushButton *promote = box->addButton(tr("Promote"), QMessageBox::AcceptRole);
    promote->setObjectName(QStringLiteral("confirmPromoteSigningKeyButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(everyone ? promote : cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, promote](QAbstractButton *clicked) {
        if (clicked == promote) {
            run(true);
        }
    });
    box->open();
}

void SigningKeysDialog::run(bool promote)
{
    m_working = true;
    m_rotate->setEnabled(false);
    m_promote->setEnabled(false);
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this,
        [fleet, promote, actor = m_operator] {
            return promote ? fleet->updates().promoteSigningKey(actor) : fleet->updates().rotateSigningKey(actor);
        },
        [this, promote](const Result<store::SigningKeyRecord> &result) {
            m_working = false;
            if (!result) {
                const QString text = promote ? tr("Could not promote the key: %1").arg(result.errorString())
                                             : tr("Could not rotate the key: %1").arg(result.errorString());
                m_readiness->setText(text);
                Q_EMIT failed(text);
            } else {
                Q_EMIT message(
                    promote ? tr("Signing key %1 is now the only signer.").arg(result->keyId.left(16))
                            : tr("New signing key %1 is on its way to the vehicles.").arg(result->keyId.left(16)));
            }
            refresh();
        });
}

} // namespace flotilla::ui
