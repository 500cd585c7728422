#include "ExportManifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <climits>
#include <memory>
#include <optional>

namespace idc {
namespace {

// JSON member names.
const QString keyFormatVersion = QStringLiteral("formatVersion");
const QString keyFile = QStringLiteral("file");
const QString keySha256 = QStringLiteral("sha256");
const QString keyBytes = QStringLiteral("bytes");
const QString keyRows = QStringLiteral("rows");
const QString keyFormat = QStringLiteral("format");
const QString keyColumns = QStringLiteral("columns");
const QString keyFilter = QStringLiteral("filter");
const QString keyProfile = QStringLiteral("profile");
const QString keyBackend = QStringLiteral("backend");
const QString keyOperator = QStringLiteral("operator");
const QString keyCreatedAt = QStringLiteral("createdAt");
const QString keySchemaVersion = QStringLiteral("schemaVersion");
const QString keyPublicKey = QStringLiteral("publicKey");
const QString keySignature = QStringLiteral("signature");

constexpr qint64 blockSize = 1024 * 1024;
// A manifest is a few hundred bytes; refuse to read a large file as one.
constexpr qint64 maxManifestSize = 1024 * 1024;

struct PkeyDeleter
{
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct PkeyContextDeleter
{
    void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, PkeyContextDeleter>;

struct MdContextDeleter
{
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

struct BioDeleter
{
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;

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
    ERR_clear_error();
    return makeError(ErrorKind::Internal, QStringLiteral("OpenSSL Ed25519 failed in %1").arg(QLatin1StringView(step)));
}

/// The raw public half of an EVP key; empty on failure.
QByteArray rawPublicKey(EVP_PKEY* key)
{
    QByteArray raw(ed25519KeyLength, Qt::Uninitialized);
    size_t length = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(key, bytes(raw), &length) != 1 || length != size_t(ed25519KeyLength)) {
        ERR_clear_error();
        return {};
    }
    return raw;
}

Pkey publicPkey(const QByteArray& public32)
{
    if (public32.size() != ed25519KeyLength)
        return {};
    Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(public32), size_t(public32.size())));
    if (!key)
        ERR_clear_error();
    return key;
}

/// Base64 that decodes to exactly `length` bytes and is written the one way toBase64() writes it,
/// so that a manifest cannot carry the same key in two spellings. Empty when it does not.
QByteArray decodeCanonicalBase64(const QString& text, int length)
{
    const QByteArray encoded = text.toLatin1();
    const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != length || decoded.decoded.toBase64() != encoded)
        return {};
    return decoded.decoded;
}

bool isLowercaseHex(const QString& text, int length)
{
    if (text.size() != length)
        return false;
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

QString createdAtText(const QDateTime& createdAt)
{
    return createdAt.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject toObject(const ExportManifest& manifest, bool withSignature)
{
    QJsonObject object{
        {keyFormatVersion, manifest.formatVersion},
        {keyFile, manifest.file},
        {keySha256, manifest.sha256},
        {keyBytes, manifest.bytes},
        {keyRows, manifest.rows},
        {keyFormat, manifest.format},
        {keyColumns, QJsonArray::fromStringList(manifest.columns)},
        {keyFilter, manifest.filter},
        {keyProfile, manifest.profile},
        {keyBackend, manifest.backend},
        {keyOperator, manifest.operatorName},
        {keyCreatedAt, createdAtText(manifest.createdAt)},
        {keySchemaVersion, manifest.schemaVersion},
        {keyPublicKey, manifest.publicKey},
    };
    if (withSignature)
        object.insert(keySignature, manifest.signature);
    return object;
}

Error fieldError(const QString& field, const QString& what)
{
    return makeError(ErrorKind::InvalidInput, QStringLiteral("manifest field \"%1\" %2").arg(field, what));
}

/// Reads members of a manifest object one at a time; the first problem sticks.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject& object)
        : m_object(object)
    {
    }

    bool failed() const { return m_error.has_value(); }
    const Error& error() const { return *m_error; }

    QJsonValue member(const QString& field, bool (QJsonValue::*isType)() const, const char* typeName)
    {
        if (failed())
            return {};
        const auto it = m_object.constFind(field);
        if (it == m_object.constEnd()) {
            fail(field, QStringLiteral("is missing"));
            return {};
        }
        const QJsonValue value = it.value();
        if (!(value.*isType)()) {
            fail(field, QStringLiteral("is not %1").arg(QLatin1StringView(typeName)));
            return {};
        }
        return value;
    }

    QString string(const QString& field) { return member(field, &QJsonValue::isString, "a string").toString(); }

    /// A non-negative integer written without a fraction or an exponent outside qint64's range.
    qint64 integer(const QString& field)
    {
        const QJsonValue value = member(field, &QJsonValue::isDouble, "a number");
        if (failed())
            return 0;
        // Qt keeps a JSON number that has no fraction and fits in qint64 as an integer.
        if (value.toVariant().typeId() != QMetaType::LongLong || value.toInteger() < 0) {
            fail(field, QStringLiteral("is not a non-negative integer"));
            return 0;
        }
        return value.toInteger();
    }

    int smallInteger(const QString& field)
    {
        const qint64 value = integer(field);
        if (!failed() && value > INT_MAX) {
            fail(field, QStringLiteral("is too large"));
            return 0;
        }
        return int(value);
    }

    void fail(const QString& field, const QString& what)
    {
        if (!failed())
            m_error = fieldError(field, what);
    }

private:
    const QJsonObject& m_object;
    std::optional<Error> m_error;
};

} // namespace

QByteArray canonicalBytes(const ExportManifest& manifest)
{
    return QJsonDocument(toObject(manifest, false)).toJson(QJsonDocument::Compact);
}

QByteArray toJson(const ExportManifest& manifest)
{
    return QJsonDocument(toObject(manifest, true)).toJson(QJsonDocument::Indented);
}

Result<ExportManifest> manifestFromJson(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("the manifest is not JSON: %1 at offset %2")
                                                      .arg(parseError.errorString())
                                                      .arg(parseError.offset));
    if (!document.isObject())
        return makeError(ErrorKind::InvalidInput, QStringLiteral("the manifest is not a JSON object"));
    const QJsonObject object = document.object();

    FieldReader reader(object);
    ExportManifest manifest;
    manifest.formatVersion = reader.smallInteger(keyFormatVersion);
    if (reader.failed())
        return reader.error();
    if (manifest.formatVersion != exportManifestFormatVersion)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("unknown manifest formatVersion %1 (this console reads %2)")
                             .arg(manifest.formatVersion)
                             .arg(exportManifestFormatVersion));

    const QStringList known{keyFormatVersion, keyFile,      keySha256,        keyBytes,     keyRows,
                            keyFormat,        keyColumns,   keyFilter,        keyProfile,   keyBackend,
                            keyOperator,      keyCreatedAt, keySchemaVersion, keyPublicKey, keySignature};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            reader.fail(it.key(), QStringLiteral("is not part of manifest format %1").arg(exportManifestFormatVersion));
    }

    manifest.file = reader.string(keyFile);
    manifest.sha256 = reader.string(keySha256);
    if (!reader.failed() && !isLowercaseHex(manifest.sha256, 64))
        reader.fail(keySha256, QStringLiteral("is not 64 lowercase hex digits"));
    manifest.bytes = reader.integer(keyBytes);
    manifest.rows = reader.integer(keyRows);
    manifest.format = reader.string(keyFormat);
    static const QStringList formats{QStringLiteral("csv"), QStringLiteral("jsonl"), QStringLiteral("pdf"),
                                     QStringLiteral("json")};
    if (!reader.failed() && !formats.contains(manifest.format))
        reader.fail(keyFormat, QStringLiteral("is not one of csv, jsonl, pdf, json"));
    const QJsonArray columns = reader.member(keyColumns, &QJsonValue::isArray, "an array").toArray();
    for (const QJsonValue& column : columns) {
        if (!column.isString()) {
            reader.fail(keyColumns, QStringLiteral("is not an array of strings"));
            break;
        }
        manifest.columns.append(column.toString());
    }
    manifest.filter = reader.member(keyFilter, &QJsonValue::isObject, "an object").toObject();
    manifest.profile = reader.string(keyProfile);
    manifest.backend = reader.string(keyBackend);
    manifest.operatorName = reader.string(keyOperator);
    const QString createdAt = reader.string(keyCreatedAt);
    if (!reader.failed()) {
        manifest.createdAt = QDateTime::fromString(createdAt, Qt::ISODateWithMs).toUTC();
        if (!manifest.createdAt.isValid())
            reader.fail(keyCreatedAt, QStringLiteral("is not an ISO 8601 date and time"));
    }
    manifest.schemaVersion = reader.smallInteger(keySchemaVersion);
    manifest.publicKey = reader.string(keyPublicKey);
    if (!reader.failed() && decodeCanonicalBase64(manifest.publicKey, ed25519KeyLength).isEmpty())
        reader.fail(keyPublicKey, QStringLiteral("is not base64 of a 32-byte key"));
    manifest.signature = reader.string(keySignature);
    if (!reader.failed() && decodeCanonicalBase64(manifest.signature, ed25519SignatureLength).isEmpty())
        reader.fail(keySignature, QStringLiteral("is not base64 of a 64-byte signature"));

    if (reader.failed())
        return reader.error();
    return manifest;
}

void SigningKey::wipe()
{
    // data() detaches a shared copy first: this wipes this object's bytes, not another's.
    if (!privateKey32.isEmpty())
        OPENSSL_cleanse(privateKey32.data(), size_t(privateKey32.size()));
    privateKey32.clear();
    publicKey32.clear();
}

Result<SigningKey> generateSigningKey()
{
    const PkeyContext context(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    if (!context)
        return openSslFailure("EVP_PKEY_CTX_new_id");
    EVP_PKEY* generated = nullptr;
    if (EVP_PKEY_keygen_init(context.get()) != 1 || EVP_PKEY_keygen(context.get(), &generated) != 1)
        return openSslFailure("keygen");
    const Pkey key(generated);

    SigningKey pair;
    pair.privateKey32 = QByteArray(ed25519KeyLength, Qt::Uninitialized);
    size_t length = size_t(pair.privateKey32.size());
    if (EVP_PKEY_get_raw_private_key(key.get(), bytes(pair.privateKey32), &length) != 1 ||
        length != size_t(ed25519KeyLength)) {
        pair.wipe();
        return openSslFailure("EVP_PKEY_get_raw_private_key");
    }
    pair.publicKey32 = rawPublicKey(key.get());
    if (pair.publicKey32.isEmpty()) {
        pair.wipe();
        return openSslFailure("EVP_PKEY_get_raw_public_key");
    }
    return pair;
}

Result<SigningKey> signingKeyFromPrivate(const QByteArray& private32)
{
    if (private32.size() != ed25519KeyLength)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("an Ed25519 private key has 32 bytes, not %1").arg(private32.size()));
    const Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(private32), size_t(private32.size())));
    if (!key)
        return openSslFailure("EVP_PKEY_new_raw_private_key");
    const QByteArray public32 = rawPublicKey(key.get());
    if (public32.isEmpty())
        return openSslFailure("EVP_PKEY_get_raw_public_key");
    return SigningKey{private32, public32};
}

Result<QByteArray> signEd25519(const SigningKey& key, const QByteArray& message)
{
    if (key.privateKey32.size() != ed25519KeyLength)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("an Ed25519 private key has 32 bytes, not %1").arg(key.privateKey32.size()));
    const Pkey pkey(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(key.privateKey32), size_t(ed25519KeyLength)));
    if (!pkey)
        return openSslFailure("EVP_PKEY_new_raw_private_key");
    // A signature under a private key with someone else's public key would verify under neither.
    if (rawPublicKey(pkey.get()) != key.publicKey32)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("the public key does not belong to the private key"));

    const MdContext context(EVP_MD_CTX_new());
    if (!context)
        return openSslFailure("EVP_MD_CTX_new");
    // Ed25519 hashes internally: no digest, and the whole message in one call.
    if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, pkey.get()) != 1)
        return openSslFailure("EVP_DigestSignInit");
    QByteArray signature(ed25519SignatureLength, Qt::Uninitialized);
    size_t length = size_t(signature.size());
    if (EVP_DigestSign(context.get(), bytes(signature), &length, bytes(message), size_t(message.size())) != 1 ||
        length != size_t(ed25519SignatureLength))
        return openSslFailure("EVP_DigestSign");
    return signature;
}

bool verifyEd25519(const QByteArray& public32, const QByteArray& message, const QByteArray& signature64)
{
    if (signature64.size() != ed25519SignatureLength)
        return false;
    const Pkey key = publicPkey(public32);
    if (!key)
        return false;
    const MdContext context(EVP_MD_CTX_new());
    if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
        ERR_clear_error();
        return false;
    }
    const bool valid = EVP_DigestVerify(context.get(), bytes(signature64), size_t(signature64.size()), bytes(message),
                                        size_t(message.size())) == 1;
    ERR_clear_error();
    return valid;
}

QString publicKeyPem(const QByteArray& public32)
{
    const Pkey key = publicPkey(public32);
    const Bio bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QString::fromLatin1(data, qsizetype(length));
}

Result<QByteArray> publicKeyFromPem(const QString& pem)
{
    const QByteArray text = pem.toLatin1();
    if (text.size() > INT_MAX / 2)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("the PEM text is too long"));
    const Bio bio(BIO_new_mem_buf(text.constData(), int(text.size())));
    if (!bio)
        return openSslFailure("BIO_new_mem_buf");
    const Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) {
        ERR_clear_error();
        return makeError(ErrorKind::InvalidInput, QStringLiteral("not a PEM public key"));
    }
    if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("the PEM public key is not an Ed25519 key"));
    const QByteArray public32 = rawPublicKey(key.get());
    if (public32.isEmpty())
        return openSslFailure("EVP_PKEY_get_raw_public_key");
    return public32;
}

QString keyFingerprint(const QByteArray& public32)
{
    return QString::fromLatin1(QCryptographicHash::hash(public32, QCryptographicHash::Sha256).toHex().left(16));
}

Result<QByteArray> sha256OfFile(const QString& path, qint64* bytesRead)
{
    QFile file(path);
    if (!file.exists())
        return makeError(ErrorKind::NotFound, QStringLiteral("%1 does not exist").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::FileAccess, QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray block(blockSize, Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        const qint64 read = file.read(block.data(), blockSize);
        if (read < 0)
            return makeError(ErrorKind::FileAccess, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        if (read == 0)
            break;
        hash.addData(QByteArrayView(block.constData(), read));
        total += read;
    }
    if (bytesRead)
        *bytesRead = total;
    return hash.result().toHex();
}

bool isPlainFileName(const QString& name)
{
    return !name.isEmpty() && !name.contains(u'/') && !name.contains(u'\\') && !name.contains(QChar(0)) &&
           !name.contains(QStringLiteral(".."));
}

Status sign(ExportManifest& manifest, const SigningKey& key)
{
    if (!isPlainFileName(manifest.file))
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("\"%1\" is not a plain file name for a manifest").arg(manifest.file));
    ExportManifest signedManifest = manifest;
    signedManifest.publicKey = QString::fromLatin1(key.publicKey32.toBase64());
    const Result<QByteArray> signature = signEd25519(key, canonicalBytes(signedManifest));
    if (!signature)
        return signature.error();
    signedManifest.signature = QString::fromLatin1(signature->toBase64());
    manifest = std::move(signedManifest);
    return Done{};
}

ManifestCheck verifyManifest(const QString& manifestPath, const QByteArray& trustedPublicKey32)
{
    ManifestCheck check;
    auto finish = [&check] {
        check.ok = check.problems.isEmpty();
        return check;
    };

    QFile manifestFile(manifestPath);
    if (!manifestFile.open(QIODevice::ReadOnly)) {
        check.problems.append(
            QStringLiteral("the manifest %1 cannot be read: %2").arg(manifestPath, manifestFile.errorString()));
        return finish();
    }
    if (manifestFile.size() > maxManifestSize) {
        check.problems.append(QStringLiteral("the manifest %1 has %2 bytes, too many for a manifest")
                                  .arg(manifestPath)
                                  .arg(manifestFile.size()));
        return finish();
    }
    const Result<ExportManifest> parsed = manifestFromJson(manifestFile.readAll());
    if (!parsed) {
        check.problems.append(QStringLiteral("the manifest is malformed: %1").arg(parsed.error().detail));
        return finish();
    }
    const ExportManifest& manifest = parsed.value();

    if (!isPlainFileName(manifest.file)) {
        check.problems.append(QStringLiteral("the manifest names the data file \"%1\", which is not a plain file "
                                             "name beside the manifest")
                                  .arg(manifest.file));
    } else {
        const QString dataPath = QFileInfo(manifestPath).dir().filePath(manifest.file);
        qint64 size = 0;
        const Result<QByteArray> sha256 = sha256OfFile(dataPath, &size);
        if (!sha256 && sha256.error().kind == ErrorKind::NotFound) {
            check.problems.append(QStringLiteral("data file %1 is missing").arg(manifest.file));
        } else if (!sha256) {
            check.problems.append(
                QStringLiteral("data file %1 cannot be read: %2").arg(manifest.file, sha256.error().detail));
        } else {
            if (size != manifest.bytes)
                check.problems.append(
                    QStringLiteral("the file has %1 bytes, the manifest says %2").arg(size).arg(manifest.bytes));
            const QString actual = QString::fromLatin1(sha256.value());
            if (actual != manifest.sha256)
                check.problems.append(
                    QStringLiteral("the file's SHA-256 is %1, the manifest says %2").arg(actual, manifest.sha256));
        }
    }

    // manifestFromJson() has checked that both decode to the right lengths.
    const QByteArray signerKey = QByteArray::fromBase64(manifest.publicKey.toLatin1());
    const QByteArray signature = QByteArray::fromBase64(manifest.signature.toLatin1());
    if (!verifyEd25519(signerKey, canonicalBytes(manifest), signature))
        check.problems.append(
            QStringLiteral("the signature does not match the manifest's contents (a field was changed after signing)"));

    if (!trustedPublicKey32.isEmpty() && trustedPublicKey32 != signerKey) {
        if (trustedPublicKey32.size() != ed25519KeyLength)
            check.problems.append(QStringLiteral("the trusted key has %1 bytes, not %2")
                                      .arg(trustedPublicKey32.size())
                                      .arg(ed25519KeyLength));
        else
            check.problems.append(QStringLiteral("signed by key %1, not the trusted key %2")
                                      .arg(keyFingerprint(signerKey), keyFingerprint(trustedPublicKey32)));
    }
    return finish();
}

} // namespace idc
