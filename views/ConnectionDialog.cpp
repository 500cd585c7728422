#include "ConnectionDialog.h"

#include "Async.h"

#include "CredentialStore.h"
#include "DisplayFormat.h"
#include "ProfileStore.h"
#include "RestBackend.h"
#include "SqlBackend.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace idc {

namespace {

constexpr int idRole = Qt::UserRole;

} // namespace

ConnectionDialog::ConnectionDialog(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_credentials(credentials)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connections"));
    buildUi();
    loadProfiles();
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::buildUi()
{
    // Left: the profiles.
    auto* listTitle = new QLabel(tr("&Profiles"), this);
    m_profileList = new QListWidget(this);
    m_profileList->setObjectName(QStringLiteral("profileListWidget"));
    m_profileList->setSelectionMode(QAbstractItemView::SingleSelection);
    listTitle->setBuddy(m_profileList);

    m_newButton = new QPushButton(tr("&New"), this);
    m_newButton->setObjectName(QStringLiteral("newProfileButton"));
    m_newButton->setAutoDefault(false);
    m_deleteButton = new QPushButton(tr("&Delete"), this);
    m_deleteButton->setObjectName(QStringLiteral("deleteProfileButton"));
    m_deleteButton->setAutoDefault(false);

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_newButton);
    listButtons->addWidget(m_deleteButton);
    listButtons->addStretch();

    auto* left = new QVBoxLayout;
    left->addWidget(listTitle);
    left->addWidget(m_profileList, 1);
    left->addLayout(listButtons);

    // Right: the form of the current profile.
    m_formPanel = new QWidget(this);
    m_form = new QFormLayout;

    m_nameEdit = new QLineEdit(m_formPanel);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_form->addRow(tr("&Name:"), m_nameEdit);

    m_kindCombo = new QComboBox(m_formPanel);
    m_kindCombo->setObjectName(QStringLiteral("kindComboBox"));
    m_kindCombo->addItem(tr("SQLite file"), int(BackendKind::Sqlite));
    m_kindCombo->addItem(tr("PostgreSQL"), int(BackendKind::PostgreSql));
    m_kindCombo->addItem(tr("Identity admin API (REST)"), int(BackendKind::Rest));
    m_form->addRow(tr("&Type:"), m_kindCombo);

    m_sqlitePathRow = new QWidget(m_formPanel);
    m_sqlitePathEdit = new QLineEdit(m_sqlitePathRow);
    m_sqlitePathEdit->setObjectName(QStringLiteral("sqlitePathLineEdit"));
    m_sqlitePathEdit->setToolTip(tr("A new file is created and set up when the console first opens it."));
    m_browseButton = new QPushButton(tr("&Browse…"), m_sqlitePathRow);
    m_browseButton->setObjectName(QStringLiteral("browseButton"));
    m_browseButton->setAutoDefault(false);
    auto* pathLayout = new QHBoxLayout(m_sqlitePathRow);
    pathLayout->setContentsMargins(0, 0, 0, 0);
    pathLayout->addWidget(m_sqlitePathEdit, 1);
    pathLayout->addWidget(m_browseButton);
    m_form->addRow(tr("&File:"), m_sqlitePathRow);
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_sqlitePathRow)))
        label->setBuddy(m_sqlitePathEdit);

    m_hostEdit = new QLineEdit(m_formPanel);
    m_hostEdit->setObjectName(QStringLiteral("hostLineEdit"));
    m_form->addRow(tr("&Host:"), m_hostEdit);

    m_urlEdit = new QLineEdit(m_formPanel);
    m_urlEdit->setObjectName(QStringLiteral("urlLineEdit"));
    m_urlEdit->setPlaceholderText(QStringLiteral("https://identity.example.com"));
    m_urlEdit->setToolTip(tr("The server's address; the API lives under /api/v1."));
    m_form->addRow(tr("Server &URL:"), m_urlEdit);

    m_caFileRow = new QWidget(m_formPanel);
    m_caFileEdit = new QLineEdit(m_caFileRow);
    m_caFileEdit->setObjectName(QStringLiteral("caFileLineEdit"));
    m_caFileEdit->setPlaceholderText(tr("System certificates"));
    m_caFileEdit->setToolTip(tr("A PEM file of CA certificates to trust besides the system's, for a private CA."));
    auto* caBrowse = new QPushButton(tr("B&rowse…"), m_caFileRow);
    caBrowse->setObjectName(QStringLiteral("caFileBrowseButton"));
    caBrowse->setAutoDefault(false);
    connect(caBrowse, &QPushButton::clicked, this, &ConnectionDialog::browseCaFile);
    auto* caLayout = new QHBoxLayout(m_caFileRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFileEdit, 1);
    caLayout->addWidget(caBrowse);
    m_form->addRow(tr("C&A certificates:"), m_caFileRow);
    if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(m_caFileRow)))
        label->setBuddy(m_caFileEdit);

    m_portSpin = new QSpinBox(m_formPanel);
    m_portSpin->setObjectName(QStringLiteral("portSpinBox"));
    m_portSpin->setRange(1, 65535);
    m_portSpin->setValue(5432);
    m_form->addRow(tr("P&ort:"), m_portSpin);

    m_databaseEdit = new QLineEdit(m_formPanel);
    m_databaseEdit->setObjectName(QStringLiteral("databaseLineEdit"));
    m_form->addRow(tr("&Database:"), m_databaseEdit);

    m_userEdit = new QLineEdit(m_formPanel);
    m_userEdit->setObjectName(QStringLiteral("userLineEdit"));
    m_form->addRow(tr("&User:"), m_userEdit);

    m_passwordEdit = new QLineEdit(m_formPanel);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_form->addRow(tr("Pass&word:"), m_passwordEdit);

    m_sslModeCombo = new QComboBox(m_formPanel);
    m_sslModeCombo->setObjectName(QStringLiteral("sslModeComboBox"));
    // The values are libpq's sslmode names, which the PostgreSQL documentation uses too.
    m_sslModeCombo->addItem(tr("disable — no TLS"), QStringLiteral("disable"));
    m_sslModeCombo->addItem(tr("prefer — TLS when the server offers it"), QStringLiteral("prefer"));
    m_sslModeCombo->addItem(tr("require — TLS, certificate not checked"), QStringLiteral("require"));
    m_sslModeCombo->addItem(tr("verify-full — TLS, certificate and host name checked"), QStringLiteral("verify-full"));
    m_form->addRow(tr("T&LS:"), m_sslModeCombo);

    m_rememberCheck = new QCheckBox(tr("&Remember the password in the system keychain"), m_formPanel);
    m_rememberCheck->setObjectName(QStringLiteral("rememberPasswordCheckBox"));
    m_form->addRow(QString(), m_rememberCheck);

    m_operatorEdit = new QLineEdit(m_formPanel);
    m_operatorEdit->setObjectName(QStringLiteral("operatorLineEdit"));
    m_operatorEdit->setToolTip(tr("The name the audit trail records for every change you make."));
    m_form->addRow(tr("&Operator name:"), m_operatorEdit);

    m_keychainNoteLabel = new QLabel(m_formPanel);
    m_keychainNoteLabel->setObjectName(QStringLiteral("keychainNoteLabel"));
    m_keychainNoteLabel->setWordWrap(true);
    m_keychainNoteLabel->setFrameShape(QFrame::StyledPanel);
    m_keychainNoteLabel->setMargin(6);
    m_keychainNoteLabel->hide();

    m_validationLabel = new QLabel(m_formPanel);
    m_validationLabel->setObjectName(QStringLiteral("validationLabel"));
    m_validationLabel->setWordWrap(true);

    m_testButton = new QPushButton(tr("&Test connection"), m_formPanel);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setAutoDefault(false);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addStretch();

    m_testResultLabel = new QLabel(m_formPanel);
    m_testResultLabel->setObjectName(QStringLiteral("testResultLabel"));
    m_testResultLabel->setWordWrap(true);
    m_testResultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResultLabel->hide();

    auto* right = new QVBoxLayout(m_formPanel);
    right->setContentsMargins(0, 0, 0, 0);
    right->addLayout(m_form);
    right->addWidget(m_keychainNoteLabel);
    right->addWidget(m_validationLabel);
    right->addLayout(testRow);
    right->addWidget(m_testResultLabel);
    right->addStretch();

    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addSpacing(12);
    columns->addWidget(m_formPanel, 2);

    m_buttons = new QDialogButtonBox(this);
    m_buttons->setObjectName(QStringLiteral("dialogButtonBox"));
    m_saveButton = m_buttons->addButton(tr("&Save"), QDialogButtonBox::ActionRole);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_connectButton = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    QPushButton* cancelButton = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancelButton->setObjectName(QStringLiteral("cancelButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_buttons);
    resize(780, 500);

    connect(m_profileList, &QListWidget::currentItemChanged, this, &ConnectionDialog::onCurrentItemChanged);
    connect(m_newButton, &QPushButton::clicked, this, &ConnectionDialog::createProfile);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConnectionDialog::confirmDeleteCurrent);
    connect(m_browseButton, &QPushButton::clicked, this, &ConnectionDialog::browseSqliteFile);
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_saveButton, &QPushButton::clicked, this, [this] { save(AfterSave::Stay); });
    connect(m_connectButton, &QPushButton::clicked, this, [this] { save(AfterSave::Connect); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    for (QLineEdit* edit : {m_nameEdit, m_sqlitePathEdit, m_hostEdit, m_databaseEdit, m_userEdit, m_operatorEdit,
                            m_urlEdit, m_caFileEdit})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::onFormEdited);
    connect(m_portSpin, &QSpinBox::valueChanged, this, &ConnectionDialog::onFormEdited);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::onFormEdited);
    connect(m_sslModeCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::onFormEdited);
}

void ConnectionDialog::loadProfiles()
{
    const QList<ConnectionProfile> stored = m_profiles->profiles();
    for (const ConnectionProfile& profile : stored) {
        Entry entry;
        entry.profile = profile;
        entry.stored = true;
        m_entries.append(entry);
        addListItem(entry);
    }
    if (m_entries.isEmpty()) {
        createProfile();
        return;
    }
    QUuid initial = m_profiles->lastUsed();
    if (!entry(initial)) {
        const std::optional<ConnectionProfile> demo = m_profiles->demoProfile();
        initial = demo ? demo->id : m_entries.first().profile.id;
    }
    selectProfile(initial);
    if (!m_profileList->currentItem())
        m_profileList->setCurrentRow(0);
}

QListWidgetItem* ConnectionDialog::addListItem(const Entry& entry)
{
    auto* item = new QListWidgetItem(m_profileList);
    item->setData(idRole, entry.profile.id);
    refreshListItem(entry.profile.id);
    return item;
}

void ConnectionDialog::refreshListItem(const QUuid& id)
{
    const Entry* e = entry(id);
    if (!e)
        return;
    for (int row = 0; row < m_profileList->count(); ++row) {
        QListWidgetItem* item = m_profileList->item(row);
        if (item->data(idRole).toUuid() != id)
            continue;
        const ConnectionProfile& p = e->profile;
        QString text = p.name.isEmpty() ? tr("(no name)") : p.name;
        if (p.isDemo)
            text = tr("%1 (sample data)").arg(text);
        if (e->modified || !e->stored)
            text += QStringLiteral(" *"); // unsaved changes, as editors mark them
        item->setText(text);
        QString where = p.kind == BackendKind::Sqlite
                            ? tr("SQLite file %1").arg(QDir::toNativeSeparators(p.sqlitePath))
                            : tr("PostgreSQL %1@%2:%3/%4").arg(p.user, p.host).arg(p.port).arg(p.database);
        if (p.kind == BackendKind::Rest)
            where = tr("REST API %1").arg(p.baseUrl);
        if (p.isDemo)
            where = tr("The generated demo database, filled with sample customers.") + QLatin1Char('\n') + where;
        if (!e->stored)
            where += QLatin1Char('\n') + tr("Not saved yet.");
        else if (e->modified)
            where += QLatin1Char('\n') + tr("Changed, not saved yet.");
        item->setToolTip(where);
        QFont font = item->font();
        font.setBold(p.isDemo);
        item->setFont(font);
        return;
    }
}

ConnectionDialog::Entry* ConnectionDialog::entry(const QUuid& id)
{
    auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.profile.id == id; });
    return it == m_entries.end() ? nullptr : &*it;
}

const ConnectionDialog::Entry* ConnectionDialog::entry(const QUuid& id) const
{
    auto it = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const Entry& e) { return e.profile.id == id; });
    return it == m_entries.cend() ? nullptr : &*it;
}

ConnectionDialog::Entry* ConnectionDialog::currentEntry()
{
    const QListWidgetItem* item = m_profileList->currentItem();
    return item ? entry(item->data(idRole).toUuid()) : nullptr;
}

const ConnectionDialog::Entry* ConnectionDialog::currentEntry() const
{
    const QListWidgetItem* item = m_profileList->currentItem();
    return item ? entry(item->data(idRole).toUuid()) : nullptr;
}

void ConnectionDialog::selectProfile(const QUuid& id)
{
    for (int row = 0; row < m_profileList->count(); ++row) {
        if (m_profileList->item(row)->data(idRole).toUuid() == id) {
            m_profileList->setCurrentRow(row);
            return;
        }
    }
}

ConnectionProfile ConnectionDialog::currentProfile() const
{
    const Entry* e = currentEntry();
    return e ? e->profile : ConnectionProfile{};
}

void ConnectionDialog::onCurrentItemChanged(QListWidgetItem* current)
{
    showEntry(current ? entry(current->data(idRole).toUuid()) : nullptr);
}

void ConnectionDialog::showEntry(const Entry* e)
{
    // A test still running for the previous profile reports nowhere.
    ++m_testGeneration;
    showStatus(QString());

    m_loadingForm = true;
    const ConnectionProfile p = e ? e->profile : ConnectionProfile{};
    m_nameEdit->setText(p.name);
    m_kindCombo->setCurrentIndex(m_kindCombo->findData(int(p.kind)));
    m_sqlitePathEdit->setText(QDir::toNativeSeparators(p.sqlitePath));
    m_hostEdit->setText(p.host);
    m_urlEdit->setText(p.baseUrl);
    m_caFileEdit->setText(QDir::toNativeSeparators(p.caFile));
    m_portSpin->setValue(p.port);
    m_databaseEdit->setText(p.database);
    m_userEdit->setText(p.user);
    m_passwordEdit->clear();
    int ssl = m_sslModeCombo->findData(p.sslMode);
    if (ssl < 0 && !p.sslMode.isEmpty()) {
        // A mode this form does not offer (allow, verify-ca…), set outside the console: kept as is.
        m_sslModeCombo->addItem(p.sslMode, p.sslMode);
        ssl = m_sslModeCombo->count() - 1;
    }
    m_sslModeCombo->setCurrentIndex(std::max(ssl, 0));
    m_rememberCheck->setChecked(e && e->passwordRemembered && !m_keychainUnavailable);
    m_operatorEdit->setText(p.operatorName);
    m_loadingForm = false;

    updateFieldStates();
    updateValidation();
    if (e && p.needsPassword())
        lookUpPassword(p.id);
}

void ConnectionDialog::onFormEdited()
{
    if (m_loadingForm)
        return;
    Entry* e = currentEntry();
    if (!e)
        return;
    ConnectionProfile& p = e->profile;
    const bool wasPostgres = p.kind == BackendKind::PostgreSql;
    p.name = m_nameEdit->text().trimmed();
    if (!p.isDemo)
        p.kind = BackendKind(m_kindCombo->currentData().toInt());
    p.sqlitePath = QDir::fromNativeSeparators(m_sqlitePathEdit->text().trimmed());
    p.host = m_hostEdit->text().trimmed();
    p.baseUrl = m_urlEdit->text().trimmed();
    p.caFile = QDir::fromNativeSeparators(m_caFileEdit->text().trimmed());
    p.port = m_portSpin->value();
    p.database = m_databaseEdit->text().trimmed();
    p.user = m_userEdit->text().trimmed();
    p.sslMode = m_sslModeCombo->currentData().toString();
    p.operatorName = m_operatorEdit->text().trimmed();
    e->modified = true;

    const QUuid id = p.id;
    const bool nowPostgres = p.kind == BackendKind::PostgreSql;
    refreshListItem(id);
    updateFieldStates();
    updateValidation();
    if (nowPostgres && !wasPostgres && e->passwordLookup == Entry::Lookup::NotAsked)
        lookUpPassword(id);
}

void ConnectionDialog::updateFieldStates()
{
    const Entry* e = currentEntry();
    const BackendKind kind = BackendKind(m_kindCombo->currentData().toInt());
    const bool postgres = kind == BackendKind::PostgreSql;
    const bool rest = kind == BackendKind::Rest;
    const bool demo = e && e->profile.isDemo;
    const bool reading = e && e->passwordLookup == Entry::Lookup::Reading;

    m_formPanel->setEnabled(e && !m_busy);
    m_form->setRowVisible(m_sqlitePathRow, kind == BackendKind::Sqlite);
    for (QWidget* field : {static_cast<QWidget*>(m_hostEdit), static_cast<QWidget*>(m_portSpin),
                           static_cast<QWidget*>(m_databaseEdit), static_cast<QWidget*>(m_passwordEdit),
                           static_cast<QWidget*>(m_sslModeCombo), static_cast<QWidget*>(m_rememberCheck)})
        m_form->setRowVisible(field, postgres);
    m_form->setRowVisible(m_userEdit, postgres || rest);
    // A REST operator signs in (the login dialog asks for the password); the server names them.
    m_form->setRowVisible(m_urlEdit, rest);
    m_form->setRowVisible(m_caFileRow, rest);
    m_form->setRowVisible(m_operatorEdit, !rest);

    // The demo profile is the generated SQLite file: neither its type nor its file can change.
    m_kindCombo->setEnabled(!demo);
    m_sqlitePathEdit->setReadOnly(demo);
    m_browseButton->setEnabled(!demo);

    m_rememberCheck->setEnabled(!m_keychainUnavailable && !reading);
    m_passwordEdit->setPlaceholderText(reading ? tr("Reading the keychain…") : QString());

    m_profileList->setEnabled(!m_busy);
    m_newButton->setEnabled(!m_busy);
    m_deleteButton->setEnabled(e && !demo && !m_busy);
    m_deleteButton->setToolTip(demo ? tr("The demo profile cannot be deleted.") : QString());
}

QStringList ConnectionDialog::problems(bool connectionOnly) const
{
    const Entry* e = currentEntry();
    if (!e)
        return {};
    const ConnectionProfile& p = e->profile;
    QStringList found;
    if (!connectionOnly) {
        if (p.name.isEmpty()) {
            found << tr("Enter a name for the profile.");
        } else {
            // Names are matched without regard to case (the command line picks profiles by name).
            const bool taken = std::any_of(m_entries.cbegin(), m_entries.cend(), [&](const Entry& other) {
                return other.profile.id != p.id && other.profile.name.compare(p.name, Qt::CaseInsensitive) == 0;
            });
            if (taken)
                found << tr("Another profile is already named “%1”.").arg(p.name);
        }
    }
    if (p.kind == BackendKind::Sqlite) {
        if (p.sqlitePath.isEmpty())
            found << tr("Choose the SQLite database file.");
    } else if (p.kind == BackendKind::Rest) {
        const QUrl url(p.baseUrl, QUrl::StrictMode);
        if (p.baseUrl.isEmpty())
            found << tr("Enter the server's URL.");
        else if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
            found << tr("The URL must start with https:// (or http:// on a trusted network) and name a host.");
        else if (!url.userInfo().isEmpty())
            found << tr("Leave the user name and password out of the URL: you are asked to sign in.");
        if (!p.caFile.isEmpty() && !QFileInfo(p.caFile).isReadable())
            found << tr("The CA certificate file cannot be read.");
    } else {
        if (p.host.isEmpty())
            found << tr("Enter the server's host name.");
        if (p.database.isEmpty())
            found << tr("Enter the database name.");
        if (p.user.isEmpty())
            found << tr("Enter the user name.");
    }
    return found;
}

void ConnectionDialog::updateValidation()
{
    const Entry* e = currentEntry();
    const QStringList all = problems(false);
    m_validationLabel->setText(all.join(QLatin1Char('\n')));
    m_validationLabel->setVisible(!all.isEmpty());
    const bool valid = e && all.isEmpty() && !m_busy;
    m_saveButton->setEnabled(valid);
    m_connectButton->setEnabled(valid);
    m_testButton->setEnabled(e && problems(true).isEmpty() && !m_busy);
}

void ConnectionDialog::createProfile()
{
    const Entry* current = currentEntry();
    Entry e;
    e.profile.id = QUuid::createUuid();
    e.profile.kind = BackendKind::PostgreSql;
    const QString base = tr("New connection");
    QString name = base;
    for (int n = 2;
         std::any_of(m_entries.cbegin(), m_entries.cend(),
                     [&](const Entry& other) { return other.profile.name.compare(name, Qt::CaseInsensitive) == 0; });
         ++n)
        name = base + QLatin1Char(' ') + QString::number(n);
    e.profile.name = name;
    // The operator is usually the same person for every profile; the demo profile's rule
    // (the OS user name) otherwise.
    e.profile.operatorName = current && !current->profile.operatorName.isEmpty()
                                 ? current->profile.operatorName
                                 : ProfileStore::makeDemoProfile(QString()).operatorName;
    e.stored = false;
    e.modified = true;
    m_entries.append(e);
    QListWidgetItem* item = addListItem(e);
    m_profileList->setCurrentItem(item);
    m_nameEdit->setFocus();
    m_nameEdit->selectAll();
}

void ConnectionDialog::confirmDeleteCurrent()
{
    const Entry* e = currentEntry();
    if (!e || e->profile.isDemo)
        return;
    const QUuid id = e->profile.id;
    if (!e->stored) {
        deleteProfile(id);
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete profile"),
                                tr("Delete the profile “%1”?").arg(e->profile.name), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("deleteProfileMessageBox"));
    box->setInformativeText(tr("Its remembered password is removed from the keychain too. "
                               "The database itself is not touched."));
    QPushButton* deleteButton = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    deleteButton->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, deleteButton, id] {
        if (box->clickedButton() == deleteButton)
            deleteProfile(id);
    });
    box->open();
}

void ConnectionDialog::deleteProfile(const QUuid& id)
{
    const Entry* e = entry(id);
    if (!e || e->profile.isDemo)
        return;
    if (e->stored) {
        m_profiles->remove(id);
        if (!m_keychainUnavailable) {
            whenFinished(m_credentials->deletePassword(id), this, [this](const Status& removed) {
                if (removed)
                    return;
                if (CredentialStore::isUnavailable(removed.error()))
                    keychainUnavailable();
                else
                    showStatus(tr("The remembered password could not be removed from the keychain: %1")
                                   .arg(DisplayFormat::errorMessage(removed.error())));
            });
        }
    }
    m_entries.removeIf([&](const Entry& other) { return other.profile.id == id; });
    for (int row = 0; row < m_profileList->count(); ++row) {
        if (m_profileList->item(row)->data(idRole).toUuid() != id)
            continue;
        delete m_profileList->takeItem(row);
        if (m_profileList->count() > 0)
            m_profileList->setCurrentRow(std::min(row, m_profileList->count() - 1));
        break;
    }
    if (!m_profileList->currentItem())
        showEntry(nullptr);
}

void ConnectionDialog::browseCaFile()
{
    auto* dialog = new QFileDialog(this, tr("Choose the CA certificates"));
    dialog->setObjectName(QStringLiteral("caFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({tr("PEM certificates (*.pem *.crt *.cer)"), tr("All files (*)")});
    const QString current = m_caFileEdit->text().trimmed();
    if (!current.isEmpty())
        dialog->selectFile(current);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString& file) { m_caFileEdit->setText(QDir::toNativeSeparators(file)); });
    dialog->open();
}

void ConnectionDialog::browseSqliteFile()
{
    auto* dialog = new QFileDialog(this, tr("Choose the SQLite database"));
    dialog->setObjectName(QStringLiteral("sqliteFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // An existing database, or the name of a new one: the console creates and sets it up.
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setLabelText(QFileDialog::Accept, tr("Choose"));
    dialog->setNameFilters({tr("SQLite databases (*.sqlite *.sqlite3 *.db)"), tr("All files (*)")});
    const QString current = m_sqlitePathEdit->text().trimmed();
    if (!current.isEmpty()) {
        dialog->setDirectory(QFileInfo(current).absolutePath());
        dialog->selectFile(current);
    }
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString& file) { m_sqlitePathEdit->setText(QDir::toNativeSeparators(file)); });
    dialog->open();
}

void ConnectionDialog::testConnection()
{
    const Entry* e = currentEntry();
    if (!e || !problems(true).isEmpty() || m_busy)
        return;
    const ConnectionProfile profile = e->profile;
    const quint64 generation = ++m_testGeneration;

    if (profile.kind == BackendKind::Sqlite) {
        if (profile.isDemo && !QFileInfo::exists(profile.sqlitePath)) {
            // Opening it here would leave an empty database where the demo data belongs.
            showStatus(tr("The demo database does not exist yet: it is created and filled with sample data "
                          "when you connect."));
            return;
        }
        // QSQLITE creates a missing file, not a missing folder.
        QDir().mkpath(QFileInfo(profile.sqlitePath).absolutePath());
    }

    showStatus(tr("Testing the connection…"));
    if (profile.kind == BackendKind::Rest) {
        // Reaching the server and trusting its certificate is the test; signing in comes at connect.
        auto* rest = new RestBackend(profile);
        QFuture<Result<BackendInfo>> reached = rest->open();
        whenFinished(reached, rest, [rest](const Result<BackendInfo>&) { rest->deleteLater(); });
        whenFinished(reached, this, [this, generation](const Result<BackendInfo>& info) {
            if (generation != m_testGeneration)
                return;
            if (info)
                showStatus(tr("Connected: %1").arg(info->serverVersion));
            else if (info.error().kind == ErrorKind::Unauthorized)
                showStatus(tr("The server answered. You will be asked to sign in when you connect."));
            else
                showStatus(DisplayFormat::errorMessage(info.error()));
        });
        return;
    }
    // The backend outlives the dialog if need be: its destructor joins the worker threads, which
    // would block the GUI thread until a slow server answered or timed out. It deletes itself (on
    // the GUI thread, deleteLater) once open() has finished.
    auto* backend = new SqlBackend(profile, m_passwordEdit->text());
    QFuture<Result<BackendInfo>> opened = backend->open();
    opened.then([backend](const Result<BackendInfo>&) { backend->deleteLater(); });
    whenFinished(opened, this, [this, generation](const Result<BackendInfo>& info) {
        if (generation != m_testGeneration)
            return;
        if (info)
            showStatus(tr("Connected: %1, schema version %2").arg(info->serverVersion).arg(info->schemaVersion));
        else
            showStatus(DisplayFormat::errorMessage(info.error()));
    });
}

void ConnectionDialog::save(AfterSave after)
{
    Entry* e = currentEntry();
    if (!e || m_busy || !problems(false).isEmpty())
        return;
    ConnectionProfile profile = e->profile;
    profile.id = m_profiles->save(profile);
    e->profile.id = profile.id;
    e->stored = true;
    e->modified = false;
    refreshListItem(profile.id);

    const QString password = m_passwordEdit->text();
    if (!profile.needsPassword() || m_keychainUnavailable) {
        finishSave(profile, password, after);
        return;
    }
    const bool remember = m_rememberCheck->isChecked();
    QFuture<Status> change;
    if (remember && !password.isEmpty()) {
        change = m_credentials->writePassword(profile.id, password);
        showStatus(tr("Storing the password in the keychain…"));
    } else if (!remember && e->passwordLookup == Entry::Lookup::Answered && e->passwordRemembered) {
        change = m_credentials->deletePassword(profile.id);
        showStatus(tr("Removing the password from the keychain…"));
    } else {
        finishSave(profile, password, after);
        return;
    }
    setBusy(true);
    const quint64 generation = ++m_saveGeneration;
    whenFinished(change, this, [this, profile, password, after, remember, generation](const Status& changed) {
        if (generation != m_saveGeneration)
            return; // cancelled meanwhile
        setBusy(false);
        if (changed) {
            if (Entry* saved = entry(profile.id))
                saved->passwordRemembered = remember;
            finishSave(profile, password, after);
        } else if (CredentialStore::isUnavailable(changed.error())) {
            // Nothing can be remembered; the note says the password will be asked each time.
            keychainUnavailable();
            finishSave(profile, password, after);
        } else {
            showStatus(tr("The keychain refused the change: %1").arg(DisplayFormat::errorMessage(changed.error())));
        }
    });
}

void ConnectionDialog::reject()
{
    ++m_saveGeneration;
    if (m_busy)
        setBusy(false);
    QDialog::reject();
}

void ConnectionDialog::finishSave(const ConnectionProfile& profile, const QString& password, AfterSave after)
{
    if (after == AfterSave::Stay) {
        showStatus(tr("Saved “%1”.").arg(profile.name));
        return;
    }
    emit connectRequested(profile, password);
    // The receiver has its copy; the form keeps none.
    m_passwordEdit->clear();
    accept();
}

void ConnectionDialog::lookUpPassword(const QUuid& id)
{
    Entry* e = entry(id);
    if (!e || m_keychainUnavailable || !m_credentials)
        return;
    e->passwordLookup = Entry::Lookup::Reading;
    updateFieldStates();
    whenFinished(m_credentials->readPassword(id), this, [this, id](const Result<QString>& stored) {
        Entry* looked = entry(id);
        if (!looked)
            return;
        looked->passwordLookup = Entry::Lookup::Answered;
        if (stored) {
            looked->passwordRemembered = true;
        } else if (stored.error().kind == ErrorKind::NotFound) {
            looked->passwordRemembered = false;
        } else if (CredentialStore::isUnavailable(stored.error())) {
            keychainUnavailable();
        } else {
            showStatus(tr("The keychain could not be read: %1").arg(DisplayFormat::errorMessage(stored.error())));
        }
        if (currentEntry() != looked)
            return;
        m_loadingForm = true;
        // What the operator has typed meanwhile wins over the keychain.
        if (stored && m_passwordEdit->text().isEmpty())
            m_passwordEdit->setText(stored.value());
        m_rememberCheck->setChecked(looked->passwordRemembered && !m_keychainUnavailable);
        m_loadingForm = false;
        updateFieldStates();
    });
}

void ConnectionDialog::keychainUnavailable()
{
    if (m_keychainUnavailable)
        return;
    m_keychainUnavailable = true;
    m_keychainNoteLabel->setText(
        tr("No system keychain is available: the password will be asked each time and never written to disk."));
    m_keychainNoteLabel->show();
    m_rememberCheck->setChecked(false);
    updateFieldStates();
}

void ConnectionDialog::setBusy(bool busy)
{
    m_busy = busy;
    updateFieldStates();
    updateValidation();
}

void ConnectionDialog::showStatus(const QString& text)
{
    m_testResultLabel->setText(text);
    m_testResultLabel->setVisible(!text.isEmpty());
}

} // namespace idc
