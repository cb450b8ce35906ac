#include "agent/commands/CommandOptions.h"

#include "agent/MoTree.h"

using namespace Qt::StringLiterals;

namespace flotilla::agent {

Result<QStringList> CommandOptions::parseExecMode(const QString &mode)
{
    if (mode == u"sync")
        return QStringList();
    if (mode == u"async")
        return defaultAsyncOperations();
    if (!mode.startsWith(u"async:"))
        return Error(u"expected sync, async, async:all or async:<Operation>,..."_s);
    QStringList known;
    for (omadm::MoKind kind : {omadm::MoKind::VehicleControl, omadm::MoKind::Lawmo, omadm::MoKind::DiagMon})
        known += MoTree::operationsOf(kind);
    const QString list = mode.mid(6);
    if (list == u"all")
        return known;
    QStringList operations;
    for (const QString &name : list.split(u',', Qt::SkipEmptyParts)) {
        const QString operation = name.trimmed();
        if (!known.contains(operation))
            return Error(u"unknown operation %1 (one of %2)"_s.arg(operation, known.join(u", "_s)));
        operations.append(operation);
    }
    if (operations.isEmpty())
        return Error(u"async: needs at least one operation"_s);
    return operations;
}

} // namespace flotilla::agent
