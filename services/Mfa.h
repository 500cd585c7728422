#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace idc {

/// Whether someone signs in with an authenticator app.
enum class MfaState
{
    Off,     ///< no factor
    Pending, ///< enrollment started, waiting for the first code
    On,      ///< confirmed: the factor is in use
};

/// Wrong codes allowed while confirming one enrollment; then it is void and must start again.
inline constexpr int mfaEnrollmentAttempts = 5;
/// Recovery codes issued at a time.
inline constexpr int recoveryCodeCount = 10;
/// How long an MFA reset's reason may be, in characters.
inline constexpr int maxMfaReasonLength = 500;

/// Whose second factor: a customer's, or the signed-in operator's own (only the API server has
/// operator sign-in; a direct database profile refuses it).
struct MfaSubject
{
    QUuid customerId; ///< null: the signed-in operator

    static MfaSubject customer(const QUuid& id) { return MfaSubject{id}; }
    static MfaSubject signedInOperator() { return MfaSubject{}; }
    bool isOperator() const { return customerId.isNull(); }
};

/// Whose factor, where the owner is known by id: a customer, or an operator of the API server
/// (which resolves MfaSubject::signedInOperator() to the operator of the request).
struct MfaOwner
{
    enum class Kind
    {
        Customer,
        Operator,
    };
    Kind kind = Kind::Customer;
    QUuid id;
};

/// What the console shows about a second factor. Never holds the secret.
struct MfaStatus
{
    MfaState state = MfaState::Off;
    QDateTime since;           ///< Pending: when enrollment began; On: when it was confirmed
    int attemptsLeft = 0;      ///< Pending: wrong codes still allowed
    int recoveryCodesLeft = 0; ///< On: unused recovery codes
    QDateTime recoveryCodesCreatedAt;
};

/// A started enrollment, as its dialog needs it. `secret` (raw bytes, 160 bits) leaves the backend
/// only here, to be shown as a QR code and a key; it is stored sealed and never logged.
struct MfaEnrollment
{
    QUuid id;
    QByteArray secret;
    QString accountLabel; ///< what authenticator apps list: the customer's e-mail or the operator's user name
    int digits = 6;
    int period = 30;
    int attemptsLeft = mfaEnrollmentAttempts;
    QDateTime startedAt;
};

/// How a confirmation code was taken.
enum class MfaCodeOutcome
{
    Accepted,        ///< the factor is on; `recoveryCodes` holds the new set
    Wrong,           ///< not a current code; `attemptsLeft` more may be tried
    TooManyAttempts, ///< the last allowed attempt failed: the enrollment is void
};

struct MfaConfirmation
{
    MfaCodeOutcome outcome = MfaCodeOutcome::Wrong;
    int attemptsLeft = 0;
    QStringList recoveryCodes; ///< Accepted: shown once, stored only as hashes
};

/// A fresh set of recovery codes; the set before it no longer works.
struct RecoveryCodeSet
{
    QStringList codes;
    QDateTime createdAt;
};

/// How a code given at sign-in was taken (the API server's operator login).
enum class MfaCheck
{
    Totp,         ///< a current authenticator code, its time step not used before
    RecoveryCode, ///< an unused recovery code, now consumed
    Replayed,     ///< a valid authenticator code whose time step was already used
    Wrong,        ///< neither
};

QString toString(MfaState state);
std::optional<MfaState> mfaStateFromString(const QString& text);
QString toString(MfaCodeOutcome outcome);
std::optional<MfaCodeOutcome> mfaCodeOutcomeFromString(const QString& text);

/// `count` recovery codes of 12 characters from an alphabet without look-alikes, grouped
/// "xxxx-xxxx-xxxx" (59 bits each), from OpenSSL's CSPRNG; empty when it has no entropy.
QStringList generateRecoveryCodes(int count = recoveryCodeCount);
/// A recovery code as it is hashed: lower case, spaces and dashes dropped.
QString normalizeRecoveryCode(const QString& code);
/// The stored form of a recovery code: hex SHA-256 over its owner and its normalized text, so
/// the same code of two owners hashes differently.
QString recoveryCodeHash(const QUuid& owner, const QString& code);

} // namespace idc

Q_DECLARE_METATYPE(idc::MfaStatus)
