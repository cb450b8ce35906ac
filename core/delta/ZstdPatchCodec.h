#pragma once

#include "core/delta/ZstdFrameCodec.h"

namespace flotilla::delta {

// zstd-patch: a zstd frame with the source as its raw prefix (zstd --patch-from).
class ZstdPatchCodec final : public ZstdFrameCodec
{
public:
    ZstdPatchCodec();
};

} // namespace flotilla::delta
