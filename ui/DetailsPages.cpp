#include "ui/DetailsPages.h"

#include <QFont>
#include <QFrame>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace flotilla::ui {

DetailsPages DetailsPages::create(QWidget *panel, const QString &objectPrefix)
{
    DetailsPages pages;
    pages.stack = new QStackedWidget(panel);
    auto *outer = new QVBoxLayout(panel);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(pages.stack);

    pages.message = new QLabel(pages.stack);
    pages.message->setObjectName(objectPrefix + QStringLiteral("Message"));
    pages.message->setAlignment(Qt::AlignCenter);
    pages.message->setWordWrap(true);
    pages.message->setMargin(24);
    pages.message->setEnabled(false); // greyed: a hint, not content
    pages.stack->addWidget(pages.message);

    auto *scroll = new QScrollArea(pages.stack);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    pages.content = new QWidget(scroll);
    scroll->setWidget(pages.content);
    pages.stack->addWidget(scroll);
    pages.sections = new QVBoxLayout(pages.content);

    pages.title = new QLabel(pages.content);
    pages.title->setObjectName(objectPrefix + QStringLiteral("Title"));
    QFont titleFont = pages.title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    pages.title->setFont(titleFont);
    pages.title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pages.sections->addWidget(pages.title);
    return pages;
}

} // namespace flotilla::ui
