#pragma once

#include "core/delta/ZstdFrameCodec.h"

namespace flotilla::delta {

// full-zstd: the whole image as one zstd frame; needs no source.
class FullZstdCodec final : public ZstdFrameCodec
{
public:
    FullZstdCodec();
};

} // namespace flotilla::delta
