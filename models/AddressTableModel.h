#pragma once

#include "Customer.h"

#include <QAbstractTableModel>

namespace idc {

/// A customer's addresses, fully loaded (a customer has a handful).
class AddressTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        Tag,
        Recipient,
        Address,
        Coordinates,
        DeliveryInstructions,
        Defaults,
        Count
    };

    explicit AddressTableModel(QObject* parent = nullptr);

    void setAddresses(const QList<Address>& addresses);
    const QList<Address>& addresses() const { return m_addresses; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "21.03410, 105.85160", or empty when the address has no coordinates.
    static QString coordinates(const Address& address);

private:
    QList<Address> m_addresses;
};

} // namespace idc
