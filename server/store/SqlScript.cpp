#include "server/store/SqlScript.h"

using namespace Qt::StringLiterals;

namespace flotilla::store {

Result<QStringList> splitSqlScript(QStringView script)
{
    QStringList statements;
    QString current;
    QChar quote; // the open literal's quote character ('...' or "..."), null outside literals
    int lineNumber = 0;
    int statementLine = 0;
    for (QStringView line : script.split(u'\n')) {
        ++lineNumber;
        if (line.endsWith(u'\r'))
            line.chop(1);
        // Cut a "--" comment, tracking literals so that '--' inside one survives. A doubled quote
        // inside a literal ('it''s') closes and reopens it, which this handles as-is.
        qsizetype end = line.size();
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QChar c = line.at(i);
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == u'\'' || c == u'"') {
                quote = c;
            } else if (c == u'-' && i + 1 < line.size() && line.at(i + 1) == u'-') {
                end = i;
                break;
            }
        }
        const QStringView code = line.first(end).trimmed();
        if (code.isEmpty() && quote.isNull())
            continue;
        if (current.isEmpty())
            statementLine = lineNumber;
        else
            current += u'\n';
        current += line.first(end);
        if (quote.isNull() && code.endsWith(u';')) {
            QString statement = current.trimmed();
            statement.chop(1);
            statement = statement.trimmed();
            if (!statement.isEmpty())
                statements.append(statement);
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty()) {
        return Error(u"SQL script: the statement starting on line "_s + QString::number(statementLine) +
                     u" does not end with \";\" at the end of a line");
    }
    return statements;
}

} // namespace flotilla::store
