#pragma once

#include "core/Result.h"
#include "core/delta/DeltaCodec.h"

#include <QtGlobal>

#include <vector>

namespace flotilla::delta {

// One step of an x-flodiff delta: copy copyLen bytes from the source at oldPos, each corrected by
// a "diff" byte (new - old, mostly zero), then take litLen bytes from the literal stream.
struct FloDiffOp
{
    qint64 oldPos = 0;
    qint64 copyLen = 0;
    qint64 litLen = 0;
};

// Finds the covers of the target in the source: a suffix array of the source (libdivsufsort) gives
// the longest exact match at a target position; a cover keeps its alignment while the source still
// agrees with the target often enough, so that small edits (changed constants, moved branch
// targets) become mostly-zero diff bytes instead of new covers. Build-side only: the suffix array
// costs 4 bytes per source byte.
class FloDiffMatcher final
{
public:
    struct Tuning
    {
        int switchMargin = 16; // a new alignment must beat the current one by this many bytes
    };

    FloDiffMatcher(const uchar *source, qint64 sourceSize);
    Status index(); // builds the suffix array
    Result<std::vector<FloDiffOp>> match(const uchar *target, qint64 targetSize, const Tuning &tuning,
                                         const Progress &progress) const;
    static qint64 indexBytesPerSourceByte() { return 4; }
    static constexpr qint64 GramFilterBytes = qint64(1) << 25; // 2^28 bits

private:
    struct Hit
    {
        qint64 len = 0;
        qint64 pos = 0;
    };
    Hit longestMatch(const uchar *query, qint64 queryLen) const;

    const uchar *m_old;
    qint64 m_oldSize;
    std::vector<qint32> m_sa;
    std::vector<qint32> m_bucket; // suffix-array range per two-byte prefix
    // One bit per hash of every source K-gram: a target position whose K-gram is not there has no
    // match worth a search (a cover must beat the current one by more than K bytes anyway).
    std::vector<quint64> m_grams;
    bool mayMatch(const uchar *query, qint64 queryLen) const;
};

} // namespace flotilla::delta
