#include "cli/TextTable.h"

#include <algorithm>

namespace flotilla::cli {

TextTable::TextTable(QStringList headers)
    : m_headers(std::move(headers))
{}

void TextTable::addRow(QStringList cells)
{
    for (QString &cell : cells)
        cell = printable(cell);
    m_rows.append(std::move(cells));
}

QString TextTable::printable(const QString &text)
{
    QString result = text;
    for (QChar &c : result) {
        if (c == u'\x1b' || c == u'\x7f' || (c.unicode() >= 0x80 && c.unicode() < 0xa0))
            c = u'?';
        else if (c.unicode() < 0x20)
            c = u' ';
    }
    return result;
}

void TextTable::write(QTextStream &out, int indent) const
{
    QList<qsizetype> widths;
    for (const QString &header : m_headers)
        widths.append(header.size());
    for (const QStringList &row : m_rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    const QString margin(indent, u' ');
    const auto writeRow = [&](const QStringList &cells) {
        QString line = margin;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = cells.value(i);
            // The last column is not padded: no trailing blanks.
            line += i + 1 < widths.size() ? cell.leftJustified(widths[i] + 2) : cell;
        }
        while (line.endsWith(u' '))
            line.chop(1);
        out << line << '\n';
    };
    writeRow(m_headers);
    for (const QStringList &row : m_rows)
        writeRow(row);
}

void writeFields(QTextStream &out, const QList<std::pair<QString, QString>> &fields, int indent)
{
    qsizetype width = 0;
    for (const auto &field : fields)
        width = std::max(width, field.first.size() + 1);
    const QString margin(indent, u' ');
    for (const auto &[key, value] : fields) {
        QString line = QString(key + u':').leftJustified(width + 1) + TextTable::printable(value);
        while (line.endsWith(u' '))
            line.chop(1);
        out << margin << line << '\n';
    }
}

} // namespace flotilla::cli
