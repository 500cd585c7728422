#include "CustomerReport.h"

#include "ApiJson.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include <functional>

namespace idc {

qint64 CustomerReportData::records() const
{
    return 1 + addresses.size() + devices.size() + sessions.size() + loginEvents.size() + auditEvents.size();
}

namespace {

// The largest page every backend serves (IdentityBackend: `limit` 1 to 500).
constexpr int pageSize = 500;

Error cancelledError()
{
    return makeError(ErrorKind::Cancelled, QStringLiteral("the customer report was cancelled"));
}

/// Appends every page of a list to `into`, asking for the next page only while not cancelled.
template <typename T>
Status readAllPages(const ThreadCaller<IdentityBackend>& backend, const std::atomic_bool& cancelled,
                    const std::function<QFuture<Result<Page<T>>>(IdentityBackend&, const PageCursor&)>& fetch,
                    QList<T>& into)
{
    PageCursor cursor;
    do {
        if (cancelled.load())
            return cancelledError();
        Result<Page<T>> page = backend.call([&](IdentityBackend& b) { return fetch(b, cursor); });
        if (!page)
            return page.error();
        // A backend that hands back the cursor it was given would keep us here for ever.
        if (!page->next.isNull() && page->next == cursor)
            return makeError(ErrorKind::Protocol, QStringLiteral("the backend repeated a page cursor"));
        into.append(page->items);
        cursor = page->next;
    } while (!cursor.isNull());
    return Done{};
}

} // namespace

Result<CustomerReportData> collectCustomerReport(const ThreadCaller<IdentityBackend>& backend, const QUuid& customerId,
                                                 const std::atomic_bool& cancelled)
{
    CustomerReportData data;
    data.generatedAt = QDateTime::currentDateTimeUtc();

    if (cancelled.load())
        return cancelledError();
    Result<Customer> customer = backend.call([&](IdentityBackend& b) { return b.customer(customerId); });
    if (!customer)
        return customer.error();
    data.customer = std::move(customer).value();

    if (cancelled.load())
        return cancelledError();
    Result<QList<Address>> addresses = backend.call([&](IdentityBackend& b) { return b.addresses(customerId); });
    if (!addresses)
        return addresses.error();
    data.addresses = std::move(addresses).value();

    if (cancelled.load())
        return cancelledError();
    Result<QList<Device>> devices = backend.call([&](IdentityBackend& b) { return b.devices(customerId); });
    if (!devices)
        return devices.error();
    data.devices = std::move(devices).value();

    SessionQuery sessionQuery;
    sessionQuery.customerId = customerId;
    sessionQuery.activeOnly = false;
    Status sessions = readAllPages<Session>(
        backend, cancelled,
        [&](IdentityBackend& b, const PageCursor& after) { return b.sessions(sessionQuery, after, pageSize); },
        data.sessions);
    if (!sessions)
        return sessions.error();

    LoginEventQuery loginQuery;
    loginQuery.customerId = customerId;
    Status logins = readAllPages<LoginEvent>(
        backend, cancelled,
        [&](IdentityBackend& b, const PageCursor& after) { return b.loginEvents(loginQuery, after, pageSize); },
        data.loginEvents);
    if (!logins)
        return logins.error();

    AuditQuery auditQuery;
    auditQuery.customerId = customerId;
    Status audit = readAllPages<AuditEvent>(
        backend, cancelled,
        [&](IdentityBackend& b, const PageCursor& after) { return b.auditEvents(auditQuery, after, pageSize); },
        data.auditEvents);
    if (!audit)
        return audit.error();

    if (cancelled.load())
        return cancelledError();
    return data;
}

namespace {

template <typename T>
QJsonArray jsonArray(const QList<T>& items)
{
    QJsonArray array;
    for (const T& item : items)
        array.append(api::toJson(item));
    return array;
}

} // namespace

QJsonObject toJson(const CustomerReportData& data)
{
    return QJsonObject{
        {QStringLiteral("report"), QStringLiteral("customer-data")},
        {QStringLiteral("generated_at"), api::formatTimestamp(data.generatedAt)},
        {QStringLiteral("customer"), api::toJson(data.customer)},
        {QStringLiteral("addresses"), jsonArray(data.addresses)},
        {QStringLiteral("devices"), jsonArray(data.devices)},
        {QStringLiteral("sessions"), jsonArray(data.sessions)},
        {QStringLiteral("login_events"), jsonArray(data.loginEvents)},
        {QStringLiteral("audit_events"), jsonArray(data.auditEvents)},
    };
}

namespace {

/// The report's words, in the translation context "CustomerReport" (QCoreApplication::translate).
/// Services do not depend on models/, so the few names DisplayFormat also has are spelled here.
class CustomerReport
{
    Q_DECLARE_TR_FUNCTIONS(CustomerReport)

public:
    static QString dateTime(const QDateTime& value)
    {
        return value.isValid() ? value.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QString();
    }

    static QString yesNo(bool value) { return value ? tr("Yes") : tr("No"); }

    static QString money(qint64 cents)
    {
        const QString sign = cents < 0 ? QStringLiteral("-") : QString();
        const qint64 absolute = qAbs(cents);
        return tr("%1 EUR").arg(sign + QString::number(absolute / 100) + u'.' +
                                QStringLiteral("%1").arg(absolute % 100, 2, 10, QChar(u'0')));
    }

    static QString statusName(CustomerStatus status)
    {
        switch (status) {
        case CustomerStatus::Active:
            return tr("Active");
        case CustomerStatus::Suspended:
            return tr("Suspended");
        case CustomerStatus::Deleted:
            return tr("Deleted");
        }
        return toString(status);
    }

    static QString customerTypeName(CustomerType type)
    {
        switch (type) {
        case CustomerType::Individual:
            return tr("Individual");
        case CustomerType::Business:
            return tr("Business");
        }
        return toString(type);
    }

    static QString tierName(LoyaltyTier tier)
    {
        switch (tier) {
        case LoyaltyTier::Bronze:
            return tr("Bronze");
        case LoyaltyTier::Silver:
            return tr("Silver");
        case LoyaltyTier::Gold:
            return tr("Gold");
        case LoyaltyTier::Platinum:
            return tr("Platinum");
        }
        return toString(tier);
    }

    static QString addressTagName(AddressTag tag)
    {
        switch (tag) {
        case AddressTag::Home:
            return tr("Home");
        case AddressTag::Work:
            return tr("Work");
        case AddressTag::Other:
            return tr("Other");
        }
        return toString(tag);
    }

    static QString deviceTypeName(const QString& type)
    {
        if (type == u"mobile")
            return tr("Mobile");
        if (type == u"desktop")
            return tr("Desktop");
        if (type == u"tablet")
            return tr("Tablet");
        return type;
    }

    static QString deviceName(const QString& name, const QString& type)
    {
        if (name.isEmpty() && type.isEmpty())
            return tr("Unknown device");
        if (type.isEmpty())
            return name;
        return tr("%1 (%2)").arg(name, deviceTypeName(type));
    }

    static QString revokeReasonName(RevokeReason reason)
    {
        switch (reason) {
        case RevokeReason::UserLogout:
            return tr("Signed out");
        case RevokeReason::AdminAction:
            return tr("Revoked by an operator");
        case RevokeReason::SecurityAlert:
            return tr("Security alert");
        case RevokeReason::SessionLimit:
            return tr("Over the session limit");
        case RevokeReason::PasswordChange:
            return tr("Password changed");
        case RevokeReason::DeviceRemoved:
            return tr("Device removed");
        }
        return toString(reason);
    }

    static QString sessionState(const Session& session, const QDateTime& now)
    {
        if (session.revokedAt.isValid()) {
            return session.revokeReason ? tr("Revoked: %1").arg(revokeReasonName(*session.revokeReason))
                                        : tr("Revoked");
        }
        return session.isActive(now) ? tr("Active") : tr("Expired");
    }

    static QString loginFailureName(LoginFailureReason reason)
    {
        switch (reason) {
        case LoginFailureReason::BadPassword:
            return tr("Wrong password");
        case LoginFailureReason::UnknownUser:
            return tr("Unknown user");
        case LoginFailureReason::MfaFailed:
            return tr("Second factor failed");
        case LoginFailureReason::Locked:
            return tr("Account locked");
        case LoginFailureReason::Suspended:
            return tr("Account suspended");
        case LoginFailureReason::RateLimited:
            return tr("Too many attempts");
        }
        return toString(reason);
    }

    static QString loginResult(const LoginEvent& event)
    {
        if (event.success)
            return tr("Success");
        return event.failureReason ? tr("Failed: %1").arg(loginFailureName(*event.failureReason)) : tr("Failed");
    }

    static QString riskFlagNames(RiskFlags flags)
    {
        QStringList names;
        for (RiskFlag flag : allRiskFlags) {
            if (!flags.testFlag(flag))
                continue;
            switch (flag) {
            case RiskFlag::NewDevice:
                names << tr("New device");
                break;
            case RiskFlag::NewCountry:
                names << tr("New country");
                break;
            case RiskFlag::ImpossibleTravel:
                names << tr("Impossible travel");
                break;
            case RiskFlag::FailureBurst:
                names << tr("Failure burst");
                break;
            case RiskFlag::Lockout:
                names << tr("Lockout");
                break;
            }
        }
        return names.join(QStringLiteral(", "));
    }

    static QString sectionTitle(const char* title, qsizetype count) { return tr(title, nullptr, int(count)); }
};

/// Customer-provided (or backend-provided) text, made safe for the HTML the report is laid out from.
QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

/// Escaped, with line breaks kept (address lines).
QString escLines(const QString& text)
{
    return esc(text).replace(u'\n', QStringLiteral("<br>"));
}

QString joinNonEmpty(const QStringList& parts, const QString& separator)
{
    QStringList kept;
    for (const QString& part : parts) {
        if (!part.isEmpty())
            kept << part;
    }
    return kept.join(separator);
}

/// One table: escaped headings (already translated) and cells that are HTML already.
class HtmlTable
{
public:
    explicit HtmlTable(const QStringList& headings)
    {
        m_html = QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                                "style=\"border-collapse: collapse; border-color: #888888\"><thead><tr>");
        for (const QString& heading : headings)
            m_html +=
                QStringLiteral("<th align=\"left\" bgcolor=\"#e8e8e8\">") + esc(heading) + QStringLiteral("</th>");
        m_html += QStringLiteral("</tr></thead><tbody>");
    }

    /// A row of cells given as HTML (escape what they hold).
    void addRow(const QStringList& htmlCells)
    {
        m_html += QStringLiteral("<tr>");
        for (const QString& cell : htmlCells)
            m_html += QStringLiteral("<td>") + cell + QStringLiteral("</td>");
        m_html += QStringLiteral("</tr>");
    }

    QString html() const { return m_html + QStringLiteral("</tbody></table>"); }

private:
    QString m_html;
};

QString section(const QString& title, bool empty, const QString& tableHtml)
{
    return QStringLiteral("<h2>") + esc(title) + QStringLiteral("</h2>") +
           (empty ? QStringLiteral("<p>") + esc(CustomerReport::tr("None.")) + QStringLiteral("</p>") : tableHtml);
}

QString accountSection(const Customer& c)
{
    HtmlTable table({CustomerReport::tr("Field"), CustomerReport::tr("Value")});
    const auto row = [&table](const QString& field, const QString& value) { table.addRow({esc(field), esc(value)}); };
    row(CustomerReport::tr("Customer ID"), c.id.toString(QUuid::WithoutBraces));
    row(CustomerReport::tr("Full name"), c.fullName);
    row(CustomerReport::tr("E-mail"), c.email);
    row(CustomerReport::tr("Phone"), c.phone);
    row(CustomerReport::tr("Country"), c.country);
    row(CustomerReport::tr("Status"), CustomerReport::statusName(c.status));
    row(CustomerReport::tr("Customer type"), CustomerReport::customerTypeName(c.customerType));
    row(CustomerReport::tr("Customer group"), c.customerGroup);
    row(CustomerReport::tr("Loyalty tier"), CustomerReport::tierName(c.loyaltyTier));
    row(CustomerReport::tr("Loyalty points"), QString::number(c.loyaltyPoints));
    row(CustomerReport::tr("Total spend"), CustomerReport::money(c.totalSpendCents));
    row(CustomerReport::tr("E-mail verified"), CustomerReport::yesNo(c.emailVerified));
    row(CustomerReport::tr("Phone verified"), CustomerReport::yesNo(c.phoneVerified));
    row(CustomerReport::tr("Two-factor authentication"), CustomerReport::yesNo(c.mfaEnabled));
    row(CustomerReport::tr("Failed sign-in attempts"), QString::number(c.failedLoginAttempts));
    row(CustomerReport::tr("Locked until"), CustomerReport::dateTime(c.lockedUntil));
    row(CustomerReport::tr("Marketing consent"), CustomerReport::yesNo(c.marketingConsent));
    row(CustomerReport::tr("Data processing consent"), CustomerReport::yesNo(c.dataProcessingConsent));
    row(CustomerReport::tr("Created"), CustomerReport::dateTime(c.createdAt));
    row(CustomerReport::tr("Last updated"), CustomerReport::dateTime(c.updatedAt));
    row(CustomerReport::tr("Last sign-in"), CustomerReport::dateTime(c.lastLoginAt));
    row(CustomerReport::tr("Deleted"), CustomerReport::dateTime(c.deletedAt));
    return section(CustomerReport::tr("Account"), false, table.html());
}

QString addressSection(const QList<Address>& addresses)
{
    HtmlTable table({CustomerReport::tr("Type"), CustomerReport::tr("Recipient"), CustomerReport::tr("Address"),
                     CustomerReport::tr("Default for"), CustomerReport::tr("Delivery instructions")});
    for (const Address& a : addresses) {
        const QString place = joinNonEmpty({a.postalCode, a.city}, QStringLiteral(" "));
        const QString address =
            joinNonEmpty({escLines(a.lines), esc(place), esc(a.region), esc(a.country)}, QStringLiteral("<br>"));
        QStringList defaults;
        if (a.defaultShipping)
            defaults << CustomerReport::tr("Shipping");
        if (a.defaultBilling)
            defaults << CustomerReport::tr("Billing");
        table.addRow({esc(CustomerReport::addressTagName(a.tag)), esc(a.recipient), address,
                      esc(defaults.join(QStringLiteral(", "))), escLines(a.deliveryInstructions)});
    }
    return section(
        CustomerReport::sectionTitle(QT_TRANSLATE_N_NOOP("CustomerReport", "Addresses (%n)"), addresses.size()),
        addresses.isEmpty(), table.html());
}

QString deviceSection(const QList<Device>& devices)
{
    HtmlTable table({CustomerReport::tr("Device"), CustomerReport::tr("System"), CustomerReport::tr("Last IP"),
                     CustomerReport::tr("First seen"), CustomerReport::tr("Last seen"), CustomerReport::tr("Trusted")});
    for (const Device& d : devices) {
        table.addRow({esc(CustomerReport::deviceName(d.name, d.deviceType)),
                      esc(joinNonEmpty({d.os, d.browser}, QStringLiteral(", "))), esc(d.lastIp),
                      esc(CustomerReport::dateTime(d.firstSeenAt)), esc(CustomerReport::dateTime(d.lastSeenAt)),
                      esc(d.trusted ? CustomerReport::tr("Since %1").arg(CustomerReport::dateTime(d.trustedAt))
                                    : CustomerReport::yesNo(false))});
    }
    return section(CustomerReport::sectionTitle(QT_TRANSLATE_N_NOOP("CustomerReport", "Devices (%n)"), devices.size()),
                   devices.isEmpty(), table.html());
}

QString sessionSection(const QList<Session>& sessions, const QDateTime& now)
{
    HtmlTable table({CustomerReport::tr("Started"), CustomerReport::tr("Last seen"), CustomerReport::tr("IP address"),
                     CustomerReport::tr("Country"), CustomerReport::tr("Device"), CustomerReport::tr("State")});
    for (const Session& s : sessions) {
        const QString device = s.deviceId.isNull() && s.deviceName.isEmpty()
                                   ? CustomerReport::tr("Unknown device")
                                   : CustomerReport::deviceName(s.deviceName, s.deviceType);
        QString state = esc(CustomerReport::sessionState(s, now));
        if (!s.revokeNote.isEmpty())
            state += QStringLiteral("<br>") + escLines(s.revokeNote);
        table.addRow({esc(CustomerReport::dateTime(s.createdAt)), esc(CustomerReport::dateTime(s.lastSeenAt)),
                      esc(s.ip), esc(s.country), esc(device), state});
    }
    return section(
        CustomerReport::sectionTitle(QT_TRANSLATE_N_NOOP("CustomerReport", "Sessions (%n)"), sessions.size()),
        sessions.isEmpty(), table.html());
}

QString loginSection(const QList<LoginEvent>& events)
{
    HtmlTable table({CustomerReport::tr("Time"), CustomerReport::tr("Result"), CustomerReport::tr("IP address"),
                     CustomerReport::tr("Location"), CustomerReport::tr("Device"), CustomerReport::tr("Risk flags")});
    for (const LoginEvent& e : events) {
        table.addRow({esc(CustomerReport::dateTime(e.occurredAt)), esc(CustomerReport::loginResult(e)), esc(e.ip),
                      esc(joinNonEmpty({e.city, e.country}, QStringLiteral(", "))),
                      esc(e.deviceName.isEmpty() ? CustomerReport::tr("Unknown device") : e.deviceName),
                      esc(CustomerReport::riskFlagNames(e.flags))});
    }
    return section(
        CustomerReport::sectionTitle(QT_TRANSLATE_N_NOOP("CustomerReport", "Sign-in attempts (%n)"), events.size()),
        events.isEmpty(), table.html());
}

QString auditSection(const QList<AuditEvent>& events)
{
    HtmlTable table({CustomerReport::tr("#"), CustomerReport::tr("Time"), CustomerReport::tr("Actor"),
                     CustomerReport::tr("Action"), CustomerReport::tr("Reason")});
    for (const AuditEvent& e : events) {
        const QString actor = e.actorRole.isEmpty() ? e.actor : CustomerReport::tr("%1 (%2)").arg(e.actor, e.actorRole);
        table.addRow({QString::number(e.seq), esc(CustomerReport::dateTime(e.occurredAt)), esc(actor), esc(e.action),
                      escLines(e.reason)});
    }
    return section(
        CustomerReport::sectionTitle(QT_TRANSLATE_N_NOOP("CustomerReport", "Audit trail (%n)"), events.size()),
        events.isEmpty(), table.html());
}

QString reportTitle(const CustomerReportData& data)
{
    return CustomerReport::tr("Personal data held about %1").arg(data.customer.fullName);
}

QString reportHtml(const CustomerReportData& data)
{
    const QDateTime generated = data.generatedAt.isValid() ? data.generatedAt : QDateTime::currentDateTimeUtc();
    return QStringLiteral("<html><body><h1>") + esc(reportTitle(data)) + QStringLiteral("</h1><p>") +
           esc(CustomerReport::tr("Generated %1 for a data access request. Customer ID %2.")
                   .arg(CustomerReport::dateTime(generated), data.customer.id.toString(QUuid::WithoutBraces))) +
           QStringLiteral("</p>") + accountSection(data.customer) + addressSection(data.addresses) +
           deviceSection(data.devices) + sessionSection(data.sessions, generated) + loginSection(data.loginEvents) +
           auditSection(data.auditEvents) + QStringLiteral("</body></html>");
}

/// Passes the PDF writer's bytes on to the caller's device and remembers whether it refused any:
/// QPdfWriter itself does not say that its output was lost.
class WriteCheckingDevice : public QIODevice
{
public:
    explicit WriteCheckingDevice(QIODevice* target)
        : m_target(target)
    {
    }

    bool isSequential() const override { return true; }
    bool failed() const { return m_failed; }
    QString targetError() const { return m_targetError; }

protected:
    qint64 readData(char*, qint64) override { return -1; }

    qint64 writeData(const char* data, qint64 length) override
    {
        if (m_failed)
            return -1;
        const qint64 written = m_target->write(data, length);
        if (written != length) {
            m_failed = true;
            m_targetError = m_target->errorString();
            return -1;
        }
        return written;
    }

private:
    QIODevice* m_target;
    bool m_failed = false;
    QString m_targetError;
};

} // namespace

Status writeCustomerReportPdf(const CustomerReportData& data, QIODevice* device)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError(ErrorKind::Internal, QStringLiteral("a PDF report needs a QGuiApplication for its fonts"));
    if (!device || !device->isOpen() || !device->isWritable())
        return makeError(ErrorKind::FileAccess, QStringLiteral("the report's device is not open for writing"));

    WriteCheckingDevice output(device);
    if (!output.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Internal, QStringLiteral("cannot open the PDF output"));

    constexpr int resolution = 300; // dots per inch; text is vector graphics anyway
    QPdfWriter writer(&output);
    writer.setResolution(resolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 12),
                                     QPageLayout::Millimeter));
    writer.setTitle(reportTitle(data));
    writer.setCreator(QStringLiteral("Identity Console"));

    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(8.5);
    QTextDocument document;
    // Lay out with the writer's metrics, so that what is measured is what gets drawn.
    document.documentLayout()->setPaintDevice(&writer);
    document.setDefaultFont(font);
    document.setDocumentMargin(0);
    document.setDefaultStyleSheet(QStringLiteral("h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 14px; }"
                                                 " th, td { vertical-align: top; }"));
    document.setHtml(reportHtml(data));

    const QRectF paintRect = writer.pageLayout().paintRectPixels(resolution);
    const QFontMetricsF metrics(font, &writer);
    const qreal footerHeight = metrics.height() * 2;
    const QSizeF bodySize(paintRect.width(), paintRect.height() - footerHeight);
    document.setPageSize(bodySize);
    const int pages = document.pageCount();

    QPainter painter;
    if (!painter.begin(&writer)) {
        return makeError(ErrorKind::FileAccess,
                         output.failed() ? output.targetError() : QStringLiteral("cannot start writing the PDF"));
    }
    for (int page = 0; page < pages && !output.failed(); ++page) {
        if (page > 0 && !writer.newPage())
            break;
        painter.save();
        const QRectF body(0, page * bodySize.height(), bodySize.width(), bodySize.height());
        painter.translate(0, -body.top());
        document.drawContents(&painter, body);
        painter.restore();
        painter.setFont(font);
        painter.setPen(Qt::darkGray);
        painter.drawText(QRectF(0, bodySize.height(), bodySize.width(), footerHeight), Qt::AlignRight | Qt::AlignBottom,
                         CustomerReport::tr("Page %1 of %2").arg(page + 1).arg(pages));
    }
    painter.end();
    output.close();
    if (output.failed()) {
        return makeError(ErrorKind::FileAccess,
                         QStringLiteral("the report could not be written: ") + output.targetError());
    }
    return Done{};
}

} // namespace idc
