#pragma once

#include "ApiJson.h"
#include "ConnectionProfile.h"
#include "IdentityBackend.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

namespace idc {

class CredentialStore;
class ProfileStore;
class RestBackend;
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

    /// Logs in to the REST profile being opened, or again after the token expired (then the
    /// requests that were refused run again). Answers with loggedIn() or loginFailed().
    void login(const QString& username, const QString& password, const QString& totpCode = {});
    /// The operator gave up logging in: the open fails, or the refused requests fail.
    void cancelLogin();
    /// Logs out of a REST profile (the token is revoked and forgotten).
    void logout();

    /// Who acts: the REST operator's display name, or the profile's operator name.
    QString operatorName() const;
    /// The REST operator (empty for SQL profiles).
    const OperatorInfo& operatorInfo() const { return m_operator; }

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
    /// A REST profile needs a login: at open, or because the token expired mid-session.
    /// `reason` says why (e.g. Unauthorized, or MfaRequired after a password alone).
    void loginRequired(const idc::ConnectionProfile& profile, const idc::Error& reason);
    void loginFailed(const idc::Error& error);
    void loggedIn();
    /// The keychain could not be used; passwords will be asked each time (said once).
    void keychainUnavailable();
    void connected();
    void connectionFailed(const idc::ConnectionProfile& profile, const idc::Error& error);

private:
    void openWithPassword(const ConnectionProfile& profile, const QString& password);
    void openRest(const ConnectionProfile& profile, const QString& token);
    void loadMfaKey(SqlBackend* backend, const ConnectionProfile& profile);
    void finishRestOpen(RestBackend* candidate, const ConnectionProfile& profile, quint64 attempt);
    void adopt(IdentityBackend* backend, const ConnectionProfile& profile, const BackendInfo& info);
    void generateDemo(const ConnectionProfile& profile);
    void setBusy(bool busy);
    void fail(const ConnectionProfile& profile, const Error& error);

    ProfileStore* m_profiles;
    CredentialStore* m_credentials;
    QString m_dataDirectory;
    int m_demoCustomers = 20000;

    ConnectionProfile m_profile;
    BackendInfo m_info;
    IdentityBackend* m_backend = nullptr;
    QPointer<RestBackend> m_loginTarget; // the REST backend a login is for, while one is asked
    ConnectionProfile m_pendingProfile;  // the REST profile being opened
    OperatorInfo m_operator;
    bool m_connected = false;
    bool m_busy = false;
    bool m_keychainReported = false;
    quint64 m_attempt = 0;
    QFuture<void> m_generation;
};

} // namespace idc
