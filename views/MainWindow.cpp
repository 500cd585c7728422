#include "MainWindow.h"

#include "AuditTrailView.h"
#include "ConnectionDialog.h"
#include "ConnectionManager.h"
#include "CustomerDetailView.h"
#include "CustomerSearchModel.h"
#include "CustomerSearchView.h"
#include "DisplayFormat.h"
#include "ExportDialog.h"
#include "ExportProgressDialog.h"
#include "LoginDialog.h"
#include "LoginEventTableModel.h"
#include "LoginHistoryView.h"
#include "MfaPanel.h"
#include "OperatorRole.h"
#include "PasswordDialog.h"
#include "SessionsView.h"
#include "SettingsDialog.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUrl>
#include <QVBoxLayout>

namespace idc {
namespace {

/// The generator names its stages with untranslated keys; this is what the operator reads.
QString generationStageLabel(const QString& stage)
{
    static const std::pair<const char*, const char*> labels[] = {
        {"migrating", QT_TRANSLATE_NOOP("idc::MainWindow", "Preparing the database")},
        {"customers", QT_TRANSLATE_NOOP("idc::MainWindow", "Customers")},
        {"addresses", QT_TRANSLATE_NOOP("idc::MainWindow", "Addresses")},
        {"devices", QT_TRANSLATE_NOOP("idc::MainWindow", "Devices")},
        {"sessions", QT_TRANSLATE_NOOP("idc::MainWindow", "Sessions")},
        {"login events", QT_TRANSLATE_NOOP("idc::MainWindow", "Login history")},
        {"audit events", QT_TRANSLATE_NOOP("idc::MainWindow", "Audit trail")},
        {"done", QT_TRANSLATE_NOOP("idc::MainWindow", "Finishing")},
    };
    for (const auto& [key, label] : labels) {
        if (stage == QLatin1String(key))
            return QCoreApplication::translate("idc::MainWindow", label);
    }
    return stage;
}

} // namespace

MainWindow::MainWindow(ConnectionManager* connections, ProfileStore* profiles, CredentialStore* credentials,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_connections(connections)
    , m_profiles(profiles)
    , m_credentials(credentials)
{
    setWindowTitle(tr("Identity Console"));
    resize(1440, 900);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_navigation = new QListWidget(central);
    m_navigation->setObjectName(QStringLiteral("navigationListWidget"));
    m_navigation->setFixedWidth(170);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setStyleSheet(QStringLiteral("QListWidget { background: palette(window); padding-top: 8px; }"
                                               "QListWidget::item { padding: 8px 12px; }"));
    m_sections = new QStackedWidget(central);
    m_sections->setObjectName(QStringLiteral("sectionsStackedWidget"));
    layout->addWidget(m_navigation);
    layout->addWidget(m_sections, 1);
    setCentralWidget(central);

    m_statusPage = new QWidget(m_sections);
    auto* statusLayout = new QVBoxLayout(m_statusPage);
    statusLayout->addStretch();
    m_statusMessage = new QLabel(m_statusPage);
    m_statusMessage->setObjectName(QStringLiteral("statusMessageLabel"));
    m_statusMessage->setAlignment(Qt::AlignCenter);
    m_statusMessage->setWordWrap(true);
    m_progress = new QProgressBar(m_statusPage);
    m_progress->setObjectName(QStringLiteral("generationProgressBar"));
    m_progress->setRange(0, 100);
    m_progress->setFixedWidth(420);
    m_cancelButton = new QPushButton(tr("Cancel"), m_statusPage);
    m_cancelButton->setObjectName(QStringLiteral("cancelGenerationButton"));
    m_connectButton = new QPushButton(tr("Choose a connection…"), m_statusPage);
    m_connectButton->setObjectName(QStringLiteral("chooseConnectionButton"));
    statusLayout->addWidget(m_statusMessage);
    statusLayout->addWidget(m_progress, 0, Qt::AlignHCenter);
    statusLayout->addWidget(m_cancelButton, 0, Qt::AlignHCenter);
    statusLayout->addWidget(m_connectButton, 0, Qt::AlignHCenter);
    statusLayout->addStretch();
    m_sections->addWidget(m_statusPage);

    m_profileLabel = new QLabel(this);
    m_profileLabel->setObjectName(QStringLiteral("profileStatusLabel"));
    m_backendLabel = new QLabel(this);
    m_backendLabel->setObjectName(QStringLiteral("backendStatusLabel"));
    m_operatorLabel = new QLabel(this);
    m_operatorLabel->setObjectName(QStringLiteral("operatorStatusLabel"));
    statusBar()->addPermanentWidget(m_profileLabel);
    statusBar()->addPermanentWidget(m_backendLabel);
    statusBar()->addPermanentWidget(m_operatorLabel);

    buildMenus();

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_sections->setCurrentIndex(row + 1); // page 0 is the status page
        updateExportActions();
    });
    connect(m_cancelButton, &QPushButton::clicked, m_connections, &ConnectionManager::cancelDemoGeneration);
    connect(m_connectButton, &QPushButton::clicked, this, &MainWindow::showConnectionDialog);
    connect(m_connections, &ConnectionManager::demoGenerationStarted, this, [this] {
        clearSections();
        showStatusPage(tr("Creating the demo database with realistic customers, devices, sessions and login "
                          "history. This happens once."),
                       true, false);
        m_cancelButton->show();
        m_progress->setRange(0, 100);
        m_progress->setValue(0);
    });
    connect(m_connections, &ConnectionManager::demoGenerationProgress, this, [this](int percent, const QString& stage) {
        m_progress->setValue(percent);
        m_progress->setFormat(stage.isEmpty() ? QStringLiteral("%p%")
                                              : generationStageLabel(stage) + QStringLiteral(" — %p%"));
    });
    connect(m_connections, &ConnectionManager::busyChanged, this, [this](bool busy) {
        if (busy && !m_connections->isConnected() && m_cancelButton->isHidden())
            showStatusPage(tr("Connecting…"), true, false);
    });
    connect(m_connections, &ConnectionManager::connected, this, &MainWindow::onConnected);
    connect(m_connections, &ConnectionManager::connectionFailed, this, &MainWindow::onConnectionFailed);
    connect(m_connections, &ConnectionManager::passwordRequired, this, &MainWindow::onPasswordRequired);
    connect(m_connections, &ConnectionManager::loginRequired, this, &MainWindow::onLoginRequired);
    connect(m_connections, &ConnectionManager::loginFailed, this, [this](const Error& error) {
        if (m_loginDialog)
            m_loginDialog->setError(error);
    });
    connect(m_connections, &ConnectionManager::loggedIn, this, [this] {
        if (m_loginDialog)
            m_loginDialog->succeed();
        updateOperatorLabel();
    });
    connect(m_connections, &ConnectionManager::keychainUnavailable, this, [this] {
        statusBar()->showMessage(tr("No system keychain is available: passwords are asked each time and never "
                                    "written to disk."),
                                 15000);
    });

    showStatusPage(tr("Starting…"), false, false);
}

MainWindow::~MainWindow() = default;

CustomerSearchView* MainWindow::customerSearchView() const
{
    return m_searchView;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* connectAction = file->addAction(tr("&Connect…"), this, &MainWindow::showConnectionDialog);
    connectAction->setObjectName(QStringLiteral("connectAction"));
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* settingsAction = file->addAction(tr("&Settings…"), this, &MainWindow::showSettingsDialog);
    settingsAction->setObjectName(QStringLiteral("settingsAction"));
    settingsAction->setShortcut(QKeySequence::Preferences);
    m_signOutAction = file->addAction(tr("Sign &out"), this, [this] {
        m_connections->logout();
        clearSections();
        showStatusPage(tr("Signed out of “%1”.").arg(m_connections->profile().name), false, true);
        m_signOutAction->setEnabled(false);
    });
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_signOutAction->setEnabled(false);
    m_ownMfaAction = file->addAction(tr("Your &authenticator app…"), this, &MainWindow::showOwnMfaDialog);
    m_ownMfaAction->setObjectName(QStringLiteral("ownMfaAction"));
    m_ownMfaAction->setToolTip(tr("Two-step sign-in for your own API login"));
    m_ownMfaAction->setEnabled(false);
    file->addSeparator();
    QAction* quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);

    QMenu* customers = menuBar()->addMenu(tr("&Customers"));
    QAction* findAction = customers->addAction(tr("&Find customer"), this, [this] {
        if (!m_searchView)
            return;
        m_navigation->setCurrentRow(0);
        m_searchView->focusSearch();
    });
    findAction->setObjectName(QStringLiteral("findAction"));
    findAction->setShortcut(QKeySequence::Find);

    QMenu* exports = menuBar()->addMenu(tr("E&xport"));
    exports->setToolTipsVisible(true); // the reason an export is not offered
    m_exportListAction = exports->addAction(tr("Export this &list…"), this, &MainWindow::exportList);
    m_exportListAction->setObjectName(QStringLiteral("exportListAction"));
    m_exportListAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportReportAction =
        exports->addAction(tr("Export &customer data report…"), this, &MainWindow::exportCustomerReport);
    m_exportReportAction->setObjectName(QStringLiteral("exportReportAction"));
    // The open customer and the shown section change without telling the window: look when asked.
    connect(exports, &QMenu::aboutToShow, this, &MainWindow::updateExportActions);
    updateExportActions();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Identity Console"), this, [this] {
        auto* box = new QMessageBox(QMessageBox::Information, tr("About Identity Console"),
                                    tr("Identity Console %1\nFind customers, fix their accounts, and read their "
                                       "login and audit history.")
                                        .arg(QCoreApplication::applicationVersion()),
                                    QMessageBox::Close, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::showStatusPage(const QString& message, bool busy, bool offerConnect)
{
    m_statusMessage->setText(message);
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0); // busy without a known end
    m_progress->resetFormat();
    m_cancelButton->hide();
    m_connectButton->setVisible(offerConnect);
    m_sections->setCurrentWidget(m_statusPage);
}

void MainWindow::clearSections()
{
    m_navigation->clear();
    while (m_sections->count() > 1) {
        QWidget* page = m_sections->widget(1);
        m_sections->removeWidget(page);
        page->deleteLater();
    }
    if (m_searchModel) {
        m_searchModel->deleteLater();
        m_searchModel = nullptr;
    }
    m_exportAllowed = false;
    updateExportActions();
}

void MainWindow::onConnected()
{
    clearSections();
    IdentityBackend* backend = m_connections->backend();
    const ConnectionProfile& profile = m_connections->profile();

    m_searchModel = new CustomerSearchModel(backend, this);
    m_searchView = new CustomerSearchView(m_searchModel, backend, m_sections);
    m_searchView->setObjectName(QStringLiteral("customerSearchView"));
    m_sections->addWidget(m_searchView);
    m_navigation->addItem(tr("Customers"));

    auto* sessions = new SessionsView(backend, m_sections);
    sessions->setObjectName(QStringLiteral("sessionsView"));
    m_sections->addWidget(sessions);
    m_navigation->addItem(tr("Sessions"));
    connect(sessions, &SessionsView::customerActivated, this, &MainWindow::openCustomer);
    connect(m_navigation, &QListWidget::currentRowChanged, sessions, [this, sessions](int row) {
        if (m_sections->widget(row + 1) == sessions)
            sessions->refresh();
    });

    auto* logins = new LoginHistoryView(backend, m_sections);
    logins->setObjectName(QStringLiteral("loginHistoryView"));
    m_sections->addWidget(logins);
    m_navigation->addItem(tr("Login history"));
    logins->setCustomer({});
    connect(logins, &LoginHistoryView::customerActivated, this, &MainWindow::openCustomer);
    connect(logins, &LoginHistoryView::sessionsFromIpRequested, this, [this, sessions](const QString& ip) {
        m_navigation->setCurrentRow(m_sections->indexOf(sessions) - 1);
        sessions->filterByIp(ip);
    });

    // What the operator's role allows over the API; a direct database connection is the database
    // owner's own. Suspending and signing out everything a filter matches are a security officer's.
    const std::optional<OperatorRole> role = operatorRoleFromString(m_connections->operatorInfo().role);
    auto allowed = [&](Permission permission) {
        return profile.kind != BackendKind::Rest || (role && roleAllows(*role, permission));
    };
    sessions->setBulkRevokeAllowed(allowed(Permission::CustomersSuspend));
    m_exportAllowed = allowed(Permission::ExportCreate);
    if (auto* detail = m_searchView->findChild<CustomerDetailView*>())
        detail->setSuspendAllowed(allowed(Permission::CustomersSuspend));
    if (allowed(Permission::AuditRead)) {
        auto* audit = new AuditTrailView(backend, m_sections);
        audit->setObjectName(QStringLiteral("auditTrailView"));
        m_sections->addWidget(audit);
        m_navigation->addItem(tr("Audit trail"));
        connect(audit, &AuditTrailView::customerActivated, this, &MainWindow::openCustomer);
        // What the operator just did shows when they come back to the trail.
        connect(m_navigation, &QListWidget::currentRowChanged, audit, [this, audit](int row) {
            if (m_sections->widget(row + 1) == audit)
                audit->refresh();
        });
    }

    m_navigation->setCurrentRow(0);
    m_searchView->focusSearch();
    updateExportActions();

    m_profileLabel->setText(tr("Profile: %1").arg(profile.name));
    m_backendLabel->setText(
        tr("%1 · schema %2").arg(m_connections->info().serverVersion).arg(m_connections->info().schemaVersion));
    updateOperatorLabel();
    m_signOutAction->setEnabled(profile.kind == BackendKind::Rest);
    // Only the API server has operator sign-in; a direct database profile has nothing to protect here.
    m_ownMfaAction->setEnabled(profile.kind == BackendKind::Rest);
    setWindowTitle(tr("%1 — Identity Console").arg(profile.name));
}

void MainWindow::showOwnMfaDialog()
{
    IdentityBackend* backend = m_connections->backend();
    if (!backend)
        return;
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("ownMfaDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Your authenticator app"));
    auto* layout = new QVBoxLayout(dialog);
    auto* intro = new QLabel(tr("With an authenticator app, signing in to “%1” needs a code from your phone as well "
                                "as your password.")
                                 .arg(m_connections->profile().name),
                             dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* panel = new MfaPanel(dialog);
    panel->setBackend(backend);
    const OperatorInfo& self = m_connections->operatorInfo();
    const QString host = QUrl(m_connections->profile().baseUrl).host();
    // The app lists "Identity Console (host): user", so two servers' entries are told apart.
    panel->setSubject(MfaSubject::signedInOperator(), self.displayName.isEmpty() ? self.username : self.displayName,
                      host.isEmpty() ? QStringLiteral("Identity Console")
                                     : QStringLiteral("Identity Console (%1)").arg(host));
    layout->addWidget(panel);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(560, dialog->sizeHint().height());
    dialog->open();
}

void MainWindow::onConnectionFailed(const ConnectionProfile& profile, const Error& error)
{
    if (m_connections->isConnected()) {
        // Still on the previous backend: say why the switch failed and stay.
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Connection failed"),
                            tr("Could not open “%1”.\n%2").arg(profile.name, DisplayFormat::errorMessage(error)),
                            QMessageBox::Close, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    clearSections();
    QString message = tr("Could not open “%1”.\n%2").arg(profile.name, DisplayFormat::errorMessage(error));
    if (error.kind == ErrorKind::Cancelled)
        message = profile.kind == BackendKind::Rest ? tr("Not signed in to “%1”.").arg(profile.name)
                                                    : tr("The demo database was not created.");
    showStatusPage(message, false, true);
}

void MainWindow::onPasswordRequired(const ConnectionProfile& profile)
{
    auto* dialog = new PasswordDialog(profile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, profile] { m_connections->open(profile, dialog->password()); });
    connect(dialog, &QDialog::rejected, this, [this, profile] {
        if (!m_connections->isConnected())
            showStatusPage(tr("No password was given for “%1”.").arg(profile.name), false, true);
    });
    dialog->open();
}

void MainWindow::onLoginRequired(const ConnectionProfile& profile, const Error& reason)
{
    if (m_loginDialog) {
        m_loginDialog->setError(reason);
        return;
    }
    m_loginDialog = new LoginDialog(profile, reason, this);
    m_loginDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_loginDialog, &LoginDialog::loginRequested, m_connections, &ConnectionManager::login);
    connect(m_loginDialog, &QDialog::rejected, m_connections, &ConnectionManager::cancelLogin);
    if (!m_connections->isConnected())
        showStatusPage(tr("Signing in to “%1”…").arg(profile.name), false, false);
    m_loginDialog->open();
}

void MainWindow::updateOperatorLabel()
{
    const QString name = m_connections->operatorName();
    const QString role = m_connections->operatorInfo().role;
    QString text = tr("Operator: %1").arg(name.isEmpty() ? tr("unnamed") : name);
    if (!role.isEmpty())
        text = tr("Operator: %1 (%2)").arg(name, DisplayFormat::operatorRoleName(role));
    m_operatorLabel->setText(text);
}

void MainWindow::openCustomer(const QUuid& id)
{
    if (!m_searchView)
        return;
    m_navigation->setCurrentRow(m_sections->indexOf(m_searchView) - 1);
    m_searchView->openCustomer(id);
}

void MainWindow::updateExportActions()
{
    if (!m_exportListAction)
        return;
    const bool connected = m_connections->isConnected() && m_connections->backend() && m_searchView;
    QWidget* section = m_sections->currentWidget();
    const bool onList = section && section != m_statusPage;
    const auto* detail = m_searchView ? m_searchView->findChild<CustomerDetailView*>() : nullptr;
    const bool customerOpen = detail && !detail->customerId().isNull();
    m_exportListAction->setEnabled(connected && m_exportAllowed && onList);
    m_exportReportAction->setEnabled(connected && m_exportAllowed && customerOpen);
    const QString refused = connected && !m_exportAllowed ? tr("Your role cannot export data.") : QString();
    m_exportListAction->setToolTip(refused.isEmpty() ? tr("Export the rows of the list shown, with its filter")
                                                     : refused);
    m_exportReportAction->setToolTip(
        refused.isEmpty() ? (customerOpen ? tr("Everything kept about the open customer") : tr("Open a customer first"))
                          : refused);
}

void MainWindow::exportList()
{
    updateExportActions();
    if (!m_exportListAction->isEnabled())
        return;
    QWidget* section = m_sections->currentWidget();
    ExportRequest request;
    QString description;
    if (section == m_searchView && m_searchModel) {
        request.kind = ExportKind::Customers;
        request.customers = m_searchModel->query();
        description = tr("Customers matching the current search");
    } else if (auto* sessions = qobject_cast<SessionsView*>(section)) {
        request.kind = ExportKind::Sessions;
        request.sessions = sessions->query();
        description = tr("Sessions matching the current filter");
    } else if (auto* logins = qobject_cast<LoginHistoryView*>(section)) {
        request.kind = ExportKind::LoginEvents;
        request.loginEvents = logins->query();
        description = tr("Login events matching the current filter");
    } else if (auto* audit = qobject_cast<AuditTrailView*>(section)) {
        request.kind = ExportKind::AuditEvents;
        request.auditEvents = audit->query();
        description = tr("Audit events matching the current filter");
    } else {
        return;
    }
    startExport(request, description);
}

void MainWindow::exportCustomerReport()
{
    updateExportActions();
    const auto* detail = m_searchView ? m_searchView->findChild<CustomerDetailView*>() : nullptr;
    if (!m_exportReportAction->isEnabled() || !detail)
        return;
    ExportRequest request;
    request.kind = ExportKind::CustomerReport;
    request.format = ExportFormat::Pdf;
    request.customerId = detail->customerId();
    const Customer& customer = detail->customer();
    startExport(request, tr("Everything kept about %1 (customer %2), for a data access request")
                             .arg(customer.fullName, customer.id.toString(QUuid::WithoutBraces)));
}

void MainWindow::startExport(ExportRequest request, const QString& description)
{
    const ConnectionProfile& profile = m_connections->profile();
    request.profileName = profile.name;
    if (profile.kind == BackendKind::Rest)
        request.operatorName = m_connections->operatorInfo().username;
    else
        request.operatorName =
            profile.operatorName.trimmed().isEmpty() ? QStringLiteral("operator") : profile.operatorName.trimmed();
    request.backend = m_connections->info();

    auto* dialog = new ExportDialog(request, description, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        IdentityBackend* backend = m_connections->backend();
        if (!backend || !m_connections->isConnected())
            return;
        auto* progress = new ExportProgressDialog(backend, dialog->request(), this);
        progress->show();
    });
    dialog->open();
}

void MainWindow::showConnectionDialog()
{
    auto* dialog = new ConnectionDialog(m_profiles, m_credentials, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_connections->isConnected())
        dialog->selectProfile(m_connections->profile().id);
    connect(dialog, &ConnectionDialog::connectRequested, m_connections, &ConnectionManager::open);
    dialog->open();
}

void MainWindow::showSettingsDialog()
{
    auto* dialog = new SettingsDialog(nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        // The section's history and the customer tab's both follow the new thresholds.
        const RiskThresholds thresholds = RiskSettings::load(QSettings());
        for (LoginHistoryView* logins : m_sections->findChildren<LoginHistoryView*>())
            logins->setThresholds(thresholds);
    });
    dialog->open();
}

} // namespace idc
