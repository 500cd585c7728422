#pragma once

#include "ConnectionProfile.h"

#include <QList>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>

class QSettings;

namespace idc {

/// The connection profiles the console knows, kept in QSettings under "profiles/<uuid>/<field>",
/// plus which one was used last ("lastUsedProfile").
///
/// Only the fields of ConnectionProfile are written: never a password, secret or token (those
/// belong to CredentialStore, keyed by the profile id). QSettings is not thread-safe, so use a
/// ProfileStore from one thread (the GUI thread); every call is a quick local read or write.
class ProfileStore
{
public:
    /// Reads and writes `settings` (not owned; it must outlive the store). With nullptr the
    /// store owns a default-constructed QSettings (organization and application names of
    /// QCoreApplication).
    explicit ProfileStore(QSettings* settings = nullptr);
    ~ProfileStore();

    ProfileStore(const ProfileStore&) = delete;
    ProfileStore& operator=(const ProfileStore&) = delete;

    /// Every stored profile, sorted by name (case-insensitively, then by id). Entries that cannot
    /// be read back (no valid id, unknown backend kind written by a newer console) are skipped.
    QList<ConnectionProfile> profiles() const;

    /// The profile with this id, if stored.
    std::optional<ConnectionProfile> profile(const QUuid& id) const;

    /// The profile named exactly `name`; failing that, the first one whose name matches it
    /// case-insensitively (so a command line may say "demo" for "Demo").
    std::optional<ConnectionProfile> profileByName(const QString& name) const;

    /// Inserts `profile`, or replaces the stored profile with the same id (fields it no longer has
    /// are removed). A profile with a null id is given a new one. Returns the id it was saved under.
    QUuid save(const ConnectionProfile& profile);

    /// Forgets the profile (and `lastUsed()` if it pointed at it). Removing an unknown id is a no-op.
    /// The keychain entry of the profile is the caller's to delete (CredentialStore::deletePassword).
    void remove(const QUuid& id);

    /// The profile opened last, or a null id when none is recorded or it has been removed since.
    QUuid lastUsed() const;

    /// Records `id` as the profile opened last; a null id clears the record.
    void setLastUsed(const QUuid& id);

    /// The stored demo profile (the first with isDemo set), if any.
    std::optional<ConnectionProfile> demoProfile() const;

    /// A new demo profile (not saved): "Demo", SQLite file demo.sqlite in `dataDirectory`, the
    /// operator named after the OS user ($USER, else $USERNAME, else "operator").
    static ConnectionProfile makeDemoProfile(const QString& dataDirectory);

private:
    std::optional<ConnectionProfile> read(const QString& uuidText) const;

    std::unique_ptr<QSettings> m_ownedSettings;
    QSettings* m_settings = nullptr;
};

} // namespace idc
