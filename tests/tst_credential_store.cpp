// CredentialStore against a real Secret Service and against none. Which one is chosen by the
// wrapper the test runs under (IDC_TEST_KEYCHAIN):
//   tests/with-keychain.sh    → "available": a private, unlocked gnome-keyring on a private bus;
//                               every keychain call must succeed (the run fails, never skips,
//                               when the keyring does not work);
//   tests/without-keychain.sh → "unavailable": no D-Bus session bus at all; every call must end
//                               in KeychainUnavailable after exactly one retry, within seconds.
// Both give the test a fresh HOME, which is searched at the end for any file holding a password
// the test handed to the store.
#include "CredentialStore.h"
#include "SecretBox.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <qt6keychain/keychain.h>

#include <chrono>
#include <memory>

using namespace idc;
using namespace std::chrono_literals;

namespace {

enum class Mode
{
    Available,
    Unavailable
};

QtMessageHandler previousHandler = nullptr;
QAtomicInt retryMessages;

// Counts the store's "retrying" log lines, then lets Qt Test print the message as usual.
void countRetries(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (context.category && qstrcmp(context.category, "idc.keychain") == 0 &&
        message.contains(QStringLiteral("retrying")))
        retryMessages.ref();
    previousHandler(type, context, message);
}

template <typename T>
bool waitFor(const QFuture<T>& future, std::chrono::milliseconds timeout = 10s)
{
    return QTest::qWaitFor([&future] { return future.isFinished(); }, static_cast<int>(timeout.count()));
}

QByteArray describe(const Error& error)
{
    return QByteArray::number(static_cast<int>(error.kind)) + ": " + error.detail.toUtf8();
}

template <typename T>
QByteArray describe(const Result<T>& result)
{
    return result.ok() ? QByteArrayLiteral("ok") : describe(result.error());
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void keyIsNamespacedByProfile();
    void errorMapping_data();
    void errorMapping();
    void nullProfileIsInvalidInput();
    void destroyedStoreCancelsPendingCalls();

    // With a keychain.
    void writeReadOverwriteDelete_data();
    void writeReadOverwriteDelete();
    void profilesAndServicesAreSeparate();
    void mfaKeyRoundTrip();

    // Without one.
    void everyCallIsUnavailable();

    // Both; runs last.
    void noFileHoldsAPassword();

private:
    QString newPassword(const QString& flavour);

    Mode m_mode = Mode::Available;
    QString m_service;
    std::unique_ptr<CredentialStore> m_store;
    QStringList m_passwords; ///< every password handed to the store
    QList<QUuid> m_profiles; ///< every profile written to the keychain
};

void TestCredentialStore::initTestCase()
{
    const QString mode = qEnvironmentVariable("IDC_TEST_KEYCHAIN");
    if (mode == QStringLiteral("available"))
        m_mode = Mode::Available;
    else if (mode == QStringLiteral("unavailable"))
        m_mode = Mode::Unavailable;
    else // a run that tests neither case must not pass quietly
        QFAIL(
            "run under tests/with-keychain.sh or tests/without-keychain.sh (IDC_TEST_KEYCHAIN=available|unavailable)");

    // A service of its own per run: nothing collides with other runs or with the console itself.
    m_service = QStringLiteral("IdentityConsoleTest-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_store = std::make_unique<CredentialStore>(m_service);
    QCOMPARE(m_store->service(), m_service);
    QCOMPARE(m_store->retryDelay(), 500ms);
    qInfo("mode %s, service %s, HOME %s", qPrintable(mode), qPrintable(m_service),
          qPrintable(qEnvironmentVariable("HOME")));
}

void TestCredentialStore::cleanupTestCase()
{
    if (!m_store || m_mode != Mode::Available)
        return;
    for (const QUuid& profile : std::as_const(m_profiles))
        waitFor(m_store->deletePassword(profile));
}

QString TestCredentialStore::newPassword(const QString& flavour)
{
    // Unique per run, so finding it in a file can only mean this run wrote it there.
    const QString password = flavour + QUuid::createUuid().toString(QUuid::Id128);
    m_passwords.append(password);
    return password;
}

void TestCredentialStore::keyIsNamespacedByProfile()
{
    const QUuid profile = QUuid::fromString(QStringLiteral("{6f1c1c2e-8a43-4c3b-9d0e-3f7a2b1c4d5e}"));
    QCOMPARE(CredentialStore::keyFor(profile), QStringLiteral("profile/6f1c1c2e-8a43-4c3b-9d0e-3f7a2b1c4d5e/password"));
    QCOMPARE(CredentialStore(QStringLiteral("svc")).service(), QStringLiteral("svc"));
}

void TestCredentialStore::errorMapping_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<ErrorKind>("expected");

    // With no session bus the environment alone says "unavailable", whatever the message.
    const ErrorKind otherwise = m_mode == Mode::Unavailable ? ErrorKind::KeychainUnavailable : ErrorKind::Internal;
    const ErrorKind unavailable = ErrorKind::KeychainUnavailable;

    QTest::newRow("entry not found") << int(QKeychain::EntryNotFound) << QStringLiteral("No match")
                                     << ErrorKind::NotFound;
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << QStringLiteral("No keychain service available")
                                << unavailable;
    QTest::newRow("not implemented") << int(QKeychain::NotImplemented) << QString() << unavailable;
    QTest::newRow("locked") << int(QKeychain::AccessDenied) << QStringLiteral("Cannot get secret of a locked object")
                            << unavailable;
    QTest::newRow("prompt dismissed") << int(QKeychain::AccessDeniedByUser) << QString() << ErrorKind::Cancelled;
    QTest::newRow("could not delete") << int(QKeychain::CouldNotDeleteEntry) << QString() << ErrorKind::Internal;
    QTest::newRow("no bus socket") << int(QKeychain::OtherError)
                                   << QStringLiteral("Could not connect: No such file or directory") << unavailable;
    QTest::newRow("no display to autolaunch")
        << int(QKeychain::OtherError) << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY") << unavailable;
    QTest::newRow("no secret service") << int(QKeychain::OtherError)
                                       << QStringLiteral(
                                              "The name org.freedesktop.secrets was not provided by any .service files")
                                       << unavailable;
    QTest::newRow("no secret service, German")
        << int(QKeychain::OtherError)
        << QStringLiteral("Der Name org.freedesktop.secrets wurde von keiner .service-Datei bereitgestellt")
        << unavailable;
    QTest::newRow("kwallet not running")
        << int(QKeychain::OtherError)
        << QStringLiteral("Could not open wallet: org.freedesktop.DBus.Error.ServiceUnknown; no kwalletd")
        << unavailable;
    QTest::newRow("other") << int(QKeychain::OtherError) << QStringLiteral("Unknown error") << otherwise;
    QTest::newRow("no bus socket, German")
        << int(QKeychain::OtherError)
        << QStringLiteral("Verbindung konnte nicht hergestellt werden: Datei oder Verzeichnis nicht gefunden")
        << otherwise;
}

void TestCredentialStore::errorMapping()
{
    QFETCH(int, code);
    QFETCH(QString, message);
    QFETCH(ErrorKind, expected);

    const Error error = CredentialStore::errorFromKeychain(code, message);
    QCOMPARE(error.kind, expected);
    QCOMPARE(CredentialStore::isUnavailable(error), expected == ErrorKind::KeychainUnavailable);
    if (expected == ErrorKind::NotFound)
        QCOMPARE(error.detail, QStringLiteral("not set"));
    else
        QCOMPARE(error.detail, message);
}

void TestCredentialStore::nullProfileIsInvalidInput()
{
    const QFuture<Result<QString>> read = m_store->readPassword(QUuid());
    const QFuture<Status> write = m_store->writePassword(QUuid(), newPassword(QStringLiteral("null-")));
    const QFuture<Status> remove = m_store->deletePassword(QUuid());
    QVERIFY(read.isFinished() && write.isFinished() && remove.isFinished());
    QCOMPARE(read.result().error().kind, ErrorKind::InvalidInput);
    QCOMPARE(write.result().error().kind, ErrorKind::InvalidInput);
    QCOMPARE(remove.result().error().kind, ErrorKind::InvalidInput);
}

void TestCredentialStore::destroyedStoreCancelsPendingCalls()
{
    auto store = std::make_unique<CredentialStore>(m_service);
    const QFuture<Result<QString>> read = store->readPassword(QUuid::createUuid());
    const QFuture<Status> write = store->writePassword(QUuid::createUuid(), newPassword(QStringLiteral("orphan-")));
    store.reset();

    QVERIFY(read.isFinished() && read.isCanceled());
    QVERIFY(write.isFinished() && write.isCanceled());
    // The jobs still run to their end and delete themselves; nothing may crash meanwhile. The
    // written entry (if any) is the orphan's; the private keyring goes away with the wrapper.
    QTest::qWait(m_mode == Mode::Available ? 300 : 100);
}

void TestCredentialStore::writeReadOverwriteDelete_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");

    QTest::newRow("ascii") << newPassword(QStringLiteral("Tr0ub4dor&3-")) << newPassword(QStringLiteral("hunter2-"));
    QTest::newRow("unicode") << newPassword(QStringLiteral("\u00fc\u00df\u20ac \U0001F511 \u5bc6\u7801-"))
                             << newPassword(QStringLiteral("line\nbreak\ttab \"quote\" 'single' \\-"));
    QTest::newRow("long") << newPassword(QString(4096, QLatin1Char('x'))) << newPassword(QStringLiteral("short-"));
}

void TestCredentialStore::writeReadOverwriteDelete()
{
    if (m_mode != Mode::Available)
        QSKIP("needs a keychain (tests/with-keychain.sh)");
    QFETCH(QString, first);
    QFETCH(QString, second);
    const QUuid profile = QUuid::createUuid();
    m_profiles.append(profile);
    QElapsedTimer timer;
    timer.start();

    QFuture<Status> written = m_store->writePassword(profile, first);
    QVERIFY(waitFor(written));
    QVERIFY2(written.result().ok(), describe(written.result()).constData());

    QFuture<Result<QString>> read = m_store->readPassword(profile);
    QVERIFY(waitFor(read));
    QVERIFY2(read.result().ok(), describe(read.result()).constData());
    QCOMPARE(read.result().value(), first);

    written = m_store->writePassword(profile, second);
    QVERIFY(waitFor(written));
    QVERIFY2(written.result().ok(), describe(written.result()).constData());
    read = m_store->readPassword(profile);
    QVERIFY(waitFor(read));
    QVERIFY2(read.result().ok(), describe(read.result()).constData());
    QCOMPARE(read.result().value(), second);

    QFuture<Status> removed = m_store->deletePassword(profile);
    QVERIFY(waitFor(removed));
    QVERIFY2(removed.result().ok(), describe(removed.result()).constData());

    read = m_store->readPassword(profile);
    QVERIFY(waitFor(read));
    QVERIFY(!read.result().ok());
    QCOMPARE(read.result().error().kind, ErrorKind::NotFound);
    QCOMPARE(read.result().error().detail, QStringLiteral("not set"));
    QVERIFY(!CredentialStore::isUnavailable(read.result().error()));

    // Deleting what is not there is not an error.
    removed = m_store->deletePassword(profile);
    QVERIFY(waitFor(removed));
    QVERIFY2(removed.result().ok(), describe(removed.result()).constData());
    qInfo("write, read, overwrite, read, delete, read, delete: %lld ms", static_cast<long long>(timer.elapsed()));
}

void TestCredentialStore::profilesAndServicesAreSeparate()
{
    if (m_mode != Mode::Available)
        QSKIP("needs a keychain (tests/with-keychain.sh)");
    const QUuid a = QUuid::createUuid();
    const QUuid b = QUuid::createUuid();
    m_profiles << a << b;
    const QString passwordA = newPassword(QStringLiteral("a-"));
    const QString passwordB = newPassword(QStringLiteral("b-"));

    // Started together: the store must keep each answer with its own call.
    const QFuture<Status> writeA = m_store->writePassword(a, passwordA);
    const QFuture<Status> writeB = m_store->writePassword(b, passwordB);
    QVERIFY(waitFor(writeA) && waitFor(writeB));
    QVERIFY2(writeA.result().ok() && writeB.result().ok(),
             QByteArray(describe(writeA.result()) + describe(writeB.result())).constData());

    const QFuture<Result<QString>> readA = m_store->readPassword(a);
    const QFuture<Result<QString>> readB = m_store->readPassword(b);
    QVERIFY(waitFor(readA) && waitFor(readB));
    QCOMPARE(readA.result().value(), passwordA);
    QCOMPARE(readB.result().value(), passwordB);

    // The same profile under another service (another application) is another entry.
    CredentialStore otherService(m_service + QStringLiteral("-other"));
    const QFuture<Result<QString>> readOther = otherService.readPassword(a);
    QVERIFY(waitFor(readOther));
    QCOMPARE(readOther.result().error().kind, ErrorKind::NotFound);

    const QFuture<Status> removeA = m_store->deletePassword(a);
    QVERIFY(waitFor(removeA));
    const QFuture<Result<QString>> readBAgain = m_store->readPassword(b);
    QVERIFY(waitFor(readBAgain));
    QCOMPARE(readBAgain.result().value(), passwordB);
}

void TestCredentialStore::mfaKeyRoundTrip()
{
    if (m_mode != Mode::Available)
        QSKIP("needs a keychain (tests/with-keychain.sh)");
    const QUuid profile = QUuid::createUuid();
    m_profiles << profile;
    QCOMPARE(CredentialStore::mfaKeyKeyFor(profile),
             QStringLiteral("profile/%1/mfa-key").arg(profile.toString(QUuid::WithoutBraces)));

    const QFuture<Result<QByteArray>> none = m_store->readMfaKey(profile);
    QVERIFY(waitFor(none));
    QCOMPARE(none.result().error().kind, ErrorKind::NotFound);

    const QFuture<Status> tooShort = m_store->writeMfaKey(profile, QByteArray(16, 'k'));
    QVERIFY(waitFor(tooShort));
    QCOMPARE(tooShort.result().error().kind, ErrorKind::InvalidInput);

    const QByteArray key = generateSecretKey().value();
    m_passwords << QString::fromLatin1(key.toBase64());
    const QFuture<Status> written = m_store->writeMfaKey(profile, key);
    QVERIFY(waitFor(written));
    QVERIFY2(written.result().ok(), describe(written.result()).constData());
    const QFuture<Result<QByteArray>> read = m_store->readMfaKey(profile);
    QVERIFY(waitFor(read));
    QVERIFY2(read.result().ok(), describe(read.result()).constData());
    QCOMPARE(read.result().value(), key);

    // The password of the same profile is another entry.
    const QFuture<Result<QString>> password = m_store->readPassword(profile);
    QVERIFY(waitFor(password));
    QCOMPARE(password.result().error().kind, ErrorKind::NotFound);
}

void TestCredentialStore::everyCallIsUnavailable()
{
    if (m_mode != Mode::Unavailable)
        QSKIP("needs no keychain (tests/without-keychain.sh)");
    const QUuid profile = QUuid::createUuid();
    const QString password = newPassword(QStringLiteral("nowhere-"));

    retryMessages.storeRelaxed(0);
    previousHandler = qInstallMessageHandler(countRetries);
    QElapsedTimer timer;
    qint64 readMs = 0;
    qint64 writeMs = 0;
    qint64 deleteMs = 0;

    timer.start();
    const QFuture<Result<QString>> read = m_store->readPassword(profile);
    const bool readDone = waitFor(read, 5s);
    readMs = timer.restart();
    const QFuture<Status> write = m_store->writePassword(profile, password);
    const bool writeDone = waitFor(write, 5s);
    writeMs = timer.restart();
    const QFuture<Status> remove = m_store->deletePassword(profile);
    const bool deleteDone = waitFor(remove, 5s);
    deleteMs = timer.restart();

    // All three at once: QtKeychain runs them one after another, each with its one retry.
    const QFuture<Result<QString>> read2 = m_store->readPassword(profile);
    const QFuture<Status> write2 = m_store->writePassword(profile, password);
    const QFuture<Status> remove2 = m_store->deletePassword(profile);
    const bool allDone = waitFor(read2, 5s) && waitFor(write2, 5s) && waitFor(remove2, 5s);
    const qint64 togetherMs = timer.elapsed();
    qInstallMessageHandler(previousHandler);

    qInfo("read %lld ms, write %lld ms, delete %lld ms, all three at once %lld ms", readMs, writeMs, deleteMs,
          togetherMs);
    QVERIFY(readDone && writeDone && deleteDone && allDone);
    for (const Error& error : {read.result().error(), write.result().error(), remove.result().error(),
                               read2.result().error(), write2.result().error(), remove2.result().error()}) {
        QVERIFY2(CredentialStore::isUnavailable(error), describe(error).constData());
        QVERIFY(!error.detail.isEmpty());
    }
    qInfo("detail: %s", qPrintable(read.result().error().detail));
    // Exactly one delayed retry per call, then the error.
    QCOMPARE(retryMessages.loadRelaxed(), 6);
    for (const qint64 ms : {readMs, writeMs, deleteMs, togetherMs}) {
        QVERIFY2(ms >= 500, QByteArray::number(ms).constData());
        QVERIFY2(ms < 5000, QByteArray::number(ms).constData());
    }
}

void TestCredentialStore::noFileHoldsAPassword()
{
    // Only the wrappers set IDC_TEST_KEYCHAIN, and they give the test a fresh HOME and runtime
    // folder: everything below them was written by this run (and gnome-keyring for it).
    QVERIFY(!m_passwords.isEmpty());
    QList<QByteArray> needles;
    for (const QString& password : std::as_const(m_passwords)) {
        const QByteArray utf8 = password.toUtf8();
        needles << utf8 << utf8.toBase64()
                << QByteArray(reinterpret_cast<const char*>(password.utf16()), password.size() * 2);
    }

    int files = 0;
    for (const char* variable : {"HOME", "XDG_RUNTIME_DIR"}) {
        const QString root = qEnvironmentVariable(variable);
        QVERIFY2(!root.isEmpty() && QFileInfo(root).isDir(), variable);
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue; // sockets and the like
            ++files;
            const QByteArray contents = file.read(64 * 1024 * 1024);
            qInfo("%s: %s (%lld bytes)", variable, qPrintable(QDir(root).relativeFilePath(path)),
                  static_cast<long long>(contents.size()));
            for (const QByteArray& needle : std::as_const(needles))
                QVERIFY2(!contents.contains(needle), qPrintable(path));
        }
    }
    qInfo("%d files searched for %lld passwords", files, static_cast<long long>(m_passwords.size()));
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credential_store.moc"
