#pragma once

#include "ConnectionProfile.h"
#include "IdentityBackend.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

namespace idc {

class CredentialStore;
class ProfileStore;
class SqlBackend;

/// Which backend the console is connected to, and how it got there: picks the profile to
/// open at start, creates and fills the demo database on first start, fetches passwords from
/// the keychain, and owns the open backend. Everything is asynchronous; progress and outcome
/// arrive as signals.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    /// `dataDirectory` holds the demo database; `demoCustomers` sizes a newly generated demo.
    ConnectionManager(ProfileStore* profiles, CredentialStore* credentials, QString dataDirectory,
                      QObject* parent = nullptr);
    ~ConnectionManager() override;

    void setDemoCustomers(int customers) { m_demoCustomers = customers; }

    /// Opens the profile used last; on first start (or when it is gone), the demo profile,
    /// creating and filling it first when needed.
    void start();
    /// Opens `profile`. Without a password for a profile that needs one, the keychain is asked
    /// and `passwordRequired` is emitted when it has none.
    void open(const ConnectionProfile& profile, const QString& password = {});
    /// Stops a running demo generation; nothing half-written is left behind.
    void cancelDemoGeneration();

    IdentityBackend* backend() const;
    const ConnectionProfile& profile() const { return m_profile; }
    const BackendInfo& info() const { return m_info; }
    bool isConnected() const { return m_connected; }
    bool isBusy() const { return m_busy; }

signals:
    void busyChanged(bool busy);
    void demoGenerationStarted();
    void demoGenerationProgress(int percent, const QString& stage);
    void demoGenerationFinished();
    void passwordRequired(const idc::ConnectionProfile& profile);
    /// The keychain could not be used; passwords will be asked each time (said once).
    void keychainUnavailable();
    void connected();
    void connectionFailed(const idc::ConnectionProfile& profile, const idc::Error& error);

private:
    void openWithPassword(const ConnectionProfile& profile, const QString& password);
    void generateDemo(const ConnectionProfile& profile);
    void setBusy(bool busy);
    void fail(const ConnectionProfile& profile, const Error& error);

    ProfileStore* m_profiles;
    CredentialStore* m_credentials;
    QString m_dataDirectory;
    int m_demoCustomers = 20000;

    ConnectionProfile m_profile;
    BackendInfo m_info;
    SqlBackend* m_backend = nullptr;
    bool m_connected = false;
    bool m_busy = false;
    bool m_keychainReported = false;
    quint64 m_attempt = 0;
    QFuture<void> m_generation;
};

} // namespace idc
