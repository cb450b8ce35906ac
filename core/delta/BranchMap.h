#pragma once

#include <QtGlobal>

#include <vector>

namespace flotilla::delta {

// x86 reference correction for x-flodiff (docs/delta-codecs.md). When code moves, every call,
// jump and RIP-relative operand whose target moved by a different amount than the instruction
// changes its 32-bit displacement: scattered diff bytes that cost most of a delta between builds.
// Both sides predict that change from the covers themselves: the displacement's target in the
// source, mapped through the covers to the target image, gives the expected new displacement.
// Only the covers and the source's bytes are used, so the decoder makes the same prediction.
class BranchMap final
{
public:
    // Covers shorter than this do not enter the map, and at most MaxEntries do (the first ones in
    // delta order): that bounds the decoder's memory whatever the image size.
    static constexpr qint64 MinCover = 32;
    static constexpr qint64 MaxEntries = qint64(1) << 18;
    static constexpr qint64 EntryBytes = 12;

    // Offer a cover (in delta order); returns false once full. Images of 4 GiB or more are not
    // mapped (the entries are 32-bit).
    void add(qint64 oldStart, qint64 newStart, qint64 length);
    void finish(); // sorts; call once before shiftFor()
    bool full() const { return qint64(m_entries.size()) >= MaxEntries; }

    // newPos - oldPos of the cover that holds oldPos; false when none of the map does.
    bool shiftFor(qint64 oldPos, qint64 *shift) const;

    // Whether a displacement field starts at position p of the source, judged from the two bytes
    // before it: call/jmp rel32 (E8, E9), jcc rel32 (0F 8x) and ModRM RIP-relative operands of
    // common opcodes. Fields never overlap: the scan goes on after a field's four bytes.
    static bool fieldFollows(uchar beforePrevious, uchar previous);

private:
    struct Entry
    {
        quint32 oldStart;
        quint32 newStart;
        quint32 length;
    };
    std::vector<Entry> m_entries;
};

} // namespace flotilla::delta
