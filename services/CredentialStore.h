#pragma once

#include "Result.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QUuid>

#include <chrono>

namespace idc {

/// The one place where the console touches the OS keychain (QtKeychain: Secret Service via
/// libsecret on Linux, Keychain on macOS, Credential Manager on Windows). Database passwords are
/// kept there and nowhere else: never in QSettings, a file or a log.
///
/// Entries are named `profile/<uuid>/password` under the service name (by default the
/// application name), as Nextcloud does. QtKeychain's insecure plain-text fallback is off.
///
/// Every call is asynchronous and returns at once; the future finishes when the keychain has
/// answered. Use the store from a thread with a running event loop (the GUI thread): the
/// keychain answers through it. If the store is destroyed first, pending futures are cancelled.
/// When the keychain has no backend, a call is retried once after `retryDelay()` (a desktop
/// session may still be starting its keyring) and then fails with ErrorKind::KeychainUnavailable.
/// A keychain that asks the user to unlock it holds the future until the user answers; QtKeychain
/// runs its jobs one after another, so later calls wait behind it.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    /// Uses QCoreApplication::applicationName() as the keychain service.
    explicit CredentialStore(QObject* parent = nullptr);
    /// Uses `service` as the keychain service (tests use a unique one per run).
    explicit CredentialStore(const QString& service, QObject* parent = nullptr);
    ~CredentialStore() override;

    QString service() const { return m_service; }

    /// The keychain key of a profile's password: "profile/<uuid>/password".
    static QString keyFor(const QUuid& profile);

    /// The password of `profile`. NotFound ("not set") when the keychain has none,
    /// KeychainUnavailable when there is no keychain to ask.
    QFuture<Result<QString>> readPassword(const QUuid& profile);

    /// Stores (or replaces) the password of `profile`. The store wipes its own copy once the
    /// keychain has answered; the caller should do the same with theirs.
    QFuture<Status> writePassword(const QUuid& profile, const QString& password);

    /// Removes the password of `profile`; removing one that is not there succeeds.
    QFuture<Status> deletePassword(const QUuid& profile);

    /// The REST API bearer token of `profile` ("profile/<uuid>/token"), kept so that a restart
    /// does not ask for a login while the token is valid. Same semantics as the password calls.
    static QString tokenKeyFor(const QUuid& profile);
    QFuture<Result<QString>> readToken(const QUuid& profile);
    QFuture<Status> writeToken(const QUuid& profile, const QString& token);
    QFuture<Status> deleteToken(const QUuid& profile);

    /// The key that seals the MFA secrets of a direct database profile ("profile/<uuid>/mfa-key",
    /// 32 bytes kept as base64). NotFound when the keychain has none; Protocol when the entry is
    /// not such a key. Share it with whatever else must open those secrets (`identity-console
    /// mfa-key export`).
    static QString mfaKeyKeyFor(const QUuid& profile);
    QFuture<Result<QByteArray>> readMfaKey(const QUuid& profile);
    QFuture<Status> writeMfaKey(const QUuid& profile, const QByteArray& key32);

    /// The Ed25519 private key that signs this user's export manifests ("export/signing-key", 32
    /// bytes kept as base64), one per user of the console, whatever the profile. Same semantics as
    /// the MFA key calls.
    static QString signingKeyKey();
    QFuture<Result<QByteArray>> readSigningKey();
    QFuture<Status> writeSigningKey(const QByteArray& private32);

    /// How long to wait before the one retry when no keychain backend answers (500 ms).
    std::chrono::milliseconds retryDelay() const { return m_retryDelay; }
    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }

    /// True when `error` means the keychain cannot be used at all (no backend, no D-Bus session,
    /// no Secret Service, access refused), as opposed to a missing entry or a one-off failure.
    static bool isUnavailable(const Error& error);

    /// Maps a QtKeychain result (`keychainError` is a QKeychain::Error, passed as int so that this
    /// header does not need QtKeychain) and its message, kept as the technical detail, to an Error.
    /// Public for tests.
    static Error errorFromKeychain(int keychainError, const QString& message);

private:
    QFuture<Result<QString>> readSecret(const QUuid& profile, const QString& key);
    QFuture<Status> writeSecret(const QUuid& profile, const QString& key, const QString& secret);
    QFuture<Status> deleteSecret(const QUuid& profile, const QString& key);
    QFuture<Result<QString>> readEntry(const QString& key);
    QFuture<Status> writeEntry(const QString& key, const QString& secret);

    QString m_service;
    std::chrono::milliseconds m_retryDelay{500};
};

} // namespace idc
