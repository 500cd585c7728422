#include "CustomerSearchView.h"

#include "Async.h"
#include "CustomerDetailView.h"
#include "CustomerSearchModel.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace idc {

CustomerSearchView::CustomerSearchView(CustomerSearchModel* model, IdentityBackend* backend, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_backend(backend)
    , m_debounce(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);

    auto* searchRow = new QHBoxLayout;
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchEdit->setPlaceholderText(tr("Search customers by name, e-mail, phone or id (Ctrl+F)"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->setMaxLength(CustomerQuery::maxTextLength);
    QFont searchFont = m_searchEdit->font();
    searchFont.setPointSizeF(searchFont.pointSizeF() * 1.15);
    m_searchEdit->setFont(searchFont);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_countLabel->setMinimumWidth(180);
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    searchRow->addWidget(m_searchEdit, 1);
    searchRow->addWidget(m_countLabel);
    layout->addLayout(searchRow);

    auto* filterRow = new QHBoxLayout;
    auto addCombo = [this, filterRow](const QString& objectName, const QString& label,
                                      const QList<std::pair<QString, QVariant>>& items) {
        auto* combo = new QComboBox(this);
        combo->setObjectName(objectName);
        combo->setToolTip(label);
        combo->addItem(label, QVariant());
        for (const auto& [text, value] : items)
            combo->addItem(text, value);
        filterRow->addWidget(combo);
        connect(combo, &QComboBox::currentIndexChanged, this, &CustomerSearchView::applyQuery);
        return combo;
    };
    m_statusCombo = addCombo(QStringLiteral("statusComboBox"), tr("Any status"),
                             {{DisplayFormat::statusName(CustomerStatus::Active), int(CustomerStatus::Active)},
                              {DisplayFormat::statusName(CustomerStatus::Suspended), int(CustomerStatus::Suspended)},
                              {DisplayFormat::statusName(CustomerStatus::Deleted), int(CustomerStatus::Deleted)}});
    m_tierCombo = addCombo(QStringLiteral("tierComboBox"), tr("Any tier"),
                           {{DisplayFormat::tierName(LoyaltyTier::Bronze), int(LoyaltyTier::Bronze)},
                            {DisplayFormat::tierName(LoyaltyTier::Silver), int(LoyaltyTier::Silver)},
                            {DisplayFormat::tierName(LoyaltyTier::Gold), int(LoyaltyTier::Gold)},
                            {DisplayFormat::tierName(LoyaltyTier::Platinum), int(LoyaltyTier::Platinum)}});
    m_countryCombo = addCombo(QStringLiteral("countryComboBox"), tr("Any country"), {});
    m_mfaCombo = addCombo(QStringLiteral("mfaComboBox"), tr("MFA on or off"),
                          {{tr("MFA on"), int(TriState::Yes)}, {tr("MFA off"), int(TriState::No)}});
    m_lockCombo = addCombo(QStringLiteral("lockComboBox"), tr("Locked or not"),
                           {{tr("Locked"), int(TriState::Yes)}, {tr("Not locked"), int(TriState::No)}});

    m_createdCheck = new QCheckBox(tr("Created from"), this);
    m_createdCheck->setObjectName(QStringLiteral("createdCheckBox"));
    m_createdFromEdit = new QDateEdit(QDate::currentDate().addYears(-1), this);
    m_createdFromEdit->setObjectName(QStringLiteral("createdFromDateEdit"));
    m_createdToEdit = new QDateEdit(QDate::currentDate(), this);
    m_createdToEdit->setObjectName(QStringLiteral("createdToDateEdit"));
    for (QDateEdit* edit : {m_createdFromEdit, m_createdToEdit}) {
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
        connect(edit, &QDateEdit::dateChanged, this, &CustomerSearchView::applyQuery);
    }
    filterRow->addWidget(m_createdCheck);
    filterRow->addWidget(m_createdFromEdit);
    filterRow->addWidget(new QLabel(tr("to"), this));
    filterRow->addWidget(m_createdToEdit);
    m_resetButton = new QPushButton(tr("Reset filters"), this);
    m_resetButton->setObjectName(QStringLiteral("resetFiltersButton"));
    filterRow->addWidget(m_resetButton);
    filterRow->addStretch();
    layout->addLayout(filterRow);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("searchSplitter"));
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("resultsTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSortIndicator(int(CustomerSearchModel::Column::CreatedAt), Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    const int widths[] = {190, 190, 130, 60, 80, 90, 110, 140};
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_table->setColumnWidth(column, widths[column]);
    m_detail = new CustomerDetailView(backend, splitter);
    m_detail->setObjectName(QStringLiteral("customerDetailView"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({760, 600});
    layout->addWidget(splitter, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(debounceMs);
    connect(m_searchEdit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_searchEdit, &QLineEdit::returnPressed, this, &CustomerSearchView::applyQuery);
    connect(m_debounce, &QTimer::timeout, this, &CustomerSearchView::applyQuery);
    connect(m_createdCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_createdFromEdit->setEnabled(on);
        m_createdToEdit->setEnabled(on);
        applyQuery();
    });
    connect(m_resetButton, &QPushButton::clicked, this, [this] {
        resetFilters();
        applyQuery();
    });
    connect(m_model, &CustomerSearchModel::matchCountChanged, this, &CustomerSearchView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CustomerSearchView::selectPendingCustomer);
    connect(m_model, &CustomerSearchModel::loadingChanged, this, &CustomerSearchView::updateCount);
    connect(m_model, &CustomerSearchModel::errorOccurred, this, &CustomerSearchView::showError);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_openWhenListed = {}; // another search: the customer asked for earlier is not wanted now
        m_errorLabel->hide();
        m_detail->showCustomer({});
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_detail->showCustomer(current.isValid() ? current.data(CustomerSearchModel::CustomerIdRole).toUuid()
                                                         : QUuid());
            });

    loadCountries();
    applyQuery();
}

void CustomerSearchView::openCustomer(const QUuid& id)
{
    // By id alone: a filter left from an earlier search (say, active only) must not hide them.
    resetFilters();
    {
        const QSignalBlocker blocker(m_searchEdit);
        m_searchEdit->setText(id.toString(QUuid::WithoutBraces));
    }
    applyQuery(); // resets the list; its first page brings the customer's row, which is selected
    m_openWhenListed = id;
    selectPendingCustomer();
}

void CustomerSearchView::resetFilters()
{
    for (QComboBox* combo : {m_statusCombo, m_tierCombo, m_countryCombo, m_mfaCombo, m_lockCombo}) {
        const QSignalBlocker blocker(combo);
        combo->setCurrentIndex(0);
    }
    const QSignalBlocker blocker(m_createdCheck);
    m_createdCheck->setChecked(false);
    m_createdFromEdit->setEnabled(false);
    m_createdToEdit->setEnabled(false);
}

void CustomerSearchView::selectPendingCustomer()
{
    if (m_openWhenListed.isNull())
        return;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, 0);
        if (index.data(CustomerSearchModel::CustomerIdRole).toUuid() == m_openWhenListed) {
            m_openWhenListed = {};
            m_table->setCurrentIndex(index);
            m_table->selectRow(row);
            return;
        }
    }
}

void CustomerSearchView::focusSearch()
{
    m_searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_searchEdit->selectAll();
}

void CustomerSearchView::loadCountries()
{
    if (!m_backend)
        return;
    whenFinished(m_backend->customerCountries(), this, [this](const Result<QStringList>& countries) {
        if (!countries)
            return; // the filter stays at "any country"; the search reports connection trouble
        const QSignalBlocker blocker(m_countryCombo);
        for (const QString& code : countries.value())
            m_countryCombo->addItem(DisplayFormat::countryName(code), code);
    });
}

void CustomerSearchView::applyQuery()
{
    m_debounce->stop();
    CustomerQuery query = m_model->query(); // keeps the sort order
    query.text = m_searchEdit->text();
    query.status = m_statusCombo->currentData().isValid()
                       ? std::optional(CustomerStatus(m_statusCombo->currentData().toInt()))
                       : std::nullopt;
    query.tier = m_tierCombo->currentData().isValid() ? std::optional(LoyaltyTier(m_tierCombo->currentData().toInt()))
                                                      : std::nullopt;
    query.country = m_countryCombo->currentData().toString();
    query.mfaEnabled =
        m_mfaCombo->currentData().isValid() ? TriState(m_mfaCombo->currentData().toInt()) : TriState::Any;
    query.locked = m_lockCombo->currentData().isValid() ? TriState(m_lockCombo->currentData().toInt()) : TriState::Any;
    if (m_createdCheck->isChecked()) {
        query.createdFrom = m_createdFromEdit->date().startOfDay();
        query.createdTo = m_createdToEdit->date().addDays(1).startOfDay();
    } else {
        query.createdFrom = {};
        query.createdTo = {};
    }
    if (query != m_model->query() || m_model->rowCount() == 0)
        m_model->setQuery(query);
}

void CustomerSearchView::updateCount()
{
    const std::optional<CustomerCount> count = m_model->matchCount();
    if (!count) {
        m_countLabel->setText(m_model->isLoading() ? tr("Searching…") : QString());
        return;
    }
    const QString number = QLocale().toString(count->count);
    m_countLabel->setText(count->capped ? tr("Matches: more than %1").arg(number) : tr("Matches: %1").arg(number));
}

void CustomerSearchView::showError(const Error& error)
{
    m_errorLabel->setText(tr("The search failed: %1").arg(DisplayFormat::errorMessage(error)));
    m_errorLabel->show();
}

} // namespace idc
