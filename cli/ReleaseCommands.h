#pragma once

#include "cli/Commands.h"

namespace flotilla::cli {

// `flotillactl release import|list|show`: releases through the management API. import uploads
// each image in 1 MiB chunks (the API's request limit), resuming a chunk that failed, then creates
// the release from release.json (docs/releases.md).
QList<Command> releaseCommands();

// Upload chunk size: the management API takes request bodies of at most 1 MiB.
inline constexpr qint64 UploadChunkBytes = 1024 * 1024;

} // namespace flotilla::cli
