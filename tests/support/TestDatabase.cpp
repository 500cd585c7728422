#include "TestDatabase.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cstring>

namespace idc::test {

QString TestDatabase::takeBackendArgument(int& argc, char** argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return QStringLiteral("sqlite");
    const QString backend = QString::fromLocal8Bit(argv[1]);
    for (int i = 1; i < argc - 1; ++i)
        argv[i] = argv[i + 1];
    --argc;
    return backend;
}

TestDatabase::TestDatabase(const QString& backend)
{
    m_profile.id = QUuid::createUuid();
    m_profile.name = QStringLiteral("test-") + backend;
    if (backend == u"sqlite") {
        m_dir = std::make_unique<QTemporaryDir>();
        m_profile.kind = BackendKind::Sqlite;
        m_profile.sqlitePath = m_dir->filePath(QStringLiteral("test.sqlite"));
        return;
    }
    if (backend != u"postgresql") {
        m_error = QStringLiteral("unknown backend '%1'").arg(backend);
        return;
    }
    const QByteArray host = qgetenv("IDC_TEST_PG_HOST");
    if (host.isEmpty()) {
        m_error = QStringLiteral("IDC_TEST_PG_HOST is not set: run the tests through run-tests.sh, which starts "
                                 "a throwaway PostgreSQL");
        return;
    }
    m_profile.kind = BackendKind::PostgreSql;
    m_profile.host = QString::fromLocal8Bit(host);
    m_profile.port = qEnvironmentVariableIntValue("IDC_TEST_PG_PORT");
    m_profile.user = qEnvironmentVariable("IDC_TEST_PG_USER");
    m_profile.sslMode = QStringLiteral("disable");
    m_password = qEnvironmentVariable("IDC_TEST_PG_PASSWORD");
    m_profile.database = QStringLiteral("idc_test_%1").arg(QRandomGenerator::system()->generate64(), 0, 16);

    m_adminConnection = QStringLiteral("idc-test-admin-") + m_profile.database;
    QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_adminConnection);
    admin.setHostName(m_profile.host);
    admin.setPort(m_profile.port);
    admin.setUserName(m_profile.user);
    admin.setPassword(m_password);
    admin.setDatabaseName(QStringLiteral("postgres"));
    if (!admin.open()) {
        m_error = QStringLiteral("cannot reach the test PostgreSQL: ") + admin.lastError().text();
        return;
    }
    QSqlQuery query(admin);
    if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(m_profile.database)))
        m_error = QStringLiteral("cannot create a test database: ") + query.lastError().text();
}

TestDatabase::~TestDatabase()
{
    if (m_adminConnection.isEmpty())
        return;
    {
        QSqlDatabase admin = QSqlDatabase::database(m_adminConnection, false);
        if (admin.isOpen()) {
            QSqlQuery query(admin);
            query.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_profile.database));
        }
        admin.close();
    }
    QSqlDatabase::removeDatabase(m_adminConnection);
}

} // namespace idc::test
