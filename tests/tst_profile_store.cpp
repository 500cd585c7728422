#include "ProfileStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace idc;

namespace idc {
// Lets QCOMPARE print a profile when a comparison fails.
char* toString(const ConnectionProfile& p)
{
    const QString text =
        QStringLiteral("{%1 name=%2 kind=%3 demo=%4 path=%5 host=%6 port=%7 db=%8 user=%9 ssl=%10 op=%11}")
            .arg(p.id.toString(), p.name, toString(p.kind), QString::number(p.isDemo), p.sqlitePath, p.host,
                 QString::number(p.port), p.database, p.user)
            .arg(p.sslMode, p.operatorName);
    return QTest::toString(text);
}

char* toString(const std::optional<ConnectionProfile>& p)
{
    return p ? toString(*p) : qstrdup("nullopt");
}
} // namespace idc

namespace {

// The kind of text that belongs in the keychain. ProfileStore has no way to receive it, and the
// INI file must never contain it nor any key meant for it.
const QString keychainBoundPassword = QStringLiteral("Kennwort-\u00fc\u20ac-never-in-settings");

ConnectionProfile postgresProfile()
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = QStringLiteral("Production (EU) / read=only; \u00e9t\u00e9");
    profile.kind = BackendKind::PostgreSql;
    profile.host = QStringLiteral("db.example.internal");
    profile.port = 6543;
    profile.database = QStringLiteral("identity");
    profile.user = QStringLiteral("support_agent");
    profile.sslMode = QStringLiteral("verify-full");
    profile.operatorName = QStringLiteral("Ana Mar\u00eda");
    return profile;
}

ConnectionProfile sqliteProfile()
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = QStringLiteral("Local copy");
    profile.kind = BackendKind::Sqlite;
    profile.sqlitePath = QStringLiteral("/var/tmp/idc data/copy #1.sqlite");
    profile.operatorName = QStringLiteral("jdoe");
    return profile;
}

ConnectionProfile restProfile()
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = QStringLiteral("Identity API (staging)");
    profile.kind = BackendKind::Rest;
    profile.baseUrl = QStringLiteral("https://identity.staging.example:8443/base/");
    profile.caFile = QStringLiteral("/etc/idc/private ca.pem");
    profile.user = QStringLiteral("dana");
    return profile;
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void emptyStore();
    void roundTripsEveryField_data();
    void roundTripsEveryField();
    void updateReplacesById();
    void saveGivesNullIdANewOne();
    void removeForgetsProfileAndLastUsed();
    void lastUsed();
    void profilesSortedByName();
    void profileByName();
    void demoProfile();
    void makeDemoProfile();
    void unknownKindIsSkipped();
    void settingsHoldNoSecret();
    void defaultSettings();

private:
    /// A store over a fresh QSettings on the same INI file, so reads come from the file.
    std::unique_ptr<ProfileStore> reopened();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_iniPath;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<QSettings> m_reopenedSettings;
};

void TestProfileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_iniPath = m_dir->filePath(QStringLiteral("console.ini"));
    m_settings = std::make_unique<QSettings>(m_iniPath, QSettings::IniFormat);
    m_store = std::make_unique<ProfileStore>(m_settings.get());
}

void TestProfileStore::cleanup()
{
    m_store.reset();
    m_settings.reset();
    m_reopenedSettings.reset();
    m_dir.reset();
}

std::unique_ptr<ProfileStore> TestProfileStore::reopened()
{
    m_settings->sync();
    m_reopenedSettings = std::make_unique<QSettings>(m_iniPath, QSettings::IniFormat);
    return std::make_unique<ProfileStore>(m_reopenedSettings.get());
}

void TestProfileStore::emptyStore()
{
    QVERIFY(m_store->profiles().isEmpty());
    QVERIFY(!m_store->profile(QUuid::createUuid()));
    QVERIFY(!m_store->profile(QUuid()));
    QVERIFY(!m_store->profileByName(QStringLiteral("Demo")));
    QVERIFY(!m_store->demoProfile());
    QVERIFY(m_store->lastUsed().isNull());
}

void TestProfileStore::roundTripsEveryField_data()
{
    QTest::addColumn<ConnectionProfile>("profile");

    QTest::newRow("postgresql") << postgresProfile();
    QTest::newRow("sqlite") << sqliteProfile();
    QTest::newRow("rest") << restProfile();
    QTest::newRow("demo") << ProfileStore::makeDemoProfile(QStringLiteral("/home/someone/.local/share/idc"));

    ConnectionProfile empty;
    empty.id = QUuid::createUuid();
    empty.kind = BackendKind::PostgreSql;
    empty.port = 0;
    empty.sslMode.clear();
    QTest::newRow("empty strings") << empty;
}

void TestProfileStore::roundTripsEveryField()
{
    QFETCH(ConnectionProfile, profile);

    QCOMPARE(m_store->save(profile), profile.id);
    QCOMPARE(m_store->profile(profile.id), std::optional(profile));

    auto store = reopened();
    QCOMPARE(store->profile(profile.id), std::optional(profile));
    QCOMPARE(store->profiles(), QList{profile});
}

void TestProfileStore::updateReplacesById()
{
    ConnectionProfile profile = postgresProfile();
    m_store->save(profile);
    const ConnectionProfile other = sqliteProfile();
    m_store->save(other);

    profile.name = QStringLiteral("Production (renamed)");
    profile.host = QStringLiteral("db2.example.internal");
    profile.port = 5432;
    profile.kind = BackendKind::Sqlite;
    profile.sqlitePath = QStringLiteral("/srv/idc.sqlite");
    QCOMPARE(m_store->save(profile), profile.id);

    auto store = reopened();
    QCOMPARE(store->profiles().size(), 2);
    QCOMPARE(store->profile(profile.id), std::optional(profile));
    QCOMPARE(store->profile(other.id), std::optional(other));
}

void TestProfileStore::saveGivesNullIdANewOne()
{
    ConnectionProfile profile = sqliteProfile();
    profile.id = QUuid();

    const QUuid id = m_store->save(profile);
    QVERIFY(!id.isNull());
    profile.id = id;
    QCOMPARE(reopened()->profile(id), std::optional(profile));
}

void TestProfileStore::removeForgetsProfileAndLastUsed()
{
    const ConnectionProfile kept = sqliteProfile();
    const ConnectionProfile removed = postgresProfile();
    m_store->save(kept);
    m_store->save(removed);
    m_store->setLastUsed(removed.id);

    m_store->remove(removed.id);
    m_store->remove(QUuid::createUuid()); // unknown: no-op
    m_store->remove(QUuid());

    auto store = reopened();
    QCOMPARE(store->profiles(), QList{kept});
    QVERIFY(!store->profile(removed.id));
    QVERIFY(store->lastUsed().isNull());
    QVERIFY(!m_reopenedSettings->contains(QStringLiteral("lastUsedProfile")));
    const QString removedGroup = QStringLiteral("profiles/") + removed.id.toString(QUuid::WithoutBraces);
    for (const QString& key : m_reopenedSettings->allKeys())
        QVERIFY2(!key.startsWith(removedGroup), qPrintable(key));
}

void TestProfileStore::lastUsed()
{
    const ConnectionProfile first = sqliteProfile();
    const ConnectionProfile second = postgresProfile();
    m_store->save(first);
    m_store->save(second);
    QVERIFY(m_store->lastUsed().isNull());

    m_store->setLastUsed(first.id);
    QCOMPARE(reopened()->lastUsed(), first.id);
    m_store->setLastUsed(second.id);
    QCOMPARE(reopened()->lastUsed(), second.id);

    // An id that names no stored profile is not reported back.
    m_store->setLastUsed(QUuid::createUuid());
    QVERIFY(reopened()->lastUsed().isNull());

    m_store->setLastUsed(first.id);
    m_store->setLastUsed(QUuid());
    QVERIFY(reopened()->lastUsed().isNull());
    QVERIFY(!m_reopenedSettings->contains(QStringLiteral("lastUsedProfile")));
}

void TestProfileStore::profilesSortedByName()
{
    ConnectionProfile b = sqliteProfile();
    b.name = QStringLiteral("beta");
    ConnectionProfile a = sqliteProfile();
    a.name = QStringLiteral("Alpha");
    ConnectionProfile c = postgresProfile();
    c.name = QStringLiteral("Charlie");
    for (const ConnectionProfile& profile : {c, b, a})
        m_store->save(profile);

    const QList<ConnectionProfile> profiles = reopened()->profiles();
    QCOMPARE(profiles.size(), 3);
    QCOMPARE(profiles.at(0).name, a.name);
    QCOMPARE(profiles.at(1).name, b.name);
    QCOMPARE(profiles.at(2).name, c.name);
}

void TestProfileStore::profileByName()
{
    ConnectionProfile upper = sqliteProfile();
    upper.name = QStringLiteral("Staging");
    ConnectionProfile lower = postgresProfile();
    lower.name = QStringLiteral("staging");
    m_store->save(upper);

    QCOMPARE(m_store->profileByName(QStringLiteral("Staging")), std::optional(upper));
    QCOMPARE(m_store->profileByName(QStringLiteral("STAGING")), std::optional(upper));
    QVERIFY(!m_store->profileByName(QStringLiteral("Stag")));

    // An exact match wins over a case-insensitive one.
    m_store->save(lower);
    QCOMPARE(m_store->profileByName(QStringLiteral("staging")), std::optional(lower));
    QCOMPARE(m_store->profileByName(QStringLiteral("Staging")), std::optional(upper));
}

void TestProfileStore::demoProfile()
{
    m_store->save(postgresProfile());
    QVERIFY(!m_store->demoProfile());

    const ConnectionProfile demo = ProfileStore::makeDemoProfile(m_dir->path());
    m_store->save(demo);
    m_store->save(sqliteProfile());
    QCOMPARE(reopened()->demoProfile(), std::optional(demo));
}

void TestProfileStore::makeDemoProfile()
{
    const QString dataDirectory = QStringLiteral("/home/someone/.local/share/IdentityConsole");
    const ConnectionProfile demo = ProfileStore::makeDemoProfile(dataDirectory);

    QVERIFY(!demo.id.isNull());
    QCOMPARE(demo.name, QStringLiteral("Demo"));
    QVERIFY(demo.kind == BackendKind::Sqlite); // not QCOMPARE: ADL finds idc::toString(BackendKind), a QString
    QVERIFY(demo.isDemo);
    QVERIFY(!demo.needsPassword());
    QCOMPARE(demo.sqlitePath, dataDirectory + QStringLiteral("/demo.sqlite"));
    QVERIFY(demo.host.isEmpty());
    QVERIFY(ProfileStore::makeDemoProfile(dataDirectory).id != demo.id);

    const QString user = qEnvironmentVariable("USER");
    if (!user.isEmpty())
        QCOMPARE(demo.operatorName, user);
    else
        QVERIFY(!demo.operatorName.isEmpty());

    const QByteArray savedUser = qgetenv("USER");
    const QByteArray savedUserName = qgetenv("USERNAME");
    qunsetenv("USER");
    qunsetenv("USERNAME");
    const QString fallback = ProfileStore::makeDemoProfile(dataDirectory).operatorName;
    qputenv("USER", QByteArrayLiteral("someone"));
    const QString fromEnvironment = ProfileStore::makeDemoProfile(dataDirectory).operatorName;
    savedUser.isNull() ? qunsetenv("USER") : qputenv("USER", savedUser);
    if (!savedUserName.isNull())
        qputenv("USERNAME", savedUserName);
    QCOMPARE(fallback, QStringLiteral("operator"));
    QCOMPARE(fromEnvironment, QStringLiteral("someone"));
}

void TestProfileStore::unknownKindIsSkipped()
{
    const ConnectionProfile known = sqliteProfile();
    m_store->save(known);
    const QString unknownId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_settings->setValue(QStringLiteral("profiles/") + unknownId + QStringLiteral("/name"), QStringLiteral("Oracle"));
    m_settings->setValue(QStringLiteral("profiles/") + unknownId + QStringLiteral("/kind"), QStringLiteral("oracle"));
    m_settings->setValue(QStringLiteral("profiles/not-a-uuid/kind"), QStringLiteral("sqlite"));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown backend kind")));
    QCOMPARE(m_store->profiles(), QList{known});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown backend kind")));
    QVERIFY(!m_store->profile(QUuid::fromString(unknownId)));
}

void TestProfileStore::settingsHoldNoSecret()
{
    for (const ConnectionProfile& profile : {postgresProfile(), sqliteProfile(), restProfile()})
        m_store->save(profile);
    m_store->save(ProfileStore::makeDemoProfile(m_dir->path()));
    m_store->setLastUsed(m_store->profiles().constFirst().id);
    m_settings->sync();
    QCOMPARE(m_settings->status(), QSettings::NoError);

    const QRegularExpression secretKey(QStringLiteral("pass|secret|token|credential|pwd"),
                                       QRegularExpression::CaseInsensitiveOption);
    auto store = reopened();
    QCOMPARE(store->profiles().size(), 4);
    const QStringList keys = m_reopenedSettings->allKeys();
    QCOMPARE(keys.size(), 4 * 12 + 1); // twelve fields per profile, and lastUsedProfile
    for (const QString& key : keys)
        QVERIFY2(!secretKey.match(key).hasMatch(), qPrintable(key));

    QFile file(m_iniPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    QVERIFY(!contents.isEmpty());
    QVERIFY(!contents.contains(keychainBoundPassword.toUtf8()));
    QVERIFY2(!secretKey.match(QString::fromUtf8(contents)).hasMatch(), contents.constData());
}

void TestProfileStore::defaultSettings()
{
    // nullptr: the store owns a default QSettings (organization/application of the test, in
    // QStandardPaths' test location so that nothing real is touched).
    QStandardPaths::setTestModeEnabled(true);
    const QString application =
        QStringLiteral("tst_profile_store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityConsoleTests"));
    QCoreApplication::setApplicationName(application);

    const ConnectionProfile profile = sqliteProfile();
    QString fileName;
    {
        ProfileStore store;
        store.save(profile);
        store.setLastUsed(profile.id);
        fileName = QSettings().fileName();
    }
    {
        ProfileStore store;
        QCOMPARE(store.profile(profile.id), std::optional(profile));
        QCOMPARE(store.lastUsed(), profile.id);
    }
    QVERIFY2(QFile::exists(fileName), qPrintable(fileName));
    QVERIFY(QFile::remove(fileName));
    QDir().rmdir(QFileInfo(fileName).path()); // the test organization's folder, if now empty
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profile_store.moc"
