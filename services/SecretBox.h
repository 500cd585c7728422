#pragma once

#include "Result.h"

#include <QByteArray>

namespace idc {

/// Length of a SecretBox key: AES-256.
inline constexpr int secretBoxKeyLength = 32;
/// Bytes a sealed secret adds to its plaintext: version byte, nonce and tag.
inline constexpr int secretBoxOverhead = 1 + 12 + 16;

/// A new SecretBox key: 32 bytes from OpenSSL's CSPRNG. Fails (Internal) only when the CSPRNG
/// cannot be seeded. The caller keeps it in the keychain and wipes copies with OPENSSL_cleanse.
Result<QByteArray> generateSecretKey();

/// Encrypts and authenticates `plaintext` with AES-256-GCM under `key32`:
/// `0x01 (version) | 12-byte random nonce | ciphertext | 16-byte tag`. `associatedData` is
/// authenticated but not stored: pass what binds the secret to its row (e.g. the factor id), so
/// a sealed value copied to another row no longer opens. The version byte is authenticated
/// too. InvalidInput for a key that is not 32 bytes; Internal if OpenSSL fails.
Result<QByteArray> sealSecret(const QByteArray& key32, const QByteArray& plaintext, const QByteArray& associatedData);

/// The plaintext of a `sealSecret()` value, or an error and never a partial plaintext:
/// InvalidInput "wrong key or damaged data" when authentication fails (wrong key, wrong
/// associated data, any changed byte), InvalidInput for a key that is not 32 bytes, Protocol
/// for a value too short to be sealed or with an unknown version byte.
Result<QByteArray> openSecret(const QByteArray& key32, const QByteArray& sealed, const QByteArray& associatedData);

} // namespace idc
