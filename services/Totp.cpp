#include "Totp.h"

#include <QUrl>

#include <liboath/oath.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <mutex>

namespace idc {
namespace {

constexpr char base32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Beyond this the "window" is no longer a clock-skew allowance; refuse rather than guess.
constexpr int maxWindow = 10;

/// The value of one base32 character, or -1 if it is not one (either case accepted).
int base32Value(char16_t c)
{
    if (c >= u'A' && c <= u'Z')
        return c - u'A';
    if (c >= u'a' && c <= u'z')
        return c - u'a';
    if (c >= u'2' && c <= u'7')
        return c - u'2' + 26;
    return -1;
}

/// oath_init() once per process, from whichever thread gets there first.
int initOath()
{
    static std::once_flag once;
    static int status = OATH_OK;
    std::call_once(once, [] { status = oath_init(); });
    return status;
}

int oathFlags(TotpAlgorithm alg)
{
    switch (alg) {
    case TotpAlgorithm::Sha1:
        return 0;
    case TotpAlgorithm::Sha256:
        return OATH_TOTP_HMAC_SHA256;
    case TotpAlgorithm::Sha512:
        return OATH_TOTP_HMAC_SHA512;
    }
    return 0;
}

bool isDigitsOnly(const QString& code)
{
    for (QChar c : code) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

} // namespace

Result<QByteArray> generateTotpSecret()
{
    QByteArray secret(totpSecretLength, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), int(secret.size())) != 1)
        return makeError(ErrorKind::Internal, QStringLiteral("the random number generator failed"));
    return secret;
}

QString base32Encode(const QByteArray& data)
{
    QString out;
    out.reserve((data.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (char byte : data) {
        buffer = (buffer << 8) | quint8(byte);
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += QLatin1Char(base32Alphabet[(buffer >> bits) & 0x1f]);
        }
    }
    if (bits > 0)
        out += QLatin1Char(base32Alphabet[(buffer << (5 - bits)) & 0x1f]);
    buffer = 0;
    return out;
}

Result<QByteArray> base32Decode(const QString& text)
{
    QByteArray out;
    out.reserve(text.size() * 5 / 8);
    quint32 buffer = 0;
    int bits = 0;
    qsizetype characters = 0;
    qsizetype padding = 0;
    // Details name positions, never characters: the text is usually a secret.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u' ')
            continue;
        if (c == u'=') {
            ++padding;
            continue;
        }
        const int value = base32Value(c);
        if (value < 0 || padding > 0) {
            OPENSSL_cleanse(out.data(), size_t(out.size()));
            return makeError(ErrorKind::InvalidInput,
                             value < 0 ? QStringLiteral("not a base32 character at position %1").arg(i)
                                       : QStringLiteral("base32 padding before position %1").arg(i));
        }
        ++characters;
        buffer = (buffer << 5) | quint32(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xff);
        }
    }
    buffer = 0;
    // An encoder ends a group of 8 characters after 0, 2, 4, 5 or 7 of them; the other
    // remainders carry a character that holds no byte, so the text was cut or mistyped.
    const qsizetype remainder = characters % 8;
    const bool lengthOk = remainder != 1 && remainder != 3 && remainder != 6;
    const bool paddingOk = padding == 0 || (padding < 8 && (characters + padding) % 8 == 0);
    if (!lengthOk || !paddingOk) {
        OPENSSL_cleanse(out.data(), size_t(out.size()));
        return makeError(ErrorKind::InvalidInput, !lengthOk ? QStringLiteral("base32 text of an impossible length")
                                                            : QStringLiteral("wrong base32 padding"));
    }
    return out;
}

Result<QString> totpCode(const QByteArray& secret, qint64 unixTime, int digits, int period, TotpAlgorithm alg)
{
    if (secret.isEmpty())
        return makeError(ErrorKind::InvalidInput, QStringLiteral("empty TOTP secret"));
    if (unixTime < 0)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("TOTP time before 1970"));
    if (digits < 6 || digits > 8)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("TOTP codes have 6 to 8 digits, not %1").arg(digits));
    if (period < 1)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("TOTP period must be at least 1 second"));
    if (const int status = initOath(); status != OATH_OK)
        return makeError(ErrorKind::Internal,
                         QStringLiteral("liboath: %1").arg(QString::fromUtf8(oath_strerror(status))));

    std::array<char, 16> output{};
    const int status =
        oath_totp_generate2(secret.constData(), size_t(secret.size()), time_t(unixTime), unsigned(period),
                            OATH_TOTP_DEFAULT_START_TIME, unsigned(digits), oathFlags(alg), output.data());
    if (status != OATH_OK)
        return makeError(ErrorKind::Internal,
                         QStringLiteral("liboath: %1").arg(QString::fromUtf8(oath_strerror(status))));
    const QString code = QString::fromLatin1(output.data(), digits);
    OPENSSL_cleanse(output.data(), output.size());
    return code;
}

std::optional<qint64> totpMatchStep(const QByteArray& secret, const QString& code, qint64 unixTime, int window,
                                    int digits, int period, TotpAlgorithm alg)
{
    if (code.size() != digits || !isDigitsOnly(code) || window < 0 || window > maxWindow || period < 1 || unixTime < 0)
        return std::nullopt;
    const QByteArray given = code.toLatin1();
    const qint64 currentStep = unixTime / period;
    std::optional<qint64> matched;
    // Every step of the window is computed and compared, matched or not, so the time taken
    // does not depend on which step (if any) the code belongs to.
    for (int distance = 0; distance <= window; ++distance) {
        for (const int sign : {-1, 1}) {
            if (distance == 0 && sign == 1)
                continue;
            const qint64 step = currentStep + sign * distance;
            if (step < 0)
                continue;
            const Result<QString> expected = totpCode(secret, step * period, digits, period, alg);
            if (!expected)
                return std::nullopt;
            const QByteArray expectedBytes = expected->toLatin1();
            const bool equal = CRYPTO_memcmp(expectedBytes.constData(), given.constData(), size_t(digits)) == 0;
            if (equal && !matched)
                matched = step;
        }
    }
    return matched;
}

bool TotpVerifier::accept(const QByteArray& secret, const QString& code, qint64 unixTime)
{
    const std::optional<qint64> step = totpMatchStep(secret, code, unixTime, window, digits, period, algorithm);
    if (!step || *step <= lastAcceptedStep)
        return false;
    lastAcceptedStep = *step;
    return true;
}

QString otpauthUri(const QString& issuer, const QString& accountLabel, const QByteArray& secret)
{
    // Built by hand rather than with QUrl/QUrlQuery: QUrl leaves ':' and '@' literal in a path
    // and QUrlQuery leaves '+' and ';' alone, while the Key URI format wants issuer and label
    // escaped so that the one literal ':' separates them.
    const QByteArray encodedIssuer = QUrl::toPercentEncoding(issuer);
    QByteArray uri = QByteArrayLiteral("otpauth://totp/");
    if (!issuer.isEmpty())
        uri += encodedIssuer + ':';
    uri += QUrl::toPercentEncoding(accountLabel);
    uri += QByteArrayLiteral("?secret=") + base32Encode(secret).toLatin1();
    if (!issuer.isEmpty())
        uri += QByteArrayLiteral("&issuer=") + encodedIssuer;
    uri += QByteArrayLiteral("&algorithm=SHA1&digits=6&period=30");
    return QString::fromLatin1(uri);
}

QString groupedKey(const QString& base32)
{
    QString compact = base32;
    compact.remove(u' ');
    QString grouped;
    grouped.reserve(compact.size() + compact.size() / 4);
    for (qsizetype i = 0; i < compact.size(); ++i) {
        if (i > 0 && i % 4 == 0)
            grouped += u' ';
        grouped += compact.at(i);
    }
    return grouped;
}

} // namespace idc
