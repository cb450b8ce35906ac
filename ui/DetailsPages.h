#pragma once

#include <QString>

class QLabel;
class QStackedWidget;
class QVBoxLayout;
class QWidget;

namespace flotilla::ui {

// The frame the details panels share (vehicle details, remote commands, release details): a stack
// of a greyed hint page (nothing selected, an error) and a scrolling page of sections that starts
// with a large, selectable title.
struct DetailsPages
{
    QStackedWidget *stack = nullptr;
    QLabel *message = nullptr; // the hint page
    QWidget *content = nullptr;
    QVBoxLayout *sections = nullptr;
    QLabel *title = nullptr; // the first section

    // Fills panel with the stack; object names "<prefix>Message" and "<prefix>Title".
    static DetailsPages create(QWidget *panel, const QString &objectPrefix);
};

} // namespace flotilla::ui
