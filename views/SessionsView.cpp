#include "SessionsView.h"

#include "Async.h"
#include "BulkSessionRevoker.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"
#include "RevokeSessionDialog.h"
#include "SessionTableModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace idc {

namespace {

/// How far back the age filter reaches, in hours; 0 is any age.
constexpr int anyAge = 0;

} // namespace

SessionsView::SessionsView(IdentityBackend* backend, QWidget* parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_model(new SessionTableModel(backend, this))
    , m_revoker(new BulkSessionRevoker(backend, this))
    , m_applyTimer(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);

    auto* filters = new QHBoxLayout;
    m_ipEdit = new QLineEdit(this);
    m_ipEdit->setObjectName(QStringLiteral("ipLineEdit"));
    m_ipEdit->setPlaceholderText(tr("IP address or subnet, e.g. 185.220.101.0/24"));
    m_ipEdit->setClearButtonEnabled(true);
    m_ipEdit->setMinimumWidth(280);
    filters->addWidget(m_ipEdit, 2);

    m_customerEdit = new QLineEdit(this);
    m_customerEdit->setObjectName(QStringLiteral("customerEmailLineEdit"));
    m_customerEdit->setPlaceholderText(tr("Customer e-mail"));
    m_customerEdit->setClearButtonEnabled(true);
    m_customerEdit->setMinimumWidth(220);
    filters->addWidget(m_customerEdit, 2);

    m_countryCombo = new QComboBox(this);
    m_countryCombo->setObjectName(QStringLiteral("countryComboBox"));
    m_countryCombo->addItem(tr("Any country"), QString());
    filters->addWidget(m_countryCombo, 1);

    m_deviceCombo = new QComboBox(this);
    m_deviceCombo->setObjectName(QStringLiteral("deviceComboBox"));
    m_deviceCombo->addItem(tr("Any device"), QString());
    for (const QString& type : {QStringLiteral("desktop"), QStringLiteral("mobile"), QStringLiteral("tablet")})
        m_deviceCombo->addItem(DisplayFormat::deviceTypeName(type), type);
    filters->addWidget(m_deviceCombo, 1);

    m_ageCombo = new QComboBox(this);
    m_ageCombo->setObjectName(QStringLiteral("ageComboBox"));
    m_ageCombo->addItem(tr("Any age"), anyAge);
    m_ageCombo->addItem(tr("Started in the last hour"), 1);
    m_ageCombo->addItem(tr("Started in the last 24 hours"), 24);
    m_ageCombo->addItem(tr("Started in the last 7 days"), 24 * 7);
    m_ageCombo->addItem(tr("Started more than 7 days ago"), -24 * 7);
    filters->addWidget(m_ageCombo, 1);

    m_activeOnlyCheck = new QCheckBox(tr("Active only"), this);
    m_activeOnlyCheck->setObjectName(QStringLiteral("activeOnlyCheckBox"));
    m_activeOnlyCheck->setChecked(true);
    filters->addWidget(m_activeOnlyCheck);
    layout->addLayout(filters);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    layout->addWidget(m_countLabel);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("sessionsTableView"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table, 1);

    auto* buttons = new QHBoxLayout;
    m_revokeSelectedButton = new QPushButton(tr("Sign out selected…"), this);
    m_revokeSelectedButton->setObjectName(QStringLiteral("revokeSelectedButton"));
    m_revokeSelectedButton->setToolTip(tr("End the selected active sessions"));
    m_revokeMatchingButton = new QPushButton(tr("Sign out all matching…"), this);
    m_revokeMatchingButton->setObjectName(QStringLiteral("revokeMatchingButton"));
    m_revokeMatchingButton->setToolTip(tr("End every active session the filter matches, across all customers"));
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setToolTip(tr("Stop signing out before the next session"));
    m_stopButton->hide();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("revokeProgressBar"));
    m_progress->hide();
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons->addWidget(m_revokeSelectedButton);
    buttons->addWidget(m_revokeMatchingButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_statusLabel, 1);
    layout->addLayout(buttons);

    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(300);
    connect(m_applyTimer, &QTimer::timeout, this, &SessionsView::apply);
    connect(m_ipEdit, &QLineEdit::textChanged, this, &SessionsView::scheduleApply);
    connect(m_ipEdit, &QLineEdit::returnPressed, this, &SessionsView::apply);
    connect(m_customerEdit, &QLineEdit::textChanged, this, &SessionsView::scheduleApply);
    connect(m_customerEdit, &QLineEdit::returnPressed, this, &SessionsView::apply);
    for (QComboBox* combo : {m_countryCombo, m_deviceCombo, m_ageCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, &SessionsView::apply);
    connect(m_activeOnlyCheck, &QCheckBox::toggled, this, &SessionsView::apply);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsView::updateButtons);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (const Session* s = m_model->sessionAt(index.row()))
            emit customerActivated(s->customerId);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &SessionsView::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        updateButtons();
        m_table->resizeColumnsToContents();
        // Sizing every column to its contents undoes the stretch of the last one until the next
        // resize; turning it off and on stretches it again now.
        m_table->horizontalHeader()->setStretchLastSection(false);
        m_table->horizontalHeader()->setStretchLastSection(true);
    });
    connect(m_model, &SessionTableModel::activeCountChanged, this, &SessionsView::updateCount);
    connect(m_model, &SessionTableModel::activeCountChanged, this, &SessionsView::updateButtons);
    connect(m_model, &SessionTableModel::errorOccurred, this, [this](const Error& error) {
        setStatus(tr("Sessions could not be loaded: %1").arg(DisplayFormat::errorMessage(error)));
    });
    connect(m_revoker, &BulkSessionRevoker::progress, this, [this](int done, qint64 total) {
        m_progress->setRange(0, int(std::max<qint64>(total, 1)));
        m_progress->setValue(done);
        setStatus(tr("Signing out… %1 of %2").arg(QLocale().toString(done), QLocale().toString(total)));
    });
    connect(m_revoker, &BulkSessionRevoker::finished, this, &SessionsView::onRevokeFinished);
    connect(m_stopButton, &QPushButton::clicked, this, [this] {
        m_revoker->cancel();
        m_stopButton->setEnabled(false);
        setStatus(tr("Stopping after the current session…"));
    });
    connect(m_revokeSelectedButton, &QPushButton::clicked, this, &SessionsView::confirmRevokeSelected);
    connect(m_revokeMatchingButton, &QPushButton::clicked, this, &SessionsView::confirmRevokeMatching);

    if (m_backend)
        whenFinished(m_backend->customerCountries(), this, [this](const Result<QStringList>& countries) {
            if (!countries)
                return; // the filter stays at "any country"; the list reports connection trouble
            const QSignalBlocker blocker(m_countryCombo);
            for (const QString& code : countries.value())
                m_countryCombo->addItem(DisplayFormat::countryName(code), code);
        });
    apply();
}

void SessionsView::filterByIp(const QString& ipOrCidr)
{
    // Everything from that address: the filters of an earlier search do not narrow it unseen.
    {
        const QSignalBlocker ip(m_ipEdit);
        const QSignalBlocker customer(m_customerEdit);
        const QSignalBlocker country(m_countryCombo);
        const QSignalBlocker device(m_deviceCombo);
        const QSignalBlocker age(m_ageCombo);
        const QSignalBlocker active(m_activeOnlyCheck);
        m_ipEdit->setText(ipOrCidr);
        m_customerEdit->clear();
        m_countryCombo->setCurrentIndex(0);
        m_deviceCombo->setCurrentIndex(0);
        m_ageCombo->setCurrentIndex(0);
        m_activeOnlyCheck->setChecked(true);
    }
    apply();
}

void SessionsView::setBulkRevokeAllowed(bool allowed)
{
    m_bulkAllowed = allowed;
    m_revokeMatchingButton->setToolTip(allowed ? tr("End every active session the filter matches, across all customers")
                                               : tr("Signing out everything a filter matches is for security officers "
                                                    "and admins"));
    updateButtons();
}

std::optional<SessionQuery> SessionsView::queryFromFilters() const
{
    SessionQuery query;
    query.ipOrCidr = m_ipEdit->text().trimmed();
    if (!query.ipOrCidr.isEmpty() && !isValidIpFilter(query.ipOrCidr))
        return std::nullopt;
    query.customerEmail = m_customerEdit->text().trimmed();
    query.country = m_countryCombo->currentData().toString();
    query.deviceType = m_deviceCombo->currentData().toString();
    query.activeOnly = m_activeOnlyCheck->isChecked();
    const int hours = m_ageCombo->currentData().toInt();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (hours > 0)
        query.createdFrom = now.addSecs(-qint64(hours) * 3600);
    else if (hours < 0)
        query.createdTo = now.addSecs(qint64(hours) * 3600);
    return query;
}

SessionQuery SessionsView::query() const
{
    return m_model->query();
}

void SessionsView::scheduleApply()
{
    m_applyTimer->start();
}

void SessionsView::apply()
{
    m_applyTimer->stop();
    const std::optional<SessionQuery> query = queryFromFilters();
    m_filtersValid = query.has_value();
    if (!query) {
        updateButtons();
        m_ipEdit->setStyleSheet(QStringLiteral("QLineEdit { color: #c62828; }"));
        setStatus(
            tr("“%1” is not an IP address or a subnet such as 185.220.101.0/24.").arg(m_ipEdit->text().trimmed()));
        return;
    }
    m_ipEdit->setStyleSheet({});
    if (!m_revoker->isRunning())
        setStatus({});
    m_countLabel->setText(tr("Loading…"));
    m_model->setQuery(*query);
    updateButtons();
}

void SessionsView::updateCount()
{
    const std::optional<qint64> active = m_model->activeCount();
    if (!active) {
        m_countLabel->clear();
        return;
    }
    const QString number = *active >= SessionTableModel::countCap
                               ? tr("more than %1").arg(QLocale().toString(SessionTableModel::countCap))
                               : QLocale().toString(*active);
    m_countLabel->setText(tr("Active sessions matching: %1").arg(number));
}

void SessionsView::updateButtons()
{
    const bool idle = m_backend && !m_revoker->isRunning();
    bool activeSelected = false;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        activeSelected = activeSelected || index.data(SessionTableModel::IsActiveRole).toBool();
    const std::optional<qint64> active = m_model->activeCount();
    m_revokeSelectedButton->setEnabled(idle && activeSelected);
    m_revokeMatchingButton->setEnabled(idle && m_bulkAllowed && m_filtersValid && active && *active > 0);
}

void SessionsView::setStatus(const QString& text)
{
    m_statusLabel->setText(text);
}

void SessionsView::confirmRevokeSelected()
{
    QList<QUuid> ids;
    QSet<QUuid> customers;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        if (!index.data(SessionTableModel::IsActiveRole).toBool())
            continue;
        if (const Session* s = m_model->sessionAt(index.row())) {
            ids.append(s->id);
            customers.insert(s->customerId);
        }
    }
    if (ids.isEmpty())
        return;
    // English plurals spelled out: the source language has no translation file of its own.
    const QString summary =
        ids.size() == 1
            ? tr("Sign out the selected session?")
            : tr("Sign out the %n selected sessions of %1?", nullptr, int(ids.size()))
                  .arg(customers.size() == 1 ? tr("one customer") : tr("%n customers", nullptr, int(customers.size())));
    auto* dialog = new RevokeSessionDialog(summary, tr("Sign out"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids] {
        if (const std::optional<RevokeReason> reason = dialog->reason()) {
            m_revoker->start(ids, *reason, dialog->note());
            startRevoke();
        }
    });
    dialog->open();
}

void SessionsView::confirmRevokeMatching()
{
    if (!m_backend)
        return;
    // What is on screen now, not what the table last loaded: a filter typed a moment ago counts.
    const std::optional<SessionQuery> current = queryFromFilters();
    if (!current) {
        apply(); // says what is wrong with the filter
        return;
    }
    if (!(*current == m_model->query()))
        apply();
    SessionQuery query = *current;
    query.activeOnly = true;
    // The sessions that exist now: one that starts before the operator confirms is not part of the
    // number they confirm, and does not push an older one out of the run.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!query.createdTo.isValid() || query.createdTo > now)
        query.createdTo = now;
    const QString age = m_ageCombo->currentIndex() > 0 ? m_ageCombo->currentText() : QString();
    const quint64 request = ++m_countRequest;
    m_revokeMatchingButton->setEnabled(false);
    setStatus(tr("Counting…"));
    whenFinished(
        m_backend->countSessions(query, BulkSessionRevoker::maxRun), this,
        [this, request, query, age](const Result<CustomerCount>& count) {
            if (request != m_countRequest)
                return;
            updateButtons();
            if (!count) {
                setStatus(tr("Sessions could not be counted: %1").arg(DisplayFormat::errorMessage(count.error())));
                return;
            }
            setStatus({});
            if (count->count == 0) {
                setStatus(tr("No active session matches the filter any more."));
                m_model->reload();
                return;
            }
            // Every filter in words, so that the operator sees what "all" means here.
            QStringList filter;
            if (!query.ipOrCidr.isEmpty())
                filter << tr("from %1").arg(query.ipOrCidr);
            if (!query.customerEmail.isEmpty())
                filter << tr("of %1").arg(query.customerEmail);
            if (!query.country.isEmpty())
                filter << tr("in %1").arg(DisplayFormat::countryName(query.country));
            if (!query.deviceType.isEmpty())
                filter << tr("on %1").arg(DisplayFormat::deviceTypeName(query.deviceType));
            QString where = filter.isEmpty() ? tr("of every customer") : filter.join(u' ');
            if (!age.isEmpty())
                where += QStringLiteral(" (%1)").arg(age.toLower());
            QString summary = count->count == 1
                                  ? tr("Sign out 1 active session %1?").arg(where)
                                  : tr("Sign out %n active sessions %1?", nullptr, int(count->count)).arg(where);
            if (count->capped)
                summary += u' ' + tr("More match; run it again for the rest.");
            auto* dialog = new RevokeSessionDialog(summary, tr("Sign out all"), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            const qint64 confirmed = count->count;
            connect(dialog, &QDialog::accepted, this, [this, dialog, query, confirmed] {
                if (const std::optional<RevokeReason> reason = dialog->reason()) {
                    m_revoker->start(query, confirmed, *reason, dialog->note());
                    startRevoke();
                }
            });
            dialog->open();
        });
}

void SessionsView::startRevoke()
{
    m_stopButton->show();
    m_stopButton->setEnabled(true);
    m_progress->show();
    updateButtons();
}

void SessionsView::onRevokeFinished(const BulkRevokeSummary& summary)
{
    m_stopButton->hide();
    m_progress->hide();
    setStatus(BulkSessionRevoker::summaryText(summary));
    m_model->reload();
    updateButtons();
}

} // namespace idc
