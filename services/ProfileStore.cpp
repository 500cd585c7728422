#include "ProfileStore.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSettings>

#include <algorithm>
#include <array>

namespace idc {

namespace {

Q_LOGGING_CATEGORY(lcProfiles, "idc.profiles")

const QString profilesGroup = QStringLiteral("profiles");
const QString lastUsedKey = QStringLiteral("lastUsedProfile");

// The keys of one profile group. There is deliberately no key for a password: secrets live in
// the OS keychain only (CredentialStore).
namespace key {
const QString name = QStringLiteral("name");
const QString kind = QStringLiteral("kind");
const QString isDemo = QStringLiteral("isDemo");
const QString sqlitePath = QStringLiteral("sqlitePath");
const QString host = QStringLiteral("host");
const QString port = QStringLiteral("port");
const QString database = QStringLiteral("database");
const QString user = QStringLiteral("user");
const QString sslMode = QStringLiteral("sslMode");
const QString operatorName = QStringLiteral("operatorName");
const QString baseUrl = QStringLiteral("baseUrl");
const QString caFile = QStringLiteral("caFile");
} // namespace key

QString groupFor(const QUuid& id)
{
    return profilesGroup + QLatin1Char('/') + id.toString(QUuid::WithoutBraces);
}

std::optional<BackendKind> backendKindFromString(const QString& text)
{
    for (const BackendKind kind : std::array{BackendKind::Sqlite, BackendKind::PostgreSql, BackendKind::Rest}) {
        if (toString(kind) == text)
            return kind;
    }
    return std::nullopt;
}

} // namespace

ProfileStore::ProfileStore(QSettings* settings)
{
    if (!settings) {
        m_ownedSettings = std::make_unique<QSettings>();
        settings = m_ownedSettings.get();
    }
    m_settings = settings;
}

ProfileStore::~ProfileStore() = default;

std::optional<ConnectionProfile> ProfileStore::read(const QString& uuidText) const
{
    const QUuid id = QUuid::fromString(uuidText);
    if (id.isNull())
        return std::nullopt;

    m_settings->beginGroup(groupFor(id));
    const std::optional<BackendKind> kind = backendKindFromString(m_settings->value(key::kind).toString());
    ConnectionProfile profile;
    profile.id = id;
    profile.name = m_settings->value(key::name).toString();
    profile.kind = kind.value_or(BackendKind::Sqlite);
    profile.isDemo = m_settings->value(key::isDemo, false).toBool();
    profile.sqlitePath = m_settings->value(key::sqlitePath).toString();
    profile.host = m_settings->value(key::host).toString();
    profile.port = m_settings->value(key::port, profile.port).toInt();
    profile.database = m_settings->value(key::database).toString();
    profile.user = m_settings->value(key::user).toString();
    profile.sslMode = m_settings->value(key::sslMode, profile.sslMode).toString();
    profile.operatorName = m_settings->value(key::operatorName).toString();
    profile.baseUrl = m_settings->value(key::baseUrl).toString();
    profile.caFile = m_settings->value(key::caFile).toString();
    m_settings->endGroup();

    if (!kind) {
        // Opening it as SQLite would be wrong; a newer console may know this kind.
        qCWarning(lcProfiles) << "skipping profile" << uuidText << "with an unknown backend kind";
        return std::nullopt;
    }
    return profile;
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    m_settings->beginGroup(profilesGroup);
    const QStringList groups = m_settings->childGroups();
    m_settings->endGroup();

    QList<ConnectionProfile> result;
    result.reserve(groups.size());
    for (const QString& group : groups) {
        if (std::optional<ConnectionProfile> profile = read(group))
            result.append(std::move(*profile));
    }
    std::sort(result.begin(), result.end(), [](const ConnectionProfile& a, const ConnectionProfile& b) {
        const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    return result;
}

std::optional<ConnectionProfile> ProfileStore::profile(const QUuid& id) const
{
    if (id.isNull() || !m_settings->contains(groupFor(id) + QLatin1Char('/') + key::kind))
        return std::nullopt;
    return read(id.toString(QUuid::WithoutBraces));
}

std::optional<ConnectionProfile> ProfileStore::profileByName(const QString& name) const
{
    const QList<ConnectionProfile> all = profiles();
    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        const auto it = std::find_if(all.cbegin(), all.cend(), [&](const ConnectionProfile& profile) {
            return profile.name.compare(name, sensitivity) == 0;
        });
        if (it != all.cend())
            return *it;
    }
    return std::nullopt;
}

QUuid ProfileStore::save(const ConnectionProfile& profile)
{
    const QUuid id = profile.id.isNull() ? QUuid::createUuid() : profile.id;

    // Start from an empty group so that an update leaves no stale key behind.
    m_settings->remove(groupFor(id));
    m_settings->beginGroup(groupFor(id));
    m_settings->setValue(key::name, profile.name);
    m_settings->setValue(key::kind, toString(profile.kind));
    m_settings->setValue(key::isDemo, profile.isDemo);
    m_settings->setValue(key::sqlitePath, profile.sqlitePath);
    m_settings->setValue(key::host, profile.host);
    m_settings->setValue(key::port, profile.port);
    m_settings->setValue(key::database, profile.database);
    m_settings->setValue(key::user, profile.user);
    m_settings->setValue(key::sslMode, profile.sslMode);
    m_settings->setValue(key::operatorName, profile.operatorName);
    m_settings->setValue(key::baseUrl, profile.baseUrl);
    m_settings->setValue(key::caFile, profile.caFile);
    m_settings->endGroup();
    m_settings->sync();
    return id;
}

void ProfileStore::remove(const QUuid& id)
{
    if (id.isNull())
        return;
    m_settings->remove(groupFor(id));
    if (QUuid::fromString(m_settings->value(lastUsedKey).toString()) == id)
        m_settings->remove(lastUsedKey);
    m_settings->sync();
}

QUuid ProfileStore::lastUsed() const
{
    const QUuid id = QUuid::fromString(m_settings->value(lastUsedKey).toString());
    return profile(id) ? id : QUuid();
}

void ProfileStore::setLastUsed(const QUuid& id)
{
    if (id.isNull())
        m_settings->remove(lastUsedKey);
    else
        m_settings->setValue(lastUsedKey, id.toString(QUuid::WithoutBraces));
    m_settings->sync();
}

std::optional<ConnectionProfile> ProfileStore::demoProfile() const
{
    const QList<ConnectionProfile> all = profiles();
    const auto it = std::find_if(all.cbegin(), all.cend(), [](const ConnectionProfile& p) { return p.isDemo; });
    if (it == all.cend())
        return std::nullopt;
    return *it;
}

ConnectionProfile ProfileStore::makeDemoProfile(const QString& dataDirectory)
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = QStringLiteral("Demo");
    profile.kind = BackendKind::Sqlite;
    profile.isDemo = true;
    profile.sqlitePath = QDir(dataDirectory).filePath(QStringLiteral("demo.sqlite"));
    profile.operatorName = qEnvironmentVariable("USER");
    if (profile.operatorName.isEmpty())
        profile.operatorName = qEnvironmentVariable("USERNAME"); // Windows
    if (profile.operatorName.isEmpty())
        profile.operatorName = QStringLiteral("operator");
    return profile;
}

} // namespace idc
