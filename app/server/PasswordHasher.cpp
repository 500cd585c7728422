#include "PasswordHasher.h"

#include <QList>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <memory>
#include <optional>

namespace idc::server {
namespace {

constexpr int saltLength = 16;
constexpr int hashLength = 32;
constexpr int minLog2N = 10;
constexpr int maxLog2N = 20;
constexpr int maxR = 32;
constexpr int maxP = 16;
// scrypt's large array takes 128 * r * N bytes; more than this is an attack, not a policy.
constexpr quint64 maxMemoryBytes = quint64(1) << 30;

const QByteArrayView prefix = "$scrypt$";

struct Decoded
{
    ScryptParameters parameters;
    QByteArray salt;
    QByteArray hash;
};

struct KdfDeleter
{
    void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
    void operator()(EVP_KDF_CTX* context) const { EVP_KDF_CTX_free(context); }
};

QString openSslError()
{
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    ERR_clear_error();
    return QString::fromLatin1(text);
}

quint64 largeArrayBytes(const ScryptParameters& parameters)
{
    return 128 * quint64(parameters.r) * (quint64(1) << parameters.log2N);
}

std::optional<Error> checkParameters(const ScryptParameters& parameters)
{
    if (parameters.log2N < minLog2N || parameters.log2N > maxLog2N)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("scrypt ln out of range: %1").arg(parameters.log2N));
    if (parameters.r < 1 || parameters.r > maxR)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("scrypt r out of range: %1").arg(parameters.r));
    if (parameters.p < 1 || parameters.p > maxP)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("scrypt p out of range: %1").arg(parameters.p));
    if (largeArrayBytes(parameters) > maxMemoryBytes)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("scrypt parameters need too much memory"));
    return std::nullopt;
}

QByteArray toBase64(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals);
}

// Strict: only the canonical unpadded encoding of some bytes, so that one hash has one spelling.
std::optional<QByteArray> fromBase64(const QByteArray& text, int expectedLength)
{
    auto decoded =
        QByteArray::fromBase64Encoding(text, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != expectedLength || toBase64(decoded.decoded) != text)
        return std::nullopt;
    return std::move(decoded.decoded);
}

// Parses a decimal without sign or leading zeros.
std::optional<int> parseNumber(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 4 || (text.size() > 1 && text.front() == '0'))
        return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<ScryptParameters> parseParameters(QByteArrayView text)
{
    const QList<QByteArray> fields = text.toByteArray().split(',');
    if (fields.size() != 3 || !fields[0].startsWith("ln=") || !fields[1].startsWith("r=") ||
        !fields[2].startsWith("p=")) {
        return std::nullopt;
    }
    const std::optional<int> log2N = parseNumber(QByteArrayView(fields[0]).sliced(3));
    const std::optional<int> r = parseNumber(QByteArrayView(fields[1]).sliced(2));
    const std::optional<int> p = parseNumber(QByteArrayView(fields[2]).sliced(2));
    if (!log2N || !r || !p)
        return std::nullopt;
    return ScryptParameters{*log2N, *r, *p};
}

Result<Decoded> decode(const QString& encoded)
{
    const auto malformed = [](const char* why) {
        return makeError(ErrorKind::InvalidInput, QStringLiteral("malformed scrypt hash: ") + QLatin1String(why));
    };
    // Stored hashes are ASCII; anything else cannot have come from hash().
    for (const QChar c : encoded) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return malformed("not printable ASCII");
    }
    const QByteArray text = encoded.toLatin1();
    if (!text.startsWith(prefix))
        return malformed("not $scrypt$");
    const QList<QByteArray> fields = text.sliced(prefix.size()).split('$');
    if (fields.size() != 3)
        return malformed("wrong number of fields");

    const std::optional<ScryptParameters> parameters = parseParameters(fields[0]);
    if (!parameters)
        return malformed("parameters");
    if (const std::optional<Error> refused = checkParameters(*parameters))
        return *refused;
    std::optional<QByteArray> salt = fromBase64(fields[1], saltLength);
    if (!salt)
        return malformed("salt");
    std::optional<QByteArray> hash = fromBase64(fields[2], hashLength);
    if (!hash)
        return malformed("hash");
    return Decoded{*parameters, std::move(*salt), std::move(*hash)};
}

QString encode(const ScryptParameters& parameters, const QByteArray& salt, const QByteArray& hash)
{
    const QByteArray text = prefix.toByteArray() + "ln=" + QByteArray::number(parameters.log2N) +
                            ",r=" + QByteArray::number(parameters.r) + ",p=" + QByteArray::number(parameters.p) + '$' +
                            toBase64(salt) + '$' + toBase64(hash);
    return QString::fromLatin1(text);
}

void wipe(QByteArray& secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    secret.clear();
}

} // namespace

Result<QByteArray> PasswordHasher::scrypt(QByteArrayView password, QByteArrayView salt, ScryptParameters parameters,
                                          int length)
{
    if (const std::optional<Error> refused = checkParameters(parameters))
        return *refused;
    if (length < 1 || length > 1024)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("scrypt output length out of range"));

    const std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf)
        return makeError(ErrorKind::Internal, QStringLiteral("EVP_KDF_fetch(SCRYPT): ") + openSslError());
    const std::unique_ptr<EVP_KDF_CTX, KdfDeleter> context(EVP_KDF_CTX_new(kdf.get()));
    if (!context)
        return makeError(ErrorKind::Internal, QStringLiteral("EVP_KDF_CTX_new: ") + openSslError());

    // OpenSSL takes non-const pointers but only reads them; an empty view may have no data at all,
    // which OpenSSL would read as "not set".
    static char empty = 0;
    const auto octets = [](QByteArrayView bytes) {
        return bytes.isEmpty() ? static_cast<void*>(&empty) : const_cast<char*>(bytes.data());
    };
    uint64_t n = uint64_t(1) << parameters.log2N;
    uint32_t r = uint32_t(parameters.r);
    uint32_t p = uint32_t(parameters.p);
    // The limit OpenSSL enforces covers the large array plus p blocks of 128 * r bytes.
    uint64_t maxMemory = largeArrayBytes(parameters) + 128 * uint64_t(r) * (uint64_t(p) + 2) + (uint64_t(1) << 20);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, octets(password), size_t(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, octets(salt), size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMemory),
        OSSL_PARAM_construct_end(),
    };

    QByteArray key(length, Qt::Uninitialized);
    if (EVP_KDF_derive(context.get(), reinterpret_cast<unsigned char*>(key.data()), size_t(length), params) != 1) {
        wipe(key);
        return makeError(ErrorKind::Internal, QStringLiteral("scrypt: ") + openSslError());
    }
    return key;
}

Result<QString> PasswordHasher::hash(QByteArrayView password, ScryptParameters parameters)
{
    QByteArray salt(saltLength, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), saltLength) != 1)
        return makeError(ErrorKind::Internal, QStringLiteral("RAND_bytes: ") + openSslError());
    Result<QByteArray> derived = scrypt(password, salt, parameters, hashLength);
    if (!derived)
        return derived.error();
    const QString encoded = encode(parameters, salt, derived.value());
    wipe(derived.value());
    return encoded;
}

Result<bool> PasswordHasher::verify(QByteArrayView password, const QString& encoded)
{
    const Result<Decoded> decoded = decode(encoded);
    if (!decoded)
        return decoded.error();
    Result<QByteArray> derived = scrypt(password, decoded->salt, decoded->parameters, hashLength);
    if (!derived)
        return derived.error();
    const bool matches = CRYPTO_memcmp(derived->constData(), decoded->hash.constData(), hashLength) == 0;
    wipe(derived.value());
    return matches;
}

bool PasswordHasher::needsRehash(const QString& encoded, ScryptParameters current)
{
    const Result<Decoded> decoded = decode(encoded);
    return !decoded || decoded->parameters != current;
}

QString PasswordHasher::dummyHash()
{
    // A function-local static is initialised once, thread-safely, on first use.
    static const QString dummy = [] {
        QByteArray password(32, Qt::Uninitialized);
        if (RAND_bytes(reinterpret_cast<unsigned char*>(password.data()), int(password.size())) != 1)
            password = QByteArray(32, 'x');
        Result<QString> hashed = hash(password, {});
        wipe(password);
        // Default parameters are always accepted; should OpenSSL fail, a well-formed hash of an
        // unknown password still makes verify() spend the same time.
        return hashed ? hashed.value()
                      : QStringLiteral("$scrypt$ln=17,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                                       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    }();
    return dummy;
}

} // namespace idc::server
