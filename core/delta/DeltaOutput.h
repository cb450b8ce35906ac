#pragma once

#include "core/Result.h"
#include "core/crypto/Hash.h"
#include "core/delta/DeltaCodec.h"
#include "core/delta/DeltaHeader.h"

#include <QByteArray>
#include <QSaveFile>
#include <QString>

namespace flotilla::delta {

// The rebuilt image while it is written: a temporary file beside outputPath, buffered, hashed on the
// way and bounded by the header's target size. finish() checks length and SHA-256 against the
// header and renames it into place; destroying it unfinished removes everything it wrote.
class DeltaOutput final
{
public:
    DeltaOutput(const QString &outputPath, const DeltaHeader &header, const Progress &progress);
    ~DeltaOutput();
    DeltaOutput(const DeltaOutput &) = delete;
    DeltaOutput &operator=(const DeltaOutput &) = delete;

    Status open();
    // Corrupt when the delta tries to write past the target size; Cancelled when progress says so.
    Status write(const char *data, qint64 size);
    qint64 written() const { return m_written; }
    qint64 remaining() const { return qint64(m_header.targetSize) - m_written; }
    Status finish();

private:
    Status flush();

    QString m_path;
    DeltaHeader m_header;
    Progress m_progress;
    QSaveFile m_file;
    crypto::Hasher m_hasher{crypto::HashAlgorithm::Sha256};
    QByteArray m_buffer;
    qint64 m_written = 0;
    qint64 m_lastProgress = -1;
    bool m_finished = false;
};

} // namespace flotilla::delta
