#pragma once

#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace idc {

/// The only manifest format this console writes and reads.
inline constexpr int exportManifestFormatVersion = 1;
/// Lengths of Ed25519 keys and signatures (RFC 8032).
inline constexpr int ed25519KeyLength = 32;
inline constexpr int ed25519SignatureLength = 64;

/// What an export says about itself, written as JSON beside the exported file and signed with
/// the operator's Ed25519 key. In JSON each member has the name of its field, except
/// `operatorName`, which is `operator`.
struct ExportManifest
{
    int formatVersion = exportManifestFormatVersion;
    QString file;     ///< the data file's name, without a directory: it lies beside the manifest
    QString sha256;   ///< of the data file, 64 lowercase hex digits
    qint64 bytes = 0; ///< the data file's size
    qint64 rows = 0;  ///< data rows exported (a header line is not a row)
    QString format;   ///< "csv", "jsonl", "pdf" or "json"
    QStringList columns;
    QJsonObject filter; ///< the search the rows came from
    QString profile;
    QString backend;
    QString operatorName;
    QDateTime createdAt; ///< written in UTC with milliseconds
    int schemaVersion = 0;
    QString publicKey; ///< the signer's Ed25519 public key: base64 of its 32 raw bytes
    QString signature; ///< base64 of the 64-byte Ed25519 signature over canonicalBytes()

    bool operator==(const ExportManifest&) const = default;
};

/// What is signed: a compact JSON object of every field except `signature`, keys sorted (nested
/// `filter` keys too), UTF-8. The same manifest gives the same bytes on every machine.
QByteArray canonicalBytes(const ExportManifest& manifest);

/// The manifest file's contents: indented JSON with every field, signature included.
QByteArray toJson(const ExportManifest& manifest);

/// A manifest read back, strictly: InvalidInput naming the field for a missing, mistyped or
/// malformed field (a `sha256` that is not 64 lowercase hex digits, keys and signatures that are
/// not canonical base64 of 32 and 64 bytes, a `format` not in csv|jsonl|pdf|json, a `createdAt`
/// that is not ISO 8601), for a member this format does not have, and for a `formatVersion`
/// other than 1 (checked first, so a newer manifest says so rather than naming a field). The
/// signature is not checked here: see verifyManifest().
Result<ExportManifest> manifestFromJson(const QByteArray& json);

/// An operator's Ed25519 key pair, raw bytes as RFC 8032 has them. The private half belongs in
/// the keychain; call wipe() on copies when done with them.
struct SigningKey
{
    QByteArray privateKey32;
    QByteArray publicKey32;

    /// Overwrites the private key with zeros (OPENSSL_cleanse) and empties both halves.
    void wipe();
};

/// A new key pair from OpenSSL's CSPRNG. Internal if OpenSSL fails.
Result<SigningKey> generateSigningKey();

/// The key pair of a stored private key; the public half is derived. InvalidInput for a key that
/// is not 32 bytes.
Result<SigningKey> signingKeyFromPrivate(const QByteArray& private32);

/// The 64-byte Ed25519 signature of `message` (pure Ed25519, no pre-hash). InvalidInput for a
/// malformed key, or one whose public half does not belong to its private half.
Result<QByteArray> signEd25519(const SigningKey& key, const QByteArray& message);

/// Whether `signature64` is `public32`'s signature of `message`. False for wrong lengths too.
bool verifyEd25519(const QByteArray& public32, const QByteArray& message, const QByteArray& signature64);

/// The public key as a SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), as `openssl pkey
/// -pubin` reads it. Empty for a key that is not 32 bytes.
QString publicKeyPem(const QByteArray& public32);

/// The raw 32 bytes of an Ed25519 public key in SubjectPublicKeyInfo PEM. InvalidInput for text
/// that is not such a PEM, or that holds another kind of key.
Result<QByteArray> publicKeyFromPem(const QString& pem);

/// A short name for a public key, for people to compare: the first 16 lowercase hex digits of
/// the SHA-256 of its raw bytes.
QString keyFingerprint(const QByteArray& public32);

/// The SHA-256 of a file's contents as 64 lowercase hex digits (as in ExportManifest::sha256),
/// read in 1 MiB blocks; `bytes`, if given, receives the number of bytes read. NotFound for a
/// missing file, FileAccess when it cannot be opened or read.
Result<QByteArray> sha256OfFile(const QString& path, qint64* bytes = nullptr);

/// Sets the manifest's `publicKey` to `key`'s and signs canonicalBytes() into `signature`. On
/// failure the manifest is unchanged: InvalidInput for a malformed key or a `file` that is not a
/// plain file name (see isPlainFileName()), Internal if OpenSSL fails.
Status sign(ExportManifest& manifest, const SigningKey& key);

/// Whether `name` can name a file beside the manifest: not empty, no `/`, `\` or NUL, no `..`.
bool isPlainFileName(const QString& name);

/// The outcome of verifyManifest(): ok exactly when there are no problems.
struct ManifestCheck
{
    bool ok = false;
    QStringList problems; ///< one untranslated English sentence per mismatch
};

/// Checks an export against its manifest: the manifest is well formed, its data file (`file`, in
/// the manifest's directory) exists with the recorded size and SHA-256, the signature over
/// canonicalBytes() is valid for the manifest's `publicKey`, and, when `trustedPublicKey32` is
/// given, that key is the trusted one. Without a trusted key, a valid signature only shows the
/// manifest was not changed after signing, not who signed it. Every mismatch found is listed.
ManifestCheck verifyManifest(const QString& manifestPath, const QByteArray& trustedPublicKey32 = {});

} // namespace idc
