#include "core/delta/FullZstdCodec.h"

using namespace Qt::StringLiterals;

namespace flotilla::delta {

FullZstdCodec::FullZstdCodec()
    : ZstdFrameCodec(
          u"full-zstd"_s, u"The whole image as one zstd frame (RFC 8878); applies in a fixed 8 MiB window"_s,
          {.magic = QByteArrayLiteral("FLZFULL1"), .tag = QByteArrayLiteral("FZF"), .withPrefix = false, .level = 19})
{}

} // namespace flotilla::delta
