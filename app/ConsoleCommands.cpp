#include "ConsoleCommands.h"

#include "ApiJson.h"
#include "CredentialStore.h"
#include "DemoDataGenerator.h"
#include "DisplayFormat.h"
#include "ExportJob.h"
#include "ExportManifest.h"
#include "ProfileStore.h"
#include "RestBackend.h"
#include "SqlBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include <openssl/crypto.h>
#include <unistd.h>

namespace idc {
namespace {

const QStringList verbs{QStringLiteral("generate-demo"), QStringLiteral("search"), QStringLiteral("profiles"),
                        QStringLiteral("mfa-key"),       QStringLiteral("verify"), QStringLiteral("signing-key"),
                        QStringLiteral("export")};

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString& message)
{
    err() << QCoreApplication::translate("ConsoleCommands", "identity-console: %1").arg(message) << Qt::endl;
    return 1;
}

/// Parses a verb's arguments: the exit code when that already ends the verb (a parse error, or
/// --help printed), nullopt when the verb goes on.
std::optional<int> parseOrFinish(QCommandLineParser& parser, const QStringList& arguments)
{
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return 0;
    }
    return std::nullopt;
}

/// Runs the event loop until `future` is done (the verbs are short scripts around one call).
template <typename T>
T await(QFuture<T> future)
{
    QFutureWatcher<T> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    watcher.setFuture(future);
    if (!future.isFinished())
        QCoreApplication::exec();
    return future.result();
}

/// The password of a profile that needs one: from the keychain, else one line on stdin.
std::optional<QString> passwordFor(const ConnectionProfile& profile, bool fromStdin)
{
    if (!profile.needsPassword())
        return QString();
    if (!fromStdin) {
        CredentialStore credentials;
        Result<QString> stored = await(credentials.readPassword(profile.id));
        if (stored)
            return stored.value();
        err() << QCoreApplication::translate("ConsoleCommands",
                                             "No password in the keychain for “%1”; reading it from standard input.")
                     .arg(profile.name)
              << Qt::endl;
    }
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    return QString::fromStdString(line);
}

/// An open backend, and whether the verb signed in itself (then it signs out again when done).
struct OpenedBackend
{
    std::unique_ptr<IdentityBackend> backend;
    bool signedInHere = false;
    BackendInfo info;

    OpenedBackend(std::unique_ptr<IdentityBackend> b, bool signedIn)
        : backend(std::move(b))
        , signedInHere(signedIn)
    {
    }
    OpenedBackend(OpenedBackend&&) = default;
    ~OpenedBackend()
    {
        // A script's run leaves no live token behind on the server.
        if (signedInHere)
            await(static_cast<RestBackend&>(*backend).logout());
    }
};

/// An open backend for `profile`. A REST profile uses the token the console keeps in the keychain,
/// or with `passwordFromStdin` signs in as the profile's user with a password read from stdin.
Result<std::shared_ptr<OpenedBackend>> openBackend(const ConnectionProfile& profile, bool passwordFromStdin)
{
    if (profile.kind == BackendKind::Rest) {
        RestBackend::Options options;
        options.holdOnExpiredToken = false; // nobody is there to sign in again
        auto rest = std::make_unique<RestBackend>(profile, options);
        bool signedIn = false;
        Result<QString> token = makeError(ErrorKind::NotFound);
        if (!passwordFromStdin)
            token = await(CredentialStore().readToken(profile.id));
        if (token) {
            rest->setToken(token->toLatin1());
        } else {
            if (!passwordFromStdin)
                err() << QCoreApplication::translate("ConsoleCommands",
                                                     "Not signed in to “%1”; reading the password of %2 from "
                                                     "standard input.")
                             .arg(profile.name, profile.user)
                      << Qt::endl;
            std::string line;
            if (!std::getline(std::cin, line))
                return makeError(ErrorKind::Unauthorized, QStringLiteral("no password given"));
            QString password = QString::fromStdString(line);
            OPENSSL_cleanse(line.data(), line.size());
            Result<LoginGrant> grant = await(rest->login(profile.user, password));
            password.fill(u'\0');
            if (!grant)
                return grant.error();
            signedIn = true;
        }
        auto opened = std::make_shared<OpenedBackend>(std::move(rest), signedIn);
        Result<BackendInfo> info = await(opened->backend->open());
        if (!info)
            return info.error();
        opened->info = *info;
        return opened;
    }
    const std::optional<QString> password = passwordFor(profile, passwordFromStdin);
    if (!password)
        return makeError(ErrorKind::Unauthorized, QStringLiteral("no password given"));
    auto sql = std::make_unique<SqlBackend>(profile, *password);
    Result<BackendInfo> info = await(sql->open());
    if (!info)
        return info.error();
    auto opened = std::make_shared<OpenedBackend>(std::move(sql), false);
    opened->info = *info;
    return opened;
}

std::optional<ConnectionProfile> profileNamed(const QString& name)
{
    ProfileStore profiles;
    if (name.isEmpty()) {
        if (auto last = profiles.profile(profiles.lastUsed()))
            return last;
        return profiles.demoProfile();
    }
    return profiles.profileByName(name);
}

int generateDemo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ConsoleCommands", "Fills an empty database with the deterministic demo data set."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("generate-demo"), QString());
    QCommandLineOption outOption(QStringLiteral("out"),
                                 QCoreApplication::translate("ConsoleCommands", "New SQLite file to create."),
                                 QStringLiteral("file"));
    QCommandLineOption profileOption(QStringLiteral("profile"),
                                     QCoreApplication::translate("ConsoleCommands", "Fill this profile's database."),
                                     QStringLiteral("name"));
    QCommandLineOption customersOption(QStringLiteral("customers"),
                                       QCoreApplication::translate("ConsoleCommands", "Number of customers."),
                                       QStringLiteral("n"), QStringLiteral("20000"));
    QCommandLineOption eventsOption(QStringLiteral("login-events"),
                                    QCoreApplication::translate("ConsoleCommands", "Number of login events."),
                                    QStringLiteral("n"));
    QCommandLineOption seedOption(QStringLiteral("seed"),
                                  QCoreApplication::translate("ConsoleCommands", "Random seed."), QStringLiteral("n"));
    QCommandLineOption stdinOption(QStringLiteral("password-stdin"),
                                   QCoreApplication::translate("ConsoleCommands", "Read the password from stdin."));
    parser.addOptions({outOption, profileOption, customersOption, eventsOption, seedOption, stdinOption});
    if (const std::optional<int> done = parseOrFinish(parser, arguments))
        return *done;

    ConnectionProfile profile;
    if (parser.isSet(outOption)) {
        if (QFile::exists(parser.value(outOption)))
            return fail(
                QCoreApplication::translate("ConsoleCommands", "%1 exists already").arg(parser.value(outOption)));
        profile.kind = BackendKind::Sqlite;
        profile.sqlitePath = parser.value(outOption);
    } else if (auto named = profileNamed(parser.value(profileOption)); named && parser.isSet(profileOption)) {
        profile = *named;
    } else {
        return fail(QCoreApplication::translate("ConsoleCommands", "say where: --out FILE or --profile NAME"));
    }
    const std::optional<QString> password = passwordFor(profile, parser.isSet(stdinOption));
    if (!password)
        return fail(QCoreApplication::translate("ConsoleCommands", "no password given"));

    DemoDataOptions options;
    bool ok = true;
    options.customers = parser.value(customersOption).toInt(&ok);
    if (!ok || options.customers < 1)
        return fail(QCoreApplication::translate("ConsoleCommands", "--customers needs a positive number"));
    if (parser.isSet(eventsOption))
        options.loginEvents = parser.value(eventsOption).toInt();
    if (parser.isSet(seedOption))
        options.seed = parser.value(seedOption).toULongLong();

    SqlConnectionPool pool(profile, *password, 1);
    QElapsedTimer timer;
    timer.start();
    QFuture<Result<DemoDataSummary>> future = DemoDataGenerator::start(pool, options);
    QFutureWatcher<Result<DemoDataSummary>> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::progressValueChanged, &watcher, [&watcher](int value) {
        err() << QStringLiteral("\r%1% %2").arg(value, 3).arg(watcher.progressText(), -20) << Qt::flush;
    });
    const Result<DemoDataSummary> summary = await(future);
    err() << Qt::endl;
    if (!summary)
        return fail(DisplayFormat::errorMessage(summary.error()));
    out() << QCoreApplication::translate(
                 "ConsoleCommands", "%1 customers, %2 addresses, %3 devices, %4 sessions, %5 login events, %6 audit "
                                    "events in %7 s")
                 .arg(summary->customers)
                 .arg(summary->addresses)
                 .arg(summary->devices)
                 .arg(summary->sessions)
                 .arg(summary->loginEvents)
                 .arg(summary->auditEvents)
                 .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
          << Qt::endl;
    return 0;
}

int search(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("ConsoleCommands", "Prints the customers matching TEXT, tab-separated."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("search"), QString());
    parser.addPositionalArgument(
        QStringLiteral("text"), QCoreApplication::translate("ConsoleCommands", "Part of a name, e-mail, phone or id."));
    QCommandLineOption profileOption(QStringLiteral("profile"),
                                     QCoreApplication::translate("ConsoleCommands", "Profile to search."),
                                     QStringLiteral("name"));
    QCommandLineOption limitOption(QStringLiteral("limit"),
                                   QCoreApplication::translate("ConsoleCommands", "Rows at most."), QStringLiteral("n"),
                                   QStringLiteral("50"));
    QCommandLineOption stdinOption(QStringLiteral("password-stdin"),
                                   QCoreApplication::translate("ConsoleCommands", "Read the password from stdin."));
    parser.addOptions({profileOption, limitOption, stdinOption});
    if (const std::optional<int> done = parseOrFinish(parser, arguments))
        return *done;
    const std::optional<ConnectionProfile> profile = profileNamed(parser.value(profileOption));
    if (!profile)
        return fail(QCoreApplication::translate("ConsoleCommands", "no such profile; see `identity-console profiles`"));
    Result<std::shared_ptr<OpenedBackend>> opened = openBackend(*profile, parser.isSet(stdinOption));
    if (!opened)
        return fail(DisplayFormat::errorMessage(opened.error()));
    IdentityBackend& backend = *opened.value()->backend;
    CustomerQuery query;
    query.text = parser.positionalArguments().mid(1).join(u' ');
    Result<CustomerPage> page =
        await(backend.searchCustomers(query, {}, qBound(1, parser.value(limitOption).toInt(), 500)));
    if (!page)
        return fail(DisplayFormat::errorMessage(page.error()));
    for (const Customer& c : page->items) {
        out() << c.id.toString(QUuid::WithoutBraces) << u'\t' << c.fullName << u'\t'
              << DisplayFormat::maskedEmail(c.email) << u'\t' << c.country << u'\t' << toString(c.status) << Qt::endl;
    }
    return 0;
}

int listProfiles()
{
    ProfileStore profiles;
    const QUuid last = profiles.lastUsed();
    for (const ConnectionProfile& p : profiles.profiles()) {
        QString where = p.kind == BackendKind::Sqlite
                            ? p.sqlitePath
                            : QStringLiteral("%1@%2:%3/%4").arg(p.user, p.host).arg(p.port).arg(p.database);
        if (p.kind == BackendKind::Rest)
            where = p.baseUrl;
        out() << (p.id == last ? u'*' : u' ') << u' ' << p.name << u'\t' << toString(p.kind) << u'\t' << where
              << Qt::endl;
    }
    return 0;
}

/// `mfa-key export|import`: the key that seals a direct profile's MFA secrets, as 64 hex digits
/// (the format of the API server's --mfa-key-file), so that other consoles and the server of the
/// same database can open them.
int mfaKey(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ConsoleCommands", "Prints (export) or replaces (import, from one line on stdin) the key in the keychain "
                           "that seals a database profile's MFA secrets, as 64 hexadecimal digits."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("mfa-key"), QString());
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("export | import"));
    QCommandLineOption profileOption(QStringLiteral("profile"),
                                     QCoreApplication::translate("ConsoleCommands", "Database profile."),
                                     QStringLiteral("name"));
    QCommandLineOption forceOption(
        QStringLiteral("force"),
        QCoreApplication::translate("ConsoleCommands", "Import even over another key (what it sealed stops opening)."));
    parser.addOptions({profileOption, forceOption});
    if (const std::optional<int> done = parseOrFinish(parser, arguments))
        return *done;
    const QString action = parser.positionalArguments().value(1);
    if (action != u"export" && action != u"import")
        return fail(QCoreApplication::translate("ConsoleCommands", "say export or import"));
    const std::optional<ConnectionProfile> profile = profileNamed(parser.value(profileOption));
    if (!profile)
        return fail(QCoreApplication::translate("ConsoleCommands", "no such profile; see `identity-console profiles`"));
    if (profile->kind == BackendKind::Rest)
        return fail(QCoreApplication::translate("ConsoleCommands",
                                                "“%1” is an API profile: the server keeps its own key (--mfa-key-file)")
                        .arg(profile->name));
    CredentialStore credentials;
    if (action == u"export") {
        Result<QByteArray> key = await(credentials.readMfaKey(profile->id));
        if (!key && key.error().kind == ErrorKind::NotFound)
            return fail(QCoreApplication::translate("ConsoleCommands",
                                                    "the keychain holds no MFA key for “%1” yet (the console makes "
                                                    "one when it first opens the profile)")
                            .arg(profile->name));
        if (!key)
            return fail(DisplayFormat::errorMessage(key.error()));
        out() << QString::fromLatin1(key->toHex()) << Qt::endl;
        OPENSSL_cleanse(key.value().data(), size_t(key->size()));
        return 0;
    }
    std::string line;
    if (!std::getline(std::cin, line))
        return fail(QCoreApplication::translate("ConsoleCommands", "no key given on standard input"));
    const QByteArray text = QByteArray::fromStdString(line).trimmed();
    OPENSSL_cleanse(line.data(), line.size());
    QByteArray key = QByteArray::fromHex(text);
    if (text.size() != 64 || key.size() != 32 || key.toHex() != text.toLower())
        return fail(QCoreApplication::translate("ConsoleCommands", "a key is 64 hexadecimal digits"));
    // Replacing a different key orphans what it sealed: only on purpose.
    Result<QByteArray> current = await(credentials.readMfaKey(profile->id));
    if (current && current.value() != key && !parser.isSet(forceOption)) {
        OPENSSL_cleanse(key.data(), size_t(key.size()));
        OPENSSL_cleanse(current.value().data(), size_t(current->size()));
        return fail(QCoreApplication::translate("ConsoleCommands",
                                                "the keychain holds another MFA key for “%1”; secrets it sealed would "
                                                "no longer open. Add --force to replace it anyway")
                        .arg(profile->name));
    }
    if (current)
        OPENSSL_cleanse(current.value().data(), size_t(current->size()));
    Status written = await(credentials.writeMfaKey(profile->id, key));
    OPENSSL_cleanse(key.data(), size_t(key.size()));
    if (!written)
        return fail(DisplayFormat::errorMessage(written.error()));
    err() << QCoreApplication::translate("ConsoleCommands", "MFA key of “%1” replaced.").arg(profile->name) << Qt::endl;
    return 0;
}

/// `verify MANIFEST [--trusted-key PEM]`: checks an export against its signed manifest.
int verify(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ConsoleCommands", "Checks an export against its manifest: the file's SHA-256 and size, and the Ed25519 "
                           "signature over every field of the manifest."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("verify"), QString());
    parser.addPositionalArgument(QStringLiteral("manifest"),
                                 QCoreApplication::translate("ConsoleCommands", "The manifest beside the export."));
    QCommandLineOption trustedOption(
        QStringLiteral("trusted-key"),
        QCoreApplication::translate("ConsoleCommands",
                                    "PEM file of the public key the export must be signed with "
                                    "(`identity-console signing-key export` of whoever exported it)."),
        QStringLiteral("pem"));
    parser.addOption(trustedOption);
    if (const std::optional<int> done = parseOrFinish(parser, arguments))
        return *done;
    const QString manifestPath = parser.positionalArguments().value(1);
    if (manifestPath.isEmpty())
        return fail(QCoreApplication::translate("ConsoleCommands", "name the manifest to verify"));
    QByteArray trusted;
    if (parser.isSet(trustedOption)) {
        QFile pem(parser.value(trustedOption));
        if (!pem.open(QIODevice::ReadOnly))
            return fail(QCoreApplication::translate("ConsoleCommands", "cannot read %1: %2")
                            .arg(pem.fileName(), pem.errorString()));
        Result<QByteArray> key = publicKeyFromPem(QString::fromLatin1(pem.readAll()));
        if (!key)
            return fail(QCoreApplication::translate("ConsoleCommands", "%1 is not an Ed25519 public key: %2")
                            .arg(pem.fileName(), key.error().detail));
        trusted = key.value();
    }
    const ManifestCheck check = verifyManifest(manifestPath, trusted);
    if (!check.ok) {
        for (const QString& problem : check.problems)
            err() << QCoreApplication::translate("ConsoleCommands", "identity-console: verify: %1").arg(problem)
                  << Qt::endl;
        return 1;
    }
    Result<ExportManifest> manifest = [&]() -> Result<ExportManifest> {
        QFile file(manifestPath);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorKind::FileAccess, file.errorString());
        return manifestFromJson(file.readAll());
    }();
    if (!manifest)
        return fail(manifest.error().detail);
    out() << QCoreApplication::translate("ConsoleCommands",
                                         "verified: %1, %2 rows, %3 bytes, SHA-256 %4, signed by key %5%6")
                 .arg(manifest->file)
                 .arg(manifest->rows)
                 .arg(manifest->bytes)
                 .arg(manifest->sha256)
                 .arg(keyFingerprint(QByteArray::fromBase64(manifest->publicKey.toLatin1())),
                      trusted.isEmpty() ? QString()
                                        : QCoreApplication::translate("ConsoleCommands", " (the trusted key)"))
          << Qt::endl;
    return 0;
}

/// `signing-key export`: the public half of this user's export signing key, as PEM; the key is
/// made (and kept in the keychain) when there is none yet.
int signingKey(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ConsoleCommands", "Prints the public key that signs your exports (PEM), for whoever verifies them."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("signing-key"), QString());
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("export"));
    if (const std::optional<int> done = parseOrFinish(parser, arguments))
        return *done;
    if (parser.positionalArguments().value(1) != u"export")
        return fail(QCoreApplication::translate("ConsoleCommands", "say export"));
    CredentialStore credentials;
    Result<SigningKey> key = loadOrCreateSigningKey(
        [&] { return await(credentials.readSigningKey()); },
        [&](const QByteArray& private32) { return await(credentials.writeSigningKey(private32)); });
    if (!key)
        return fail(DisplayFormat::errorMessage(key.error()));
    out() << publicKeyPem(key->publicKey32);
    key.value().wipe();
    return 0;
}

/// The filter names each list accepts: the query parameters of its API operation.
QStringList filterNames(ExportKind kind)
{
    switch (kind) {
    case ExportKind::Customers:
        return {QStringLiteral("q"),
                QStringLiteral("status"),
                QStringLiteral("tier"),
                QStringLiteral("country"),
                QStringLiteral("mfa"),
                QStringLiteral("locked"),
                QStringLiteral("created_from"),
                QStringLiteral("created_to"),
                QStringLiteral("sort"),
                QStringLiteral("order")};
    case ExportKind::Sessions:
        return {QStringLiteral("customer_id"),  QStringLiteral("customer_email"), QStringLiteral("active"),
                QStringLiteral("ip"),           QStringLiteral("country"),        QStringLiteral("device_type"),
                QStringLiteral("created_from"), QStringLiteral("created_to")};
    case ExportKind::LoginEvents:
        return {QStringLiteral("customer_id"),
                QStringLiteral("success"),
                QStringLiteral("failure_reason"),
                QStringLiteral("ip"),
                QStringLiteral("country"),
                QStringLiteral("from"),
                QStringLiteral("to"),
                QStringLiteral("flags"),
                QStringLiteral("travel_kmh"),
                QStringLiteral("burst_failures"),
                QStringLiteral("burst_minutes")};
    case ExportKind::AuditEvents:
        return {QStringLiteral("customer_id"), QStringLiteral("actor"), QStringLiteral("action"),
                QStringLiteral("resource_id"), QStringLiteral("from"),  QStringLiteral("to")};
    case ExportKind::CustomerReport:
        break;
    }
    return {};
}

/// The request's filter from `--filter NAME=VALUE` options, read as the API reads its query.
Status applyFilters(ExportRequest& request, const QStringList& filters)
{
    QUrlQuery query;
    const QStringList known = filterNames(request.kind);
    for (const QString& filter : filters) {
        const qsizetype equals = filter.indexOf(u'=');
        const QString name = filter.left(equals).trimmed();
        if (equals <= 0 || !known.contains(name))
            return makeError(ErrorKind::InvalidInput,
                             QCoreApplication::translate("ConsoleCommands", "unknown filter “%1”; %2 takes %3")
                                 .arg(filter, toString(request.kind), known.join(QStringLiteral(", "))));
        query.addQueryItem(name, filter.mid(equals + 1));
    }
    const auto take = [](auto parsed, auto& into) -> Status {
        if (!parsed)
            return parsed.error();
        into = *parsed;
        return Done{};
    };
    switch (request.kind) {
    case ExportKind::Customers:
        return take(api::customerQueryFromUrlQuery(query), request.customers);
    case ExportKind::Sessions:
        // Every session unless the filter says otherwise: an export is for the record.
        if (!query.hasQueryItem(QStringLiteral("active")))
            query.addQueryItem(QStringLiteral("active"), QStringLiteral("false"));
        return take(api::sessionQueryFromUrlQuery(query), request.sessions);
    case ExportKind::LoginEvents:
        return take(api::loginEventQueryFromUrlQuery(query), request.loginEvents);
    case ExportKind::AuditEvents:
        return take(api::auditQueryFromUrlQuery(query), request.auditEvents);
    case ExportKind::CustomerReport:
        if (!filters.isEmpty())
            return makeError(
                ErrorKind::InvalidInput,
                QCoreApplication::translate("ConsoleCommands", "a customer report takes --customer ID, not filters"));
        return Done{};
    }
    return Done{};
}

/// The signal (SIGINT, SIGTERM, SIGHUP) that interrupted an export, 0 while none did: the export
/// is cancelled and its .part file removed. A second signal ends the process at once.
std::atomic_int interruptedBy = 0;

void onInterrupt(int signal)
{
    interruptedBy = signal;
    std::signal(signal, SIG_DFL);
}

/// "1,234,567" (digits grouped as the C locale's English does, for logs read by anyone).
QString grouped(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

/// `export KIND [filters] --format F --out FILE`: a streamed, signed export for scripts and cron.
int exportData(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ConsoleCommands",
        "Exports a list (customers, sessions, login-events, audit-events) as CSV or JSON Lines, or one customer's "
        "data report (customer-report) as JSON or PDF. The file is written as FILE.part and renamed when complete; "
        "FILE.manifest.json beside it holds its SHA-256, signed with your key (see `identity-console verify`). "
        "The export is recorded in the audit trail."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("export"), QString());
    parser.addPositionalArgument(QStringLiteral("what"),
                                 QStringLiteral("customers|sessions|login-events|audit-events|customer-report"));
    QCommandLineOption formatOption(
        QStringLiteral("format"),
        QCoreApplication::translate("ConsoleCommands", "csv or jsonl for a list, json or pdf for a customer report."),
        QStringLiteral("format"));
    QCommandLineOption outOption(QStringLiteral("out"),
                                 QCoreApplication::translate("ConsoleCommands", "The file to write."),
                                 QStringLiteral("file"));
    QCommandLineOption profileOption(QStringLiteral("profile"),
                                     QCoreApplication::translate("ConsoleCommands", "Profile to export from."),
                                     QStringLiteral("name"));
    QCommandLineOption filterOption(
        QStringLiteral("filter"),
        QCoreApplication::translate("ConsoleCommands",
                                    "A filter, as the API's query parameter (repeatable), e.g. country=DE, "
                                    "from=2026-11-01T00:00:00Z, flags=failure_burst."),
        QStringLiteral("name=value"));
    QCommandLineOption customerOption(QStringLiteral("customer"),
                                      QCoreApplication::translate("ConsoleCommands", "The customer of a report."),
                                      QStringLiteral("id"));
    QCommandLineOption bomOption(
        QStringLiteral("bom"),
        QCoreApplication::translate("ConsoleCommands", "Start a CSV file with a UTF-8 byte order mark."));
    QCommandLineOption quietOption(QStringLiteral("quiet"),
                                   QCoreApplication::translate("ConsoleCommands", "No progress on the terminal."));
    QCommandLineOption stdinOption(QStringLiteral("password-stdin"),
                                   QCoreApplication::translate("ConsoleCommands", "Read the password from stdin."));
    parser.addOptions(
        {formatOption, outOption, profileOption, filterOption, customerOption, bomOption, quietOption, stdinOption});
    if (const std::optional<int> done = parseOrFinish(parser, arguments))
        return *done;

    ExportRequest request;
    const std::optional<ExportKind> kind = exportKindFromString(parser.positionalArguments().value(1));
    if (!kind)
        return fail(QCoreApplication::translate(
            "ConsoleCommands",
            "say what to export: customers, sessions, login-events, audit-events or customer-report"));
    request.kind = *kind;
    const QString formatName =
        parser.isSet(formatOption)
            ? parser.value(formatOption)
            : (*kind == ExportKind::CustomerReport ? QStringLiteral("json") : QStringLiteral("csv"));
    const std::optional<ExportFormat> format = exportFormatFromString(formatName);
    if (!format || !formatSuits(*kind, *format))
        return fail(QCoreApplication::translate("ConsoleCommands", "%1 is exported as %2, not as “%3”")
                        .arg(toString(*kind),
                             *kind == ExportKind::CustomerReport ? QStringLiteral("json or pdf")
                                                                 : QStringLiteral("csv or jsonl"),
                             formatName));
    request.format = *format;
    request.byteOrderMark = parser.isSet(bomOption);
    if (!parser.isSet(outOption) || parser.value(outOption).isEmpty())
        return fail(QCoreApplication::translate("ConsoleCommands", "say where to write: --out FILE"));
    request.path = QFileInfo(parser.value(outOption)).absoluteFilePath();
    if (!QFileInfo(QFileInfo(request.path).absolutePath()).isDir())
        return fail(
            QCoreApplication::translate("ConsoleCommands", "no folder %1").arg(QFileInfo(request.path).absolutePath()));
    if (*kind == ExportKind::CustomerReport) {
        request.customerId = QUuid::fromString(parser.value(customerOption));
        if (request.customerId.isNull())
            return fail(QCoreApplication::translate("ConsoleCommands", "a customer report needs --customer ID"));
    } else if (parser.isSet(customerOption)) {
        return fail(QCoreApplication::translate("ConsoleCommands", "--customer is for customer-report; filter lists "
                                                                   "with --filter customer_id=ID"));
    }
    if (Status filtered = applyFilters(request, parser.values(filterOption)); !filtered)
        return fail(filtered.error().detail);

    const std::optional<ConnectionProfile> profile = profileNamed(parser.value(profileOption));
    if (!profile)
        return fail(QCoreApplication::translate("ConsoleCommands", "no such profile; see `identity-console profiles`"));
    Result<std::shared_ptr<OpenedBackend>> opened = openBackend(*profile, parser.isSet(stdinOption));
    if (!opened)
        return fail(DisplayFormat::errorMessage(opened.error()));
    request.profileName = profile->name;
    request.backend = opened.value()->info;
    request.operatorName = profile->kind == BackendKind::Rest
                               ? profile->user
                               : static_cast<SqlBackend&>(*opened.value()->backend).profileActor().name;

    CredentialStore credentials;
    ExportJob job(opened.value()->backend.get(), &credentials, request);
    const bool showProgress = !parser.isSet(quietOption) && ::isatty(STDERR_FILENO);
    QObject::connect(&job, &ExportJob::progressed, &job, [showProgress](const ExportProgress& p) {
        if (!showProgress)
            return;
        QString line = p.expectedRows >= 0
                           ? QCoreApplication::translate("ConsoleCommands", "%1 of %2 rows")
                                 .arg(grouped(p.rows), grouped(p.expectedRows))
                           : QCoreApplication::translate("ConsoleCommands", "%1 rows").arg(grouped(p.rows));
        line += QStringLiteral(" · ") +
                QCoreApplication::translate("ConsoleCommands", "%1 rows/s").arg(grouped(qint64(p.rowsPerSecond)));
        if (p.secondsLeft >= 0)
            line += QStringLiteral(" · ") + QCoreApplication::translate("ConsoleCommands", "%1 left")
                                                .arg(DisplayFormat::clockDuration(p.secondsLeft));
        err() << "\r\033[K" << line << Qt::flush;
    });
    interruptedBy = 0;
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        std::signal(signal, onInterrupt);
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, &job, [&job] {
        if (interruptedBy != 0)
            job.cancel();
    });
    watch.start(100);
    Result<ExportOutcome> outcome = await(job.start());
    watch.stop();
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        std::signal(signal, SIG_DFL);
    if (showProgress)
        err() << "\r\033[K" << Qt::flush;
    if (!outcome) {
        const int code = fail(DisplayFormat::errorMessage(outcome.error()));
        // As a shell reports a process ended by the signal: 130 for Ctrl+C, 143 for SIGTERM.
        return outcome.error().kind == ErrorKind::Cancelled && interruptedBy != 0 ? 128 + interruptedBy : code;
    }
    out() << QCoreApplication::translate("ConsoleCommands",
                                         "exported %1 rows to %2 (%3 bytes, SHA-256 %4) in %5 s; manifest %6, signed "
                                         "by key %7")
                 .arg(grouped(outcome->rows), outcome->path, grouped(outcome->bytes), outcome->sha256)
                 .arg(double(outcome->elapsedMs) / 1000.0, 0, 'f', 1)
                 .arg(outcome->manifestPath, outcome->keyFingerprint)
          << Qt::endl;
    return 0;
}

} // namespace

bool ConsoleCommands::isCommand(const QStringList& arguments)
{
    return !arguments.isEmpty() && verbs.contains(arguments.first());
}

int ConsoleCommands::run(const QStringList& arguments)
{
    const QString verb = arguments.value(0);
    // QCommandLineParser expects the program name first.
    const QStringList withProgram = QStringList{QCoreApplication::applicationFilePath()} + arguments;
    if (verb == u"generate-demo")
        return generateDemo(withProgram);
    if (verb == u"search")
        return search(withProgram);
    if (verb == u"profiles")
        return listProfiles();
    if (verb == u"mfa-key")
        return mfaKey(withProgram);
    if (verb == u"verify")
        return verify(withProgram);
    if (verb == u"signing-key")
        return signingKey(withProgram);
    if (verb == u"export")
        return exportData(withProgram);
    return fail(QCoreApplication::translate("ConsoleCommands", "unknown command %1").arg(verb));
}

} // namespace idc
