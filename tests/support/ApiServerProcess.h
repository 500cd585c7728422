#pragma once

#include "ConnectionProfile.h"
#include "Result.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace idc::test {

/// The reference API server (identity-api-server) as a child process for tests: started on a
/// free loopback port against a test database, stopped (killed) on destruction. Its access log
/// goes to a file the test can read.
class ApiServerProcess
{
public:
    /// Path of the server executable (built alongside the tests).
    static QString executable();

    /// The command-line arguments that point the server at `database`; the password travels in
    /// the environment, as an operator would pass it.
    static QStringList databaseArguments(const ConnectionProfile& database);

    ApiServerProcess(ConnectionProfile database, QString databasePassword);
    ~ApiServerProcess();

    /// Starts the server with `extraArguments` and waits (up to 30 s) for it to listen. Unless
    /// they name `--mfa-key-file` themselves, the server gets mfaKeyFile(): a random key made for
    /// this object, the same at every start (so a restart opens the secrets sealed before).
    Status start(const QStringList& extraArguments = {});
    /// Kills the server at once (as a crash would).
    void kill();

    QUrl baseUrl() const { return m_baseUrl; }
    QString accessLogPath() const { return m_logDir.filePath(QStringLiteral("access.log")); }
    /// The key file start() passes (mode 600, 64 hex characters), and the key in it.
    QString mfaKeyFile() const { return m_logDir.filePath(QStringLiteral("mfa.key")); }
    QByteArray mfaKey() const { return m_mfaKey; }
    /// Writes `key` (32 bytes) as a key file the server reads, mode 600.
    static Status writeMfaKeyFile(const QString& path, const QByteArray& key);
    QByteArray standardError();
    QProcess& process() { return m_process; }

    /// Adds an operator through the server's own `operator add` verb (password on stdin).
    Status addOperator(const QString& username, const QString& role, const QString& password);

    /// A REST connection profile for this server.
    ConnectionProfile restProfile() const;

private:
    QProcessEnvironment environment() const;

    ConnectionProfile m_database;
    QString m_databasePassword;
    QProcess m_process;
    QUrl m_baseUrl;
    QTemporaryDir m_logDir;
    QByteArray m_stderr;
    QByteArray m_mfaKey;
};

} // namespace idc::test
