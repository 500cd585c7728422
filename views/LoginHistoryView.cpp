#include "LoginHistoryView.h"

#include "Async.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"
#include "LoginEventTableModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace idc {

namespace {

/// Ranges up to this many hours are charted by hour, longer ones by day.
constexpr int hourlyUpToHours = 72;

/// Ticks that fall on whole hours or days: every 3 or 6 hours, every 1, 3 or 10 days.
int tickCount(int bins, HistogramBucket bucket)
{
    int step = 1;
    if (bucket == HistogramBucket::Hour)
        step = bins <= 24 ? 3 : 6;
    else
        step = bins <= 10 ? 1 : bins <= 31 ? 3 : 10;
    return bins % step == 0 ? bins / step + 1 : 2;
}

QDateTime startOfHour(const QDateTime& t)
{
    const QDateTime utc = t.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), 0), Qt::UTC);
}

QDateTime startOfDay(const QDateTime& t)
{
    return QDateTime(t.toUTC().date(), QTime(0, 0), Qt::UTC);
}

QDateTime binEnd(const QDateTime& start, HistogramBucket bucket)
{
    return bucket == HistogramBucket::Hour ? start.addSecs(3600) : start.addDays(1);
}

} // namespace

LoginHistoryView::LoginHistoryView(IdentityBackend* backend, QWidget* parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_model(new LoginEventTableModel(backend, this))
    , m_applyTimer(new QTimer(this))
    , m_thresholds(RiskSettings::load(QSettings()))
{
    auto* layout = new QVBoxLayout(this);

    auto* filters = new QHBoxLayout;
    m_rangeCombo = new QComboBox(this);
    m_rangeCombo->setObjectName(QStringLiteral("rangeComboBox"));
    m_rangeCombo->addItem(tr("Last 24 hours"), 24);
    m_rangeCombo->addItem(tr("Last 3 days"), 72);
    m_rangeCombo->addItem(tr("Last 7 days"), 24 * 7);
    m_rangeCombo->addItem(tr("Last 30 days"), 24 * 30);
    m_rangeCombo->addItem(tr("Last 90 days"), 24 * 90);
    m_rangeCombo->setCurrentIndex(1);
    filters->addWidget(m_rangeCombo);

    m_outcomeCombo = new QComboBox(this);
    m_outcomeCombo->setObjectName(QStringLiteral("outcomeComboBox"));
    m_outcomeCombo->addItem(tr("Any outcome"), QVariant());
    m_outcomeCombo->addItem(tr("Successful"), true);
    m_outcomeCombo->addItem(tr("Failed"), false);
    filters->addWidget(m_outcomeCombo);

    m_reasonCombo = new QComboBox(this);
    m_reasonCombo->setObjectName(QStringLiteral("failureReasonComboBox"));
    m_reasonCombo->addItem(tr("Any failure reason"), QVariant());
    for (LoginFailureReason reason :
         {LoginFailureReason::BadPassword, LoginFailureReason::UnknownUser, LoginFailureReason::MfaFailed,
          LoginFailureReason::Locked, LoginFailureReason::Suspended, LoginFailureReason::RateLimited})
        m_reasonCombo->addItem(DisplayFormat::loginFailureName(reason), int(reason));
    filters->addWidget(m_reasonCombo);

    m_ipEdit = new QLineEdit(this);
    m_ipEdit->setObjectName(QStringLiteral("ipLineEdit"));
    m_ipEdit->setPlaceholderText(tr("IP address or subnet"));
    m_ipEdit->setClearButtonEnabled(true);
    filters->addWidget(m_ipEdit, 1);

    m_countryCombo = new QComboBox(this);
    m_countryCombo->setObjectName(QStringLiteral("countryComboBox"));
    m_countryCombo->addItem(tr("Any country"), QString());
    filters->addWidget(m_countryCombo);
    layout->addLayout(filters);

    auto* badges = new QHBoxLayout;
    badges->addWidget(new QLabel(tr("Only with:"), this));
    for (RiskFlag flag : allRiskFlags) {
        auto* button = new QToolButton(this);
        button->setObjectName(QStringLiteral("flag_%1").arg(toString(flag)));
        button->setText(DisplayFormat::riskFlagName(flag));
        button->setToolTip(DisplayFormat::riskFlagExplanations(flag).value(0));
        button->setCheckable(true);
        button->setProperty("flag", int(flag));
        button->setStyleSheet(
            QStringLiteral("QToolButton { border: 1px solid #b0b0b0; border-radius: 10px; padding: 2px 10px; }"
                           "QToolButton:checked { background: #c62828; color: white; border-color: #c62828; }"));
        connect(button, &QToolButton::toggled, this, &LoginHistoryView::apply);
        badges->addWidget(button);
        m_flagButtons << button;
    }
    badges->addStretch(1);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    badges->addWidget(m_countLabel);
    layout->addLayout(badges);

    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    // The bars sit on a category axis (one category per bin) that stays invisible; a time axis
    // over the same span labels them, so a long range does not crowd the labels.
    m_axisX = new QBarCategoryAxis(m_chart);
    m_axisX->setVisible(false);
    m_axisTime = new QDateTimeAxis(m_chart);
    m_axisTime->setTickCount(9);
    m_axisTime->setGridLineVisible(false);
    QFont small = m_axisTime->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_axisTime->setLabelsFont(small);
    m_axisY = new QValueAxis(m_chart);
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setLabelsFont(small);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisTime, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setObjectName(QStringLiteral("loginChartView"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    m_chartView->setToolTip(tr("Click a bar to list its logins"));
    layout->addWidget(m_chartView);

    auto* binRow = new QHBoxLayout;
    m_binLabel = new QLabel(this);
    m_binLabel->setObjectName(QStringLiteral("binLabel"));
    m_wholeRangeButton = new QPushButton(tr("Show the whole range"), this);
    m_wholeRangeButton->setObjectName(QStringLiteral("wholeRangeButton"));
    m_wholeRangeButton->hide();
    binRow->addWidget(m_binLabel, 1);
    binRow->addWidget(m_wholeRangeButton);
    layout->addLayout(binRow);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("loginEventsTableView"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumHeight(160);
    layout->addWidget(m_table, 1);

    auto* actions = new QHBoxLayout;
    m_sessionsButton = new QPushButton(tr("Sessions from this IP…"), this);
    m_sessionsButton->setObjectName(QStringLiteral("sessionsFromIpButton"));
    m_sessionsButton->setToolTip(tr("List the active sessions signed in from the selected event's address"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    actions->addWidget(m_sessionsButton);
    actions->addWidget(m_statusLabel, 1);
    layout->addLayout(actions);

    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(300);
    connect(m_applyTimer, &QTimer::timeout, this, &LoginHistoryView::apply);
    connect(m_ipEdit, &QLineEdit::textChanged, this, &LoginHistoryView::scheduleApply);
    connect(m_ipEdit, &QLineEdit::returnPressed, this, &LoginHistoryView::apply);
    for (QComboBox* combo : {m_rangeCombo, m_outcomeCombo, m_reasonCombo, m_countryCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, &LoginHistoryView::apply);
    connect(m_wholeRangeButton, &QPushButton::clicked, this, [this] { selectBin(-1); });
    connect(m_model, &LoginEventTableModel::matchCountChanged, this, &LoginHistoryView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_model->rowCount() <= 100)
            m_table->resizeColumnsToContents();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &LoginHistoryView::updateButtons);
    connect(m_model, &LoginEventTableModel::errorOccurred, this, [this](const Error& error) {
        setStatus(tr("Login history could not be loaded: %1").arg(DisplayFormat::errorMessage(error)));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &LoginHistoryView::updateButtons);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const LoginEvent* e = m_model->eventAt(index.row());
        if (e && !e->customerId.isNull() && e->customerId != m_customerId)
            emit customerActivated(e->customerId);
    });
    connect(m_sessionsButton, &QPushButton::clicked, this, [this] {
        const QModelIndexList selected = m_table->selectionModel()->selectedRows();
        if (const LoginEvent* e = selected.isEmpty() ? nullptr : m_model->eventAt(selected.first().row()))
            emit sessionsFromIpRequested(e->ip);
    });

    if (m_backend)
        whenFinished(m_backend->customerCountries(), this, [this](const Result<QStringList>& countries) {
            if (!countries)
                return;
            const QSignalBlocker blocker(m_countryCombo);
            for (const QString& code : countries.value())
                m_countryCombo->addItem(DisplayFormat::countryName(code), code);
        });
    updateButtons();
}

LoginEventQuery LoginHistoryView::query() const
{
    return m_model->query();
}

void LoginHistoryView::setCustomer(const QUuid& customerId)
{
    m_customerId = customerId;
    m_thresholds = RiskSettings::load(QSettings());
    m_table->setColumnHidden(int(LoginEventTableModel::Column::Customer), !customerId.isNull());
    m_sessionsButton->setVisible(customerId.isNull()); // the customer's sessions are in their own tab
    if (!customerId.isNull() && m_rangeCombo->currentData().toInt() < 24 * 30) {
        // A customer's history is short: show all of it by default.
        const QSignalBlocker blocker(m_rangeCombo);
        m_rangeCombo->setCurrentIndex(m_rangeCombo->count() - 1);
    }
    apply();
}

void LoginHistoryView::setThresholds(const RiskThresholds& thresholds)
{
    if (thresholds == m_thresholds)
        return;
    m_thresholds = thresholds;
    apply();
}

void LoginHistoryView::filterByIp(const QString& ipOrCidr)
{
    {
        const QSignalBlocker blocker(m_ipEdit);
        m_ipEdit->setText(ipOrCidr);
    }
    apply();
}

std::optional<LoginEventQuery> LoginHistoryView::queryFromFilters() const
{
    LoginEventQuery query;
    query.customerId = m_customerId;
    query.thresholds = m_thresholds;
    query.ipOrCidr = m_ipEdit->text().trimmed();
    if (!query.ipOrCidr.isEmpty() && !isValidIpFilter(query.ipOrCidr))
        return std::nullopt;
    const QVariant outcome = m_outcomeCombo->currentData();
    if (outcome.isValid())
        query.success = outcome.toBool();
    const QVariant reason = m_reasonCombo->currentData();
    if (reason.isValid())
        query.failureReason = LoginFailureReason(reason.toInt());
    query.country = m_countryCombo->currentData().toString();
    for (QToolButton* button : m_flagButtons)
        if (button->isChecked())
            query.requiredFlags |= RiskFlag(button->property("flag").toInt());
    query.from = m_rangeFrom;
    query.to = m_rangeTo;
    return query;
}

void LoginHistoryView::scheduleApply()
{
    m_applyTimer->start();
}

void LoginHistoryView::apply()
{
    m_applyTimer->stop();
    // The range ends with the current hour or day, so the chart's bins are whole hours or days.
    const int hours = m_rangeCombo->currentData().toInt();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_bucket = hours <= hourlyUpToHours ? HistogramBucket::Hour : HistogramBucket::Day;
    if (m_bucket == HistogramBucket::Hour) {
        m_rangeTo = startOfHour(now).addSecs(3600);
        m_rangeFrom = m_rangeTo.addSecs(-qint64(hours) * 3600);
    } else {
        m_rangeTo = startOfDay(now).addDays(1);
        m_rangeFrom = m_rangeTo.addDays(-hours / 24);
    }
    const std::optional<LoginEventQuery> query = queryFromFilters();
    if (!query) {
        m_ipEdit->setStyleSheet(QStringLiteral("QLineEdit { color: #c62828; }"));
        setStatus(
            tr("“%1” is not an IP address or a subnet such as 185.220.101.0/24.").arg(m_ipEdit->text().trimmed()));
        return;
    }
    m_ipEdit->setStyleSheet({});
    setStatus({});
    m_selectedBin = -1;
    m_binLabel->clear();
    m_wholeRangeButton->hide();
    m_countLabel->setText(tr("Loading…"));
    m_model->setQuery(*query);
    // The old bars stand for other filters: they go until the new ones arrive, so that a click
    // cannot pick a bin of the old chart.
    showChart({});
    loadChart(*query);
}

void LoginHistoryView::loadChart(const LoginEventQuery& query)
{
    if (!m_backend)
        return;
    const quint64 request = ++m_chartRequest;
    const HistogramBucket bucket = m_bucket;
    m_chartQuery = query;
    const QDateTime from = m_rangeFrom;
    const QDateTime to = m_rangeTo;
    whenFinished(
        m_backend->loginHistogram(query, bucket), this,
        [this, request, bucket, from, to](const Result<QList<LoginHistogramBin>>& histogram) {
            if (request != m_chartRequest)
                return;
            if (!histogram) {
                setStatus(tr("The chart could not be loaded: %1").arg(DisplayFormat::errorMessage(histogram.error())));
                showChart({});
                emit chartUpdated();
                return;
            }
            // Every bin of the range, the empty ones too, so that the time axis is even.
            QList<LoginHistogramBin> bins;
            qsizetype next = 0;
            for (QDateTime start = from; start < to; start = binEnd(start, bucket)) {
                LoginHistogramBin bin;
                bin.start = start;
                while (next < histogram->size() && histogram->at(next).start < start)
                    ++next;
                if (next < histogram->size() && histogram->at(next).start == start)
                    bin = histogram->at(next++);
                bins << bin;
            }
            showChart(bins);
            emit chartUpdated();
        });
}

void LoginHistoryView::showChart(const QList<LoginHistogramBin>& bins)
{
    m_bins = bins;
    if (m_series) {
        m_chart->removeSeries(m_series);
        delete m_series;
        m_series = nullptr;
    }
    auto* successes = new QBarSet(tr("Successful"));
    successes->setColor(QColor(0x43, 0xa0, 0x47));
    successes->setBorderColor(QColor(0x43, 0xa0, 0x47));
    successes->setSelectedColor(QColor(0x1b, 0x5e, 0x20));
    auto* failures = new QBarSet(tr("Failed"));
    failures->setColor(QColor(0xe5, 0x39, 0x35));
    failures->setBorderColor(QColor(0xe5, 0x39, 0x35));
    failures->setSelectedColor(QColor(0x8e, 0x00, 0x00));
    QStringList categories;
    qint64 highest = 0;
    for (int i = 0; i < bins.size(); ++i) {
        const LoginHistogramBin& bin = bins.at(i);
        *successes << double(bin.successes);
        *failures << double(bin.failures);
        highest = std::max(highest, bin.successes + bin.failures);
        categories << QString::number(i); // never shown
    }
    m_series = new QStackedBarSeries;
    m_series->setBarWidth(0.9);
    m_series->append(successes);
    m_series->append(failures);
    m_chart->addSeries(m_series);
    m_axisX->clear();
    m_axisX->append(categories);
    m_series->attachAxis(m_axisX);
    m_series->attachAxis(m_axisY);
    // The time axis shows UTC: its times are given as local ones with the same wall-clock reading.
    auto asShown = [](const QDateTime& utc) { return QDateTime(utc.date(), utc.time(), Qt::LocalTime); };
    if (!bins.isEmpty()) {
        // Numbers only: the axis formats through QDateTime, which names months in English whatever
        // the interface language.
        m_axisTime->setFormat(m_bucket == HistogramBucket::Hour ? QStringLiteral("MM-dd HH:mm")
                                                                : QStringLiteral("yyyy-MM-dd"));
        m_axisTime->setRange(asShown(bins.first().start), asShown(binEnd(bins.last().start, m_bucket)));
        m_axisTime->setTickCount(tickCount(int(bins.size()), m_bucket));
    }
    m_axisY->setRange(0, double(std::max<qint64>(highest, 1)));
    m_axisY->applyNiceNumbers();
    m_chart->setTitle(m_bucket == HistogramBucket::Hour ? tr("Logins per hour (UTC)") : tr("Logins per day (UTC)"));
    connect(m_series, &QStackedBarSeries::clicked, this, [this](int index, QBarSet*) { selectBin(index); });
    connect(m_series, &QStackedBarSeries::hovered, this, [this](bool status, int index, QBarSet*) {
        if (!status || index < 0 || index >= m_bins.size()) {
            QToolTip::hideText();
            return;
        }
        const LoginHistogramBin& bin = m_bins.at(index);
        QToolTip::showText(QCursor::pos(),
                           tr("%1\n%2 successful, %3 failed")
                               .arg(QLocale().toString(bin.start, QStringLiteral("d MMM yyyy HH:mm 'UTC'")),
                                    QLocale().toString(bin.successes), QLocale().toString(bin.failures)));
    });
}

void LoginHistoryView::selectBin(int index)
{
    // The bar's own query: the filters the chart was drawn with, whatever was typed since.
    LoginEventQuery query = m_chartQuery;
    if (index >= 0 && index < m_bins.size()) {
        m_selectedBin = index;
        highlightBin(index);
        const LoginHistogramBin& bin = m_bins.at(index);
        query.from = bin.start;
        query.to = binEnd(bin.start, m_bucket);
        const QLocale locale;
        const QString when = m_bucket == HistogramBucket::Hour
                                 ? tr("%1 to %2 UTC")
                                       .arg(locale.toString(bin.start, QStringLiteral("d MMM yyyy HH:mm")),
                                            locale.toString(query.to, QStringLiteral("HH:mm")))
                                 : locale.toString(bin.start, QStringLiteral("d MMM yyyy"));
        m_binLabel->setText(tr("Showing %1: %2 successful, %3 failed")
                                .arg(when, locale.toString(bin.successes), locale.toString(bin.failures)));
        m_wholeRangeButton->show();
    } else {
        m_selectedBin = -1;
        highlightBin(-1);
        m_binLabel->clear();
        m_wholeRangeButton->hide();
    }
    m_model->setQuery(query);
}

void LoginHistoryView::highlightBin(int index)
{
    if (!m_series)
        return;
    for (QBarSet* set : m_series->barSets()) {
        set->deselectAllBars();
        if (index >= 0)
            set->selectBar(index);
    }
}

void LoginHistoryView::updateCount()
{
    const std::optional<CustomerCount> count = m_model->matchCount();
    if (!count) {
        m_countLabel->clear();
        return;
    }
    const QString number = QLocale().toString(count->count);
    // English plurals spelled out: the source language has no translation file of its own.
    if (count->capped)
        m_countLabel->setText(tr("More than %1 events").arg(number));
    else if (count->count == 1)
        m_countLabel->setText(tr("1 event"));
    else
        m_countLabel->setText(tr("%n events", nullptr, int(std::min<qint64>(count->count, INT_MAX))));
}

void LoginHistoryView::updateButtons()
{
    m_sessionsButton->setEnabled(!m_table->selectionModel()->selectedRows().isEmpty());
}

void LoginHistoryView::setStatus(const QString& text)
{
    m_statusLabel->setText(text);
}

} // namespace idc
