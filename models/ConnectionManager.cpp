#include "ConnectionManager.h"

#include "Async.h"
#include "CredentialStore.h"
#include "DemoDataGenerator.h"
#include "ProfileStore.h"
#include "RestBackend.h"
#include "SecretBox.h"
#include "SqlBackend.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <memory>

namespace idc {

ConnectionManager::ConnectionManager(ProfileStore* profiles, CredentialStore* credentials, QString dataDirectory,
                                     QObject* parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_credentials(credentials)
    , m_dataDirectory(std::move(dataDirectory))
{
}

ConnectionManager::~ConnectionManager()
{
    m_generation.cancel();
}

IdentityBackend* ConnectionManager::backend() const
{
    return m_connected ? m_backend : nullptr;
}

void ConnectionManager::start()
{
    std::optional<ConnectionProfile> profile = m_profiles->profile(m_profiles->lastUsed());
    if (!profile)
        profile = m_profiles->demoProfile();
    if (!profile) {
        ConnectionProfile demo = ProfileStore::makeDemoProfile(m_dataDirectory);
        demo.id = m_profiles->save(demo);
        profile = demo;
    }
    open(*profile);
}

void ConnectionManager::open(const ConnectionProfile& profile, const QString& password)
{
    ++m_attempt;
    if (profile.isDemo && !QFile::exists(profile.sqlitePath)) {
        generateDemo(profile);
        return;
    }
    if (profile.kind == BackendKind::Rest) {
        // A token kept from an earlier session saves a login while it is valid.
        setBusy(true);
        const quint64 attempt = m_attempt;
        whenFinished(m_credentials->readToken(profile.id), this,
                     [this, profile, attempt](const Result<QString>& token) {
                         if (attempt != m_attempt)
                             return;
                         if (!token && CredentialStore::isUnavailable(token.error()) && !m_keychainReported) {
                             m_keychainReported = true;
                             emit keychainUnavailable();
                         }
                         openRest(profile, token ? token.value() : QString());
                     });
        return;
    }
    if (!profile.needsPassword() || !password.isEmpty()) {
        openWithPassword(profile, password);
        return;
    }
    setBusy(true);
    const quint64 attempt = m_attempt;
    whenFinished(m_credentials->readPassword(profile.id), this,
                 [this, profile, attempt](const Result<QString>& stored) {
                     if (attempt != m_attempt)
                         return;
                     if (stored) {
                         openWithPassword(profile, stored.value());
                         return;
                     }
                     setBusy(false);
                     if (CredentialStore::isUnavailable(stored.error()) && !m_keychainReported) {
                         m_keychainReported = true;
                         emit keychainUnavailable();
                     }
                     emit passwordRequired(profile);
                 });
}

void ConnectionManager::openWithPassword(const ConnectionProfile& profile, const QString& password)
{
    setBusy(true);
    if (profile.kind == BackendKind::Sqlite && !profile.sqlitePath.isEmpty())
        QDir().mkpath(QFileInfo(profile.sqlitePath).absolutePath());
    auto* candidate = new SqlBackend(profile, password, this);
    const quint64 attempt = m_attempt;
    whenFinished(candidate->open(), this, [this, candidate, profile, attempt](const Result<BackendInfo>& info) {
        if (attempt != m_attempt || !info) {
            candidate->deleteLater();
            if (attempt == m_attempt)
                fail(profile, info ? Error{} : info.error());
            return;
        }
        adopt(candidate, profile, info.value());
        loadMfaKey(candidate, profile);
    });
}

void ConnectionManager::loadMfaKey(SqlBackend* backend, const ConnectionProfile& profile)
{
    // The key of this profile's MFA secrets lives in the keychain; the first time, one is made.
    // Until it has arrived (or when there is no keychain) MFA actions say why they cannot run.
    backend->setMfaSecretKey({}, tr("The key of the MFA secrets is still being read from the keychain."));
    QPointer<SqlBackend> target = backend;
    const QUuid profileId = profile.id;
    whenFinished(m_credentials->readMfaKey(profileId), this, [this, target, profileId](Result<QByteArray> stored) {
        if (!target)
            return;
        if (stored) {
            target->setMfaSecretKey(stored.value());
            return;
        }
        if (stored.error().kind != ErrorKind::NotFound) {
            target->setMfaSecretKey(
                {}, tr("The keychain holds no usable key for MFA secrets: %1").arg(stored.error().detail));
            return;
        }
        Result<QByteArray> key = generateSecretKey();
        if (!key) {
            target->setMfaSecretKey({}, key.error().detail);
            return;
        }
        whenFinished(
            m_credentials->writeMfaKey(profileId, key.value()), this,
            [target, key = key.value()](const Status& written) {
                if (!target)
                    return;
                // A key that could not be kept must not seal anything: it would be lost.
                if (written)
                    target->setMfaSecretKey(key);
                else
                    target->setMfaSecretKey(
                        {}, tr("The keychain cannot keep the key for MFA secrets: %1").arg(written.error().detail));
            });
    });
}

void ConnectionManager::adopt(IdentityBackend* backend, const ConnectionProfile& profile, const BackendInfo& info)
{
    // Models drop their pointer to the old backend (QPointer) before it goes.
    if (m_backend && m_backend != backend)
        m_backend->deleteLater();
    m_backend = backend;
    m_profile = profile;
    m_info = info;
    m_connected = true;
    if (profile.kind != BackendKind::Rest)
        m_operator = OperatorInfo{};
    m_profiles->setLastUsed(profile.id);
    setBusy(false);
    emit connected();
}

void ConnectionManager::openRest(const ConnectionProfile& profile, const QString& token)
{
    auto* candidate = new RestBackend(profile, this);
    const QUuid profileId = profile.id;
    // The token follows every login and logout into the keychain (and out of it).
    connect(candidate, &RestBackend::tokenChanged, this, [this, profileId](const QByteArray& newToken) {
        if (newToken.isEmpty())
            m_credentials->deleteToken(profileId);
        else
            m_credentials->writeToken(profileId, QString::fromLatin1(newToken));
    });
    // The backend is the context: a refusal queued from its network thread is dropped with it.
    connect(candidate, &RestBackend::authenticationRequired, candidate, [this, candidate](const Error& reason) {
        if (m_loginTarget && m_loginTarget != candidate) {
            // A sign-in for another profile is under way: this one is being left, so its refused
            // requests fail rather than ask for a password meant for the other server.
            candidate->abandonAuthentication();
        } else if (candidate == m_backend) {
            // Mid-session: the refused requests wait in the backend for login() or cancelLogin().
            m_loginTarget = candidate;
            emit loginRequired(m_profile, reason);
        } else {
            // While opening, the kept token expired: the open itself asks for a login.
            candidate->abandonAuthentication();
        }
    });
    candidate->setToken(token.toLatin1());
    m_pendingProfile = profile;
    finishRestOpen(candidate, profile, m_attempt);
}

void ConnectionManager::finishRestOpen(RestBackend* candidate, const ConnectionProfile& profile, quint64 attempt)
{
    setBusy(true);
    whenFinished(
        candidate->currentOperator(), this, [this, candidate, profile, attempt](const Result<OperatorInfo>& who) {
            if (attempt != m_attempt) {
                candidate->deleteLater();
                return;
            }
            if (!who && (who.error().kind == ErrorKind::Unauthorized || who.error().kind == ErrorKind::MfaRequired)) {
                m_loginTarget = candidate;
                setBusy(false);
                // Without a kept token this is simply the first sign-in: no reason to give.
                emit loginRequired(profile,
                                   candidate->token().isEmpty() ? makeError(ErrorKind::Unauthorized) : who.error());
                return;
            }
            if (!who) {
                candidate->deleteLater();
                fail(profile, who.error());
                return;
            }
            m_operator = who.value();
            whenFinished(candidate->open(), this, [this, candidate, profile, attempt](const Result<BackendInfo>& info) {
                if (attempt != m_attempt || !info) {
                    candidate->deleteLater();
                    if (attempt == m_attempt)
                        fail(profile, info.error());
                    return;
                }
                adopt(candidate, profile, info.value());
            });
        });
}

void ConnectionManager::login(const QString& username, const QString& password, const QString& totpCode)
{
    QPointer<RestBackend> target = m_loginTarget;
    if (!target) {
        emit loginFailed(makeError(ErrorKind::Internal, QStringLiteral("no login is pending")));
        return;
    }
    const quint64 attempt = m_attempt;
    whenFinished(target->login(username, password, totpCode), this,
                 [this, target, attempt](const Result<LoginGrant>& grant) {
                     if (!target)
                         return;
                     if (target != m_loginTarget) {
                         // Cancelled while the server was answering: a token nobody asked for
                         // any more is revoked (and leaves the keychain) rather than used.
                         if (grant)
                             target->logout();
                         return;
                     }
                     if (!grant) {
                         emit loginFailed(grant.error());
                         return;
                     }
                     m_loginTarget = nullptr;
                     m_operator = grant->operatorInfo;
                     emit loggedIn();
                     // Mid-session the refused requests are replaying with the new token already;
                     // while opening, the open goes on.
                     if (target != m_backend && attempt == m_attempt)
                         finishRestOpen(target.data(), m_pendingProfile, attempt);
                 });
}

void ConnectionManager::cancelLogin()
{
    QPointer<RestBackend> target = m_loginTarget;
    m_loginTarget = nullptr;
    if (!target)
        return;
    target->abandonAuthentication();
    if (target == m_backend)
        return;
    target->deleteLater();
    fail(m_pendingProfile, makeError(ErrorKind::Cancelled));
}

void ConnectionManager::logout()
{
    auto* rest = qobject_cast<RestBackend*>(m_backend);
    if (!rest)
        return;
    rest->logout();
}

QString ConnectionManager::operatorName() const
{
    if (m_profile.kind == BackendKind::Rest && !m_operator.username.isEmpty())
        return m_operator.displayName.isEmpty() ? m_operator.username : m_operator.displayName;
    return m_profile.operatorName;
}

void ConnectionManager::generateDemo(const ConnectionProfile& profile)
{
    setBusy(true);
    QDir().mkpath(QFileInfo(profile.sqlitePath).absolutePath());
    // Generated under a temporary name and renamed when complete, so a cancelled or failed
    // generation never leaves a database that looks like a finished demo.
    ConnectionProfile staging = profile;
    staging.sqlitePath = profile.sqlitePath + QStringLiteral(".part");
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(staging.sqlitePath + suffix);

    auto pool = std::make_shared<SqlConnectionPool>(staging, QString(), 1);
    DemoDataOptions options;
    options.customers = m_demoCustomers;
    QFuture<Result<DemoDataSummary>> future = DemoDataGenerator::start(*pool, options);
    m_generation = QFuture<void>(future);

    auto* watcher = new QFutureWatcher<Result<DemoDataSummary>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this, watcher](int value) { emit demoGenerationProgress(value, watcher->progressText()); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, pool, profile, staging]() mutable {
        watcher->deleteLater();
        const QFuture<Result<DemoDataSummary>> done = watcher->future();
        const bool cancelled = done.isCanceled() || done.resultCount() == 0;
        Result<DemoDataSummary> result =
            cancelled ? Result<DemoDataSummary>(makeError(ErrorKind::Cancelled)) : done.result();
        pool.reset(); // closes the staging database before it is renamed or removed
        emit demoGenerationFinished();
        if (!result) {
            for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(staging.sqlitePath + suffix);
            fail(profile, result.error());
            return;
        }
        QFile::remove(profile.sqlitePath);
        if (!QFile::rename(staging.sqlitePath, profile.sqlitePath)) {
            fail(profile, makeError(ErrorKind::Storage, QStringLiteral("cannot create %1").arg(profile.sqlitePath)));
            return;
        }
        openWithPassword(profile, QString());
    });
    emit demoGenerationStarted();
    watcher->setFuture(future);
}

void ConnectionManager::cancelDemoGeneration()
{
    m_generation.cancel();
}

void ConnectionManager::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void ConnectionManager::fail(const ConnectionProfile& profile, const Error& error)
{
    setBusy(false);
    emit connectionFailed(profile, error);
}

} // namespace idc
