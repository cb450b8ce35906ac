#include "ui/DestructiveCommandDialog.h"

#include "ui/CampaignModels.h"
#include "ui/CommandText.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace flotilla::ui {

using server::commands::Operation;

DestructiveCommandDialog::DestructiveCommandDialog(QString vin, Operation operation,
                                                   const server::campaigns::Actor &actor, QWidget *parent)
    : QDialog(parent)
    , m_vin(std::move(vin))
    , m_operation(operation)
    , m_allowed(!actor.name.isEmpty() &&
                server::campaigns::allows(actor.role, server::commands::permissionFor(operation)))
    , m_typed(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_confirm(nullptr)
{
    setObjectName(QStringLiteral("destructiveCommandDialog"));
    setWindowModality(Qt::WindowModal);
    const bool wipe = operation == Operation::Wipe;
    setWindowTitle(wipe ? tr("Wipe vehicle") : tr("Factory reset"));

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    auto *question = new QLabel(wipe ? tr("<b>Wipe the owner's data from %1?</b>").arg(m_vin)
                                     : tr("<b>Reset %1 to its factory state?</b>").arg(m_vin),
                                this);
    question->setObjectName(QStringLiteral("destructiveQuestion"));
    question->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *explanation = new QLabel(
        wipe ? tr("The vehicle erases its owner's data: driver profiles, paired phones, saved addresses and "
                  "app accounts. This cannot be undone. The vehicle refuses while it is not parked.")
             : tr("The head unit returns to its factory state: every setting and all of the owner's data are "
                  "erased, and the owner must set the vehicle up again. This cannot be undone. The vehicle "
                  "refuses while it is not parked."),
        this);
    explanation->setWordWrap(true);

    auto *prompt = new QLabel(tr("Type the VIN <b>%1</b> to confirm:").arg(m_vin), this);
    prompt->setBuddy(m_typed);
    m_typed->setObjectName(QStringLiteral("confirmVinEdit"));
    m_typed->setPlaceholderText(tr("VIN"));
    m_typed->setToolTip(tr("The vehicle's VIN, exactly as shown above"));
    QFont mono = m_typed->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_typed->setFont(mono);
    m_hint->setObjectName(QStringLiteral("destructiveHint"));
    m_hint->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(wipe ? tr("Wipe vehicle") : tr("Factory reset"), QDialogButtonBox::DestructiveRole);
    m_confirm->setObjectName(QStringLiteral("confirmDestructiveButton"));
    m_confirm->setAutoDefault(false);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelDestructiveButton"));
    cancel->setDefault(true);
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        if (!canConfirm()) {
            return;
        }
        Q_EMIT confirmed(m_vin, static_cast<int>(m_operation), m_typed->text().trimmed());
        accept();
    });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_typed, &QLineEdit::textChanged, this, &DestructiveCommandDialog::updateButton);

    auto *text = new QVBoxLayout;
    text->addWidget(question);
    text->addWidget(explanation);
    text->addSpacing(8);
    text->addWidget(prompt);
    text->addWidget(m_typed);
    text->addWidget(m_hint);
    auto *body = new QHBoxLayout;
    body->addWidget(icon);
    body->addSpacing(8);
    body->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addStretch(1);
    layout->addWidget(buttons);

    if (!m_allowed) {
        // Refused before anything is typed: the server would refuse too (403).
        m_typed->setEnabled(false);
        m_hint->setText(actor.name.isEmpty() ? tr("Log in as an administrator to wipe or reset a vehicle.")
                                             : tr("Only an administrator may do this; you are logged in as %1 (%2).")
                                                   .arg(actor.name, CampaignText::role(actor.role)));
        m_hint->setStyleSheet(QStringLiteral("color: #c62828;"));
    }
    updateButton();
    resize(std::max(sizeHint().width(), 460), sizeHint().height());
}

DestructiveCommandDialog::~DestructiveCommandDialog() = default;

bool DestructiveCommandDialog::canConfirm() const
{
    return m_allowed && m_typed->text().trimmed() == m_vin;
}

void DestructiveCommandDialog::updateButton()
{
    const bool ok = canConfirm();
    m_confirm->setEnabled(ok);
    if (!m_allowed) {
        m_confirm->setToolTip(m_hint->text());
        return;
    }
    const QString typed = m_typed->text().trimmed();
    if (ok) {
        m_hint->clear();
    } else if (!typed.isEmpty() && typed.compare(m_vin, Qt::CaseInsensitive) == 0) {
        m_hint->setText(tr("Type the VIN exactly, in capitals."));
    } else if (!typed.isEmpty() && !m_vin.startsWith(typed)) {
        m_hint->setText(tr("This is not the VIN of this vehicle."));
    } else {
        m_hint->clear();
    }
    m_confirm->setToolTip(ok ? CommandText::operationToolTip(m_operation) : tr("Type the vehicle's VIN first"));
}

} // namespace flotilla::ui
