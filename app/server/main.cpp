// identity-api-server: the reference server of the identity admin REST API.
//
//   identity-api-server [serve] [options]           serve the API
//   identity-api-server operator add NAME --role R  add an operator (password from the terminal or stdin)
//   identity-api-server operator list               list operators
//   identity-api-server operator reset-mfa NAME     remove an operator's TOTP factor and recovery codes
//                                                   (a lost phone): password-only sign-in until they
//                                                   enroll again; audited as actor identity-api-server
//   identity-api-server routes                      print the routes served (for the spec check)
//
// MFA: `--mfa-key-file FILE` (or `[server] mfa_key_file`) names a file holding the AES-256 key that
// seals TOTP secrets, as 64 hexadecimal characters (`openssl rand -hex 32 > FILE; chmod 600 FILE`).
// A file that is not exactly that stops the server at start. Without a key the server runs, and the
// MFA routes (`/customers/{id}/mfa…`, `/auth/mfa…`) and the sign-in of operators with MFA answer 503
// `secret-key`; so does a key other than the one the secrets were sealed with.

#include "ApiServer.h"
#include "OperatorStore.h"
#include "PasswordHasher.h"
#include "SqlBackend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

using namespace idc;
using namespace idc::server;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "identity-api-server: %s\n", qPrintable(message));
    return 1;
}

/// Reads a password from the terminal without echo (asked twice), or one line from stdin.
std::optional<QString> readPassword()
{
    const auto readLine = [](bool echoOff) -> std::optional<QString> {
        termios old{};
        const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
        if (tty && echoOff) {
            termios silent = old;
            silent.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
        }
        std::string line;
        const bool ok = bool(std::getline(std::cin, line));
        if (tty && echoOff) {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
            std::fputc('\n', stderr);
        }
        if (!ok)
            return std::nullopt;
        QString text = QString::fromStdString(line);
        OPENSSL_cleanse(line.data(), line.size());
        return text;
    };
    if (!isatty(STDIN_FILENO))
        return readLine(false);
    std::fputs("Password: ", stderr);
    const auto first = readLine(true);
    std::fputs("Repeat password: ", stderr);
    const auto second = readLine(true);
    if (!first || !second || *first != *second) {
        std::fputs("identity-api-server: the passwords differ\n", stderr);
        return std::nullopt;
    }
    return first;
}

struct Options
{
    QCommandLineOption config{QStringLiteral("config"), QStringLiteral("INI file with [server] and [database]."),
                              QStringLiteral("file")};
    QCommandLineOption sqlite{QStringLiteral("sqlite"), QStringLiteral("Serve this SQLite database file."),
                              QStringLiteral("file")};
    QCommandLineOption pgHost{QStringLiteral("pg-host"), QStringLiteral("PostgreSQL host."), QStringLiteral("host")};
    QCommandLineOption pgPort{QStringLiteral("pg-port"), QStringLiteral("PostgreSQL port."), QStringLiteral("port"),
                              QStringLiteral("5432")};
    QCommandLineOption pgDatabase{QStringLiteral("pg-database"), QStringLiteral("PostgreSQL database."),
                                  QStringLiteral("name")};
    QCommandLineOption pgUser{QStringLiteral("pg-user"), QStringLiteral("PostgreSQL user."), QStringLiteral("user")};
    QCommandLineOption pgSslMode{QStringLiteral("pg-sslmode"), QStringLiteral("libpq sslmode."), QStringLiteral("mode"),
                                 QStringLiteral("prefer")};
    QCommandLineOption pgPasswordFile{QStringLiteral("pg-password-file"),
                                      QStringLiteral("File holding the PostgreSQL password (or set IDC_DB_PASSWORD)."),
                                      QStringLiteral("file")};
    QCommandLineOption listen{QStringLiteral("listen"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
                              QStringLiteral("address")};
    QCommandLineOption port{QStringLiteral("port"), QStringLiteral("Port (default 8080; 0 picks a free one)."),
                            QStringLiteral("port")};
    QCommandLineOption tlsCert{QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS."),
                               QStringLiteral("file")};
    QCommandLineOption tlsKey{QStringLiteral("tls-key"), QStringLiteral("PEM private key of the certificate."),
                              QStringLiteral("file")};
    QCommandLineOption accessLog{QStringLiteral("access-log"),
                                 QStringLiteral("Append access-log lines here (default stderr)."),
                                 QStringLiteral("file")};
    QCommandLineOption tokenLifetime{QStringLiteral("token-lifetime"),
                                     QStringLiteral("Seconds a login token stays valid (default 28800, 8 hours)."),
                                     QStringLiteral("seconds")};
    QCommandLineOption userFailures{QStringLiteral("login-failures-per-user"),
                                    QStringLiteral("Failed logins per user name before throttling (default 5)."),
                                    QStringLiteral("n")};
    QCommandLineOption addressFailures{
        QStringLiteral("login-failures-per-address"),
        QStringLiteral("Failed logins per client address before throttling (default 20)."), QStringLiteral("n")};
    QCommandLineOption loginWindow{QStringLiteral("login-window"),
                                   QStringLiteral("Seconds failed logins are remembered (default 900)."),
                                   QStringLiteral("seconds")};
    QCommandLineOption mfaKeyFile{QStringLiteral("mfa-key-file"),
                                  QStringLiteral("File holding the 32-byte key that seals MFA secrets, as 64 hex "
                                                 "characters (e.g. from `openssl rand -hex 32`)."),
                                  QStringLiteral("file")};
    QCommandLineOption role{QStringLiteral("role"), QStringLiteral("support_agent, security_officer or admin."),
                            QStringLiteral("role")};
    QCommandLineOption displayName{QStringLiteral("display-name"), QStringLiteral("Operator's display name."),
                                   QStringLiteral("name")};

    void addTo(QCommandLineParser& parser) const
    {
        parser.addOptions({config, sqlite, pgHost, pgPort, pgDatabase, pgUser, pgSslMode, pgPasswordFile, listen, port,
                           tlsCert, tlsKey, accessLog, tokenLifetime, userFailures, addressFailures, loginWindow, role,
                           displayName});
        parser.addOption(mfaKeyFile);
    }
};

/// Reads the MFA key: 64 hexadecimal characters (surrounding whitespace ignored), nothing else.
/// The error names the file and the expected format, never its content.
Result<QByteArray> readMfaKeyFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("cannot read the MFA key file %1: %2").arg(path, file.errorString()));
    if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        std::fprintf(stderr, "identity-api-server: warning: the MFA key file %s is readable by others (chmod 600)\n",
                     qPrintable(path));
    QByteArray text = file.read(4096);
    // A view and a raw-data wrapper, so that the one buffer wiped below is the only copy.
    const QByteArrayView trimmed = QByteArrayView(text).trimmed();
    const bool hex = trimmed.size() == 64 && std::all_of(trimmed.cbegin(), trimmed.cend(), [](char c) {
                         return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                     });
    QByteArray key = hex ? QByteArray::fromHex(QByteArray::fromRawData(trimmed.data(), trimmed.size())) : QByteArray();
    OPENSSL_cleanse(text.data(), size_t(text.size()));
    if (key.size() != 32)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("the MFA key file %1 must hold the 32-byte key as 64 hexadecimal characters "
                                        "(e.g. `openssl rand -hex 32`), and nothing else")
                             .arg(path));
    return key;
}

/// Flags win over the config file; the config file wins over defaults.
Result<ServerConfig> configFrom(const QCommandLineParser& parser, const Options& o)
{
    ServerConfig config;
    std::unique_ptr<QSettings> ini;
    if (parser.isSet(o.config)) {
        if (!QFile::exists(parser.value(o.config)))
            return makeError(ErrorKind::InvalidInput, QStringLiteral("no config file %1").arg(parser.value(o.config)));
        ini = std::make_unique<QSettings>(parser.value(o.config), QSettings::IniFormat);
    }
    const auto value = [&](const QCommandLineOption& option, const QString& iniKey, const QString& fallback = {}) {
        if (parser.isSet(option))
            return parser.value(option);
        if (ini && ini->contains(iniKey))
            return ini->value(iniKey).toString();
        return fallback;
    };
    const auto number = [&](const QCommandLineOption& option, const QString& iniKey, int fallback, int min,
                            int max) -> Result<int> {
        const QString text = value(option, iniKey, QString::number(fallback));
        bool ok = false;
        const int n = text.toInt(&ok);
        if (!ok || n < min || n > max)
            return makeError(ErrorKind::InvalidInput,
                             QStringLiteral("%1: expected %2 to %3").arg(iniKey).arg(min).arg(max));
        return n;
    };

    ConnectionProfile& db = config.database;
    db.id = QUuid::createUuid();
    db.name = QStringLiteral("api-server");
    const QString sqlitePath = value(o.sqlite, QStringLiteral("database/sqlite"));
    const QString pgHost = value(o.pgHost, QStringLiteral("database/host"));
    if (!sqlitePath.isEmpty() == !pgHost.isEmpty())
        return makeError(ErrorKind::InvalidInput, QStringLiteral("name one database: --sqlite FILE or --pg-host HOST"));
    if (!sqlitePath.isEmpty()) {
        db.kind = BackendKind::Sqlite;
        db.sqlitePath = sqlitePath;
    } else {
        db.kind = BackendKind::PostgreSql;
        db.host = pgHost;
        Result<int> pgPort = number(o.pgPort, QStringLiteral("database/port"), 5432, 1, 65535);
        if (!pgPort)
            return pgPort.error();
        db.port = *pgPort;
        db.database = value(o.pgDatabase, QStringLiteral("database/name"));
        db.user = value(o.pgUser, QStringLiteral("database/user"));
        db.sslMode = value(o.pgSslMode, QStringLiteral("database/sslmode"), QStringLiteral("prefer"));
        const QString passwordFile = value(o.pgPasswordFile, QStringLiteral("database/password_file"));
        if (!passwordFile.isEmpty()) {
            QFile file(passwordFile);
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorKind::InvalidInput, QStringLiteral("cannot read %1").arg(passwordFile));
            config.databasePassword = QString::fromUtf8(file.readAll()).trimmed();
        } else {
            config.databasePassword = qEnvironmentVariable("IDC_DB_PASSWORD");
        }
    }

    const QString address = value(o.listen, QStringLiteral("server/listen"), QStringLiteral("127.0.0.1"));
    if (!config.address.setAddress(address))
        return makeError(ErrorKind::InvalidInput, QStringLiteral("not an IP address: %1").arg(address));
    Result<int> port = number(o.port, QStringLiteral("server/port"), 8080, 0, 65535);
    if (!port)
        return port.error();
    config.port = quint16(*port);
    config.tlsCertificateFile = value(o.tlsCert, QStringLiteral("server/tls_certificate"));
    config.tlsKeyFile = value(o.tlsKey, QStringLiteral("server/tls_key"));
    config.accessLogFile = value(o.accessLog, QStringLiteral("server/access_log"));
    Result<int> lifetime =
        number(o.tokenLifetime, QStringLiteral("server/token_lifetime_seconds"), 8 * 3600, 1, 30 * 24 * 3600);
    Result<int> perUser = number(o.userFailures, QStringLiteral("throttle/failures_per_user"), 5, 1, 1000000);
    Result<int> perAddress = number(o.addressFailures, QStringLiteral("throttle/failures_per_address"), 20, 1, 1000000);
    Result<int> window = number(o.loginWindow, QStringLiteral("throttle/window_seconds"), 900, 1, 86400);
    for (const Result<int>* r : {&lifetime, &perUser, &perAddress, &window}) {
        if (!*r)
            return r->error();
    }
    const QString mfaKeyFile = value(o.mfaKeyFile, QStringLiteral("server/mfa_key_file"));
    if (!mfaKeyFile.isEmpty()) {
        Result<QByteArray> key = readMfaKeyFile(mfaKeyFile);
        if (!key)
            return key.error();
        config.mfaKey = std::move(key).value();
    }
    config.tokenLifetime = std::chrono::seconds(*lifetime);
    config.throttle.maxFailuresPerUser = *perUser;
    config.throttle.maxFailuresPerAddress = *perAddress;
    config.throttle.window = std::chrono::seconds(*window);
    return config;
}

int printRoutes()
{
    QTextStream out(stdout);
    for (const RouteInfo& route : ApiServer::routes()) {
        out << route.method << ' ' << route.path;
        if (route.authenticated) {
            QStringList roles;
            for (const OperatorRole role :
                 {OperatorRole::SupportAgent, OperatorRole::SecurityOfficer, OperatorRole::Admin}) {
                if (roleAllows(role, route.permission))
                    roles << toString(role);
            }
            out << " roles=" << roles.join(u',');
        }
        out << '\n';
    }
    return 0;
}

int operatorCommand(const QStringList& args, const QCommandLineParser& parser, const Options& o)
{
    Result<ServerConfig> config = configFrom(parser, o);
    if (!config)
        return fail(config.error().detail);
    SqlBackend backend(config->database, config->databasePassword);
    Result<BackendInfo> opened = backend.open().result();
    if (!opened)
        return fail(QStringLiteral("cannot open the database: %1").arg(opened.error().detail));
    OperatorStore store(backend.pool());

    if (args.value(1) == u"list") {
        Result<QList<OperatorInfo>> list = store.operators().result();
        if (!list)
            return fail(list.error().detail);
        QTextStream out(stdout);
        for (const OperatorInfo& info : *list)
            out << info.username << '\t' << info.role << '\t' << info.displayName << '\n';
        return 0;
    }
    if (args.value(1) == u"reset-mfa" && args.size() == 3) {
        // For an operator who lost their authenticator: they sign in with the password alone and
        // enroll again. Audited like a reset through the API, with this program as the actor.
        const QString username = args.at(2).trimmed();
        Result<OperatorRecord> record = store.findByUsername(username).result();
        if (!record)
            return fail(record.error().kind == ErrorKind::NotFound ? QStringLiteral("no operator '%1'").arg(username)
                                                                   : record.error().detail);
        Result<MfaStatus> reset = backend
                                      .resetMfa(Actor{QStringLiteral("identity-api-server"), QStringLiteral("admin")},
                                                MfaOwner{MfaOwner::Kind::Operator, record->info.id},
                                                QStringLiteral("reset from the server's command line"))
                                      .result();
        if (!reset)
            return fail(QStringLiteral("cannot reset MFA of operator '%1': %2").arg(username, reset.error().detail));
        std::printf("reset MFA of operator %s: they sign in with their password until they enroll again\n",
                    qPrintable(username));
        return 0;
    }
    if (args.value(1) != u"add" || args.size() != 3)
        return fail(QStringLiteral("usage: operator add NAME --role ROLE | operator list | operator reset-mfa NAME"));
    const QString username = args.at(2).trimmed();
    const auto role = operatorRoleFromString(parser.value(o.role));
    if (!role)
        return fail(QStringLiteral("--role must be support_agent, security_officer or admin"));
    if (username.isEmpty() || username.size() > 100)
        return fail(QStringLiteral("an operator name is 1 to 100 characters"));
    std::optional<QString> password = readPassword();
    if (!password)
        return fail(QStringLiteral("no password given"));
    if (password->size() < 12)
        return fail(QStringLiteral("a password has at least 12 characters"));
    QByteArray secret = password->toUtf8();
    Result<QString> hash = PasswordHasher::hash(secret);
    secret.fill('\0');
    password->fill(u'\0');
    if (!hash)
        return fail(hash.error().detail);
    Result<OperatorInfo> added = store.addOperator(username, parser.value(o.displayName), *role, *hash).result();
    if (!added)
        return fail(added.error().detail);
    std::printf("added operator %s (%s)\n", qPrintable(added->username), qPrintable(added->role));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("identity-api-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDC_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Reference server of the Identity Console admin REST API."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve (default), operator, routes"));
    const Options options;
    options.addTo(parser);
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    const QString command = args.value(0, QStringLiteral("serve"));
    if (command == u"routes")
        return printRoutes();
    if (command == u"operator")
        return operatorCommand(args, parser, options);
    if (command != u"serve")
        return fail(QStringLiteral("unknown command '%1'").arg(command));

    Result<ServerConfig> config = configFrom(parser, options);
    if (!config)
        return fail(config.error().detail);
    if (config->mfaKey.isEmpty())
        std::fputs("identity-api-server: warning: no --mfa-key-file: the MFA routes and the sign-in of operators "
                   "with MFA answer 503 secret-key\n",
                   stderr);
    const bool tls = !config->tlsCertificateFile.isEmpty();
    const QString host = config->address.toString();
    ApiServer server(std::move(config).value());
    Result<quint16> port = server.start();
    if (!port)
        return fail(port.error().detail);
    // The first line on stdout says where to connect; tests read the port from it.
    std::printf("identity-api-server: listening on %s://%s:%u\n", tls ? "https" : "http", qPrintable(host),
                unsigned(*port));
    std::fflush(stdout);
    return app.exec();
}
