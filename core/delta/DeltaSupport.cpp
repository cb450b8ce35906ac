#include "core/delta/DeltaSupport.h"

#include "core/crypto/Hash.h"

#include <QFileInfo>
#include <QSaveFile>

#include <cstring>

using namespace Qt::StringLiterals;

namespace flotilla::delta {

Result<FileDigest> digestFile(const QString &path, const Progress &progress)
{
    QFile file(path);
    if (Status s = openForReading(file, path, u"file"_s); !s)
        return s.error();
    crypto::Hasher hasher(crypto::HashAlgorithm::Sha256);
    QByteArray buffer(IoChunkSize, Qt::Uninitialized);
    FileDigest digest;
    const qint64 total = file.size();
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return deltaError(DeltaError::Io, u"cannot read %1: %2"_s.arg(path, file.errorString()));
        if (n == 0)
            break;
        hasher.addData(QByteArrayView(buffer.constData(), n));
        digest.size += quint64(n);
        if (progress && !progress(qint64(digest.size), total))
            return deltaError(DeltaError::Cancelled, u"cancelled"_s);
    }
    const QByteArray raw = hasher.result();
    std::memcpy(digest.sha256.data(), raw.constData(), 32);
    return digest;
}

Status openForReading(QFile &file, const QString &path, const QString &role)
{
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly))
        return deltaError(DeltaError::Io, u"cannot open the %1 %2: %3"_s.arg(role, path, file.errorString()));
    return {};
}

Status readAt(QFile &file, qint64 offset, char *data, qint64 size)
{
    if (offset < 0 || size < 0 || offset > file.size() || size > file.size() - offset)
        return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
    if (!file.seek(offset))
        return deltaError(DeltaError::Io, u"cannot seek in %1"_s.arg(file.fileName()));
    qint64 done = 0;
    while (done < size) {
        const qint64 n = file.read(data + done, size - done);
        if (n < 0)
            return deltaError(DeltaError::Io, u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        if (n == 0)
            return deltaError(DeltaError::Corrupt, u"delta is truncated"_s);
        done += n;
    }
    return {};
}

Status checkMemory(const DeltaHeader &header, const ApplyOptions &options)
{
    if (options.memoryLimitBytes > 0 && header.applyMemory > quint64(options.memoryLimitBytes)) {
        return deltaError(DeltaError::OutOfMemory,
                          u"applying this delta needs %1 bytes of memory, the limit is %2"_s.arg(header.applyMemory)
                              .arg(options.memoryLimitBytes));
    }
    return {};
}

Status checkSource(const QString &sourcePath, const DeltaHeader &header)
{
    const QFileInfo info(sourcePath);
    if (!info.isFile())
        return deltaError(DeltaError::Io, u"the source %1 is not a readable file"_s.arg(sourcePath));
    // The size first: a wrong image is usually told by its length without reading it.
    if (quint64(info.size()) != header.sourceSize) {
        return deltaError(
            DeltaError::SourceMismatch,
            u"the source has %1 bytes, the delta was made from one of %2"_s.arg(info.size()).arg(header.sourceSize));
    }
    Result<FileDigest> digest = digestFile(sourcePath);
    if (!digest)
        return digest.error();
    if (digest->size != header.sourceSize || !header.sourceMatches(digest->sha256))
        return deltaError(DeltaError::SourceMismatch, u"the source is not the image this delta was made from"_s);
    return {};
}

Status checkDistinctPaths(const QString &outputPath, const QStringList &inputs)
{
    const QFileInfo out(outputPath);
    for (const QString &input : inputs) {
        const QFileInfo in(input);
        if (out.absoluteFilePath() == in.absoluteFilePath() ||
            (out.exists() && in.exists() && out.canonicalFilePath() == in.canonicalFilePath())) {
            return deltaError(DeltaError::Io, u"the output %1 would overwrite an input"_s.arg(outputPath));
        }
    }
    return {};
}

Status describeFiles(DeltaHeader &header, const QString &sourcePath, const QString &targetPath)
{
    if (!sourcePath.isEmpty()) {
        Result<FileDigest> source = digestFile(sourcePath);
        if (!source)
            return source.error();
        header.sourceSize = source->size;
        header.sourceSha256 = source->sha256;
    }
    Result<FileDigest> target = digestFile(targetPath);
    if (!target)
        return target.error();
    header.targetSize = target->size;
    header.targetSha256 = target->sha256;
    return {};
}

Status writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return deltaError(DeltaError::Io, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

} // namespace flotilla::delta
