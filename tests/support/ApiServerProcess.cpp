#include "ApiServerProcess.h"

#include "SecretBox.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>

namespace idc::test {

QString ApiServerProcess::executable()
{
    return QStringLiteral(IDC_API_SERVER_PATH);
}

QStringList ApiServerProcess::databaseArguments(const ConnectionProfile& database)
{
    if (database.kind == BackendKind::Sqlite)
        return {QStringLiteral("--sqlite"), database.sqlitePath};
    return {
        QStringLiteral("--pg-host"),     database.host,     QStringLiteral("--pg-port"), QString::number(database.port),
        QStringLiteral("--pg-database"), database.database, QStringLiteral("--pg-user"), database.user,
        QStringLiteral("--pg-sslmode"),  database.sslMode};
}

ApiServerProcess::ApiServerProcess(ConnectionProfile database, QString databasePassword)
    : m_database(std::move(database))
    , m_databasePassword(std::move(databasePassword))
{
}

ApiServerProcess::~ApiServerProcess()
{
    kill();
}

QProcessEnvironment ApiServerProcess::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDC_DB_PASSWORD"), m_databasePassword);
    return env;
}

Status ApiServerProcess::writeMfaKeyFile(const QString& path, const QByteArray& key)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(key.toHex() + '\n') != key.size() * 2 + 1)
        return makeError(ErrorKind::Storage, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Done{};
}

Status ApiServerProcess::start(const QStringList& extraArguments)
{
    QStringList arguments = extraArguments;
    if (!arguments.contains(QStringLiteral("--mfa-key-file"))) {
        if (m_mfaKey.isEmpty()) {
            Result<QByteArray> key = generateSecretKey();
            if (!key)
                return key.error();
            m_mfaKey = *key;
            if (Status written = writeMfaKeyFile(mfaKeyFile(), m_mfaKey); !written)
                return written;
        }
        arguments << QStringLiteral("--mfa-key-file") << mfaKeyFile();
    }
    m_process.setProcessEnvironment(environment());
    m_process.setProgram(executable());
    m_process.setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                                       QStringLiteral("--access-log"), accessLogPath()} +
                           databaseArguments(m_database) + arguments);
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return makeError(ErrorKind::Unavailable,
                         QStringLiteral("cannot start %1: %2").arg(executable(), m_process.errorString()));

    // The server prints "identity-api-server: listening on http://127.0.0.1:PORT" once it listens.
    static const QRegularExpression listening(QStringLiteral("listening on (https?://[^\\s]+)"));
    QByteArray output;
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (m_process.canReadLine() || m_process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 1000)))) {
            output += m_process.readAll();
            const auto match = listening.match(QString::fromUtf8(output));
            if (match.hasMatch()) {
                m_baseUrl = QUrl(match.captured(1));
                return Done{};
            }
        }
        if (m_process.state() != QProcess::Running)
            break;
    }
    return makeError(ErrorKind::Unavailable, QStringLiteral("the API server did not start: %1 %2")
                                                 .arg(QString::fromUtf8(output), QString::fromUtf8(standardError())));
}

void ApiServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
}

QByteArray ApiServerProcess::standardError()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

Status ApiServerProcess::addOperator(const QString& username, const QString& role, const QString& password)
{
    QProcess add;
    add.setProcessEnvironment(environment());
    add.start(executable(),
              QStringList{QStringLiteral("operator"), QStringLiteral("add"), username, QStringLiteral("--role"), role} +
                  databaseArguments(m_database));
    add.write(password.toUtf8() + '\n');
    add.closeWriteChannel();
    if (!add.waitForFinished(60000) || add.exitStatus() != QProcess::NormalExit || add.exitCode() != 0)
        return makeError(ErrorKind::Internal,
                         QStringLiteral("operator add failed: %1").arg(QString::fromUtf8(add.readAllStandardError())));
    return Done{};
}

ConnectionProfile ApiServerProcess::restProfile() const
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = QStringLiteral("test-rest");
    profile.kind = BackendKind::Rest;
    profile.baseUrl = m_baseUrl.toString();
    return profile;
}

} // namespace idc::test
