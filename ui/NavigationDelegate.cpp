#include "ui/NavigationDelegate.h"

#include <QPainter>

namespace flotilla::ui {

NavigationDelegate::NavigationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

NavigationDelegate::~NavigationDelegate() = default;

void NavigationDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const int count = index.data(BadgeRole).toInt();
    if (count <= 0) {
        return;
    }
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetrics metrics(font);
    const QString text = count > 999 ? QStringLiteral("999+") : QString::number(count);
    const int height = metrics.height() + 2;
    const int width = std::max(height, metrics.horizontalAdvance(text) + 10);
    const QRect badge(option.rect.right() - width - 8, option.rect.center().y() - height / 2 + 1, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xc7, 0x7c, 0x02)); // the "pending" amber of the state badges
    painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
    painter->setPen(Qt::white);
    painter->setFont(font);
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

QSize NavigationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 16));
    size.setWidth(size.width() + 48); // room for the badge
    return size;
}

} // namespace flotilla::ui
