// flotilla-download-bench: one vehicle download through the agent's real HTTPS client
// (net::HttpsClient::download(), the call the agent's Downloader makes for a payload), timed.
// bench/download.sh runs it beside curl against nginx.
//
// usage: flotilla-download-bench --url https://HOST:PORT/dm/blob/<sha256> --ca CA.pem --out FILE
//                                [--header "Name: value"]...
// Prints one line: bytes, seconds to the last byte written, seconds until download() reported
// done (the file fsynced, as the agent requires), and this process's CPU seconds (user + system).
#include "agent/net/AsioRuntime.h"

#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QUrl>

#include <chrono>
#include <cstdio>
#include <future>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace flotilla;
using Clock = std::chrono::steady_clock;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "flotilla-download-bench: %s\n", qPrintable(message));
    std::exit(2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv); // only for the command-line parser and QFile's encoding
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Times one download through the agent's HTTPS client."_s);
    parser.addHelpOption();
    parser.addOptions({{u"url"_s, u"https://HOST:PORT/dm/blob/<sha256>"_s, u"url"_s},
                       {u"ca"_s, u"CA certificate to pin (PEM)"_s, u"file"_s},
                       {u"out"_s, u"File to download to (removed first: a fresh 200, not a resume)"_s, u"file"_s},
                       {u"header"_s, u"Request header \"Name: value\" (repeatable)"_s, u"header"_s}});
    parser.process(app);

    const QUrl url(parser.value(u"url"_s));
    if (!url.isValid() || url.scheme() != u"https")
        die(u"--url: expected https://HOST:PORT/PATH"_s);
    QFile caFile(parser.value(u"ca"_s));
    if (!caFile.open(QIODevice::ReadOnly))
        die(u"--ca: cannot read %1"_s.arg(caFile.fileName()));
    const QString out = parser.value(u"out"_s);
    if (out.isEmpty())
        die(u"--out is required"_s);
    QFile::remove(out);

    agent::net::DownloadRequest request;
    request.target = url.path(QUrl::FullyEncoded).toLatin1();
    request.filePath = out;
    request.etag = '"' + url.path().section(u'/', -1).toLatin1() + '"';
    for (const QString &header : parser.values(u"header"_s)) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0)
            die(u"--header: expected \"Name: value\", got %1"_s.arg(header));
        request.headers.append(
            {header.first(colon).trimmed().toLatin1(), header.sliced(colon + 1).trimmed().toLatin1()});
    }

    agent::net::TlsOptions tls;
    tls.caPem = caFile.readAll();
    agent::net::Runtime runtime(1); // the single-vehicle agent runs one lane (--lanes default 1)
    agent::net::Lane &lane = runtime.lane(0);

    std::promise<Result<agent::net::DownloadResult>> finished;
    std::unique_ptr<agent::net::HttpsClient> client;
    Clock::time_point lastByte;
    const double cpuBefore = cpuSeconds();
    const Clock::time_point start = Clock::now();
    lane.post([&] {
        client = lane.createClient(url.host(), quint16(url.port(443)), tls);
        client->download(
            request, [&](qint64, qint64) { lastByte = Clock::now(); },
            [&](Result<agent::net::DownloadResult> result) { finished.set_value(std::move(result)); });
    });
    const Result<agent::net::DownloadResult> result = finished.get_future().get();
    const Clock::time_point done = Clock::now();
    const double cpu = cpuSeconds() - cpuBefore;
    runtime.runOnAllLanesAndWait([&](int) { client.reset(); }); // lane objects die on their lane

    if (!result)
        die(result.errorString());
    if (result->status != 200)
        die(u"HTTP %1"_s.arg(result->status));
    auto seconds = [start](Clock::time_point t) { return std::chrono::duration<double>(t - start).count(); };
    std::printf("%lld %.6f %.6f %.6f\n", static_cast<long long>(result->fileBytes), seconds(lastByte), seconds(done),
                cpu);
    return 0;
}
