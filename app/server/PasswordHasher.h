#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace idc::server {

/// The cost of scrypt. The defaults are OWASP's recommendation (N = 2^17, r = 8, p = 1: 128 MiB
/// and roughly a fifth of a second per hash).
struct ScryptParameters
{
    int log2N = 17; ///< CPU/memory cost, as a power of two
    int r = 8;      ///< block size
    int p = 1;      ///< parallelisation

    friend bool operator==(const ScryptParameters&, const ScryptParameters&) = default;
};

/// Password hashing with scrypt (OpenSSL 3), stored in a PHC-like string:
/// `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` with unpadded standard base64, a 16-byte random salt and
/// a 32-byte hash. Parameters outside ln 10..20, r 1..32, p 1..16 or above 1 GiB of memory are
/// refused, so that a stored string cannot make a verification exhaust the server.
class PasswordHasher
{
public:
    /// Hashes `password` with a fresh random salt. InvalidInput for refused parameters,
    /// Internal when OpenSSL fails.
    static Result<QString> hash(QByteArrayView password, ScryptParameters parameters = {});

    /// Whether `password` matches `encoded`, compared in constant time. InvalidInput when
    /// `encoded` is malformed or asks for refused parameters; false for a wrong password.
    static Result<bool> verify(QByteArrayView password, const QString& encoded);

    /// Whether `encoded` should be replaced by a new hash at the next successful login: it is
    /// malformed, or was made with other parameters than `current`.
    static bool needsRehash(const QString& encoded, ScryptParameters current = {});

    /// A valid hash of a random password with the default parameters, computed once. Verifying
    /// against it for an unknown user name costs as much time as for a known one, so the answer
    /// time does not tell which user names exist.
    static QString dummyHash();

    /// Raw scrypt (RFC 7914) of `length` bytes; exposed for the RFC's test vectors. The caller
    /// wipes the result when it is secret.
    static Result<QByteArray> scrypt(QByteArrayView password, QByteArrayView salt, ScryptParameters parameters,
                                     int length);
};

} // namespace idc::server
