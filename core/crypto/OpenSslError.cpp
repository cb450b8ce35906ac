#include "core/crypto/OpenSslError.h"

#include <QStringList>

#include <openssl/err.h>

#include <climits>

using namespace Qt::StringLiterals;

namespace flotilla::crypto::detail {

QString takeOpenSslErrors()
{
    QStringList reasons;
    const char *data = nullptr;
    int flags = 0;
    while (const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        QString reason = QString::fromUtf8(buffer);
        if ((flags & ERR_TXT_STRING) && data && *data)
            reason += u" ("_s + QString::fromUtf8(data) + u')';
        reasons.append(reason);
    }
    ERR_clear_error();
    return reasons.join(u"; "_s);
}

Error openSslError(const QString &what)
{
    const QString queue = takeOpenSslErrors();
    return Error(queue.isEmpty() ? what : what + u": "_s + queue);
}

ErrorQueueScope::ErrorQueueScope()
{
    ERR_clear_error();
}

ErrorQueueScope::~ErrorQueueScope()
{
    ERR_clear_error();
}

const unsigned char *bytesOf(QByteArrayView view)
{
    static const unsigned char empty = 0;
    return view.isEmpty() ? &empty : reinterpret_cast<const unsigned char *>(view.data());
}

BIO *newMemoryBio(QByteArrayView view)
{
    if (view.size() > INT_MAX)
        return nullptr;
    return BIO_new_mem_buf(bytesOf(view), static_cast<int>(view.size()));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(length));
}

QString toHex(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex());
}

} // namespace flotilla::crypto::detail
