#include "TestBackend.h"

#include "SecretBox.h"

#include <QSqlError>
#include <QSqlQuery>

namespace idc::test {

TestBackend::TestBackend(const QString& name)
    : m_name(name)
    , m_database(std::make_unique<TestDatabase>(name == u"rest" ? QStringLiteral("postgresql") : name))
{
}

TestBackend::~TestBackend()
{
    m_rest.reset();
    m_server.reset();
    m_direct.reset();
}

QByteArray TestBackend::mfaKey()
{
    static const QByteArray key = generateSecretKey().value();
    return key;
}

bool TestBackend::execute(const QString& sql)
{
    return m_direct->pool()
        .run([sql](QSqlDatabase& db) -> Status {
            QSqlQuery query(db);
            if (!query.exec(sql))
                return makeError(ErrorKind::Storage, query.lastError().text());
            return Done{};
        })
        .result()
        .ok();
}

bool TestBackend::refuseAuditAppends(bool refuse)
{
    const bool postgres = m_direct->pool().dialect().isPostgres();
    if (!refuse) {
        const bool dropped = execute(QStringLiteral("DROP TRIGGER IF EXISTS idc_test_refuse_audit") +
                                     (postgres ? QStringLiteral(" ON audit_events") : QString()));
        return dropped && (!postgres || execute(QStringLiteral("DROP FUNCTION IF EXISTS idc_test_refuse_audit()")));
    }
    if (postgres)
        return execute(QStringLiteral("CREATE FUNCTION idc_test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                                      "$$ BEGIN RAISE EXCEPTION 'audit refused'; END $$")) &&
               execute(QStringLiteral("CREATE TRIGGER idc_test_refuse_audit BEFORE INSERT ON audit_events FOR EACH "
                                      "ROW EXECUTE FUNCTION idc_test_refuse_audit()"));
    return execute(QStringLiteral("CREATE TRIGGER idc_test_refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT "
                                  "RAISE(ABORT, 'audit refused'); END"));
}

Status TestBackend::open()
{
    if (!m_database->isValid())
        return makeError(ErrorKind::Unavailable, m_database->error());
    m_direct = std::make_unique<SqlBackend>(m_database->profile(), m_database->password());
    m_direct->setMfaSecretKey(mfaKey());
    Result<BackendInfo> info = m_direct->open().result();
    if (!info)
        return info.error();
    if (m_name != u"rest")
        return Done{};

    m_server = std::make_unique<ApiServerProcess>(m_database->profile(), m_database->password());
    if (Status added = m_server->addOperator(adminName(), QStringLiteral("admin"), adminPassword()); !added)
        return added;
    if (Status started = m_server->start(); !started)
        return started;
    m_rest = std::make_unique<RestBackend>(m_server->restProfile());
    Result<LoginGrant> grant = m_rest->login(adminName(), adminPassword()).result();
    if (!grant)
        return grant.error();
    Result<BackendInfo> restInfo = m_rest->open().result();
    if (!restInfo)
        return restInfo.error();
    return Done{};
}

} // namespace idc::test
