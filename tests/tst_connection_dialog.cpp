#include "ConnectionDialog.h"
#include "CredentialStore.h"
#include "DisplayFormat.h"
#include "PasswordDialog.h"
#include "ProfileStore.h"
#include "SettingsDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace idc;

namespace {

const QString keychainNote =
    QStringLiteral("No system keychain is available: the password will be asked each time and never written to disk.");

/// Replaces the text of a line edit or spin box as typing would: select all, then type.
void retype(QWidget* widget, const QString& text)
{
    QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(widget, Qt::Key_Delete);
    else
        QTest::keyClicks(widget, text);
}

} // namespace

/// The connection dialog as an operator uses it, with no system keychain reachable (the test's
/// main points D-Bus nowhere): profiles created, tested, validated and connected; the settings
/// and password dialogs alongside.
class TestConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The offscreen platform says this each time a layout change resizes a dialog: noise.
        // Installed here, over the handler QTest installs when it starts.
        static const QtMessageHandler testHandler = qInstallMessageHandler(nullptr);
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
            if (message != QLatin1String("This plugin does not support propagateSizeHints()"))
                testHandler(type, context, message);
        });
        qRegisterMetaType<ConnectionProfile>();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_iniPath = m_dir.filePath(QStringLiteral("settings.ini"));
        m_settings = std::make_unique<QSettings>(m_iniPath, QSettings::IniFormat);
        m_profiles = std::make_unique<ProfileStore>(m_settings.get());
        m_credentials = std::make_unique<CredentialStore>(
            QStringLiteral("idc-test-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
        m_credentials->setRetryDelay(std::chrono::milliseconds(50));

        ConnectionProfile demo = ProfileStore::makeDemoProfile(m_dir.filePath(QStringLiteral("data")));
        m_demoId = m_profiles->save(demo);
    }

    void init()
    {
        m_dialog = std::make_unique<ConnectionDialog>(m_profiles.get(), m_credentials.get());
        m_dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    }

    void cleanup() { m_dialog.reset(); }

    void everyInteractiveWidgetIsNamed()
    {
        for (const char* name :
             {"profileListWidget", "newProfileButton", "deleteProfileButton", "nameLineEdit", "kindComboBox",
              "sqlitePathLineEdit", "browseButton", "hostLineEdit", "portSpinBox", "databaseLineEdit", "userLineEdit",
              "passwordLineEdit", "sslModeComboBox", "operatorLineEdit", "rememberPasswordCheckBox", "testButton",
              "testResultLabel", "saveButton", "connectButton"})
            QVERIFY2(m_dialog->findChild<QWidget*>(QLatin1String(name)), name);
        QCOMPARE(widget<QLineEdit>("passwordLineEdit")->echoMode(), QLineEdit::Password);
        QVERIFY(widget<QPushButton>("connectButton")->isDefault());
        const QComboBox* ssl = widget<QComboBox>("sslModeComboBox");
        QStringList modes;
        for (int i = 0; i < ssl->count(); ++i)
            modes << ssl->itemData(i).toString();
        QCOMPARE(modes, (QStringList{QStringLiteral("disable"), QStringLiteral("prefer"), QStringLiteral("require"),
                                     QStringLiteral("verify-full")}));
    }

    void demoProfileIsMarkedAndFixed()
    {
        // No profile used yet: the demo one is selected.
        auto* list = widget<QListWidget>("profileListWidget");
        QVERIFY(list->currentItem());
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toUuid(), m_demoId);
        QVERIFY(list->currentItem()->text().contains(QStringLiteral("(sample data)")));
        QVERIFY(!widget<QPushButton>("deleteProfileButton")->isEnabled());
        QVERIFY(!widget<QComboBox>("kindComboBox")->isEnabled());
        QVERIFY(widget<QLineEdit>("sqlitePathLineEdit")->isVisible());
        QVERIFY(!widget<QLineEdit>("hostLineEdit")->isVisible());

        // Testing must not create an empty file where the generated demo data belongs.
        QTest::mouseClick(widget<QPushButton>("testButton"), Qt::LeftButton);
        QVERIFY(widget<QLabel>("testResultLabel")->text().contains(QStringLiteral("does not exist yet")));
        QVERIFY(!QFileInfo::exists(m_profiles->profile(m_demoId)->sqlitePath));
    }

    void sqliteProfileTestsConnection()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        retype(widget<QLineEdit>("nameLineEdit"), QStringLiteral("Local file"));
        auto* kind = widget<QComboBox>("kindComboBox");
        QVERIFY(kind->isEnabled());
        kind->setCurrentIndex(kind->findData(int(BackendKind::Sqlite)));
        QVERIFY(widget<QLineEdit>("sqlitePathLineEdit")->isVisible());
        QVERIFY(widget<QPushButton>("browseButton")->isVisible());
        QVERIFY(!widget<QLineEdit>("hostLineEdit")->isVisible());
        QVERIFY(!widget<QLineEdit>("passwordLineEdit")->isVisible());
        QVERIFY(!widget<QCheckBox>("rememberPasswordCheckBox")->isVisible());
        QVERIFY(!widget<QPushButton>("connectButton")->isEnabled()); // no file yet

        const QString file = m_dir.filePath(QStringLiteral("local/identity.sqlite"));
        QTest::keyClicks(widget<QLineEdit>("sqlitePathLineEdit"), QDir::toNativeSeparators(file));
        QVERIFY(widget<QPushButton>("connectButton")->isEnabled());

        auto* result = widget<QLabel>("testResultLabel");
        QTest::mouseClick(widget<QPushButton>("testButton"), Qt::LeftButton);
        // The GUI thread is not blocked while the worker opens and migrates the file.
        QCOMPARE(result->text(), QStringLiteral("Testing the connection…"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Connected: SQLite 3.")), 15000);
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral(", schema version (\\d+)$")).match(result->text());
        QVERIFY2(match.hasMatch(), qPrintable(result->text()));
        QVERIFY(match.captured(1).toInt() >= 1);
        QVERIFY(QFileInfo::exists(file));
        saveScreenshot(QStringLiteral("connection_dialog_sqlite.png"));

        // Testing does not save; Save does.
        QVERIFY(!m_profiles->profileByName(QStringLiteral("Local file")));
        QTest::mouseClick(widget<QPushButton>("saveButton"), Qt::LeftButton);
        const std::optional<ConnectionProfile> saved = m_profiles->profileByName(QStringLiteral("Local file"));
        QVERIFY(saved);
        QVERIFY(saved->kind == BackendKind::Sqlite);
        QCOMPARE(QDir::cleanPath(saved->sqlitePath), QDir::cleanPath(file));
        QVERIFY(m_dialog->isVisible());
    }

    void restProfileTakesAUrl()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        retype(widget<QLineEdit>("nameLineEdit"), QStringLiteral("Identity API"));
        auto* kind = widget<QComboBox>("kindComboBox");
        kind->setCurrentIndex(kind->findData(int(BackendKind::Rest)));
        QVERIFY(widget<QLineEdit>("urlLineEdit")->isVisible());
        QVERIFY(widget<QLineEdit>("caFileLineEdit")->isVisible());
        QVERIFY(widget<QLineEdit>("userLineEdit")->isVisible());
        QVERIFY(!widget<QLineEdit>("hostLineEdit")->isVisible());
        QVERIFY(!widget<QLineEdit>("passwordLineEdit")->isVisible()); // the sign-in dialog asks
        QVERIFY(!widget<QLineEdit>("operatorLineEdit")->isVisible()); // the server names the operator
        QVERIFY(!widget<QPushButton>("connectButton")->isEnabled());

        auto* validation = widget<QLabel>("validationLabel");
        QTest::keyClicks(widget<QLineEdit>("urlLineEdit"), QStringLiteral("ftp://identity.example"));
        QVERIFY(validation->text().contains(QStringLiteral("https://")));
        QVERIFY(!widget<QPushButton>("connectButton")->isEnabled());
        retype(widget<QLineEdit>("urlLineEdit"), QStringLiteral("https://dana:secret@identity.example"));
        QVERIFY(validation->text().contains(QStringLiteral("sign in")));
        QVERIFY(!widget<QPushButton>("connectButton")->isEnabled());
        retype(widget<QLineEdit>("urlLineEdit"), QStringLiteral("https://identity.example:8443"));
        QTest::keyClicks(widget<QLineEdit>("caFileLineEdit"), m_dir.filePath(QStringLiteral("missing.pem")));
        QVERIFY(validation->text().contains(QStringLiteral("CA certificate")));
        widget<QLineEdit>("caFileLineEdit")->clear();
        QTest::keyClicks(widget<QLineEdit>("userLineEdit"), QStringLiteral("dana"));
        QVERIFY(widget<QPushButton>("connectButton")->isEnabled());
        saveScreenshot(QStringLiteral("connection_dialog_rest.png"));

        QTest::mouseClick(widget<QPushButton>("saveButton"), Qt::LeftButton);
        const std::optional<ConnectionProfile> saved = m_profiles->profileByName(QStringLiteral("Identity API"));
        QVERIFY(saved);
        QVERIFY(saved->kind == BackendKind::Rest);
        QCOMPARE(saved->baseUrl, QStringLiteral("https://identity.example:8443"));
        QCOMPARE(saved->user, QStringLiteral("dana"));
        QVERIFY(saved->caFile.isEmpty());
    }

    void testShowsWhyItFailed()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        retype(widget<QLineEdit>("nameLineEdit"), QStringLiteral("Nobody listens"));
        // Port 1 on the loopback interface: refused at once, no timeout to wait for.
        QTest::keyClicks(widget<QLineEdit>("hostLineEdit"), QStringLiteral("127.0.0.1"));
        retype(widget<QSpinBox>("portSpinBox"), QStringLiteral("1"));
        QTest::keyClicks(widget<QLineEdit>("databaseLineEdit"), QStringLiteral("identity"));
        QTest::keyClicks(widget<QLineEdit>("userLineEdit"), QStringLiteral("support"));
        auto* result = widget<QLabel>("testResultLabel");
        QTest::mouseClick(widget<QPushButton>("testButton"), Qt::LeftButton);
        const QString unavailable = DisplayFormat::errorMessage(makeError(ErrorKind::Unavailable));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(unavailable), 15000);
        QVERIFY(result->text().size() > unavailable.size()); // the driver's own words follow
    }

    void closingWhileTestingIsSafe()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        auto* kind = widget<QComboBox>("kindComboBox");
        kind->setCurrentIndex(kind->findData(int(BackendKind::Sqlite)));
        QTest::keyClicks(widget<QLineEdit>("sqlitePathLineEdit"), m_dir.filePath(QStringLiteral("closed.sqlite")));
        QTest::mouseClick(widget<QPushButton>("testButton"), Qt::LeftButton);
        // The dialog goes while the worker migrates the file (and the keychain is still being
        // asked): the answers must find nobody, and nothing may block or crash.
        m_dialog.reset();
        QTRY_VERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("closed.sqlite"))));
        QTest::qWait(500);
    }

    void postgresMissingFieldsKeepConnectDisabled()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        auto* kind = widget<QComboBox>("kindComboBox");
        kind->setCurrentIndex(kind->findData(int(BackendKind::PostgreSql)));
        auto* connectButton = widget<QPushButton>("connectButton");
        auto* validation = widget<QLabel>("validationLabel");
        QVERIFY(widget<QLineEdit>("hostLineEdit")->isVisible());
        QVERIFY(!widget<QLineEdit>("sqlitePathLineEdit")->isVisible());

        retype(widget<QLineEdit>("nameLineEdit"), QString());
        QVERIFY(!connectButton->isEnabled());
        QVERIFY(validation->isVisible());
        for (const QString& missing :
             {QStringLiteral("name"), QStringLiteral("host"), QStringLiteral("database"), QStringLiteral("user name")})
            QVERIFY2(validation->text().contains(missing), qPrintable(validation->text()));
        QVERIFY(!widget<QPushButton>("testButton")->isEnabled());

        // A name another profile has (in another case) is refused too.
        retype(widget<QLineEdit>("nameLineEdit"), QStringLiteral("local FILE"));
        QVERIFY(validation->text().contains(QStringLiteral("already named")));
        retype(widget<QLineEdit>("nameLineEdit"), QStringLiteral("Staging"));
        QVERIFY(!validation->text().contains(QStringLiteral("already named")));

        QTest::keyClicks(widget<QLineEdit>("hostLineEdit"), QStringLiteral("db.staging.test"));
        QVERIFY(!connectButton->isEnabled());
        QTest::keyClicks(widget<QLineEdit>("databaseLineEdit"), QStringLiteral("identity"));
        QVERIFY(!connectButton->isEnabled());
        QVERIFY(validation->text().contains(QStringLiteral("user name")));
        QTest::keyClicks(widget<QLineEdit>("userLineEdit"), QStringLiteral("support"));
        QVERIFY(connectButton->isEnabled());
        QVERIFY(!validation->isVisible());
        retype(widget<QLineEdit>("hostLineEdit"), QString());
        QVERIFY(!connectButton->isEnabled());
    }

    void keychainNoteShownOnce()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        auto* note = widget<QLabel>("keychainNoteLabel");
        auto* remember = widget<QCheckBox>("rememberPasswordCheckBox");
        // A new profile is PostgreSQL: the keychain is asked, and is not there.
        QTRY_VERIFY(note->isVisible());
        QCOMPARE(note->text(), keychainNote);
        QVERIFY(!remember->isEnabled());
        QVERIFY(!remember->isChecked());

        // Switching profiles neither repeats the note nor pops up anything.
        auto* list = widget<QListWidget>("profileListWidget");
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        selectRow(list, 0);
        selectRow(list, list->count() - 1);
        QTest::qWait(300);
        QVERIFY(note->isVisible());
        QCOMPARE(m_dialog->findChildren<QLabel*>(QStringLiteral("keychainNoteLabel")).size(), 1);
        QVERIFY(m_dialog->findChildren<QMessageBox*>().isEmpty());
        for (QWidget* window : QApplication::topLevelWidgets())
            QVERIFY(!window->isVisible() || window == m_dialog.get());
        QVERIFY(!remember->isEnabled());
        saveScreenshot(QStringLiteral("connection_dialog_postgresql.png"));
    }

    void connectEmitsTypedValues()
    {
        QTest::mouseClick(widget<QPushButton>("newProfileButton"), Qt::LeftButton);
        QTRY_VERIFY(widget<QLabel>("keychainNoteLabel")->isVisible());
        retype(widget<QLineEdit>("nameLineEdit"), QStringLiteral("Production replica"));
        auto* kind = widget<QComboBox>("kindComboBox");
        kind->setCurrentIndex(kind->findData(int(BackendKind::PostgreSql)));
        QTest::keyClicks(widget<QLineEdit>("hostLineEdit"), QStringLiteral("db.example.test"));
        retype(widget<QSpinBox>("portSpinBox"), QStringLiteral("6543"));
        QTest::keyClicks(widget<QLineEdit>("databaseLineEdit"), QStringLiteral("identity"));
        QTest::keyClicks(widget<QLineEdit>("userLineEdit"), QStringLiteral("support_ro"));
        const QString password = QStringLiteral("s3cret-Passw0rd!");
        QTest::keyClicks(widget<QLineEdit>("passwordLineEdit"), password);
        auto* ssl = widget<QComboBox>("sslModeComboBox");
        ssl->setCurrentIndex(ssl->findData(QStringLiteral("verify-full")));
        retype(widget<QLineEdit>("operatorLineEdit"), QStringLiteral("Alice Agent"));

        QSignalSpy requested(m_dialog.get(), &ConnectionDialog::connectRequested);
        QSignalSpy accepted(m_dialog.get(), &QDialog::accepted);
        QTest::mouseClick(widget<QPushButton>("connectButton"), Qt::LeftButton);
        QTRY_COMPARE(requested.size(), 1);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));

        const auto profile = requested.first().at(0).value<ConnectionProfile>();
        QCOMPARE(requested.first().at(1).toString(), password);
        QVERIFY(!profile.id.isNull());
        QCOMPARE(profile.name, QStringLiteral("Production replica"));
        QVERIFY(profile.kind == BackendKind::PostgreSql);
        QCOMPARE(profile.host, QStringLiteral("db.example.test"));
        QCOMPARE(profile.port, 6543);
        QCOMPARE(profile.database, QStringLiteral("identity"));
        QCOMPARE(profile.user, QStringLiteral("support_ro"));
        QCOMPARE(profile.sslMode, QStringLiteral("verify-full"));
        QCOMPARE(profile.operatorName, QStringLiteral("Alice Agent"));
        QVERIFY(!profile.isDemo);
        QVERIFY(widget<QLineEdit>("passwordLineEdit")->text().isEmpty());

        // Saved as emitted, and read back by a store over a fresh QSettings on the same file.
        QCOMPARE(m_profiles->profile(profile.id), std::optional<ConnectionProfile>(profile));
        m_settings->sync();
        QSettings reread(m_iniPath, QSettings::IniFormat);
        QCOMPARE(ProfileStore(&reread).profile(profile.id), std::optional<ConnectionProfile>(profile));

        // No password, not even under another name, anywhere in the file.
        QFile ini(m_iniPath);
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray contents = ini.readAll();
        QVERIFY(contents.contains("Production replica"));
        QVERIFY(!contents.contains(password.toUtf8()));
        QVERIFY(!contents.contains("s3cret"));
        QVERIFY(!contents.toLower().contains("password"));
    }

    void selectProfileSelects()
    {
        const std::optional<ConnectionProfile> local = m_profiles->profileByName(QStringLiteral("Local file"));
        QVERIFY(local);
        m_dialog->selectProfile(local->id);
        QCOMPARE(widget<QLineEdit>("nameLineEdit")->text(), QStringLiteral("Local file"));
        QCOMPARE(m_dialog->currentProfile().id, local->id);
        QVERIFY(widget<QPushButton>("deleteProfileButton")->isEnabled());
        m_dialog->selectProfile(QUuid::createUuid()); // unknown: nothing changes
        QCOMPARE(m_dialog->currentProfile().id, local->id);
    }

    void deleteAsksFirst()
    {
        const std::optional<ConnectionProfile> replica =
            m_profiles->profileByName(QStringLiteral("Production replica"));
        QVERIFY(replica);
        m_dialog->selectProfile(replica->id);
        auto* list = widget<QListWidget>("profileListWidget");
        const int count = list->count();

        QTest::mouseClick(widget<QPushButton>("deleteProfileButton"), Qt::LeftButton);
        auto* box = m_dialog->findChild<QMessageBox*>(QStringLiteral("deleteProfileMessageBox"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(m_profiles->profile(replica->id)); // nothing happens before the answer
        QTest::mouseClick(box->findChild<QPushButton*>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
        QVERIFY(!m_profiles->profile(replica->id));
        QCOMPARE(list->count(), count - 1);
        QVERIFY(m_dialog->currentProfile().id != replica->id);
        QVERIFY(!m_dialog->currentProfile().id.isNull());
    }

    void settingsDialogStoresLanguage()
    {
        QSettings settings(m_dir.filePath(QStringLiteral("language.ini")), QSettings::IniFormat);
        {
            SettingsDialog dialog(&settings);
            auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("languageComboBox"));
            QVERIFY(combo);
            QCOMPARE(combo->count(), 3);
            QCOMPARE(combo->itemText(2), QStringLiteral("Tiếng Việt"));
            QCOMPARE(combo->currentIndex(), 0);
            combo->setCurrentIndex(combo->findData(QStringLiteral("vi")));
            dialog.open();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            saveScreenshot(QStringLiteral("settings_dialog.png"), &dialog);
            QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        }
        QCOMPARE(settings.value(SettingsDialog::languageKey()).toString(), QStringLiteral("vi"));
        {
            SettingsDialog dialog(&settings);
            auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("languageComboBox"));
            QCOMPARE(combo->currentData().toString(), QStringLiteral("vi"));
            combo->setCurrentIndex(0);
            dialog.open();
            QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("okButton")), Qt::LeftButton);
        }
        QVERIFY(!settings.contains(SettingsDialog::languageKey()));
    }

    void passwordDialogAsks()
    {
        ConnectionProfile profile;
        profile.name = QStringLiteral("Production");
        profile.kind = BackendKind::PostgreSql;
        profile.host = QStringLiteral("db.example.test");
        profile.database = QStringLiteral("identity");
        profile.user = QStringLiteral("support");
        PasswordDialog dialog(profile);
        QSignalSpy entered(&dialog, &PasswordDialog::passwordEntered);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("promptLabel"))
                    ->text()
                    .contains(QStringLiteral("support@db.example.test/identity")));
        auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("okButton"));
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("passwordLineEdit")), QStringLiteral("pw"));
        saveScreenshot(QStringLiteral("password_dialog.png"), &dialog);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(entered.size(), 1);
        QCOMPARE(entered.first().at(1).toString(), QStringLiteral("pw"));
        QCOMPARE(dialog.password(), QStringLiteral("pw"));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

private:
    template <typename T>
    T* widget(const char* name) const
    {
        auto* found = m_dialog->findChild<T*>(QLatin1String(name));
        if (!found)
            qFatal("no widget %s", name);
        return found;
    }

    static void selectRow(QListWidget* list, int row)
    {
        const QRect rect = list->visualItemRect(list->item(row));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(list->currentRow(), row);
    }

    /// With IDC_SCREENSHOT_DIR set, keeps a picture of the dialog for a human to look at.
    void saveScreenshot(const QString& name, QWidget* window = nullptr) const
    {
        const QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY((window ? window : m_dialog.get())->grab().save(QDir(dir).filePath(name)));
    }

    QTemporaryDir m_dir;
    QString m_iniPath;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<ConnectionDialog> m_dialog;
    QUuid m_demoId;
};

// QTEST_MAIN, plus the environment set before QApplication exists: no D-Bus session bus, hence no
// keychain, whatever the developer's desktop offers; and offscreen when run by hand.
int main(int argc, char** argv)
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/idc-no-session-bus");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestConnectionDialog test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connection_dialog.moc"
