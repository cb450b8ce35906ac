#include "ui/StateBadgeDelegate.h"

#include "ui/Text.h"

#include <QApplication>
#include <QPainter>

namespace flotilla::ui {

namespace {
constexpr int HorizontalPadding = 8;
constexpr int VerticalMargin = 3;
} // namespace

StateBadgeDelegate::StateBadgeDelegate(int stateRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_stateRole(stateRole)
{}

StateBadgeDelegate::~StateBadgeDelegate() = default;

void StateBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant stateValue = index.data(m_stateRole);
    if (!stateValue.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Selection and focus background first, without the text.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const auto state = static_cast<store::VehicleState>(stateValue.toInt());
    const QString text = index.data(Qt::DisplayRole).toString();
    const QFontMetrics metrics(option.font);
    const int height = std::min(option.rect.height() - 2 * VerticalMargin, metrics.height() + 4);
    const int width = metrics.horizontalAdvance(text) + 2 * HorizontalPadding;
    const QRect pill(option.rect.left() + 4, option.rect.center().y() - height / 2 + 1, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(Text::vehicleStateColor(state));
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    painter->setPen(Qt::white);
    painter->setFont(option.font);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

QSize StateBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    const int width = metrics.horizontalAdvance(index.data(Qt::DisplayRole).toString()) + 2 * HorizontalPadding + 8;
    size.setWidth(std::max(size.width(), width));
    size.setHeight(std::max(size.height(), metrics.height() + 4 + 2 * VerticalMargin));
    return size;
}

} // namespace flotilla::ui
