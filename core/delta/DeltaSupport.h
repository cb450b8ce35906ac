#pragma once

#include "core/Result.h"
#include "core/delta/DeltaCodec.h"
#include "core/delta/DeltaHeader.h"

#include <QByteArray>
#include <QFile>
#include <QString>

// Helpers shared by the codecs: error construction, little-endian fields, hashing files in
// fixed-size chunks and the checks every apply makes before it writes a byte.
namespace flotilla::delta {

// Streaming I/O chunk: large enough to keep syscalls rare, small against any memory bound.
constexpr qint64 IoChunkSize = 256 * 1024;

inline Error deltaError(DeltaError code, const QString &message)
{
    return Error(message, static_cast<int>(code));
}

inline void appendLe32(QByteArray &out, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

inline void appendLe64(QByteArray &out, quint64 v)
{
    for (int i = 0; i < 8; ++i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

inline quint32 readLe32(const unsigned char *p)
{
    return quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24;
}

inline quint64 readLe64(const unsigned char *p)
{
    return quint64(readLe32(p)) | quint64(readLe32(p + 4)) << 32;
}

// SHA-256 and length of a file, read in IoChunkSize pieces.
struct FileDigest
{
    DeltaHeader::Digest sha256{};
    quint64 size = 0;
};
Result<FileDigest> digestFile(const QString &path, const Progress &progress = {});

// Opens a file for reading; Io error naming the role ("source", "delta") on failure.
Status openForReading(QFile &file, const QString &path, const QString &role);

// Reads exactly size bytes at offset (Corrupt when the file is shorter: a delta that lies).
Status readAt(QFile &file, qint64 offset, char *data, qint64 size);

// The checks every apply makes before writing: the memory limit against the header's need
// (OutOfMemory), and the source's size and SHA-256 against the header (SourceMismatch).
Status checkMemory(const DeltaHeader &header, const ApplyOptions &options);
Status checkSource(const QString &sourcePath, const DeltaHeader &header);

// Refuses an output path that names the source or the delta (applying must never touch them).
Status checkDistinctPaths(const QString &outputPath, const QStringList &inputs);

// Fills the header's source and target fields from the files (build side).
Status describeFiles(DeltaHeader &header, const QString &sourcePath, const QString &targetPath);

// Writes bytes to path atomically (temp + rename); Io on failure.
Status writeFileAtomically(const QString &path, const QByteArray &bytes);

} // namespace flotilla::delta
