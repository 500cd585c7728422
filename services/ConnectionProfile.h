#pragma once

#include <QMetaType>
#include <QString>
#include <QUuid>

namespace idc {

enum class BackendKind
{
    Sqlite,
    PostgreSql,
    Rest ///< the identity admin REST API
};

/// Where the console reads its data from. Kept in QSettings; never holds a password
/// (that lives in the OS keychain, keyed by the profile id).
struct ConnectionProfile
{
    QUuid id;
    QString name;
    BackendKind kind = BackendKind::Sqlite;
    bool isDemo = false; ///< the generated demo database
    QString sqlitePath;  ///< for Sqlite
    QString host;        ///< for PostgreSql
    int port = 5432;
    QString database;
    QString user;
    QString sslMode = QStringLiteral("prefer"); ///< libpq sslmode
    QString operatorName;                       ///< who the audit trail names as the actor
    QString baseUrl; ///< for Rest: the server's root, e.g. "https://id.example.com" (the API is under /api/v1)
    QString caFile;  ///< for Rest: PEM file of extra CA certificates to trust; empty: the system's

    bool needsPassword() const { return kind == BackendKind::PostgreSql; }
    bool operator==(const ConnectionProfile&) const = default;
};

QString toString(BackendKind kind);

} // namespace idc

Q_DECLARE_METATYPE(idc::ConnectionProfile)
