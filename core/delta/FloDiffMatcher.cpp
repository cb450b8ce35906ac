#include "core/delta/FloDiffMatcher.h"

#include "core/delta/DeltaSupport.h"

#include <algorithm>
#include <cstring>
#include <divsufsort.h>
#include <limits>

using namespace Qt::StringLiterals;

namespace flotilla::delta {

namespace {

// Matches longer than this are cut: enough to jump over any unchanged stretch in one step, and it
// bounds a single comparison on degenerate input (long runs of one byte).
constexpr qint64 MaxMatch = qint64(1) << 24;
constexpr qint64 ProgressStep = qint64(1) << 20;

constexpr int Gram = 12;
constexpr int GramBits = 28;

quint64 gramHash(const uchar *p)
{
    quint64 a = 0;
    quint32 b = 0;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 4);
    const quint64 h = (a * 0x9E3779B97F4A7C15ull) ^ (quint64(b) * 0xC2B2AE3D27D4EB4Full);
    return (h ^ (h >> 29)) >> (64 - GramBits);
}

qint64 commonPrefix(const uchar *a, const uchar *b, qint64 limit)
{
    qint64 i = 0;
    while (i < limit && a[i] == b[i])
        ++i;
    return i;
}

} // namespace

FloDiffMatcher::FloDiffMatcher(const uchar *source, qint64 sourceSize)
    : m_old(source)
    , m_oldSize(sourceSize)
{}

Status FloDiffMatcher::index()
{
    if (m_oldSize >= std::numeric_limits<qint32>::max())
        return deltaError(DeltaError::Unsupported, u"x-flodiff builds from sources under 2 GiB"_s);
    m_sa.assign(size_t(m_oldSize), 0);
    if (m_oldSize > 0 && divsufsort(m_old, m_sa.data(), saidx_t(m_oldSize)) != 0)
        return deltaError(DeltaError::OutOfMemory, u"cannot build the suffix array"_s);
    // Suffixes of two or more bytes that share their first two bytes are contiguous in the suffix
    // array; remember each group's range so that a search starts inside it.
    m_bucket.assign(2 * 65536, 0);
    for (qint64 i = 0; i < m_oldSize; ++i) {
        const qint64 p = m_sa[size_t(i)];
        if (p + 1 >= m_oldSize)
            continue;
        const int key = m_old[p] << 8 | m_old[p + 1];
        if (m_bucket[size_t(2 * key + 1)] == 0)
            m_bucket[size_t(2 * key)] = qint32(i);
        m_bucket[size_t(2 * key + 1)] = qint32(i + 1);
    }
    m_grams.assign(size_t(GramFilterBytes / 8), 0);
    for (qint64 i = 0; i + Gram <= m_oldSize; ++i) {
        const quint64 h = gramHash(m_old + i);
        m_grams[size_t(h >> 6)] |= quint64(1) << (h & 63);
    }
    return {};
}

bool FloDiffMatcher::mayMatch(const uchar *query, qint64 queryLen) const
{
    if (queryLen < Gram)
        return true;
    const quint64 h = gramHash(query);
    return m_grams[size_t(h >> 6)] & (quint64(1) << (h & 63));
}

FloDiffMatcher::Hit FloDiffMatcher::longestMatch(const uchar *query, qint64 queryLen) const
{
    if (queryLen < 2 || m_oldSize < 2)
        return {};
    const int key = query[0] << 8 | query[1];
    qint64 lo = m_bucket[size_t(2 * key)];
    qint64 hi = qint64(m_bucket[size_t(2 * key + 1)]) - 1;
    if (hi < lo)
        return {};
    const qint64 limit = std::min(queryLen, MaxMatch);
    const auto lcpAt = [&](qint64 index, qint64 known) {
        const qint64 p = m_sa[size_t(index)];
        const qint64 n = std::min(limit, m_oldSize - p);
        return known + commonPrefix(m_old + p + known, query + known, n - known);
    };
    qint64 lowLcp = 2;
    qint64 highLcp = 2;
    while (hi - lo > 1) {
        const qint64 mid = lo + (hi - lo) / 2;
        const qint64 l = lcpAt(mid, std::min(lowLcp, highLcp));
        const qint64 p = m_sa[size_t(mid)];
        const bool suffixSmaller = l < limit && (p + l == m_oldSize || m_old[p + l] < query[l]);
        if (suffixSmaller) {
            lo = mid;
            lowLcp = l;
        } else {
            hi = mid;
            highLcp = l;
        }
    }
    const qint64 a = lcpAt(lo, std::min<qint64>(2, lowLcp));
    const qint64 b = hi != lo ? lcpAt(hi, std::min<qint64>(2, highLcp)) : 0;
    return a >= b ? Hit{a, m_sa[size_t(lo)]} : Hit{b, m_sa[size_t(hi)]};
}

Result<std::vector<FloDiffOp>> FloDiffMatcher::match(const uchar *target, qint64 targetSize, const Tuning &tuning,
                                                     const Progress &progress) const
{
    const uchar *const nw = target;
    const qint64 m = targetSize;
    const qint64 n = m_oldSize;
    const auto agrees = [&](qint64 newPos, qint64 offset) {
        const qint64 o = newPos + offset;
        return o >= 0 && o < n && m_old[o] == nw[newPos];
    };

    std::vector<FloDiffOp> ops;
    qint64 lastScan = 0;   // target position where the current cover starts
    qint64 lastPos = 0;    // its source position
    qint64 lastOffset = 0; // source - target of the current alignment
    qint64 scan = 0;
    qint64 len = 0;
    qint64 pos = 0;
    qint64 nextProgress = ProgressStep;
    while (scan < m) {
        qint64 oldScore = 0;
        scan += len;
        qint64 scored = scan;
        for (; scan < m; ++scan) {
            const Hit hit = mayMatch(nw + scan, m - scan) ? longestMatch(nw + scan, m - scan) : Hit{};
            len = hit.len;
            pos = hit.pos;
            // How much of the exact match the current alignment already gets right.
            for (; scored < scan + len; ++scored) {
                if (agrees(scored, lastOffset))
                    ++oldScore;
            }
            if ((len == oldScore && len != 0) || len > oldScore + tuning.switchMargin)
                break;
            // oldScore counts agreements in [scan, scored): drop scan's before moving on.
            if (scored > scan) {
                if (agrees(scan, lastOffset))
                    --oldScore;
            } else {
                scored = scan + 1;
            }
        }
        if (scan >= nextProgress) {
            nextProgress = scan + ProgressStep;
            if (progress && !progress(scan, m))
                return deltaError(DeltaError::Cancelled, u"cancelled"_s);
        }
        if (len == oldScore && scan != m)
            continue; // the current alignment still holds: keep going

        // Close the current cover: extend it forward from lastScan while the source agrees with
        // the target at least half the time, and the next one backward from scan likewise.
        qint64 lenForward = 0;
        {
            qint64 agree = 0;
            qint64 best = 0;
            for (qint64 i = 0; lastScan + i < scan && lastPos + i < n;) {
                if (m_old[lastPos + i] == nw[lastScan + i])
                    ++agree;
                ++i;
                if (agree * 2 - i > best * 2 - lenForward) {
                    best = agree;
                    lenForward = i;
                }
            }
        }
        qint64 lenBack = 0;
        if (scan < m) {
            qint64 agree = 0;
            qint64 best = 0;
            for (qint64 i = 1; scan >= lastScan + i && pos >= i; ++i) {
                if (m_old[pos - i] == nw[scan - i])
                    ++agree;
                if (agree * 2 - i > best * 2 - lenBack) {
                    best = agree;
                    lenBack = i;
                }
            }
        }
        // Both extensions claim the same bytes: split where the two alignments trade best.
        if (lastScan + lenForward > scan - lenBack) {
            const qint64 overlap = (lastScan + lenForward) - (scan - lenBack);
            qint64 score = 0;
            qint64 bestScore = 0;
            qint64 cut = 0;
            for (qint64 i = 0; i < overlap; ++i) {
                const qint64 t = lastScan + lenForward - overlap + i;
                if (nw[t] == m_old[lastPos + lenForward - overlap + i])
                    ++score;
                if (nw[t] == m_old[pos - lenBack + i])
                    --score;
                if (score > bestScore) {
                    bestScore = score;
                    cut = i + 1;
                }
            }
            lenForward += cut - overlap;
            lenBack -= cut;
        }

        const qint64 litLen = (scan - lenBack) - (lastScan + lenForward);
        if (lenForward > 0 || litLen > 0)
            ops.push_back(FloDiffOp{lastPos, lenForward, litLen});
        lastScan = scan - lenBack;
        lastPos = pos - lenBack;
        lastOffset = pos - scan;
    }
    return ops;
}

} // namespace flotilla::delta
