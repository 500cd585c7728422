#pragma once

#include "ConnectionProfile.h"
#include "Result.h"

#include <QDialog>
#include <QList>
#include <QUuid>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSpinBox;
class QWidget;

namespace idc {

class CredentialStore;
class ProfileStore;

/// Creates, edits, tests and picks connection profiles.
///
/// The list on the left holds every stored profile plus the ones created here and not saved
/// yet; edits are kept per profile until Save or Connect writes them to the ProfileStore, or
/// the dialog is closed. Passwords never go to the ProfileStore: they are typed, prefilled
/// from the keychain, and stored in or removed from the keychain per "Remember the password".
///
/// Nothing here blocks: "Test connection" opens a throwaway SqlBackend on its worker threads,
/// keychain calls answer through futures, and the file chooser is shown with open().
/// Show the dialog with open() or show(); Connect emits connectRequested() and accepts.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    /// Neither store is owned; both must outlive the dialog.
    ConnectionDialog(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    /// Makes the profile with this id the current one (no-op for an unknown id).
    void selectProfile(const QUuid& id);

    /// The current profile as the form shows it (not necessarily saved).
    ConnectionProfile currentProfile() const;

    /// Also drops a Connect that is still waiting for the keychain.
    void reject() override;

signals:
    /// The operator chose to connect with `profile` (already saved). `password` is what was typed
    /// or prefilled from the keychain; empty for SQLite, or when the keychain should be asked.
    void connectRequested(const idc::ConnectionProfile& profile, const QString& password);

private:
    /// What the dialog knows about one profile of the list.
    struct Entry
    {
        enum class Lookup
        {
            NotAsked,
            Reading,
            Answered
        };

        ConnectionProfile profile; ///< as edited in the form
        bool stored = false;       ///< exists in the ProfileStore
        bool modified = false;     ///< edited since it was last stored (always true when !stored)
        Lookup passwordLookup = Lookup::NotAsked;
        bool passwordRemembered = false; ///< the keychain answered with a password
    };
    enum class AfterSave
    {
        Stay,
        Connect
    };

    void buildUi();
    void loadProfiles();
    QListWidgetItem* addListItem(const Entry& entry);
    void refreshListItem(const QUuid& id);

    Entry* entry(const QUuid& id);
    const Entry* entry(const QUuid& id) const;
    Entry* currentEntry();
    const Entry* currentEntry() const;

    void onCurrentItemChanged(QListWidgetItem* current);
    void showEntry(const Entry* entry);
    void onFormEdited();
    void updateFieldStates();
    void updateValidation();
    QStringList problems(bool connectionOnly) const;

    void createProfile();
    void confirmDeleteCurrent();
    void deleteProfile(const QUuid& id);
    void browseSqliteFile();
    void browseCaFile();
    void testConnection();
    void save(AfterSave after);
    void finishSave(const ConnectionProfile& profile, const QString& password, AfterSave after);
    void lookUpPassword(const QUuid& id);
    void keychainUnavailable();
    void setBusy(bool busy);
    void showStatus(const QString& text);

    ProfileStore* m_profiles;
    CredentialStore* m_credentials;
    QList<Entry> m_entries;
    bool m_loadingForm = false;
    bool m_busy = false;
    bool m_keychainUnavailable = false;
    quint64 m_testGeneration = 0;
    quint64 m_saveGeneration = 0;

    QListWidget* m_profileList = nullptr;
    QPushButton* m_newButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QWidget* m_formPanel = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QComboBox* m_kindCombo = nullptr;
    QWidget* m_sqlitePathRow = nullptr;
    QLineEdit* m_sqlitePathEdit = nullptr;
    QPushButton* m_browseButton = nullptr;
    QLineEdit* m_hostEdit = nullptr;
    QLineEdit* m_urlEdit = nullptr;
    QLineEdit* m_caFileEdit = nullptr;
    QWidget* m_caFileRow = nullptr;
    QSpinBox* m_portSpin = nullptr;
    QLineEdit* m_databaseEdit = nullptr;
    QLineEdit* m_userEdit = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QComboBox* m_sslModeCombo = nullptr;
    QCheckBox* m_rememberCheck = nullptr;
    QLineEdit* m_operatorEdit = nullptr;
    QLabel* m_keychainNoteLabel = nullptr;
    QLabel* m_validationLabel = nullptr;
    QPushButton* m_testButton = nullptr;
    QLabel* m_testResultLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_connectButton = nullptr;
};

} // namespace idc
