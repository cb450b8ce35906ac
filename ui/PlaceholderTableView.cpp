#include "ui/PlaceholderTableView.h"

#include <QPainter>

namespace flotilla::ui {

PlaceholderTableView::PlaceholderTableView(QWidget *parent)
    : QTableView(parent)
{}

PlaceholderTableView::~PlaceholderTableView() = default;

void PlaceholderTableView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

void PlaceholderTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (m_placeholder.isEmpty() || (model() && model()->rowCount(rootIndex()) > 0)) {
        return;
    }
    QPainter painter(viewport());
    QColor color = palette().color(QPalette::PlaceholderText);
    painter.setPen(color);
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
}

} // namespace flotilla::ui
