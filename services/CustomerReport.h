#pragma once

#include "AuditEvent.h"
#include "BackendCaller.h"
#include "Customer.h"
#include "Device.h"
#include "IdentityBackend.h"
#include "LoginEvent.h"
#include "Result.h"
#include "Session.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QUuid>

#include <atomic>

class QIODevice;

namespace idc {

/// Everything the console can read about one customer: the answer to a GDPR access request.
struct CustomerReportData
{
    Customer customer;
    QList<Address> addresses;
    QList<Device> devices;
    QList<Session> sessions;       ///< all of them, active or not
    QList<LoginEvent> loginEvents; ///< every login attempt recorded for the customer
    QList<AuditEvent> auditEvents; ///< every audit event about the customer
    QDateTime generatedAt;         ///< UTC

    /// The customer plus every entry of every list.
    qint64 records() const;
};

/// Reads everything about `customerId` page by page (500 a page) through `backend`. Call it from a
/// worker thread (ThreadCaller's rule: never on the main thread, which must keep running its event
/// loop). `cancelled` is polled between pages: once it is true the answer is ErrorKind::Cancelled.
/// NotFound for an unknown customer; any other backend error is returned as it is.
Result<CustomerReportData> collectCustomerReport(const ThreadCaller<IdentityBackend>& backend, const QUuid& customerId,
                                                 const std::atomic_bool& cancelled);

/// The report as one JSON document: `{"report":"customer-data","generated_at":…,"customer":{…},
/// "addresses":[…],"devices":[…],"sessions":[…],"login_events":[…],"audit_events":[…]}`, each entity
/// written by api::toJson (the API's member names).
QJsonObject toJson(const CustomerReportData& data);

/// The report as a readable A4 PDF (title, generation time, a table per list, "Page N of M" in the
/// footer), written to `device`, which must already be open for writing. FileAccess when the device
/// refuses bytes; Internal without a QGuiApplication (fonts need one; the offscreen platform will
/// do). Safe on a worker thread: the document and the writer live in the calling thread.
Status writeCustomerReportPdf(const CustomerReportData& data, QIODevice* device);

} // namespace idc
