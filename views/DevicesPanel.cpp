#include "DevicesPanel.h"

#include "Async.h"
#include "DeviceTableModel.h"
#include "DisplayFormat.h"
#include "IdentityBackend.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace idc {

DevicesPanel::DevicesPanel(IdentityBackend* backend, QWidget* parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_model(new DeviceTableModel(backend, this))
{
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("devicesTableView"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumHeight(160);
    layout->addWidget(m_table, 1);

    auto* buttons = new QHBoxLayout;
    m_trustButton = new QPushButton(tr("Trust"), this);
    m_trustButton->setObjectName(QStringLiteral("trustDeviceButton"));
    m_forgetButton = new QPushButton(tr("Forget…"), this);
    m_forgetButton->setObjectName(QStringLiteral("forgetDeviceButton"));
    m_forgetButton->setToolTip(tr("Remove the device and sign out its sessions"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("devicesStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons->addWidget(m_trustButton);
    buttons->addWidget(m_forgetButton);
    buttons->addWidget(m_statusLabel, 1);
    layout->addLayout(buttons);

    connect(m_trustButton, &QPushButton::clicked, this, &DevicesPanel::toggleTrust);
    connect(m_forgetButton, &QPushButton::clicked, this, &DevicesPanel::confirmForget);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DevicesPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DevicesPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DevicesPanel::updateButtons);
    connect(m_model, &DeviceTableModel::loaded, this, [this] {
        m_table->resizeColumnsToContents();
        updateButtons();
        emit deviceCountChanged(m_model->rowCount());
    });
    connect(m_model, &DeviceTableModel::errorOccurred, this, [this](const Error& error) {
        setStatus(tr("Devices could not be loaded: %1").arg(DisplayFormat::errorMessage(error)));
    });
    updateButtons();
}

void DevicesPanel::setCustomer(const QUuid& customerId, const QString& name)
{
    if (customerId != m_model->customerId())
        setStatus({});
    m_customerName = name;
    m_model->setCustomer(customerId);
}

void DevicesPanel::setStatus(const QString& text)
{
    m_statusLabel->setText(text);
}

void DevicesPanel::updateButtons()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    const bool hasSelection = !selected.isEmpty();
    const bool trusted = hasSelection && selected.first().data(DeviceTableModel::TrustedRole).toBool();
    const bool idle = m_backend && !m_busy;
    m_trustButton->setText(trusted ? tr("Stop trusting") : tr("Trust"));
    m_trustButton->setToolTip(trusted ? tr("Ask for the second factor on this device again")
                                      : tr("Skip the second factor on this device"));
    m_trustButton->setEnabled(idle && hasSelection);
    m_forgetButton->setEnabled(idle && hasSelection);
}

void DevicesPanel::toggleTrust()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty() || !m_backend || m_busy)
        return;
    const QUuid deviceId = selected.first().data(DeviceTableModel::DeviceIdRole).toUuid();
    const bool trust = !selected.first().data(DeviceTableModel::TrustedRole).toBool();
    m_busy = true;
    updateButtons();
    const QUuid customerId = m_model->customerId();
    whenFinished(m_backend->setDeviceTrusted(deviceId, trust), this,
                 [this, customerId, trust](const Result<Device>& device) {
                     m_busy = false;
                     if (customerId != m_model->customerId()) {
                         updateButtons();
                         return;
                     }
                     if (!device) {
                         setStatus(tr("Not changed: %1").arg(DisplayFormat::errorMessage(device.error())));
                         updateButtons();
                         return;
                     }
                     m_model->updateDevice(device.value());
                     setStatus(trust ? tr("“%1” is trusted.").arg(device->name)
                                     : tr("“%1” is no longer trusted.").arg(device->name));
                     updateButtons();
                 });
}

void DevicesPanel::confirmForget()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return;
    const Device* device = m_model->deviceAt(selected.first().row());
    if (!device)
        return;
    const QUuid deviceId = device->id;

    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("forgetDeviceDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Forget device"));
    auto* layout = new QVBoxLayout(dialog);
    const QString who = m_customerName.isEmpty() ? tr("this customer") : m_customerName;
    // English plurals spelled out: the source language has no translation file of its own.
    QString text = tr("Forget “%1” of %2?").arg(device->name, who);
    if (device->activeSessions == 1)
        text += u' ' + tr("Its active session is signed out.");
    else if (device->activeSessions > 1)
        text += u' ' + tr("Its %n active sessions are signed out.", nullptr, device->activeSessions);
    text += u' ' + tr("The next sign-in from it counts as a new device.");
    auto* summary = new QLabel(text, dialog);
    summary->setObjectName(QStringLiteral("summaryLabel"));
    summary->setWordWrap(true);
    layout->addWidget(summary);
    auto* form = new QFormLayout;
    auto* note = new QLineEdit(dialog);
    note->setObjectName(QStringLiteral("noteLineEdit"));
    note->setMaxLength(Device::maxNoteLength);
    note->setPlaceholderText(tr("Optional, kept in the audit trail"));
    note->setMinimumWidth(320);
    form->addRow(tr("Note:"), note);
    layout->addLayout(form);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    box->button(QDialogButtonBox::Ok)->setText(tr("Forget"));
    box->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, deviceId, note] { forget(deviceId, note->text().trimmed()); });
    dialog->open();
}

void DevicesPanel::forget(const QUuid& deviceId, const QString& note)
{
    if (!m_backend || m_busy)
        return;
    m_busy = true;
    updateButtons();
    setStatus(tr("Forgetting…"));
    const QUuid customerId = m_model->customerId();
    whenFinished(m_backend->forgetDevice(deviceId, note), this, [this, customerId](const Result<int>& revoked) {
        m_busy = false;
        if (customerId != m_model->customerId()) {
            updateButtons();
            return;
        }
        if (!revoked) {
            setStatus(tr("Not forgotten: %1").arg(DisplayFormat::errorMessage(revoked.error())));
            updateButtons();
            return;
        }
        // English plurals spelled out: the source language has no translation file of its own.
        if (*revoked == 0)
            setStatus(tr("Device forgotten."));
        else if (*revoked == 1)
            setStatus(tr("Device forgotten; its session was signed out."));
        else
            setStatus(tr("Device forgotten; %n sessions were signed out.", nullptr, *revoked));
        m_model->reload();
        if (*revoked > 0)
            emit sessionsChanged();
    });
}

} // namespace idc
