#include "SecretBox.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>

namespace idc {
namespace {

constexpr char version1 = 0x01;
constexpr int nonceLength = 12;
constexpr int tagLength = 16;
// EVP takes int lengths; leave room for the overhead.
constexpr qsizetype maxLength = INT_MAX - 64;

struct CipherContextDeleter
{
    void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const unsigned char* bytes(const QByteArray& data)
{
    return reinterpret_cast<const unsigned char*>(data.constData());
}

unsigned char* bytes(QByteArray& data)
{
    return reinterpret_cast<unsigned char*>(data.data());
}

Error openSslFailure(const char* step)
{
    return makeError(ErrorKind::Internal, QStringLiteral("OpenSSL AES-GCM failed in %1").arg(QLatin1StringView(step)));
}

/// What GCM authenticates besides the ciphertext: the version byte, then the caller's data.
QByteArray additionalData(const QByteArray& associatedData)
{
    return QByteArray(1, version1) + associatedData;
}

} // namespace

Result<QByteArray> generateSecretKey()
{
    QByteArray key(secretBoxKeyLength, Qt::Uninitialized);
    if (RAND_bytes(bytes(key), int(key.size())) != 1)
        return makeError(ErrorKind::Internal, QStringLiteral("the random number generator failed"));
    return key;
}

Result<QByteArray> sealSecret(const QByteArray& key32, const QByteArray& plaintext, const QByteArray& associatedData)
{
    if (key32.size() != secretBoxKeyLength)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("a SecretBox key has 32 bytes, not %1").arg(key32.size()));
    if (plaintext.size() > maxLength || associatedData.size() > maxLength)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("too much data to seal"));

    QByteArray sealed(secretBoxOverhead + plaintext.size(), Qt::Uninitialized);
    unsigned char* out = bytes(sealed);
    out[0] = version1;
    unsigned char* nonce = out + 1;
    unsigned char* ciphertext = nonce + nonceLength;
    unsigned char* tag = ciphertext + plaintext.size();
    if (RAND_bytes(nonce, nonceLength) != 1)
        return makeError(ErrorKind::Internal, QStringLiteral("the random number generator failed"));

    const CipherContext context(EVP_CIPHER_CTX_new());
    if (!context)
        return openSslFailure("EVP_CIPHER_CTX_new");
    const QByteArray aad = additionalData(associatedData);
    int length = 0;
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, nonceLength, nullptr) != 1 ||
        EVP_EncryptInit_ex(context.get(), nullptr, nullptr, bytes(key32), nonce) != 1)
        return openSslFailure("init");
    if (EVP_EncryptUpdate(context.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1)
        return openSslFailure("associated data");
    if (!plaintext.isEmpty() &&
        EVP_EncryptUpdate(context.get(), ciphertext, &length, bytes(plaintext), int(plaintext.size())) != 1) {
        OPENSSL_cleanse(sealed.data(), size_t(sealed.size()));
        return openSslFailure("update");
    }
    // GCM is a stream mode: Final writes nothing, but must be called to finish the tag.
    if (EVP_EncryptFinal_ex(context.get(), ciphertext + plaintext.size(), &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, tagLength, tag) != 1) {
        OPENSSL_cleanse(sealed.data(), size_t(sealed.size()));
        return openSslFailure("final");
    }
    return sealed;
}

Result<QByteArray> openSecret(const QByteArray& key32, const QByteArray& sealed, const QByteArray& associatedData)
{
    if (key32.size() != secretBoxKeyLength)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("a SecretBox key has 32 bytes, not %1").arg(key32.size()));
    if (sealed.size() < secretBoxOverhead)
        return makeError(ErrorKind::Protocol, QStringLiteral("sealed secret too short (%1 bytes)").arg(sealed.size()));
    if (sealed.at(0) != version1)
        return makeError(ErrorKind::Protocol,
                         QStringLiteral("unknown sealed secret version %1").arg(int(quint8(sealed.at(0)))));
    if (sealed.size() > maxLength || associatedData.size() > maxLength)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("too much data to open"));

    const unsigned char* nonce = bytes(sealed) + 1;
    const unsigned char* ciphertext = nonce + nonceLength;
    const int ciphertextLength = int(sealed.size()) - secretBoxOverhead;
    // EVP_CTRL_GCM_SET_TAG takes a non-const pointer; copy the tag rather than cast away const.
    QByteArray tag = sealed.right(tagLength);

    const CipherContext context(EVP_CIPHER_CTX_new());
    if (!context)
        return openSslFailure("EVP_CIPHER_CTX_new");
    const QByteArray aad = additionalData(associatedData);
    QByteArray plaintext(ciphertextLength, Qt::Uninitialized);
    int length = 0;
    if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, nonceLength, nullptr) != 1 ||
        EVP_DecryptInit_ex(context.get(), nullptr, nullptr, bytes(key32), nonce) != 1)
        return openSslFailure("init");
    if (EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1)
        return openSslFailure("associated data");
    bool ok = ciphertextLength == 0 ||
              EVP_DecryptUpdate(context.get(), bytes(plaintext), &length, ciphertext, ciphertextLength) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, tagLength, tag.data()) == 1;
    // Final checks the tag: until it succeeds, the decrypted bytes are unauthenticated and
    // must not leave this function.
    ok = ok && EVP_DecryptFinal_ex(context.get(), bytes(plaintext) + ciphertextLength, &length) == 1;
    if (!ok) {
        OPENSSL_cleanse(plaintext.data(), size_t(plaintext.size()));
        return makeError(ErrorKind::InvalidInput, QStringLiteral("wrong key or damaged data"));
    }
    return plaintext;
}

} // namespace idc
