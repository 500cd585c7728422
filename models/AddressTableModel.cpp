#include "AddressTableModel.h"

#include "DisplayFormat.h"

#include <QLocale>

namespace idc {

AddressTableModel::AddressTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AddressTableModel::setAddresses(const QList<Address>& addresses)
{
    beginResetModel();
    m_addresses = addresses;
    endResetModel();
}

int AddressTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_addresses.size());
}

int AddressTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QString AddressTableModel::coordinates(const Address& address)
{
    if (!address.latitude || !address.longitude)
        return {};
    const QLocale c = QLocale::c();
    return c.toString(*address.latitude, 'f', 5) + QStringLiteral(", ") + c.toString(*address.longitude, 'f', 5);
}

QVariant AddressTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Address& a = m_addresses.at(index.row());
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case Column::Tag:
        return DisplayFormat::addressTagName(a.tag);
    case Column::Recipient:
        return a.recipient;
    case Column::Address: {
        QStringList parts = a.lines.split(u'\n', Qt::SkipEmptyParts);
        parts << QStringList{a.postalCode, a.city}.join(u' ').trimmed();
        if (!a.region.isEmpty())
            parts << a.region;
        parts << a.country;
        return parts.join(role == Qt::ToolTipRole ? QStringLiteral("\n") : QStringLiteral(", "));
    }
    case Column::Coordinates:
        return coordinates(a);
    case Column::DeliveryInstructions:
        return a.deliveryInstructions;
    case Column::Defaults: {
        QStringList defaults;
        if (a.defaultShipping)
            defaults << tr("Shipping");
        if (a.defaultBilling)
            defaults << tr("Billing");
        return defaults.join(QStringLiteral(", "));
    }
    case Column::Count:
        break;
    }
    return {};
}

QVariant AddressTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Tag:
        return tr("Type");
    case Column::Recipient:
        return tr("Recipient");
    case Column::Address:
        return tr("Address");
    case Column::Coordinates:
        return tr("Coordinates");
    case Column::DeliveryInstructions:
        return tr("Delivery instructions");
    case Column::Defaults:
        return tr("Default for");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace idc
