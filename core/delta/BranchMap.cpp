#include "core/delta/BranchMap.h"

#include <algorithm>
#include <array>

namespace flotilla::delta {

namespace {

// Opcodes (the byte before ModRM) whose ModRM with mod=00, rm=101 is a RIP-relative operand and
// that compilers emit often: mov/lea/arithmetic/compare/test, call/jmp through memory, movzx,
// movsxd, and the SSE moves after 0F.
constexpr std::array<uchar, 40> RipOpcodes = {0x01, 0x03, 0x09, 0x0b, 0x21, 0x23, 0x29, 0x2b, 0x31, 0x33,
                                              0x39, 0x3b, 0x63, 0x80, 0x81, 0x83, 0x85, 0x88, 0x89, 0x8a,
                                              0x8b, 0x8d, 0xc6, 0xc7, 0xf6, 0xf7, 0xff, 0x10, 0x11, 0x28,
                                              0x2e, 0x2f, 0x54, 0x57, 0x58, 0x59, 0x5c, 0x6f, 0xb6, 0xb7};

constexpr std::array<bool, 256> ripTable()
{
    std::array<bool, 256> table{};
    for (uchar op : RipOpcodes)
        table[op] = true;
    return table;
}

constexpr std::array<bool, 256> IsRipOpcode = ripTable();

} // namespace

void BranchMap::add(qint64 oldStart, qint64 newStart, qint64 length)
{
    constexpr qint64 Limit = qint64(1) << 32;
    if (length < MinCover || full() || oldStart + length >= Limit || newStart + length >= Limit)
        return;
    m_entries.push_back(Entry{quint32(oldStart), quint32(newStart), quint32(length)});
}

void BranchMap::finish()
{
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry &a, const Entry &b) {
        return a.oldStart != b.oldStart ? a.oldStart < b.oldStart : a.newStart < b.newStart;
    });
}

bool BranchMap::shiftFor(qint64 oldPos, qint64 *shift) const
{
    auto it = std::upper_bound(m_entries.begin(), m_entries.end(), oldPos,
                               [](qint64 pos, const Entry &e) { return pos < qint64(e.oldStart); });
    if (it == m_entries.begin())
        return false;
    --it;
    if (oldPos >= qint64(it->oldStart) + qint64(it->length))
        return false;
    *shift = qint64(it->newStart) - qint64(it->oldStart);
    return true;
}

bool BranchMap::fieldFollows(uchar beforePrevious, uchar previous)
{
    if (previous == 0xe8 || previous == 0xe9)
        return true;
    if (beforePrevious == 0x0f && (previous & 0xf0) == 0x80)
        return true;
    return (previous & 0xc7) == 0x05 && IsRipOpcode[beforePrevious];
}

} // namespace flotilla::delta
