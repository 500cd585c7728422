#include "AccountActionDialog.h"
#include "CustomerDetailView.h"
#include "CustomerFixtures.h"
#include "MfaEnrollmentDialog.h"
#include "MfaPanel.h"
#include "RecoveryCodesWidget.h"
#include "SecretClipboard.h"
#include "TestBackend.h"
#include "Totp.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace idc;

/// The authenticator setup as a support agent walks a customer through it, in the customer
/// detail: the dialog's QR code, decoded from a screenshot by zbarimg, gives the otpauth URI;
/// oathtool computes the code from its secret; the console takes that code and the factor is
/// on. Wrong codes, the key's Copy button (the clipboard clears itself), the recovery codes
/// (copy, save, shown once), new codes and the reset follow. Run on SQLite and over REST.
class TestMfaView : public QObject
{
    Q_OBJECT

public:
    explicit TestMfaView(QString backend)
        : m_backendName(std::move(backend))
    {
    }

private slots:
    void initTestCase()
    {
        m_zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
        m_oathtool = QStandardPaths::findExecutable(QStringLiteral("oathtool"));
        if (m_zbarimg.isEmpty() || m_oathtool.isEmpty())
            QFAIL("zbarimg and oathtool are this test's independent checks (install-deps.sh installs zbar-tools "
                  "and oathtool)");
        SecretClipboard::setLifetime(std::chrono::milliseconds(400));
        m_testBackend = std::make_unique<test::TestBackend>(m_backendName);
        Status opened = m_testBackend->open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().detail));
        QVERIFY(test::insertFixtures(m_testBackend->direct().pool()).ok());
    }

    void init()
    {
        m_view = new CustomerDetailView(&m_testBackend->backend());
        m_view->resize(1300, 820);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
    }

    void cleanup()
    {
        delete m_view;
        m_view = nullptr;
    }

    void enrollByScanningTheScreenshot()
    {
        const Customer dao = test::fixtureCustomers().at(1);
        QVERIFY(!dao.mfaEnabled);
        show(dao);
        auto* panel = m_view->findChild<MfaPanel*>(QStringLiteral("mfaPanel"));
        QVERIFY(panel);
        QTRY_COMPARE(label(panel, "mfaStateLabel"), QStringLiteral("Off"));
        auto* setUp = panel->findChild<QPushButton*>(QStringLiteral("mfaSetUpButton"));
        QTRY_VERIFY(setUp->isEnabled());
        QVERIFY(!panel->findChild<QPushButton*>(QStringLiteral("mfaResetButton"))->isEnabled());

        QSignalSpy opened(panel, &MfaPanel::dialogOpened);
        QTest::mouseClick(setUp, Qt::LeftButton);
        QCOMPARE(opened.size(), 1);
        auto* dialog = qobject_cast<MfaEnrollmentDialog*>(opened.first().first().value<QDialog*>());
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* qr = dialog->findChild<QLabel*>(QStringLiteral("qrLabel"));
        QTRY_VERIFY(!qr->pixmap().isNull());
        QVERIFY(dialog->qrPixelsPerModule() >= 3);
        // Drawn 1:1 on device pixels, whole pixels per module: sharp at any scale.
        QCOMPARE(qr->pixmap().devicePixelRatio(), dialog->devicePixelRatioF());
        QCOMPARE(qr->pixmap().width() % dialog->qrPixelsPerModule(), 0);
        const QString shownKey = label(dialog, "keyLabel");
        QVERIFY(QRegularExpression(QStringLiteral("^([A-Z2-7]{4} )+[A-Z2-7]{4}$")).match(shownKey).hasMatch());
        QVERIFY(label(dialog, "accountLabel").contains(dao.email));

        // What a phone sees: the dialog's pixels, decoded by an independent reader.
        const QString shot = screenshot(QStringLiteral("mfa_enrollment_dialog_%1.png").arg(m_backendName), dialog);
        const QString uri = zbarDecode(shot);
        QVERIFY2(uri.startsWith(QStringLiteral("otpauth://totp/")), qPrintable(elided(uri)));
        const QUrl url(uri);
        const QUrlQuery query(url);
        const QString secret = query.queryItemValue(QStringLiteral("secret"));
        QCOMPARE(secret.size(), 32); // 160 bits in base32, no padding
        QCOMPARE(secret, QString(shownKey).remove(u' '));
        QCOMPARE(query.queryItemValue(QStringLiteral("issuer")), MfaPanel::defaultCustomerIssuer());
        QCOMPARE(query.queryItemValue(QStringLiteral("algorithm")), QStringLiteral("SHA1"));
        QCOMPARE(query.queryItemValue(QStringLiteral("digits")), QStringLiteral("6"));
        QCOMPARE(query.queryItemValue(QStringLiteral("period")), QStringLiteral("30"));
        QCOMPARE(url.path(QUrl::FullyDecoded),
                 QStringLiteral("/%1:%2").arg(MfaPanel::defaultCustomerIssuer(), dao.email));
        qInfo("decoded from the screenshot (%d device px per module, scale %.2f): %s", dialog->qrPixelsPerModule(),
              dialog->devicePixelRatioF(), qPrintable(elided(uri)));

        // The key's Copy button: on the clipboard, and off it again after the lifetime.
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("copyKeyButton")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), secret);
        QTRY_VERIFY_WITH_TIMEOUT(QGuiApplication::clipboard()->text().isEmpty(), 5000);

        // A wrong code is refused with the tries left.
        auto* code = dialog->findChild<QLineEdit*>(QStringLiteral("codeLineEdit"));
        auto* confirm = dialog->findChild<QPushButton*>(QStringLiteral("confirmButton"));
        const QString right = oathtoolCode(secret);
        QString wrong = right;
        wrong[0] = right[0] == u'9' ? u'0' : QChar(right[0].unicode() + 1);
        wrong[5] = right[5] == u'9' ? u'0' : QChar(right[5].unicode() + 1);
        QTest::keyClicks(code, wrong);
        QVERIFY(confirm->isEnabled());
        QTest::mouseClick(confirm, Qt::LeftButton);
        QTRY_VERIFY(label(dialog, "messageLabel").contains(QStringLiteral("not right")));
        QVERIFY(label(dialog, "messageLabel").contains(QStringLiteral("Tries left: 4")));
        screenshot(QStringLiteral("mfa_wrong_code_%1.png").arg(m_backendName), dialog);

        // oathtool's code, typed as apps show it ("123 456"), turns it on.
        code->clear();
        QTest::keyClicks(code, oathtoolCode(secret).insert(3, u' '));
        QTest::mouseClick(confirm, Qt::LeftButton);
        // Closing while the code is checked waits: the answer may bring recovery codes.
        dialog->reject();
        QVERIFY(dialog->isVisible());
        QTRY_VERIFY(dialog->isEnrolled());
        auto* codes = dialog->findChild<RecoveryCodesWidget*>();
        QVERIFY(codes);
        QStringList shown;
        for (int i = 0; i < recoveryCodeCount; ++i)
            shown << label(codes, qPrintable(QStringLiteral("recoveryCode%1").arg(i)));
        for (const QString& c : shown)
            QVERIFY2(QRegularExpression(QStringLiteral("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$")).match(c).hasMatch(),
                     qPrintable(c));
        screenshot(QStringLiteral("mfa_recovery_codes_%1.png").arg(m_backendName), dialog);

        // Shown once: copy (cleared again), save as text, and Close only once stored.
        auto* close = dialog->findChild<QPushButton*>(QStringLiteral("closeButton"));
        QVERIFY(!close->isEnabled());
        QTest::mouseClick(codes->findChild<QPushButton*>(QStringLiteral("copyCodesButton")), Qt::LeftButton);
        QVERIFY(QGuiApplication::clipboard()->text().contains(shown.first()));
        QTRY_VERIFY_WITH_TIMEOUT(QGuiApplication::clipboard()->text().isEmpty(), 5000);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("codes.txt"));
        QCOMPARE(codes->saveTo(file), QString());
        QFile saved(file);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(saved.readAll());
        for (const QString& c : shown)
            QVERIFY(text.contains(c));
        QVERIFY(text.contains(dao.email));
        QVERIFY(saved.permissions() & QFileDevice::ReadOwner);
        QVERIFY(!(saved.permissions() & QFileDevice::ReadOther));
        codes->findChild<QCheckBox*>(QStringLiteral("codesStoredCheckBox"))->setChecked(true);
        QVERIFY(close->isEnabled());
        QTest::mouseClick(close, Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());

        // The panel and the customer show it on; the backend agrees, and kept the step.
        QTRY_VERIFY(label(panel, "mfaStateLabel").contains(QStringLiteral("On")));
        QCOMPARE(label(panel, "mfaDetailLabel").left(8), QStringLiteral("10 of 10"));
        QTRY_VERIFY(label(m_view, "badgesLabel").contains(QStringLiteral("MFA on")));
        Result<MfaStatus> status = m_testBackend->backend().mfaStatus(MfaSubject::customer(dao.id)).result();
        QVERIFY(status.ok() && status->state == MfaState::On);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE action = 'mfa.confirm' AND "
                                       "customer_id = '%1'")
                            .arg(dao.id.toString(QUuid::WithoutBraces)))
                     .toInt(),
                 1);
        screenshot(QStringLiteral("mfa_panel_on_%1.png").arg(m_backendName), m_view);
        m_recoveryCodes = shown;
    }

    void newRecoveryCodesAndReset()
    {
        const Customer dao = test::fixtureCustomers().at(1);
        show(dao);
        auto* panel = m_view->findChild<MfaPanel*>(QStringLiteral("mfaPanel"));
        QTRY_VERIFY(label(panel, "mfaStateLabel").contains(QStringLiteral("On")));
        QVERIFY(!panel->findChild<QPushButton*>(QStringLiteral("mfaSetUpButton"))->isEnabled());

        QSignalSpy opened(panel, &MfaPanel::dialogOpened);
        auto* codesButton = panel->findChild<QPushButton*>(QStringLiteral("mfaCodesButton"));
        QTRY_VERIFY(codesButton->isEnabled());
        QTest::mouseClick(codesButton, Qt::LeftButton);
        QCOMPARE(opened.size(), 1);
        auto* question = qobject_cast<QMessageBox*>(opened.last().first().value<QDialog*>());
        QVERIFY(question);
        QVERIFY(question->text().contains(QStringLiteral("10 unused code")));
        QTest::mouseClick(question->findChild<QPushButton*>(QStringLiteral("makeCodesButton")), Qt::LeftButton);
        QTRY_COMPARE(opened.size(), 2);
        auto* codesDialog = opened.last().first().value<QDialog*>();
        auto* codes = codesDialog->findChild<RecoveryCodesWidget*>();
        QVERIFY(codes);
        const QString first = label(codes, "recoveryCode0");
        QVERIFY(!m_recoveryCodes.contains(first));
        codes->findChild<QCheckBox*>(QStringLiteral("codesStoredCheckBox"))->setChecked(true);
        QTest::mouseClick(codesDialog->findChild<QPushButton*>(QStringLiteral("closeButton")), Qt::LeftButton);
        QTRY_COMPARE(label(panel, "mfaMessageLabel"),
                     QStringLiteral("New recovery codes made; the old ones no longer work."));

        // The panel reloads the status after the new codes; its buttons wait for it.
        auto* resetButton = panel->findChild<QPushButton*>(QStringLiteral("mfaResetButton"));
        QTRY_VERIFY(resetButton->isEnabled());
        QTRY_COMPARE(label(panel, "mfaDetailLabel").left(8), QStringLiteral("10 of 10"));
        QTest::mouseClick(resetButton, Qt::LeftButton);
        QTRY_COMPARE(opened.size(), 3);
        auto* reset = qobject_cast<AccountActionDialog*>(opened.last().first().value<QDialog*>());
        QVERIFY(reset);
        auto* ok = reset->findChild<QPushButton*>(QStringLiteral("okButton"));
        QVERIFY(!ok->isEnabled()); // a reason is required
        QTest::keyClicks(reset->findChild<QLineEdit*>(QStringLiteral("reasonLineEdit")),
                         QStringLiteral("Lost phone; identity checked by video call"));
        screenshot(QStringLiteral("mfa_reset_dialog_%1.png").arg(m_backendName), reset);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE(label(panel, "mfaStateLabel"), QStringLiteral("Off"));
        QCOMPARE(label(panel, "mfaMessageLabel"), QStringLiteral("Authenticator reset."));
        QTRY_VERIFY(label(m_view, "badgesLabel").contains(QStringLiteral("MFA off")));
        QCOMPARE(scalar(QStringLiteral("SELECT reason FROM audit_events WHERE action = 'mfa.reset' AND customer_id = "
                                       "'%1'")
                            .arg(dao.id.toString(QUuid::WithoutBraces))),
                 QVariant(QStringLiteral("Lost phone; identity checked by video call")));
    }

    void fiveWrongCodesVoidTheSetup()
    {
        const Customer zoe = test::fixtureCustomers().at(8);
        show(zoe);
        auto* panel = m_view->findChild<MfaPanel*>(QStringLiteral("mfaPanel"));
        auto* setUp = panel->findChild<QPushButton*>(QStringLiteral("mfaSetUpButton"));
        QTRY_VERIFY(setUp->isEnabled());
        QSignalSpy opened(panel, &MfaPanel::dialogOpened);
        QTest::mouseClick(setUp, Qt::LeftButton);
        auto* dialog = qobject_cast<MfaEnrollmentDialog*>(opened.first().first().value<QDialog*>());
        QVERIFY(dialog);
        auto* code = dialog->findChild<QLineEdit*>(QStringLiteral("codeLineEdit"));
        QTRY_VERIFY(code->isVisible());
        const QString secret = QString(label(dialog, "keyLabel")).remove(u' ');
        const QByteArray raw = base32Decode(secret).value();
        QString wrong = QStringLiteral("000000");
        while (totpMatchStep(raw, wrong, QDateTime::currentSecsSinceEpoch(), 2))
            wrong = QString::number(wrong.toInt() + 111111);
        for (int attempt = 1; attempt <= mfaEnrollmentAttempts; ++attempt) {
            code->clear();
            QTest::keyClicks(code, wrong);
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("confirmButton")), Qt::LeftButton);
            if (attempt < mfaEnrollmentAttempts)
                QTRY_VERIFY(label(dialog, "messageLabel")
                                .contains(QStringLiteral("Tries left: %1").arg(mfaEnrollmentAttempts - attempt)));
        }
        QTRY_VERIFY(label(dialog, "mfaStatusLabel").contains(QStringLiteral("this setup is void")));
        auto* restart = dialog->findChild<QPushButton*>(QStringLiteral("restartButton"));
        QVERIFY(restart->isVisible());
        screenshot(QStringLiteral("mfa_void_%1.png").arg(m_backendName), dialog);
        QTest::mouseClick(restart, Qt::LeftButton);
        QTRY_VERIFY(!label(dialog, "keyLabel").isEmpty() && label(dialog, "keyLabel").remove(u' ') != secret &&
                    code->isVisible());
        dialog->reject();
        QTRY_VERIFY(label(panel, "mfaStateLabel").startsWith(QStringLiteral("Being set up")));
    }

    void anOperatorEnrollsTheirOwnLogin()
    {
        if (!m_testBackend->isRest())
            QSKIP("operators sign in to the API server only");
        // The panel and dialog of File → Your authenticator app…, for the signed-in operator.
        MfaPanel panel;
        panel.setBackend(&m_testBackend->backend());
        panel.setSubject(MfaSubject::signedInOperator(), test::TestBackend::adminName(),
                         QStringLiteral("Identity Console (127.0.0.1)"));
        panel.resize(560, 200);
        panel.show();
        QTRY_COMPARE(label(&panel, "mfaStateLabel"), QStringLiteral("Off"));
        QSignalSpy opened(&panel, &MfaPanel::dialogOpened);
        auto* setUp = panel.findChild<QPushButton*>(QStringLiteral("mfaSetUpButton"));
        QTRY_VERIFY(setUp->isEnabled());
        QTest::mouseClick(setUp, Qt::LeftButton);
        auto* dialog = qobject_cast<MfaEnrollmentDialog*>(opened.first().first().value<QDialog*>());
        QVERIFY(dialog);
        QTRY_VERIFY(!dialog->findChild<QLabel*>(QStringLiteral("qrLabel"))->pixmap().isNull());
        const QString uri =
            zbarDecode(screenshot(QStringLiteral("mfa_operator_enrollment_%1.png").arg(m_backendName), dialog));
        const QUrlQuery query{QUrl(uri)};
        QCOMPARE(QUrl(uri).path(QUrl::FullyDecoded),
                 QStringLiteral("/Identity Console (127.0.0.1):%1").arg(test::TestBackend::adminName()));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("codeLineEdit")),
                         oathtoolCode(query.queryItemValue(QStringLiteral("secret"))));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("confirmButton")), Qt::LeftButton);
        QTRY_VERIFY(dialog->isEnrolled());
        QTRY_VERIFY(label(&panel, "mfaStateLabel").contains(QStringLiteral("On")));
        // The server now asks this operator for a code at sign-in.
        RestBackend fresh(m_testBackend->server()->restProfile());
        Result<LoginGrant> passwordOnly =
            fresh.login(test::TestBackend::adminName(), test::TestBackend::adminPassword()).result();
        QVERIFY(!passwordOnly.ok());
        QVERIFY(passwordOnly.error().kind == ErrorKind::MfaRequired);
        dialog->findChild<QCheckBox*>(QStringLiteral("codesStoredCheckBox"))->setChecked(true);
        dialog->accept();
    }

private:
    void show(const Customer& customer)
    {
        m_view->showCustomer(customer.id);
        QTRY_COMPARE(label(m_view, "nameLabel"), customer.fullName);
    }

    static QString label(QObject* parent, const char* name)
    {
        auto* found = parent->findChild<QLabel*>(QString::fromLatin1(name));
        return found ? found->text() : QStringLiteral("<no %1>").arg(QString::fromLatin1(name));
    }

    /// The URI with its secret elided, for logs.
    static QString elided(QString uri)
    {
        return uri.replace(QRegularExpression(QStringLiteral("secret=[A-Z2-7]+")), QStringLiteral("secret=…"));
    }

    QString screenshot(const QString& name, QWidget* window)
    {
        QString dir = qEnvironmentVariable("IDC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = m_scratch.path();
        QDir().mkpath(dir);
        const QString path = QDir(dir).filePath(name);
        if (!window->grab().save(path))
            qWarning("cannot save %s", qPrintable(path));
        return path;
    }

    QString zbarDecode(const QString& png)
    {
        QProcess process;
        process.start(m_zbarimg, {QStringLiteral("--quiet"), QStringLiteral("--raw"), png});
        if (!process.waitForFinished(20000) || process.exitCode() != 0)
            return QStringLiteral("<zbarimg failed: %1>").arg(QString::fromUtf8(process.readAllStandardError()));
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

    QString oathtoolCode(const QString& base32Secret)
    {
        QProcess process;
        process.start(m_oathtool, {QStringLiteral("--totp"), QStringLiteral("-b"), base32Secret});
        if (!process.waitForFinished(10000) || process.exitCode() != 0)
            return {};
        return QString::fromLatin1(process.readAllStandardOutput()).trimmed();
    }

    QVariant scalar(const QString& sql)
    {
        return m_testBackend->direct()
            .pool()
            .run([sql](QSqlDatabase& db) -> Result<QVariant> {
                QSqlQuery query(db);
                if (!query.exec(sql) || !query.next())
                    return makeError(ErrorKind::Storage, sql);
                return query.value(0);
            })
            .result()
            .value();
    }

    QString m_backendName;
    std::unique_ptr<test::TestBackend> m_testBackend;
    CustomerDetailView* m_view = nullptr;
    QString m_zbarimg;
    QString m_oathtool;
    QTemporaryDir m_scratch;
    QStringList m_recoveryCodes;
};

int main(int argc, char** argv)
{
    const QString backend = test::TestDatabase::takeBackendArgument(argc, argv);
    QApplication app(argc, argv);
    TestMfaView test(backend);
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mfa_view.moc"
