#pragma once

#include "ConnectionProfile.h"

#include <QTemporaryDir>

#include <memory>

namespace idc::test {

/// A fresh, empty database for one test executable: an SQLite file in a temporary folder,
/// or a new database on the throwaway PostgreSQL server named by IDC_TEST_PG_HOST, _PORT,
/// _USER and _PASSWORD, dropped again on destruction. A PostgreSQL test without that server
/// fails: it never passes by skipping.
class TestDatabase
{
public:
    /// `backend` is "sqlite" or "postgresql" (the first command-line argument of a contract test).
    explicit TestDatabase(const QString& backend);
    ~TestDatabase();

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    const ConnectionProfile& profile() const { return m_profile; }
    QString password() const { return m_password; }

    /// The backend named on the command line (argv[1]), removed from argv so QTest does not see it.
    static QString takeBackendArgument(int& argc, char** argv);

private:
    QString m_error;
    ConnectionProfile m_profile;
    QString m_password;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_adminConnection;
};

} // namespace idc::test
