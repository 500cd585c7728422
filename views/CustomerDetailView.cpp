#include "CustomerDetailView.h"

#include "AccountActionDialog.h"
#include "AddressTableModel.h"
#include "Async.h"
#include "BulkSessionRevoker.h"
#include "DeviceTableModel.h"
#include "DevicesPanel.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"
#include "LoginEventTableModel.h"
#include "LoginHistoryView.h"
#include "MfaPanel.h"
#include "RevokeSessionDialog.h"
#include "SessionTableModel.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace idc {
namespace {

QString badge(const QString& text, const char* color)
{
    return QStringLiteral("<span style=\"background-color:%1;color:white;\">&nbsp;%2&nbsp;</span>")
        .arg(QLatin1String(color), text.toHtmlEscaped());
}

} // namespace

CustomerDetailView::~CustomerDetailView() = default;

CustomerDetailView::CustomerDetailView(IdentityBackend* backend, QWidget* parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_addresses(new AddressTableModel(this))
    , m_pages(new QStackedWidget(this))
    , m_sessions(new SessionTableModel(backend, this))
    , m_revokeAll(new BulkSessionRevoker(backend, this))
{
    connect(m_revokeAll, &BulkSessionRevoker::finished, this, &CustomerDetailView::finishRevokeAll);
    connect(m_revokeAll, &BulkSessionRevoker::progress, this, [this](int done, qint64) {
        if (m_revokeAllCustomer == m_customer.id)
            setSessionsStatus(tr("Signing out all sessions… %n done.", nullptr, done));
    });
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    m_emptyLabel = new QLabel(tr("Select a customer to see their account."), m_pages);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_pages->addWidget(m_emptyLabel);

    auto* scroll = new QScrollArea(m_pages);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);

    m_nameLabel = new QLabel(content);
    m_nameLabel->setObjectName(QStringLiteral("nameLabel"));
    QFont nameFont = m_nameLabel->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.5);
    nameFont.setBold(true);
    m_nameLabel->setFont(nameFont);
    m_nameLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_idLabel = new QLabel(content);
    m_idLabel->setObjectName(QStringLiteral("idLabel"));
    m_idLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_idLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_badgesLabel = new QLabel(content);
    m_badgesLabel->setObjectName(QStringLiteral("badgesLabel"));
    m_badgesLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_nameLabel);
    layout->addWidget(m_idLabel);
    layout->addWidget(m_badgesLabel);

    // Tabs per aspect of the account; later sections (sessions, devices, login history) join them.
    m_tabs = new QTabWidget(content);
    m_tabs->setObjectName(QStringLiteral("detailTabWidget"));
    layout->addWidget(m_tabs, 1);
    auto* overview = new QWidget(m_tabs);
    auto* columns = new QHBoxLayout(overview);
    auto* left = new QVBoxLayout;
    auto* right = new QVBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    m_tabs->addTab(overview, tr("Overview"));

    auto* contact = new QGroupBox(tr("Contact"), overview);
    auto* contactForm = new QFormLayout(contact);
    auto* emailRow = new QHBoxLayout;
    m_emailLabel = new QLabel(contact);
    m_emailLabel->setObjectName(QStringLiteral("emailLabel"));
    m_emailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_revealButton = new QPushButton(tr("Reveal"), contact);
    m_revealButton->setObjectName(QStringLiteral("revealButton"));
    m_revealButton->setToolTip(tr("Show the full e-mail address and phone number"));
    emailRow->addWidget(m_emailLabel, 1);
    emailRow->addWidget(m_revealButton);
    contactForm->addRow(tr("E-mail:"), emailRow);
    m_phoneLabel = addRow(contactForm, tr("Phone:"), QStringLiteral("phoneLabel"));
    m_verifiedLabel = addRow(contactForm, tr("Verified:"), QStringLiteral("verifiedLabel"));
    m_revealErrorLabel = new QLabel(contact);
    m_revealErrorLabel->setObjectName(QStringLiteral("revealErrorLabel"));
    m_revealErrorLabel->setWordWrap(true);
    m_revealErrorLabel->hide();
    contactForm->addRow(m_revealErrorLabel);
    left->addWidget(contact);

    auto* account = new QGroupBox(tr("Account"), overview);
    auto* accountForm = new QFormLayout(account);
    m_typeLabel = addRow(accountForm, tr("Type:"), QStringLiteral("typeLabel"));
    m_groupLabel = addRow(accountForm, tr("Group:"), QStringLiteral("groupLabel"));
    m_countryLabel = addRow(accountForm, tr("Country:"), QStringLiteral("countryLabel"));
    m_createdLabel = addRow(accountForm, tr("Customer since:"), QStringLiteral("createdLabel"));
    m_lastLoginLabel = addRow(accountForm, tr("Last login:"), QStringLiteral("lastLoginLabel"));
    left->addWidget(account);
    left->addStretch();

    auto* security = new QGroupBox(tr("Sign-in security"), overview);
    auto* securityForm = new QFormLayout(security);
    m_lockLabel = addRow(securityForm, tr("Lock:"), QStringLiteral("lockLabel"));
    m_failedLabel = addRow(securityForm, tr("Failed attempts:"), QStringLiteral("failedAttemptsLabel"));
    auto* actions = new QHBoxLayout;
    m_unlockButton = new QPushButton(tr("Unlock…"), security);
    m_unlockButton->setObjectName(QStringLiteral("unlockButton"));
    m_unlockButton->setToolTip(tr("Clear the failed attempts and the lock, so the customer can sign in again"));
    m_suspendButton = new QPushButton(tr("Suspend…"), security);
    m_suspendButton->setObjectName(QStringLiteral("suspendButton"));
    actions->addWidget(m_unlockButton);
    actions->addWidget(m_suspendButton);
    actions->addStretch(1);
    securityForm->addRow(actions);
    m_accountActionLabel = new QLabel(security);
    m_accountActionLabel->setObjectName(QStringLiteral("accountActionLabel"));
    m_accountActionLabel->setWordWrap(true);
    m_accountActionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    securityForm->addRow(m_accountActionLabel);
    right->addWidget(security);
    connect(m_unlockButton, &QPushButton::clicked, this, &CustomerDetailView::confirmUnlock);
    connect(m_suspendButton, &QPushButton::clicked, this, &CustomerDetailView::confirmStatusChange);

    m_mfa = new MfaPanel(overview);
    m_mfa->setBackend(m_backend);
    right->addWidget(m_mfa);
    // Turning MFA on or off changes the customer (badge, version): show it as it is now.
    connect(m_mfa, &MfaPanel::changed, this, &CustomerDetailView::reloadCustomer);

    auto* loyalty = new QGroupBox(tr("Loyalty"), overview);
    auto* loyaltyForm = new QFormLayout(loyalty);
    m_tierLabel = addRow(loyaltyForm, tr("Tier:"), QStringLiteral("tierLabel"));
    m_pointsLabel = addRow(loyaltyForm, tr("Points:"), QStringLiteral("pointsLabel"));
    m_spendLabel = addRow(loyaltyForm, tr("Total spend:"), QStringLiteral("spendLabel"));
    right->addWidget(loyalty);

    auto* consents = new QGroupBox(tr("Consents"), overview);
    auto* consentForm = new QFormLayout(consents);
    m_marketingLabel = addRow(consentForm, tr("Marketing:"), QStringLiteral("marketingLabel"));
    m_processingLabel = addRow(consentForm, tr("Data processing:"), QStringLiteral("processingLabel"));
    right->addWidget(consents);
    right->addStretch();

    auto* addressPage = new QWidget(m_tabs);
    auto* addressLayout = new QVBoxLayout(addressPage);
    m_addressTable = new QTableView(addressPage);
    m_addressTable->setObjectName(QStringLiteral("addressTableView"));
    m_addressTable->setModel(m_addresses);
    m_addressTable->setWordWrap(true);
    m_addressTable->verticalHeader()->hide();
    m_addressTable->horizontalHeader()->setStretchLastSection(true);
    m_addressTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_addressTable->setMinimumHeight(140);
    addressLayout->addWidget(m_addressTable);
    m_tabs->addTab(addressPage, tr("Addresses"));
    m_tabs->addTab(createSessionsTab(), tr("Sessions"));
    m_devices = new DevicesPanel(m_backend, m_tabs);
    m_devices->setObjectName(QStringLiteral("devicesPanel"));
    m_tabs->addTab(m_devices, tr("Devices"));
    m_logins = new LoginHistoryView(m_backend, m_tabs);
    m_logins->setObjectName(QStringLiteral("customerLoginHistory"));
    m_tabs->addTab(m_logins, tr("Login history"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &CustomerDetailView::loadLoginHistoryIfShown);
    connect(m_devices, &DevicesPanel::sessionsChanged, m_sessions, &SessionTableModel::reload);
    connect(m_devices, &DevicesPanel::deviceCountChanged, this,
            [this](int count) { m_tabs->setTabText(m_tabs->indexOf(m_devices), tr("Devices (%1)").arg(count)); });

    scroll->setWidget(content);
    m_pages->addWidget(scroll);

    connect(m_revealButton, &QPushButton::clicked, this, &CustomerDetailView::toggleReveal);
}

QLabel* CustomerDetailView::addRow(QFormLayout* form, const QString& label, const QString& objectName)
{
    auto* value = new QLabel(form->parentWidget());
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

void CustomerDetailView::showCustomer(const QUuid& id)
{
    const quint64 request = ++m_request;
    m_requestedId = id;
    if (id != m_customer.id)
        setSessionsStatus({});
    if (id.isNull() || !m_backend) {
        m_sessions->clear();
        m_devices->setCustomer({}, {});
        m_logins->model()->clear();
        m_customer = {};
        m_emptyLabel->setText(tr("Select a customer to see their account."));
        m_pages->setCurrentIndex(0);
        return;
    }
    whenFinished(m_backend->customer(id), this, [this, request](const Result<Customer>& customer) {
        if (request != m_request)
            return;
        if (!customer) {
            showError(customer.error());
            return;
        }
        display(customer.value());
    });
    whenFinished(m_backend->addresses(id), this, [this, request](const Result<QList<Address>>& addresses) {
        if (request != m_request)
            return;
        m_addresses->setAddresses(addresses ? addresses.value() : QList<Address>{});
        m_tabs->setTabText(1, tr("Addresses (%1)").arg(m_addresses->rowCount()));
        m_addressTable->resizeColumnsToContents();
        m_addressTable->resizeRowsToContents();
    });
    SessionQuery sessions;
    sessions.customerId = id;
    sessions.activeOnly = false; // history too: revoked and expired sessions explain what happened
    m_sessions->setQuery(sessions);
    m_devices->setCustomer(id, {});
    loadLoginHistoryIfShown();
}

void CustomerDetailView::loadLoginHistoryIfShown()
{
    // The history (page, count and chart with risk flags) loads when its tab is looked at, not
    // for every customer the operator passes on the way.
    if (m_tabs->currentWidget() != m_logins || m_requestedId.isNull())
        return;
    if (m_logins->model()->query().customerId != m_requestedId)
        m_logins->setCustomer(m_requestedId);
}

void CustomerDetailView::showError(const Error& error)
{
    m_customer = {};
    m_emptyLabel->setText(tr("The customer could not be loaded.") + u'\n' + DisplayFormat::errorMessage(error));
    m_pages->setCurrentIndex(0);
}

void CustomerDetailView::display(const Customer& c)
{
    const bool sameCustomer = c.id == m_customer.id;
    m_customer = c;
    m_devices->setCustomerName(c.fullName);
    m_nameLabel->setText(c.fullName);
    m_idLabel->setText(c.id.toString(QUuid::WithoutBraces));

    QStringList badges;
    switch (c.status) {
    case CustomerStatus::Active:
        badges << badge(DisplayFormat::statusName(c.status), "#2e7d32");
        break;
    case CustomerStatus::Suspended:
        badges << badge(DisplayFormat::statusName(c.status), "#ef6c00");
        break;
    case CustomerStatus::Deleted:
        badges << badge(DisplayFormat::statusName(c.status), "#616161");
        break;
    }
    if (c.isLocked())
        badges << badge(tr("Locked"), "#c62828");
    badges << (c.mfaEnabled ? badge(tr("MFA on"), "#1565c0") : badge(tr("MFA off"), "#9e9e9e"));
    badges << badge(DisplayFormat::tierName(c.loyaltyTier), "#6d4c41");
    m_badgesLabel->setText(badges.join(QStringLiteral("&nbsp;")));

    QStringList verified;
    if (c.emailVerified)
        verified << tr("e-mail");
    if (c.phoneVerified)
        verified << tr("phone");
    m_verifiedLabel->setText(verified.isEmpty() ? tr("nothing yet") : verified.join(QStringLiteral(", ")));
    m_typeLabel->setText(DisplayFormat::customerTypeName(c.customerType));
    m_groupLabel->setText(c.customerGroup.isEmpty() ? tr("none") : c.customerGroup);
    m_countryLabel->setText(DisplayFormat::countryName(c.country));
    m_createdLabel->setText(DisplayFormat::dateTime(c.createdAt));
    m_lastLoginLabel->setText(c.lastLoginAt.isValid() ? DisplayFormat::dateTime(c.lastLoginAt) : tr("never"));
    m_failedLabel->setText(QLocale().toString(c.failedLoginAttempts));
    m_lockLabel->setText(c.isLocked() ? tr("Locked until %1").arg(DisplayFormat::dateTime(c.lockedUntil))
                                      : tr("Not locked"));
    if (!sameCustomer)
        m_mfa->setSubject(MfaSubject::customer(c.id), c.fullName, MfaPanel::customerIssuer(QSettings()));
    m_mfa->setActionsAllowed(c.status != CustomerStatus::Deleted);
    if (!sameCustomer)
        m_accountActionLabel->clear();
    updateAccountActions();
    m_tierLabel->setText(DisplayFormat::tierName(c.loyaltyTier));
    m_pointsLabel->setText(QLocale().toString(c.loyaltyPoints));
    m_spendLabel->setText(DisplayFormat::money(c.totalSpendCents));
    m_marketingLabel->setText(DisplayFormat::yesNo(c.marketingConsent));
    m_processingLabel->setText(DisplayFormat::yesNo(c.dataProcessingConsent));
    if (!sameCustomer)
        m_revealErrorLabel->hide();
    setRevealed(sameCustomer && m_revealed);
    m_pages->setCurrentIndex(1);
}

void CustomerDetailView::toggleReveal()
{
    if (m_revealed) {
        setRevealed(false);
        return;
    }
    if (!m_backend)
        return;
    // The audit trail records the reveal first; the details show only once it has.
    const QUuid id = m_customer.id;
    m_revealButton->setEnabled(false);
    m_revealErrorLabel->hide();
    whenFinished(m_backend->recordContactReveal(id), this, [this, id](const Status& recorded) {
        m_revealButton->setEnabled(true);
        if (id != m_customer.id)
            return;
        if (!recorded) {
            m_revealErrorLabel->setText(tr("Not revealed: %1").arg(DisplayFormat::errorMessage(recorded.error())));
            m_revealErrorLabel->show();
            return;
        }
        setRevealed(true);
        emit contactRevealed(id);
    });
}

void CustomerDetailView::setRevealed(bool revealed)
{
    m_revealed = revealed;
    m_emailLabel->setText(revealed ? m_customer.email : DisplayFormat::maskedEmail(m_customer.email));
    m_phoneLabel->setText(m_customer.phone.isEmpty() ? tr("none")
                          : revealed                 ? m_customer.phone
                                                     : DisplayFormat::maskedPhone(m_customer.phone));
    m_revealButton->setText(revealed ? tr("Hide") : tr("Reveal"));
}

void CustomerDetailView::updateAccountActions()
{
    const Customer& c = m_customer;
    const bool idle = m_backend && !m_accountActionInFlight && !c.id.isNull();
    m_unlockButton->setEnabled(idle && c.status != CustomerStatus::Deleted &&
                               (c.isLocked() || c.failedLoginAttempts > 0));
    const bool suspended = c.status == CustomerStatus::Suspended;
    m_suspendButton->setText(suspended ? tr("Reactivate…") : tr("Suspend…"));
    m_suspendButton->setToolTip(suspended ? tr("Let the customer sign in again")
                                          : tr("Block sign-in and sign out every session of this customer"));
    m_suspendButton->setEnabled(idle && m_suspendAllowed && c.status != CustomerStatus::Deleted);
    if (!m_suspendAllowed)
        m_suspendButton->setToolTip(tr("Suspending and reactivating accounts is for security officers and admins"));
}

void CustomerDetailView::setSuspendAllowed(bool allowed)
{
    m_suspendAllowed = allowed;
    updateAccountActions();
}

void CustomerDetailView::confirmUnlock()
{
    const Customer& c = m_customer;
    const QString summary =
        c.isLocked()
            ? tr("Unlock %1? The lock until %2 and the count of failed sign-in attempts (%3) are cleared.")
                  .arg(c.fullName, DisplayFormat::dateTime(c.lockedUntil), QLocale().toString(c.failedLoginAttempts))
            : tr("Clear the count of failed sign-in attempts (%1) of %2?")
                  .arg(QLocale().toString(c.failedLoginAttempts), c.fullName);
    auto* dialog = new AccountActionDialog(tr("Unlock account"), summary, tr("Unlock"), false, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QUuid id = c.id;
    const qint64 version = c.version;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, version] {
        runAccountAction(m_backend->unlockCustomer(id, version, dialog->reason()), tr("Unlocked."));
    });
    dialog->open();
}

void CustomerDetailView::confirmStatusChange()
{
    const Customer& c = m_customer;
    const bool suspend = c.status == CustomerStatus::Active;
    const QString summary =
        suspend ? tr("Suspend %1? They cannot sign in while suspended, and every active session is signed out.")
                      .arg(c.fullName)
                : tr("Reactivate %1? They can sign in again.").arg(c.fullName);
    auto* dialog = new AccountActionDialog(suspend ? tr("Suspend account") : tr("Reactivate account"), summary,
                                           suspend ? tr("Suspend") : tr("Reactivate"), true, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QUuid id = c.id;
    const qint64 version = c.version;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, version, suspend] {
        runAccountAction(m_backend->setCustomerStatus(id, version,
                                                      suspend ? CustomerStatus::Suspended : CustomerStatus::Active,
                                                      dialog->reason()),
                         suspend ? tr("Suspended; their sessions are signed out.") : tr("Reactivated."));
    });
    dialog->open();
}

void CustomerDetailView::runAccountAction(QFuture<Result<Customer>> action, const QString& doneText)
{
    m_accountActionInFlight = true;
    updateAccountActions();
    m_accountActionLabel->setText(tr("Working…"));
    const QUuid id = m_customer.id;
    whenFinished(std::move(action), this, [this, id, doneText](const Result<Customer>& customer) {
        m_accountActionInFlight = false;
        if (id != m_customer.id) {
            updateAccountActions();
            return; // another customer is shown by now
        }
        if (!customer) {
            if (customer.error().kind == ErrorKind::Conflict) {
                // Someone else changed the account: show what it is now before anyone decides again.
                m_accountActionLabel->setText(tr("Not done: this customer was changed by someone else since you "
                                                 "opened it. The account has been reloaded; check it and try "
                                                 "again."));
                reloadCustomer();
            } else {
                m_accountActionLabel->setText(tr("Not done: %1").arg(DisplayFormat::errorMessage(customer.error())));
                updateAccountActions();
            }
            return;
        }
        display(customer.value());
        m_accountActionLabel->setText(doneText);
        m_sessions->reload();
        m_devices->model()->reload();
        m_logins->model()->reload();
    });
}

void CustomerDetailView::reloadCustomer()
{
    const QUuid id = m_customer.id;
    const quint64 request = ++m_request;
    whenFinished(m_backend->customer(id), this, [this, request](const Result<Customer>& customer) {
        if (request != m_request)
            return;
        if (!customer) {
            showError(customer.error());
            return;
        }
        display(customer.value());
    });
}

QWidget* CustomerDetailView::createSessionsTab()
{
    m_sessionsTab = new QWidget(m_tabs);
    m_sessionsTab->setObjectName(QStringLiteral("sessionsTab"));
    auto* layout = new QVBoxLayout(m_sessionsTab);

    m_sessionTable = new QTableView(m_sessionsTab);
    m_sessionTable->setObjectName(QStringLiteral("sessionsTableView"));
    m_sessionTable->setModel(m_sessions);
    m_sessionTable->verticalHeader()->hide();
    // The customer column names this customer on every row. A reset forgets hidden sections.
    auto hideCustomerColumn = [this] {
        m_sessionTable->setColumnHidden(int(SessionTableModel::Column::Customer), true);
    };
    hideCustomerColumn();
    connect(m_sessions, &QAbstractItemModel::modelReset, m_sessionTable, hideCustomerColumn);
    m_sessionTable->horizontalHeader()->setStretchLastSection(true);
    m_sessionTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sessionTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sessionTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sessionTable->setMinimumHeight(160);
    layout->addWidget(m_sessionTable, 1);

    auto* buttons = new QHBoxLayout;
    m_revokeSessionButton = new QPushButton(tr("Sign out session…"), m_sessionsTab);
    m_revokeSessionButton->setObjectName(QStringLiteral("revokeSessionButton"));
    m_revokeSessionButton->setToolTip(tr("End the selected session; the customer has to sign in again there"));
    m_revokeAllButton = new QPushButton(tr("Sign out all…"), m_sessionsTab);
    m_revokeAllButton->setObjectName(QStringLiteral("revokeAllSessionsButton"));
    m_revokeAllButton->setToolTip(tr("End every active session of this customer"));
    m_cancelRevokeAllButton = new QPushButton(tr("Stop"), m_sessionsTab);
    m_cancelRevokeAllButton->setObjectName(QStringLiteral("cancelRevokeAllButton"));
    m_cancelRevokeAllButton->setToolTip(tr("Stop signing out before the next session"));
    m_cancelRevokeAllButton->hide();
    m_sessionsStatusLabel = new QLabel(m_sessionsTab);
    m_sessionsStatusLabel->setObjectName(QStringLiteral("sessionsStatusLabel"));
    m_sessionsStatusLabel->setWordWrap(true);
    m_sessionsStatusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons->addWidget(m_revokeSessionButton);
    buttons->addWidget(m_revokeAllButton);
    buttons->addWidget(m_cancelRevokeAllButton);
    buttons->addWidget(m_sessionsStatusLabel, 1);
    layout->addLayout(buttons);

    connect(m_revokeSessionButton, &QPushButton::clicked, this, &CustomerDetailView::confirmRevokeSession);
    connect(m_revokeAllButton, &QPushButton::clicked, this, &CustomerDetailView::confirmRevokeAll);
    connect(m_cancelRevokeAllButton, &QPushButton::clicked, this, &CustomerDetailView::cancelRevokeAll);
    connect(m_sessionTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CustomerDetailView::updateSessionButtons);
    connect(m_sessions, &SessionTableModel::activeCountChanged, this, &CustomerDetailView::updateSessionsTabTitle);
    connect(m_sessions, &SessionTableModel::activeCountChanged, this, &CustomerDetailView::updateSessionButtons);
    connect(m_sessions, &QAbstractItemModel::modelReset, this, &CustomerDetailView::updateSessionButtons);
    connect(m_sessions, &QAbstractItemModel::rowsInserted, this, [this] {
        updateSessionButtons();
        m_sessionTable->resizeColumnsToContents();
    });
    connect(m_sessions, &SessionTableModel::errorOccurred, this, [this](const Error& error) {
        setSessionsStatus(tr("Sessions could not be loaded: %1").arg(DisplayFormat::errorMessage(error)));
    });
    updateSessionButtons();
    return m_sessionsTab;
}

void CustomerDetailView::updateSessionsTabTitle()
{
    const int index = m_tabs->indexOf(m_sessionsTab);
    const std::optional<qint64> active = m_sessions->activeCount();
    m_tabs->setTabText(index, active ? tr("Sessions (%n active)", nullptr, int(*active)) : tr("Sessions"));
}

void CustomerDetailView::updateSessionButtons()
{
    const QModelIndexList selected =
        m_sessionTable->selectionModel() ? m_sessionTable->selectionModel()->selectedRows() : QModelIndexList{};
    const bool activeSelected = !selected.isEmpty() && selected.first().data(SessionTableModel::IsActiveRole).toBool();
    const std::optional<qint64> active = m_sessions->activeCount();
    const bool idle = !m_revokeInFlight && m_backend;
    m_revokeSessionButton->setEnabled(idle && activeSelected);
    m_revokeAllButton->setEnabled(idle && active && *active > 0);
}

void CustomerDetailView::setSessionsStatus(const QString& text)
{
    m_sessionsStatusLabel->setText(text);
}

void CustomerDetailView::confirmRevokeSession()
{
    const QModelIndexList selected = m_sessionTable->selectionModel()->selectedRows();
    if (selected.isEmpty() || !selected.first().data(SessionTableModel::IsActiveRole).toBool())
        return;
    const QUuid sessionId = selected.first().data(SessionTableModel::SessionIdRole).toUuid();
    auto* dialog = new RevokeSessionDialog(m_customer.fullName, 1, false, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, sessionId] {
        if (const std::optional<RevokeReason> reason = dialog->reason())
            revokeSession(sessionId, *reason, dialog->note());
    });
    dialog->open();
}

void CustomerDetailView::revokeSession(const QUuid& sessionId, RevokeReason reason, const QString& note)
{
    if (!m_backend || m_revokeInFlight)
        return;
    m_revokeInFlight = true;
    updateSessionButtons();
    setSessionsStatus(tr("Signing out…"));
    const QUuid customerId = m_customer.id;
    whenFinished(m_backend->revokeSession(sessionId, reason, note), this,
                 [this, customerId](const Result<SessionRevocation>& revocation) {
                     m_revokeInFlight = false;
                     updateSessionButtons();
                     if (customerId != m_customer.id)
                         return; // another customer is shown by now
                     if (!revocation) {
                         setSessionsStatus(
                             tr("Not signed out: %1").arg(DisplayFormat::errorMessage(revocation.error())));
                         return;
                     }
                     setSessionsStatus(revocation->outcome == RevokeOutcome::AlreadyRevoked
                                           ? tr("That session was already signed out.")
                                           : tr("Signed out."));
                     m_sessions->reload();
                 });
}

void CustomerDetailView::confirmRevokeAll()
{
    const std::optional<qint64> active = m_sessions->activeCount();
    if (!active || *active <= 0)
        return;
    auto* dialog = new RevokeSessionDialog(m_customer.fullName, int(*active), true, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QUuid customerId = m_customer.id;
    const QString name = m_customer.fullName;
    connect(dialog, &QDialog::accepted, this, [this, dialog, customerId, name] {
        if (const std::optional<RevokeReason> reason = dialog->reason())
            startRevokeAll(customerId, name, *reason, dialog->note());
    });
    dialog->open();
}

void CustomerDetailView::startRevokeAll(const QUuid& customerId, const QString& name, RevokeReason reason,
                                        const QString& note)
{
    if (!m_backend || m_revokeInFlight || customerId.isNull())
        return;
    m_revokeInFlight = true;
    m_revokeAllCustomer = customerId;
    m_revokeAllName = name;
    m_cancelRevokeAllButton->show();
    m_cancelRevokeAllButton->setEnabled(true);
    updateSessionButtons();
    setSessionsStatus(tr("Signing out all sessions…"));
    // Every session active when the operator confirmed; one that starts while this runs is new
    // and not part of what they saw.
    SessionQuery query;
    query.customerId = customerId;
    query.createdTo = QDateTime::currentDateTimeUtc();
    m_revokeAll->start(query, BulkSessionRevoker::maxRun, reason, note);
}

void CustomerDetailView::cancelRevokeAll()
{
    if (!m_revokeAll->isRunning())
        return;
    m_revokeAll->cancel();
    m_cancelRevokeAllButton->setEnabled(false);
    setSessionsStatus(tr("Stopping after the current session…"));
}

void CustomerDetailView::finishRevokeAll(const BulkRevokeSummary& summary)
{
    m_revokeInFlight = false;
    m_cancelRevokeAllButton->hide();
    updateSessionButtons();
    if (m_revokeAllCustomer != m_customer.id) {
        // The run went on while the operator looked at someone else: say whose sessions it was.
        setSessionsStatus(tr("%1: %2").arg(m_revokeAllName, BulkSessionRevoker::summaryText(summary)));
        return;
    }
    setSessionsStatus(BulkSessionRevoker::summaryText(summary));
    m_sessions->reload();
    m_devices->model()->reload(); // their active-session counts changed
}

} // namespace idc
