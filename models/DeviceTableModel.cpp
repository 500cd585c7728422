#include "DeviceTableModel.h"

#include "Async.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"

#include <QColor>
#include <QLocale>

namespace idc {

DeviceTableModel::DeviceTableModel(IdentityBackend* backend, QObject* parent)
    : QAbstractTableModel(parent)
    , m_backend(backend)
{
}

void DeviceTableModel::setCustomer(const QUuid& customerId)
{
    m_customerId = customerId;
    reload();
}

void DeviceTableModel::reload()
{
    const quint64 generation = ++m_generation;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    if (m_customerId.isNull() || !m_backend) {
        m_loading = false;
        return;
    }
    m_loading = true;
    whenFinished(m_backend->devices(m_customerId), this, [this, generation](const Result<QList<Device>>& devices) {
        if (generation != m_generation)
            return;
        m_loading = false;
        if (!devices) {
            emit errorOccurred(devices.error());
            return;
        }
        if (!devices->isEmpty()) {
            beginInsertRows({}, 0, int(devices->size()) - 1);
            m_rows = devices.value();
            endInsertRows();
        }
        emit loaded();
    });
}

void DeviceTableModel::updateDevice(const Device& device)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id != device.id)
            continue;
        m_rows[row] = device;
        emit dataChanged(index(row, 0), index(row, int(Column::Count) - 1));
        return;
    }
}

const Device* DeviceTableModel::deviceAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int DeviceTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant DeviceTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Device& d = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case DeviceIdRole:
        return d.id;
    case TrustedRole:
        return d.trusted;
    case ActiveSessionsRole:
        return d.activeSessions;
    case Qt::DisplayRole:
        switch (column) {
        case Column::Name:
            return d.name;
        case Column::Type:
            return DisplayFormat::deviceTypeName(d.deviceType);
        case Column::System: {
            QStringList parts;
            if (!d.os.isEmpty())
                parts << d.os;
            if (!d.browser.isEmpty())
                parts << d.browser;
            return parts.join(QStringLiteral(" · "));
        }
        case Column::Trusted:
            return d.trusted ? tr("Trusted since %1").arg(DisplayFormat::date(d.trustedAt)) : tr("Not trusted");
        case Column::ActiveSessions:
            return QLocale().toString(d.activeSessions);
        case Column::FirstSeen:
            return DisplayFormat::dateTime(d.firstSeenAt);
        case Column::LastSeen:
            return DisplayFormat::dateTime(d.lastSeenAt);
        case Column::LastIp:
            return d.lastIp;
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Name)
            return tr("Fingerprint: %1").arg(d.fingerprint);
        return {};
    case Qt::ForegroundRole:
        if (column == Column::Trusted)
            return d.trusted ? QColor(0x2e, 0x7d, 0x32) : QColor(0x61, 0x61, 0x61);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::ActiveSessions)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant DeviceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Name:
        return tr("Device");
    case Column::Type:
        return tr("Type");
    case Column::System:
        return tr("System");
    case Column::Trusted:
        return tr("Trust");
    case Column::ActiveSessions:
        return tr("Active sessions");
    case Column::FirstSeen:
        return tr("First seen");
    case Column::LastSeen:
        return tr("Last seen");
    case Column::LastIp:
        return tr("Last IP address");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace idc
