#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <utility>

namespace flotilla::cli {

// Aligned columns for human output. Cells are made printable: much of what is shown comes from
// vehicles, and a control character in a DevInfo field must not drive the operator's terminal.
class TextTable final
{
public:
    explicit TextTable(QStringList headers);
    void addRow(QStringList cells);
    bool isEmpty() const { return m_rows.isEmpty(); }
    void write(QTextStream &out, int indent = 0) const;

    // Control characters → a space (or "?" for ESC and DEL, which start escape sequences).
    static QString printable(const QString &text);

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

// A "key: value" block, values aligned.
void writeFields(QTextStream &out, const QList<std::pair<QString, QString>> &fields, int indent = 0);

} // namespace flotilla::cli
