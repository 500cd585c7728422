#include "AuditTrailView.h"

#include "Async.h"
#include "AuditEventTableModel.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace idc {

namespace {

QString jsonText(const QJsonValue& value)
{
    // Whatever is stored, as it is: a row edited behind the console's back may hold anything.
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isString())
        return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QStringLiteral("null");
}

} // namespace

AuditTrailView::AuditTrailView(IdentityBackend* backend, QWidget* parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_model(new AuditEventTableModel(backend, this))
    , m_applyTimer(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    m_actionCombo = new QComboBox(this);
    m_actionCombo->setObjectName(QStringLiteral("actionComboBox"));
    m_actionCombo->addItem(tr("Any action"), QString());
    // The actions the console and the identity backend record; the names are the stored ones.
    for (const char* action :
         {"session.revoke", "session.revoke_all", "device.trust", "device.untrust", "device.forget", "customer.suspend",
          "customer.activate", "customer.unlock", "customer.delete", "pii.reveal", "mfa.reset", "export.create"})
        m_actionCombo->addItem(QString::fromLatin1(action), QString::fromLatin1(action));
    filters->addWidget(m_actionCombo);
    m_actorEdit = new QLineEdit(this);
    m_actorEdit->setObjectName(QStringLiteral("actorLineEdit"));
    m_actorEdit->setPlaceholderText(tr("Operator"));
    m_actorEdit->setClearButtonEnabled(true);
    filters->addWidget(m_actorEdit, 1);
    m_customerEdit = new QLineEdit(this);
    m_customerEdit->setObjectName(QStringLiteral("customerLineEdit"));
    m_customerEdit->setPlaceholderText(tr("Customer id"));
    m_customerEdit->setClearButtonEnabled(true);
    filters->addWidget(m_customerEdit, 1);
    m_rangeCombo = new QComboBox(this);
    m_rangeCombo->setObjectName(QStringLiteral("rangeComboBox"));
    m_rangeCombo->addItem(tr("Any time"), 0);
    m_rangeCombo->addItem(tr("Last hour"), 1);
    m_rangeCombo->addItem(tr("Last 24 hours"), 24);
    m_rangeCombo->addItem(tr("Last 7 days"), 24 * 7);
    m_rangeCombo->addItem(tr("Last 30 days"), 24 * 30);
    filters->addWidget(m_rangeCombo);
    m_verifyButton = new QPushButton(tr("Verify chain"), this);
    m_verifyButton->setObjectName(QStringLiteral("verifyChainButton"));
    m_verifyButton->setToolTip(tr("Recompute every event's hash and check that none was changed or removed"));
    filters->addWidget(m_verifyButton);
    layout->addLayout(filters);

    m_chainLabel = new QLabel(this);
    m_chainLabel->setObjectName(QStringLiteral("chainLabel"));
    m_chainLabel->setWordWrap(true);
    m_chainLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_chainLabel);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("auditTableView"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_details = new QPlainTextEdit(splitter);
    m_details->setObjectName(QStringLiteral("detailsTextEdit"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select an event to see its states and hashes."));
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    layout->addWidget(m_statusLabel);

    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(300);
    connect(m_applyTimer, &QTimer::timeout, this, &AuditTrailView::apply);
    for (QLineEdit* edit : {m_actorEdit, m_customerEdit}) {
        connect(edit, &QLineEdit::textChanged, m_applyTimer, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &AuditTrailView::apply);
    }
    for (QComboBox* combo : {m_actionCombo, m_rangeCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, &AuditTrailView::apply);
    connect(m_verifyButton, &QPushButton::clicked, this, &AuditTrailView::verify);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditTrailView::showSelected);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QUuid customer = index.data(AuditEventTableModel::CustomerIdRole).toUuid();
        if (!customer.isNull())
            emit customerActivated(customer);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_model->rowCount() <= 100)
            m_table->resizeColumnsToContents();
    });
    connect(m_model, &AuditEventTableModel::errorOccurred, this, [this](const Error& error) {
        m_statusLabel->setText(tr("The audit trail could not be loaded: %1").arg(DisplayFormat::errorMessage(error)));
    });
    apply();
}

std::optional<AuditQuery> AuditTrailView::queryFromFilters() const
{
    AuditQuery query;
    query.action = m_actionCombo->currentData().toString();
    query.actor = m_actorEdit->text().trimmed();
    const QString customer = m_customerEdit->text().trimmed();
    if (!customer.isEmpty()) {
        query.customerId = QUuid::fromString(customer);
        if (query.customerId.isNull())
            return std::nullopt;
    }
    const int hours = m_rangeCombo->currentData().toInt();
    if (hours > 0)
        query.from = QDateTime::currentDateTimeUtc().addSecs(-qint64(hours) * 3600);
    return query;
}

AuditQuery AuditTrailView::query() const
{
    return m_model->query();
}

void AuditTrailView::refresh()
{
    apply();
}

void AuditTrailView::apply()
{
    m_applyTimer->stop();
    const std::optional<AuditQuery> query = queryFromFilters();
    if (!query) {
        m_statusLabel->setText(tr("“%1” is not a customer id.").arg(m_customerEdit->text().trimmed()));
        return;
    }
    m_statusLabel->clear();
    m_details->clear();
    m_model->setQuery(*query);
}

void AuditTrailView::showSelected()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const AuditEvent* e = current.isValid() ? m_model->eventAt(current.row()) : nullptr;
    if (!e) {
        m_details->clear();
        return;
    }
    QStringList lines;
    lines
        << tr("Event %1 · %2 · %3").arg(QLocale().toString(e->seq), e->action, DisplayFormat::dateTime(e->occurredAt));
    lines << tr("Operator: %1 (%2)").arg(e->actor, DisplayFormat::operatorRoleName(e->actorRole));
    if (!e->customerId.isNull())
        lines << tr("Customer: %1").arg(e->customerId.toString(QUuid::WithoutBraces));
    if (!e->reason.isEmpty())
        lines << tr("Reason: %1").arg(e->reason);
    lines << tr("Before: %1").arg(jsonText(e->beforeState));
    lines << tr("After: %1").arg(jsonText(e->afterState));
    lines << tr("Previous hash: %1").arg(e->prevHash);
    lines << tr("Hash: %1").arg(e->hash);
    m_details->setPlainText(lines.join(u'\n'));
}

void AuditTrailView::verify()
{
    if (!m_backend)
        return;
    const quint64 request = ++m_verifyRequest;
    m_verifyButton->setEnabled(false);
    m_chainLabel->setStyleSheet({});
    m_chainLabel->setText(tr("Verifying the chain…"));
    whenFinished(m_backend->verifyAuditChain(), this, [this, request](const Result<AuditChainReport>& report) {
        if (request != m_verifyRequest)
            return;
        m_verifyButton->setEnabled(true);
        if (!report) {
            m_chainLabel->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
            m_chainLabel->setText(
                tr("The chain could not be verified: %1").arg(DisplayFormat::errorMessage(report.error())));
            emit verified(false);
            return;
        }
        showReport(report.value());
        emit verified(report->intact);
    });
}

void AuditTrailView::showReport(const AuditChainReport& report)
{
    const QLocale locale;
    if (report.intact) {
        m_chainLabel->setStyleSheet(QStringLiteral("QLabel { color: #2e7d32; font-weight: bold; }"));
        m_chainLabel->setText(
            tr("Chain intact: %1 events checked; newest is #%2 with hash %3…")
                .arg(locale.toString(report.events), locale.toString(report.lastSeq), report.headHash.left(16)));
        return;
    }
    m_chainLabel->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    const QString how = report.breakKind == AuditChainBreak::RowChanged
                            ? tr("the event was changed after it was written")
                            : tr("the event does not follow the one before it (an event was removed or reordered)");
    m_chainLabel->setText(tr("Chain broken at event #%1: %2.").arg(locale.toString(report.firstBrokenSeq), how));
}

} // namespace idc
