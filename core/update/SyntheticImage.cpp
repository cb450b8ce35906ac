#include "core/update/SyntheticImage.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <array>
#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla::update {

namespace {

constexpr quint32 HeaderSize = 64;
constexpr int FunctionAlignment = 16;
constexpr int OptionalPercent = 2;   // functions that some builds have and others do not
constexpr int RewrittenPercent = 3;  // functions a build rewrites (new body, new size, new strings)
constexpr int LocalCallPercent = 70; // calls into the same module (nearby functions), as compilers lay code out
constexpr quint32 LocalCallRange = 16;
constexpr int ChangedDataPercent = 3;
constexpr qint64 WriteChunk = 64 * 1024;

// splitmix64: fast, well mixed and fully specified (the bytes must never depend on a library).
quint64 mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

quint64 combine(quint64 a, quint64 b)
{
    return mix(a ^ mix(b));
}

// FNV-1a over the UTF-8 bytes, then mixed.
quint64 hashText(QStringView text)
{
    quint64 h = 0xCBF29CE484222325ull;
    for (const char c : text.toUtf8()) {
        h ^= quint8(c);
        h *= 0x100000001B3ull;
    }
    return mix(h);
}

class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed)
    {}
    quint64 next()
    {
        m_state += 0x9E3779B97F4A7C15ull;
        return mix(m_state);
    }
    quint32 below(quint32 n) { return quint32(next() % n); }

private:
    quint64 m_state;
};

bool containsAny(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *word : words) {
        if (text.contains(QLatin1StringView(word)))
            return true;
    }
    return false;
}

void putU32(QByteArray &out, qsizetype at, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        out[at + i] = char((value >> (8 * i)) & 0xFF);
}

void putU64(QByteArray &out, qsizetype at, quint64 value)
{
    for (int i = 0; i < 8; ++i)
        out[at + i] = char((value >> (8 * i)) & 0xFF);
}

const std::array<const char *, 12> Subsystems{"can", "diag", "boot",   "flash",  "nvm",   "power",
                                              "hmi", "net",  "crypto", "sensor", "audio", "calib"};
const std::array<const char *, 8> Events{"init failed", "timeout",      "state changed", "checksum mismatch",
                                         "retry",       "out of range", "ready",         "watchdog reset"};

} // namespace

struct SyntheticImage::Layout
{
    struct Function
    {
        quint64 seed = 0;
        quint32 address = 0;
        quint32 size = 0;
        quint32 stringAddress = 0;
        quint32 slot = 0; // position in the code base, shared by every version
    };

    quint64 keyHash = 0;
    quint64 versionHash = 0;
    std::vector<Function> functions;     // the functions this build has, in address order
    std::vector<quint32> slotToFunction; // every potential function → the present one at or after it
    QByteArray rodata;                   // build string and one message per function
    quint32 textSize = 0;
    quint32 rodataAddress = 0;
    quint32 dataAddress = 0;
    quint32 dataSize = 0;

    qint64 total() const { return qint64(dataAddress) + dataSize; }
};

namespace {

quint32 functionSize(quint64 seed)
{
    const quint32 raw = 48 + quint32(mix(seed ^ 0x5175) % 1200);
    return (raw + FunctionAlignment - 1) / FunctionAlignment * FunctionAlignment;
}

QByteArray functionMessage(const QString &key, quint64 seed)
{
    Rng r(seed ^ 0x57A1);
    return u"%1: %2 unit %3 %4 (0x%5)"_s.arg(key, QLatin1StringView(Subsystems[r.below(Subsystems.size())]))
               .arg(r.below(64))
               .arg(QLatin1StringView(Events[r.below(Events.size())]))
               .arg(quint32(r.next()), 8, 16, QChar(u'0'))
               .toUtf8() +
           '\0';
}

} // namespace

qint64 SyntheticImage::nominalSize(QStringView key)
{
    constexpr qint64 KiB = 1024;
    constexpr qint64 MiB = 1024 * KiB;
    const QString lower = key.toString().toLower();
    const quint64 h = hashText(lower);
    if (lower.endsWith(u"-app"_s))
        return 512 * KiB + qint64(h % 5) * 128 * KiB;
    if (containsAny(lower, {"hu", "mib", "sync", "link", "aaos", "ccnc", "mm2"}))
        return 4 * MiB;
    if (containsAny(lower, {"adas", "pilot", "tss", "hda", "cruise"}))
        return 3 * MiB;
    if (containsAny(lower, {"tbox", "tcu", "tcam", "dcm", "ccs", "tms"}))
        return 2 * MiB;
    if (containsAny(lower, {"gw", "gateway", "cgm"}))
        return 3 * MiB / 2;
    return 1 * MiB + qint64(h % 5) * 128 * KiB;
}

SyntheticImage::SyntheticImage(QString key, QString version)
    : m_key(std::move(key))
    , m_version(std::move(version))
    , m_layout(std::make_unique<Layout>())
{
    Layout &l = *m_layout;
    l.keyHash = hashText(m_key);
    l.versionHash = hashText(m_version);
    const qint64 nominal = nominalSize(m_key);
    l.dataSize = quint32(nominal / 8);

    // How many potential functions the code base has: enough unmodified ones to fill the text
    // budget. Depends on the key only, so every version draws from the same code base.
    const qint64 textBudget = nominal - HeaderSize - l.dataSize - nominal / 16;
    std::vector<quint64> baseSeeds;
    for (qint64 filled = 0; filled < textBudget;) {
        const quint64 seed = combine(l.keyHash, quint64(baseSeeds.size()));
        baseSeeds.push_back(seed);
        filled += functionSize(seed);
    }

    const QByteArray buildString = u"%1 %2 build %3 (flotilla synthetic image)"_s.arg(m_key, m_version)
                                       .arg(l.versionHash, 16, 16, QChar(u'0'))
                                       .toUtf8() +
                                   '\0';
    l.rodata = buildString;
    std::vector<quint32> messageOffsets;
    quint32 address = HeaderSize;
    l.slotToFunction.assign(baseSeeds.size(), 0);
    std::vector<qint64> presentAt(baseSeeds.size(), -1);
    for (size_t slot = 0; slot < baseSeeds.size(); ++slot) {
        const quint64 base = baseSeeds[slot];
        const bool optional = mix(base ^ 0x0F) % 100 < OptionalPercent;
        if (optional && combine(base, l.versionHash ^ 1) % 100 >= 50)
            continue;
        const bool rewritten = combine(base, l.versionHash ^ 2) % 100 < RewrittenPercent;
        Layout::Function function;
        function.seed = rewritten ? combine(base, l.versionHash) : base;
        function.address = address;
        function.size = functionSize(function.seed);
        function.slot = quint32(slot);
        address += function.size;
        messageOffsets.push_back(quint32(l.rodata.size()));
        l.rodata += functionMessage(m_key, function.seed);
        presentAt[slot] = qint64(l.functions.size());
        l.functions.push_back(function);
    }
    // A call to an absent slot goes to the next present function (wrapping), as a call site would
    // be relinked when its callee is removed.
    qint64 following = 0;
    for (size_t i = baseSeeds.size(); i-- > 0;) {
        if (presentAt[i] >= 0)
            following = presentAt[i];
        l.slotToFunction[i] = quint32(following);
    }
    l.textSize = address - HeaderSize;
    l.rodataAddress = address;
    for (size_t i = 0; i < l.functions.size(); ++i)
        l.functions[i].stringAddress = l.rodataAddress + messageOffsets[i];
    const quint32 rodataEnd = l.rodataAddress + quint32(l.rodata.size());
    l.dataAddress = (rodataEnd + 15) / 16 * 16;
}

SyntheticImage::~SyntheticImage() = default;

qint64 SyntheticImage::size() const
{
    return m_layout->total();
}

namespace {

// One function's bytes: x86-64-like code whose calls and string references are rel32
// displacements, so moving a function changes the bytes of every call site that reaches over it.
void generateFunction(const SyntheticImage::Layout &l, size_t index, QByteArray &out)
{
    const auto &f = l.functions[index];
    out.resize(f.size);
    Rng r(f.seed);
    qsizetype pos = 0;
    auto put = [&](quint8 byte) { out[pos++] = char(byte); };
    auto putRel = [&](qint64 target, qsizetype instructionEnd) {
        const auto displacement = quint32(qint32(target - (qint64(f.address) + instructionEnd)));
        for (int i = 0; i < 4; ++i)
            put(quint8((displacement >> (8 * i)) & 0xFF));
    };
    std::array<quint32, 4> constants{};
    for (quint32 &c : constants)
        c = quint32(r.next());

    // push rbp; mov rbp, rsp; sub rsp, imm8
    for (const quint8 b : {0x55, 0x48, 0x89, 0xE5, 0x48, 0x83, 0xEC})
        put(b);
    put(quint8((r.below(16) + 1) * 8));
    const qsizetype bodyEnd = qsizetype(f.size) - 2; // room for leave; ret
    while (pos + 7 <= bodyEnd) {
        const quint32 kind = r.below(100);
        if (kind < 40) { // ALU reg, reg
            static constexpr std::array<quint8, 8> ops{0x01, 0x29, 0x31, 0x21, 0x09, 0x39, 0x85, 0x89};
            put(0x48);
            put(ops[r.below(ops.size())]);
            put(quint8(0xC0 | r.below(64)));
        } else if (kind < 54) { // mov r32, imm32 (the function's constants, or a small one)
            put(quint8(0xB8 + r.below(8)));
            const quint32 value = r.below(4) == 0 ? r.below(256) : constants[r.below(4)];
            for (int i = 0; i < 4; ++i)
                put(quint8((value >> (8 * i)) & 0xFF));
        } else if (kind < 62) { // call rel32
            const auto slots = quint32(l.slotToFunction.size());
            quint32 slot = r.below(slots);
            if (r.below(100) < LocalCallPercent) // a neighbour: a call that rarely spans a changed function
                slot = quint32((quint64(f.slot) + slots + r.below(2 * LocalCallRange + 1) - LocalCallRange) % slots);
            const auto &callee = l.functions[l.slotToFunction[slot]];
            put(0xE8);
            putRel(callee.address, pos + 4);
        } else if (kind < 66) { // lea rax, [rip + rel32]: a string of this function or the build string
            put(0x48);
            put(0x8D);
            put(0x05);
            putRel(r.below(8) == 0 ? l.rodataAddress : f.stringAddress, pos + 4);
        } else if (kind < 82) { // jcc rel8
            put(quint8(0x70 + r.below(16)));
            put(quint8(r.below(64) - 32));
        } else if (kind < 94) { // mov r64, [rbp - disp8]
            put(0x48);
            put(0x8B);
            put(quint8(0x45 | (r.below(8) << 3)));
            put(quint8(-qint32(8 * (r.below(16) + 1))));
        } else { // push / pop / nop
            put(quint8(0x50 + r.below(16)));
        }
    }
    put(0xC9); // leave
    put(0xC3); // ret
    while (pos < out.size())
        put(0xCC); // int3 padding to the alignment
}

class ChunkedWriter
{
public:
    explicit ChunkedWriter(QIODevice &device)
        : m_device(device)
    {
        m_buffer.reserve(WriteChunk);
    }
    Status append(QByteArrayView bytes)
    {
        m_buffer.append(bytes);
        return m_buffer.size() >= WriteChunk ? flush() : Status();
    }
    Status flush()
    {
        if (!m_buffer.isEmpty() && m_device.write(m_buffer) != m_buffer.size())
            return Error(u"cannot write the image: %1"_s.arg(m_device.errorString()));
        m_buffer.clear();
        return {};
    }

private:
    QIODevice &m_device;
    QByteArray m_buffer;
};

} // namespace

Status SyntheticImage::write(QIODevice &device) const
{
    const Layout &l = *m_layout;
    ChunkedWriter out(device);

    QByteArray header(HeaderSize, '\0');
    header.replace(0, 8, "FLOTIMG1");
    putU32(header, 8, HeaderSize);
    putU32(header, 12, HeaderSize);
    putU32(header, 16, l.textSize);
    putU32(header, 20, l.rodataAddress);
    putU32(header, 24, quint32(l.rodata.size()));
    putU32(header, 28, l.dataAddress);
    putU32(header, 32, l.dataSize);
    putU32(header, 36, quint32(l.functions.size()));
    putU64(header, 40, l.keyHash);
    putU64(header, 48, l.versionHash);
    putU32(header, 56, l.functions.empty() ? 0 : l.functions.front().address);
    if (auto s = out.append(header); !s)
        return s;

    QByteArray function;
    for (size_t i = 0; i < l.functions.size(); ++i) {
        generateFunction(l, i, function);
        if (auto s = out.append(function); !s)
            return s;
    }
    if (auto s = out.append(l.rodata); !s)
        return s;
    const QByteArray padding(qsizetype(l.dataAddress) - l.rodataAddress - l.rodata.size(), '\0');
    if (auto s = out.append(padding); !s)
        return s;

    // Calibration tables: small integers, a few of which each build changes.
    QByteArray words;
    for (quint32 i = 0; i < l.dataSize / 4; ++i) {
        quint64 w = combine(l.keyHash, quint64(i) ^ 0xDA7A0000ull);
        if (combine(w, l.versionHash) % 100 < ChangedDataPercent)
            w = combine(w, l.versionHash);
        const auto value = quint32(w % 5000);
        words.append(char(value & 0xFF)).append(char((value >> 8) & 0xFF)).append('\0').append('\0');
        if (words.size() >= WriteChunk) {
            if (auto s = out.append(words); !s)
                return s;
            words.clear();
        }
    }
    words.append(QByteArray(qsizetype(l.dataSize % 4), '\0'));
    if (auto s = out.append(words); !s)
        return s;
    return out.flush();
}

Status SyntheticImage::writeFile(const QString &path) const
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error(u"cannot create the folder of %1"_s.arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    if (auto s = write(file); !s) {
        file.cancelWriting();
        return s;
    }
    if (!file.commit())
        return Error(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

QByteArray SyntheticImage::toByteArray() const
{
    QByteArray bytes;
    bytes.reserve(size());
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!write(buffer))
        return {};
    return bytes;
}

} // namespace flotilla::update
