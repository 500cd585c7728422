#include "LoginEventTableModel.h"

#include "Async.h"
#include "DisplayFormat.h"

#include <QColor>
#include <QSettings>

namespace idc {

namespace {

const QString travelKey = QStringLiteral("risk/impossibleTravelKmh");
const QString burstFailuresKey = QStringLiteral("risk/burstFailures");
const QString burstMinutesKey = QStringLiteral("risk/burstWindowMinutes");

} // namespace

RiskThresholds RiskSettings::load(const QSettings& settings)
{
    const RiskThresholds defaults;
    RiskThresholds t;
    t.impossibleTravelKmh = settings.value(travelKey, defaults.impossibleTravelKmh).toInt();
    t.burstFailures = settings.value(burstFailuresKey, defaults.burstFailures).toInt();
    t.burstWindowMinutes = settings.value(burstMinutesKey, defaults.burstWindowMinutes).toInt();
    return t.isValid() ? t : defaults;
}

void RiskSettings::save(QSettings& settings, const RiskThresholds& thresholds)
{
    settings.setValue(travelKey, thresholds.impossibleTravelKmh);
    settings.setValue(burstFailuresKey, thresholds.burstFailures);
    settings.setValue(burstMinutesKey, thresholds.burstWindowMinutes);
}

LoginEventTableModel::LoginEventTableModel(IdentityBackend* backend, QObject* parent)
    : PagedTableModel(parent)
    , m_backend(backend)
{
}

void LoginEventTableModel::setQuery(const LoginEventQuery& query)
{
    beginResetModel();
    m_query = query;
    m_hasQuery = true;
    clearRows();
    m_count.reset();
    endResetModel();
    emit matchCountChanged();
    setLoading(false);
    if (!m_backend)
        return;
    const quint64 generation = m_generation;
    whenFinished(m_backend->countLoginEvents(m_query, countCap), this,
                 [this, generation](const Result<CustomerCount>& count) {
                     if (generation != m_generation || !count)
                         return; // the page request reports the error
                     m_count = count.value();
                     emit matchCountChanged();
                 });
    requestPage();
}

void LoginEventTableModel::clear()
{
    beginResetModel();
    m_query = {};
    m_hasQuery = false;
    clearRows();
    m_count.reset();
    endResetModel();
    emit matchCountChanged();
    setLoading(false);
}

void LoginEventTableModel::reload()
{
    if (m_hasQuery)
        setQuery(m_query);
}

std::optional<QFuture<Result<LoginEventPage>>> LoginEventTableModel::fetchPage(const PageCursor& after, int limit)
{
    if (!m_backend)
        return std::nullopt;
    return m_backend->loginEvents(m_query, after, limit);
}

int LoginEventTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant LoginEventTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LoginEvent& e = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case EventIdRole:
        return e.id;
    case CustomerIdRole:
        return e.customerId;
    case IpRole:
        return e.ip;
    case FlagsRole:
        return int(e.flags.toInt());
    case SuccessRole:
        return e.success;
    case Qt::DisplayRole:
        switch (column) {
        case Column::Time:
            return DisplayFormat::dateTime(e.occurredAt);
        case Column::Outcome:
            if (e.success)
                return e.mfaMethod.isEmpty() || e.mfaMethod == u"none" ? tr("Signed in")
                                                                       : tr("Signed in with %1").arg(e.mfaMethod);
            return e.failureReason ? DisplayFormat::loginFailureName(*e.failureReason) : tr("Failed");
        case Column::Customer:
            return e.email;
        case Column::Ip:
            return e.ip;
        case Column::Location: {
            if (e.country.isEmpty())
                return e.city;
            const QString country = DisplayFormat::countryName(e.country);
            return e.city.isEmpty() ? country : tr("%1, %2").arg(e.city, country);
        }
        case Column::Device:
            return e.deviceName.isEmpty() ? tr("Unknown device") : e.deviceName;
        case Column::Risk:
            return DisplayFormat::riskFlagNames(e.flags).join(QStringLiteral(" · "));
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Device && !e.userAgent.isEmpty())
            return e.userAgent;
        if (column == Column::Risk && e.flags)
            return DisplayFormat::riskFlagExplanations(e.flags).join(u'\n');
        if (column == Column::Customer && e.customerId.isNull())
            return tr("No customer has this e-mail address");
        return {};
    case Qt::ForegroundRole:
        if (column == Column::Outcome)
            return e.success ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28);
        if (column == Column::Customer && e.customerId.isNull())
            return QColor(0x75, 0x75, 0x75);
        if (column == Column::Risk)
            return QColor(0xb7, 0x1c, 0x1c);
        return {};
    default:
        return {};
    }
}

QVariant LoginEventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Time:
        return tr("Time");
    case Column::Outcome:
        return tr("Outcome");
    case Column::Customer:
        return tr("E-mail");
    case Column::Ip:
        return tr("IP address");
    case Column::Location:
        return tr("Location");
    case Column::Device:
        return tr("Device");
    case Column::Risk:
        return tr("Risk");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace idc
