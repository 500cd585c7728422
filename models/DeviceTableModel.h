#pragma once

#include "Device.h"
#include "Result.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace idc {

class IdentityBackend;

/// One customer's devices, most recently seen first, as the backend lists them. Small enough
/// to load whole; a generation counter drops answers for a customer no longer shown.
class DeviceTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        Name,
        Type,
        System,
        Trusted,
        ActiveSessions,
        FirstSeen,
        LastSeen,
        LastIp,
        Count
    };
    enum Role
    {
        DeviceIdRole = Qt::UserRole + 1, ///< QUuid
        TrustedRole,                     ///< bool
        ActiveSessionsRole               ///< int
    };

    explicit DeviceTableModel(IdentityBackend* backend, QObject* parent = nullptr);

    /// Loads this customer's devices; a null id clears the table.
    void setCustomer(const QUuid& customerId);
    QUuid customerId() const { return m_customerId; }
    /// Loads the same customer again (after a change).
    void reload();
    /// Replaces one device with its state after a change, without a reload.
    void updateDevice(const Device& device);

    bool isLoading() const { return m_loading; }
    const Device* deviceAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void errorOccurred(const idc::Error& error);

private:
    QPointer<IdentityBackend> m_backend;
    QUuid m_customerId;
    QList<Device> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace idc
