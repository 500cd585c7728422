#include "CredentialStore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPromise>
#include <QTimer>
#include <QUrl>

#include <openssl/crypto.h>
#include <qt6keychain/keychain.h>

#include <memory>

namespace idc {

namespace {

Q_LOGGING_CATEGORY(lcKeychain, "idc.keychain")

/// A private copy of a secret (its own buffer, shared with no other QString), overwritten when
/// the last owner lets go of it. QtKeychain keeps further copies inside its jobs that we cannot
/// reach; libsecret and the keyring daemon wipe theirs.
class SecretCopy
{
public:
    explicit SecretCopy(const QString& secret)
        : m_text(secret.constData(), secret.size())
    {
    }
    ~SecretCopy()
    {
        if (!m_text.isEmpty())
            OPENSSL_cleanse(m_text.data(), static_cast<size_t>(m_text.size()) * sizeof(QChar));
    }
    SecretCopy(const SecretCopy&) = delete;
    SecretCopy& operator=(const SecretCopy&) = delete;

    const QString& text() const { return m_text; }

private:
    QString m_text;
};

/// Whether the environment names no D-Bus session bus that could exist: neither
/// DBUS_SESSION_BUS_ADDRESS nor $XDG_RUNTIME_DIR/bus, or only unix:path= addresses whose socket
/// file is missing. Anything this cannot check (abstract sockets, tcp:…) counts as present.
/// Only meaningful where QtKeychain talks D-Bus (Linux and the BSDs).
bool sessionBusMissing()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (address.isEmpty()) {
        const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
        return runtimeDir.isEmpty() || !QFileInfo::exists(runtimeDir + QStringLiteral("/bus"));
    }
    // "unix:path=/run/user/1000/bus,guid=…;tcp:host=…": alternatives separated by ';'.
    const QString unixPrefix = QStringLiteral("unix:");
    const QString pathKey = QStringLiteral("path=");
    for (const QString& entry : address.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (!entry.startsWith(unixPrefix))
            return false;
        QString path;
        for (const QString& parameter : entry.mid(unixPrefix.size()).split(QLatin1Char(','))) {
            if (parameter.startsWith(pathKey))
                path = QUrl::fromPercentEncoding(parameter.mid(pathKey.size()).toUtf8());
        }
        if (path.isEmpty() || QFileInfo::exists(path))
            return false;
    }
    return true;
#else
    return false; // no D-Bus behind the keychain on these platforms
#endif
}

/// Whether an OtherError message says that there is no Secret Service to talk to.
///
/// Why look at text: QtKeychain 0.13 on Linux goes through libsecret and turns every GError that
/// is not libsecret's own (all GDBus and GIO failures: no session bus, nobody owning
/// org.freedesktop.secrets, activation failed) into OtherError, keeping only GLib's message. It
/// reports NoBackendAvailable only on its KWallet and old GNOME Keyring paths. The message is all
/// that tells "no keychain here" apart from a keychain that failed. GLib translates its messages,
/// so the markers are mostly the untranslated parts (bus and service names), with the English
/// phrases on top; sessionBusMissing() covers the common headless case in any language.
bool messageMeansNoService(const QString& message)
{
    static const QLatin1StringView markers[] = {
        QLatin1StringView("org.freedesktop.secrets"), // "The name org.freedesktop.secrets was not provided by any
                                                      // .service files" (a bus but no Secret Service)
        QLatin1StringView("dbus"),  // org.freedesktop.DBus.Error.ServiceUnknown, NoServer, Spawn.* …
        QLatin1StringView("d-bus"), // "Cannot autolaunch D-Bus without X11 $DISPLAY", "D-Bus is not running"
        QLatin1StringView("could not connect"), // GDBus: "Could not connect: No such file or directory"
        QLatin1StringView("autolaunch"),
        QLatin1StringView("no keychain service"), // QtKeychain's own texts
        QLatin1StringView("no keyring daemon"),
    };
    for (const QLatin1StringView marker : markers) {
        if (message.contains(marker, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

/// Runs one keychain job and delivers its outcome to `promise`; when there is no backend, runs a
/// fresh job once more after `retryDelay`. `context` (the store) owns the connections and the
/// timer: destroying it drops them, and with them the last reference to the promise, which then
/// reports the future as cancelled. Jobs get no parent: deleting one while libsecret still holds a
/// pointer to it would crash, so each deletes itself once finished (autoDelete).
template <typename T, typename MakeJob, typename OnSuccess, typename OnError>
void runJob(QObject* context, std::chrono::milliseconds retryDelay, std::shared_ptr<QPromise<T>> promise,
            MakeJob makeJob, OnSuccess onSuccess, OnError onError, int retriesLeft)
{
    QKeychain::Job* job = makeJob();
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, context, [=](QKeychain::Job* finished) {
        if (promise->isCanceled()) {
            promise->finish();
            return;
        }
        if (finished->error() == QKeychain::NoError) {
            promise->addResult(onSuccess(finished));
            promise->finish();
            return;
        }
        const Error error = CredentialStore::errorFromKeychain(finished->error(), finished->errorString());
        const bool noBackend = finished->error() == QKeychain::NoBackendAvailable ||
                               (finished->error() == QKeychain::OtherError && CredentialStore::isUnavailable(error));
        if (noBackend && retriesLeft > 0) {
            qCInfo(lcKeychain).nospace() << "keychain unavailable for " << finished->key() << " (" << error.detail
                                         << "), retrying in " << retryDelay.count() << " ms";
            QTimer::singleShot(retryDelay, context, [=] {
                runJob(context, retryDelay, promise, makeJob, onSuccess, onError, retriesLeft - 1);
            });
            return;
        }
        if (error.kind != ErrorKind::NotFound)
            qCWarning(lcKeychain).nospace() << "keychain failed for " << finished->key() << ": " << error.detail;
        promise->addResult(onError(error));
        promise->finish();
    });
    job->start();
}

template <typename T>
std::shared_ptr<QPromise<T>> startedPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <typename T>
QFuture<T> finishedFuture(T value)
{
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

constexpr int retries = 1;

} // namespace

CredentialStore::CredentialStore(QObject* parent)
    : CredentialStore(QCoreApplication::applicationName(), parent)
{
}

CredentialStore::CredentialStore(const QString& service, QObject* parent)
    : QObject(parent)
    , m_service(service)
{
}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::keyFor(const QUuid& profile)
{
    return QStringLiteral("profile/") + profile.toString(QUuid::WithoutBraces) + QStringLiteral("/password");
}

QString CredentialStore::tokenKeyFor(const QUuid& profile)
{
    return QStringLiteral("profile/") + profile.toString(QUuid::WithoutBraces) + QStringLiteral("/token");
}

QFuture<Result<QString>> CredentialStore::readPassword(const QUuid& profile)
{
    return readSecret(profile, keyFor(profile));
}

QFuture<Status> CredentialStore::writePassword(const QUuid& profile, const QString& password)
{
    return writeSecret(profile, keyFor(profile), password);
}

QFuture<Status> CredentialStore::deletePassword(const QUuid& profile)
{
    return deleteSecret(profile, keyFor(profile));
}

QFuture<Result<QString>> CredentialStore::readToken(const QUuid& profile)
{
    return readSecret(profile, tokenKeyFor(profile));
}

QFuture<Status> CredentialStore::writeToken(const QUuid& profile, const QString& token)
{
    return writeSecret(profile, tokenKeyFor(profile), token);
}

QFuture<Status> CredentialStore::deleteToken(const QUuid& profile)
{
    return deleteSecret(profile, tokenKeyFor(profile));
}

QString CredentialStore::mfaKeyKeyFor(const QUuid& profile)
{
    return QStringLiteral("profile/") + profile.toString(QUuid::WithoutBraces) + QStringLiteral("/mfa-key");
}

namespace {

/// A 32-byte key as the keychain keeps it (base64); Protocol when the entry is something else.
Result<QByteArray> keyFromEntry(Result<QString> stored, const QString& what)
{
    if (!stored)
        return stored.error();
    QByteArray key = QByteArray::fromBase64(stored.value().toLatin1());
    stored.value().fill(u'\0');
    if (key.size() != 32)
        return makeError(ErrorKind::Protocol, QStringLiteral("the keychain's %1 entry is not a 32-byte key").arg(what));
    return key;
}

} // namespace

QFuture<Result<QByteArray>> CredentialStore::readMfaKey(const QUuid& profile)
{
    return readSecret(profile, mfaKeyKeyFor(profile)).then([](Result<QString> stored) {
        return keyFromEntry(std::move(stored), QStringLiteral("MFA key"));
    });
}

QFuture<Status> CredentialStore::writeMfaKey(const QUuid& profile, const QByteArray& key32)
{
    if (key32.size() != 32)
        return finishedFuture(Status(makeError(ErrorKind::InvalidInput, QStringLiteral("an MFA key has 32 bytes"))));
    return writeSecret(profile, mfaKeyKeyFor(profile), QString::fromLatin1(key32.toBase64()));
}

QString CredentialStore::signingKeyKey()
{
    return QStringLiteral("export/signing-key");
}

QFuture<Result<QByteArray>> CredentialStore::readSigningKey()
{
    return readEntry(signingKeyKey()).then([](Result<QString> stored) {
        return keyFromEntry(std::move(stored), QStringLiteral("signing key"));
    });
}

QFuture<Status> CredentialStore::writeSigningKey(const QByteArray& private32)
{
    if (private32.size() != 32)
        return finishedFuture(Status(makeError(ErrorKind::InvalidInput, QStringLiteral("a signing key has 32 bytes"))));
    return writeEntry(signingKeyKey(), QString::fromLatin1(private32.toBase64()));
}

QFuture<Result<QString>> CredentialStore::readSecret(const QUuid& profile, const QString& key)
{
    if (profile.isNull())
        return finishedFuture(Result<QString>(makeError(ErrorKind::InvalidInput, QStringLiteral("no profile id"))));
    return readEntry(key);
}

QFuture<Result<QString>> CredentialStore::readEntry(const QString& key)
{
    auto promise = startedPromise<Result<QString>>();
    auto makeJob = [service = m_service, key]() -> QKeychain::Job* {
        auto* job = new QKeychain::ReadPasswordJob(service);
        job->setKey(key);
        return job;
    };
    auto onSuccess = [](QKeychain::Job* job) {
        return Result<QString>(static_cast<QKeychain::ReadPasswordJob*>(job)->textData());
    };
    auto onError = [](const Error& error) { return Result<QString>(error); };
    runJob(this, m_retryDelay, promise, makeJob, onSuccess, onError, retries);
    return promise->future();
}

QFuture<Status> CredentialStore::writeSecret(const QUuid& profile, const QString& key, const QString& password)
{
    if (profile.isNull())
        return finishedFuture(Status(makeError(ErrorKind::InvalidInput, QStringLiteral("no profile id"))));
    return writeEntry(key, password);
}

QFuture<Status> CredentialStore::writeEntry(const QString& key, const QString& password)
{
    auto promise = startedPromise<Status>();
    // Kept for the retry; wiped when the last job lambda holding it is destroyed.
    auto secret = std::make_shared<const SecretCopy>(password);
    auto makeJob = [service = m_service, key, secret]() -> QKeychain::Job* {
        auto* job = new QKeychain::WritePasswordJob(service);
        job->setKey(key);
        job->setTextData(secret->text());
        return job;
    };
    auto onSuccess = [](QKeychain::Job*) { return Status(Done{}); };
    auto onError = [](const Error& error) { return Status(error); };
    runJob(this, m_retryDelay, promise, makeJob, onSuccess, onError, retries);
    return promise->future();
}

QFuture<Status> CredentialStore::deleteSecret(const QUuid& profile, const QString& key)
{
    if (profile.isNull())
        return finishedFuture(Status(makeError(ErrorKind::InvalidInput, QStringLiteral("no profile id"))));

    auto promise = startedPromise<Status>();
    auto makeJob = [service = m_service, key]() -> QKeychain::Job* {
        auto* job = new QKeychain::DeletePasswordJob(service);
        job->setKey(key);
        return job;
    };
    auto onSuccess = [](QKeychain::Job*) { return Status(Done{}); };
    // libsecret reports a missing entry as success; other backends say EntryNotFound.
    auto onError = [](const Error& error) {
        return error.kind == ErrorKind::NotFound ? Status(Done{}) : Status(error);
    };
    runJob(this, m_retryDelay, promise, makeJob, onSuccess, onError, retries);
    return promise->future();
}

bool CredentialStore::isUnavailable(const Error& error)
{
    return error.kind == ErrorKind::KeychainUnavailable;
}

Error CredentialStore::errorFromKeychain(int keychainError, const QString& message)
{
    switch (static_cast<QKeychain::Error>(keychainError)) {
    case QKeychain::NoError:
        return makeError(ErrorKind::Internal, QStringLiteral("keychain reported no error"));
    case QKeychain::EntryNotFound:
        return makeError(ErrorKind::NotFound, QStringLiteral("not set"));
    case QKeychain::AccessDeniedByUser:
        // The user dismissed the keychain's own unlock or access prompt.
        return makeError(ErrorKind::Cancelled, message);
    case QKeychain::AccessDenied:
        // Locked and not unlockable here (libsecret's IS_LOCKED): as unusable as no keychain.
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return makeError(ErrorKind::KeychainUnavailable, message);
    case QKeychain::OtherError:
        if (messageMeansNoService(message) || sessionBusMissing())
            return makeError(ErrorKind::KeychainUnavailable, message);
        return makeError(ErrorKind::Internal, message);
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return makeError(ErrorKind::Internal, message);
}

} // namespace idc
