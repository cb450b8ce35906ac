#include "core/delta/DeltaOutput.h"

#include "core/delta/DeltaSupport.h"

#include <QFile>

#include <cstring>

using namespace Qt::StringLiterals;

namespace flotilla::delta {

namespace {
// Progress is reported at most once per this many bytes (a callback per chunk would dominate).
constexpr qint64 ProgressStep = 4 * 1024 * 1024;
} // namespace

DeltaOutput::DeltaOutput(const QString &outputPath, const DeltaHeader &header, const Progress &progress)
    : m_path(outputPath)
    , m_header(header)
    , m_progress(progress)
    , m_file(outputPath)
{}

DeltaOutput::~DeltaOutput()
{
    if (!m_finished) {
        m_file.cancelWriting();
        if (m_file.isOpen())
            m_file.commit(); // with writing cancelled this only discards the temporary file
        QFile::remove(m_path);
    }
}

Status DeltaOutput::open()
{
    m_file.setDirectWriteFallback(false);
    if (!m_file.open(QIODevice::WriteOnly))
        return deltaError(DeltaError::Io, u"cannot create %1: %2"_s.arg(m_path, m_file.errorString()));
    m_buffer.reserve(IoChunkSize);
    if (m_progress && !m_progress(0, qint64(m_header.targetSize)))
        return deltaError(DeltaError::Cancelled, u"cancelled"_s);
    return {};
}

Status DeltaOutput::write(const char *data, qint64 size)
{
    if (size < 0 || size > remaining())
        return deltaError(DeltaError::Corrupt, u"delta writes past the target size"_s);
    while (size > 0) {
        const qint64 n = qMin<qint64>(size, IoChunkSize - m_buffer.size());
        m_buffer.append(data, n);
        data += n;
        size -= n;
        m_written += n;
        if (m_buffer.size() >= IoChunkSize) {
            if (Status s = flush(); !s)
                return s;
        }
    }
    if (m_progress && (m_written - m_lastProgress >= ProgressStep)) {
        m_lastProgress = m_written;
        if (!m_progress(m_written, qint64(m_header.targetSize)))
            return deltaError(DeltaError::Cancelled, u"cancelled"_s);
    }
    return {};
}

Status DeltaOutput::flush()
{
    if (m_buffer.isEmpty())
        return {};
    m_hasher.addData(m_buffer);
    if (m_file.write(m_buffer) != m_buffer.size())
        return deltaError(DeltaError::Io, u"cannot write %1: %2"_s.arg(m_path, m_file.errorString()));
    m_buffer.clear();
    return {};
}

Status DeltaOutput::finish()
{
    if (Status s = flush(); !s)
        return s;
    if (remaining() != 0)
        return deltaError(DeltaError::Corrupt, u"delta ends before the target is complete"_s);
    const QByteArray result = m_hasher.result();
    DeltaHeader::Digest digest{};
    std::memcpy(digest.data(), result.constData(), qMin<size_t>(digest.size(), size_t(result.size())));
    if (!m_header.targetMatches(digest))
        return deltaError(DeltaError::Corrupt, u"the rebuilt image does not have the SHA-256 the delta promises"_s);
    if (m_progress && !m_progress(m_written, qint64(m_header.targetSize)))
        return deltaError(DeltaError::Cancelled, u"cancelled"_s);
    if (!m_file.commit())
        return deltaError(DeltaError::Io, u"cannot write %1: %2"_s.arg(m_path, m_file.errorString()));
    m_finished = true;
    return {};
}

} // namespace flotilla::delta
