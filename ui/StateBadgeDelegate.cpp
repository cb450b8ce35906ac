#include "ui/StateBadgeDelegate.h"

#include "ui/Text.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace flotilla::ui {

namespace {
constexpr int HorizontalPadding = 8;
constexpr int VerticalMargin = 3;
} // namespace

QColor StateBadgeDelegate::vehicleStateColor(int state)
{
    return Text::vehicleStateColor(static_cast<store::VehicleState>(state));
}

QColor StateBadgeDelegate::jobStateColor(int state)
{
    return Text::jobStateColor(static_cast<store::JobState>(state));
}

StateBadgeDelegate::StateBadgeDelegate(int stateRole, QObject *parent)
    : StateBadgeDelegate(stateRole, &StateBadgeDelegate::vehicleStateColor, -1, parent)
{}

StateBadgeDelegate::StateBadgeDelegate(int stateRole, ColorOf colorOf, int progressRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_stateRole(stateRole)
    , m_colorOf(colorOf)
    , m_progressRole(progressRole)
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

    const QColor color = m_colorOf(stateValue.toInt());
    const QString text = index.data(Qt::DisplayRole).toString();
    const QFontMetrics metrics(option.font);
    const int height = std::min(option.rect.height() - 2 * VerticalMargin, metrics.height() + 4);
    const int width = metrics.horizontalAdvance(text) + 2 * HorizontalPadding;
    const QRect pill(option.rect.left() + 4, option.rect.center().y() - height / 2 + 1, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    const QVariant progress = m_progressRole >= 0 ? index.data(m_progressRole) : QVariant();
    if (progress.isValid()) {
        // The done part in a darker shade, clipped to the pill's rounded shape.
        QPainterPath shape;
        shape.addRoundedRect(pill, height / 2.0, height / 2.0);
        painter->setClipPath(shape);
        painter->setBrush(color.darker(150));
        const int done = pill.width() * std::clamp(progress.toInt(), 0, 100) / 100;
        painter->drawRect(QRect(pill.left(), pill.top(), done, pill.height()));
        painter->setClipping(false);
    }
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
