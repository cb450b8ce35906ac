#include "ui/EnrollmentKeyDialog.h"

#include "server/EventBus.h"
#include "server/FleetService.h"
#include "ui/Async.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace flotilla::ui {

EnrollmentKeyDialog::EnrollmentKeyDialog(server::FleetService &fleet, QThreadPool &pool, QString operatorName,
                                         QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_pool(pool)
    , m_operator(std::move(operatorName))
    , m_key(new QLineEdit(this))
    , m_copy(new QPushButton(QIcon(QStringLiteral(":/icons/copy.png")), tr("&Copy"), this))
    , m_rotate(new QPushButton(QIcon(QStringLiteral(":/icons/rotate.png")), tr("&Rotate…"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("enrollmentKeyDialog"));
    setWindowTitle(tr("Enrollment key"));

    auto *explanation = new QLabel(tr("Vehicles prove that they belong to this fleet with the enrollment key: a "
                                      "vehicle that registers with a proof made from this key is accepted at once, "
                                      "any other waits in Registrations for an operator. Configure the key in the "
                                      "vehicles' agent (flotilla-agent --enrollment-key)."),
                                   this);
    explanation->setWordWrap(true);

    m_key->setObjectName(QStringLiteral("enrollmentKeyEdit"));
    m_key->setReadOnly(true);
    m_key->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_key->setMinimumWidth(m_key->fontMetrics().horizontalAdvance(QString(44, u'M')) + 16);
    m_key->setPlaceholderText(tr("Loading…"));

    m_copy->setObjectName(QStringLiteral("copyEnrollmentKeyButton"));
    m_copy->setToolTip(tr("Copy the key to the clipboard"));
    m_rotate->setObjectName(QStringLiteral("rotateEnrollmentKeyButton"));
    m_rotate->setToolTip(tr("Replace the key with a new random one; the old key stops working at once"));
    m_status->setObjectName(QStringLiteral("enrollmentKeyStatus"));
    m_status->setWordWrap(true);

    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_copy);
    keyRow->addWidget(m_rotate);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(keyRow);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_key->text());
        m_status->setText(tr("Copied to the clipboard."));
    });
    connect(m_rotate, &QPushButton::clicked, this, &EnrollmentKeyDialog::confirmRotation);
    connect(&m_fleet.eventBus(), &server::EventBus::enrollmentKeyChanged, this, &EnrollmentKeyDialog::load);
    load();
}

EnrollmentKeyDialog::~EnrollmentKeyDialog() = default;

QString EnrollmentKeyDialog::key() const
{
    return m_key->text();
}

void EnrollmentKeyDialog::load()
{
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet] { return fleet->enrollmentKey(); },
        [this](const QString &key) {
            m_key->setText(key);
            m_copy->setEnabled(!key.isEmpty());
        });
}

void EnrollmentKeyDialog::confirmRotation()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Rotate enrollment key"),
                                tr("Replace the enrollment key with a new one?"), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("rotateConfirmation"));
    box->setInformativeText(tr("The old key stops working at once: vehicles that register with it afterwards wait "
                               "for an operator. Vehicles already registered keep their tokens."));
    QPushButton *rotate = box->addButton(tr("Rotate"), QMessageBox::DestructiveRole);
    rotate->setObjectName(QStringLiteral("confirmRotateButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, rotate](QAbstractButton *clicked) {
        if (clicked == rotate) {
            this->rotate();
        }
    });
    box->open();
}

void EnrollmentKeyDialog::rotate()
{
    m_rotate->setEnabled(false);
    server::FleetService *fleet = &m_fleet;
    runInBackground(
        &m_pool, this, [fleet, actor = m_operator] { return fleet->rotateEnrollmentKey(actor); },
        [this](Result<QString> result) {
            m_rotate->setEnabled(true);
            if (!result) {
                m_status->setText(tr("Could not rotate the key: %1").arg(result.errorString()));
                Q_EMIT failed(m_status->text());
                return;
            }
            m_key->setText(*result);
            m_status->setText(tr("New key in use. Give it to the vehicles you set up from now on."));
            Q_EMIT message(tr("Enrollment key rotated."));
        });
}

} // namespace flotilla::ui
