#include "ConnectionManager.h"

#include "Async.h"
#include "CredentialStore.h"
#include "DemoDataGenerator.h"
#include "ProfileStore.h"
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
        // Models drop their pointer to the old backend (QPointer) before it goes.
        if (m_backend)
            m_backend->deleteLater();
        m_backend = candidate;
        m_profile = profile;
        m_info = info.value();
        m_connected = true;
        m_profiles->setLastUsed(profile.id);
        setBusy(false);
        emit connected();
    });
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
