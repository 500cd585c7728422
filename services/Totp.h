#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace idc {

/// The HMAC behind a TOTP code (RFC 6238 section 1.2). Authenticator apps assume Sha1.
enum class TotpAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
};

/// The secret length an enrolment uses: 160 bits, the HMAC-SHA1 block the RFC recommends.
inline constexpr int totpSecretLength = 20;

/// A new TOTP secret: `totpSecretLength` bytes from OpenSSL's CSPRNG. Fails (Internal) only when
/// the CSPRNG cannot be seeded. The caller wipes it with OPENSSL_cleanse when done.
Result<QByteArray> generateTotpSecret();

/// RFC 4648 base32 of `data`: upper case, without '=' padding (the form authenticator apps and
/// `otpauth://` URIs use).
QString base32Encode(const QByteArray& data);

/// Decodes RFC 4648 base32 as people type it: lower case, spaces and trailing '=' padding are
/// accepted; any other character, padding in the middle, or a length no encoder produces is
/// refused (InvalidInput). The detail never repeats the input: it may be a secret.
Result<QByteArray> base32Decode(const QString& text);

/// The TOTP code (RFC 6238, computed by liboath) of `secret` at `unixTime`: `digits` (6 to 8)
/// decimal digits, zero-padded, for the time step `unixTime / period`. InvalidInput for an empty
/// secret, a negative time, an unsupported digit count or a period below 1.
Result<QString> totpCode(const QByteArray& secret, qint64 unixTime, int digits = 6, int period = 30,
                         TotpAlgorithm alg = TotpAlgorithm::Sha1);

/// The time step counter (`unixTime / period + offset`, |offset| <= `window`) whose code is
/// `code`, or nullopt. Steps are tried nearest first (0, -1, +1, -2, …) and compared in
/// constant time. A code that is not exactly `digits` ASCII digits never matches (no trimming:
/// strip the spaces people type before calling), nor does anything with invalid parameters
/// (a window outside 0..10 included).
///
/// Replays: a code stays valid for up to 2 * window + 1 steps, so the caller stores the step
/// it last accepted for the factor and refuses any step not greater than it (`TotpVerifier`).
std::optional<qint64> totpMatchStep(const QByteArray& secret, const QString& code, qint64 unixTime, int window = 1,
                                    int digits = 6, int period = 30, TotpAlgorithm alg = TotpAlgorithm::Sha1);

/// Checks codes for one factor and refuses replays: a code is accepted only when it matches a
/// step (within the window) greater than the last accepted one, which then becomes the new
/// `lastAcceptedStep`. Persist `lastAcceptedStep` with the factor (and update it in the same
/// transaction that signs the operator in) so a code cannot be used twice, not even by two
/// consoles at once.
struct TotpVerifier
{
    qint64 lastAcceptedStep = -1; ///< -1: no code accepted yet
    int window = 1;
    int digits = 6;
    int period = 30;
    TotpAlgorithm algorithm = TotpAlgorithm::Sha1;

    /// Whether `code` is a fresh, valid code at `unixTime`; updates `lastAcceptedStep` if so.
    bool accept(const QByteArray& secret, const QString& code, qint64 unixTime);
};

/// The Key URI an authenticator app scans (github.com/google/google-authenticator/wiki/Key-Uri-Format):
/// `otpauth://totp/ISSUER:LABEL?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`.
/// Issuer and label are percent-encoded as UTF-8 (every character but A–Z a–z 0–9 - . _ ~, so a
/// ':' or '@' inside them is escaped and only the separating ':' is literal). Without an issuer,
/// the path is just the label and there is no issuer parameter. The result contains the secret.
QString otpauthUri(const QString& issuer, const QString& accountLabel, const QByteArray& secret);

/// `base32` in groups of four characters separated by single spaces ("ABCD EFGH IJ"), for people
/// who type the key instead of scanning it. Spaces already in `base32` are dropped first.
QString groupedKey(const QString& base32);

} // namespace idc
