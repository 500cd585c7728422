// Identity Console: the desktop console, or one of its headless verbs when the first
// argument names one (see ConsoleCommands).

#include "ConnectionManager.h"
#include "ConsoleCommands.h"
#include "CredentialStore.h"
#include "ExportJob.h"
#include "MainWindow.h"
#include "ProfileStore.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("identity-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDC_VERSION));
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (idc::ConsoleCommands::isCommand(arguments)) {
        const qsizetype format = arguments.indexOf(QStringLiteral("--format"));
        if (arguments.first() == u"export" && (arguments.contains(QStringLiteral("--format=pdf")) ||
                                               (format > 0 && arguments.value(format + 1) == u"pdf"))) {
            // A PDF report lays out text, which needs QtGui's fonts; the offscreen platform gives
            // them without a display (cron has none).
            qputenv("QT_QPA_PLATFORM", "offscreen");
            QGuiApplication app(argc, argv);
            describeApplication();
            idc::installTranslations(QSettings().value(QStringLiteral("ui/language")).toString());
            return idc::ConsoleCommands::run(arguments);
        }
        QCoreApplication app(argc, argv);
        describeApplication();
        idc::installTranslations(QSettings().value(QStringLiteral("ui/language")).toString());
        return idc::ConsoleCommands::run(arguments);
    }

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Identity Console"));
    idc::installTranslations(QSettings().value(QStringLiteral("ui/language")).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Identity Console. Commands: generate-demo, search, profiles (each with --help)."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption profileOption(QStringLiteral("profile"),
                                     QCoreApplication::translate("main", "Open this profile instead of the last one."),
                                     QStringLiteral("name"));
    QCommandLineOption demoSizeOption(
        QStringLiteral("demo-customers"),
        QCoreApplication::translate("main", "Customers in a newly generated demo database (default 20000)."),
        QStringLiteral("n"), QStringLiteral("20000"));
    parser.addOptions({profileOption, demoSizeOption});
    parser.process(app);

    idc::ProfileStore profiles;
    idc::CredentialStore credentials;
    const QString dataDirectory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    idc::ConnectionManager connections(&profiles, &credentials, dataDirectory);
    connections.setDemoCustomers(qMax(1, parser.value(demoSizeOption).toInt()));

    idc::MainWindow window(&connections, &profiles, &credentials);
    const QSize screen = window.screen()->availableSize();
    window.resize(std::max(1280, screen.width() * 9 / 10), std::max(800, screen.height() * 9 / 10));
    window.show();
    if (parser.isSet(profileOption)) {
        if (const auto profile = profiles.profileByName(parser.value(profileOption)))
            connections.open(*profile);
        else
            window.showConnectionDialog();
    } else {
        connections.start();
    }
    const int code = QApplication::exec();
    // Exports still running were told to stop when the loop ended; their workers call through the
    // objects below, so they end first (and remove their .part files).
    idc::ExportJob::waitForAll();
    return code;
}
