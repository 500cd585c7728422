#include "MisbehavingServer.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <optional>

namespace idc::test {
namespace {

/// Bytes queued on a socket before the streaming answers wait for bytesWritten().
constexpr qint64 writeWindow = 256 * 1024;
constexpr qint64 chunkSize = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition Failed";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Scripted";
    }
}

/// The status line and headers of a response; no Content-Length when `length` is negative.
QByteArray responseHead(int status, const QByteArray& contentType, qint64 length,
                        const QList<std::pair<QByteArray, QByteArray>>& extraHeaders)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    if (length >= 0)
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    head += "Connection: close\r\n";
    for (const auto& [name, value] : extraHeaders)
        head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

/// Parses one request from the front of `buffer` once all of it has arrived.
std::optional<RecordedRequest> takeRequest(const QByteArray& buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    RecordedRequest request;
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    qint64 contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines.at(i).left(colon).trimmed().toLower();
        const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
        request.headers.append({name, value});
        if (name == "content-length")
            contentLength = value.toLongLong();
    }
    const qsizetype bodyStart = headEnd + 4;
    if (buffer.size() - bodyStart < contentLength)
        return std::nullopt;
    request.body = buffer.mid(bodyStart, contentLength);
    return request;
}

/// Bytes [offset, offset + length) of `{"pad":"aaaa…"}` that is `size` bytes long in all.
QByteArray hugeBodySlice(qint64 size, qint64 offset, qint64 length)
{
    static const QByteArray prefix = "{\"pad\":\"";
    static const QByteArray suffix = "\"}";
    QByteArray slice(length, 'a');
    const qint64 suffixStart = size - suffix.size();
    for (qint64 i = offset; i < qMin<qint64>(offset + length, prefix.size()); ++i)
        slice[i - offset] = prefix.at(i);
    for (qint64 i = qMax(offset, suffixStart); i < offset + length; ++i)
        slice[i - offset] = suffix.at(i - suffixStart);
    return slice;
}

/// Writes the next chunks of a huge body without ever holding more than the write window.
void pumpHugeBody(QTcpSocket* socket, qint64 size, const std::shared_ptr<qint64>& written)
{
    while (*written < size && socket->state() == QAbstractSocket::ConnectedState &&
           socket->bytesToWrite() < writeWindow) {
        const qint64 length = qMin(chunkSize, size - *written);
        socket->write(hugeBodySlice(size, *written, length));
        *written += length;
    }
    if (*written >= size)
        socket->disconnectFromHost();
}

void serve(QTcpSocket* socket, const MisbehavingServer::Answer& answer)
{
    using Kind = MisbehavingServer::Answer::Kind;
    switch (answer.kind) {
    case Kind::Respond:
        socket->write(responseHead(answer.status, answer.contentType, answer.body.size(), answer.extraHeaders) +
                      answer.body);
        socket->disconnectFromHost(); // after the queued bytes are written
        return;
    case Kind::Stall:
        QTimer::singleShot(answer.duration, socket, [socket] { socket->disconnectFromHost(); });
        return;
    case Kind::CloseMidBody:
        socket->write(responseHead(200, "application/json", answer.size, {}) + answer.body);
        socket->disconnectFromHost();
        return;
    case Kind::CloseImmediately:
        socket->disconnectFromHost();
        return;
    case Kind::Garbage:
        socket->write(answer.body);
        socket->disconnectFromHost();
        return;
    case Kind::Huge: {
        socket->write(responseHead(200, "application/json", answer.declareLength ? answer.size : -1, {}));
        auto written = std::make_shared<qint64>(0);
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket,
                         [socket, size = answer.size, written] { pumpHugeBody(socket, size, written); });
        pumpHugeBody(socket, answer.size, written);
        return;
    }
    case Kind::SlowDrip: {
        const QByteArray response =
            responseHead(answer.status, answer.contentType, answer.body.size(), answer.extraHeaders) + answer.body;
        constexpr int ticksPerSecond = 20;
        const qsizetype perTick = qMax(1, answer.bytesPerSecond / ticksPerSecond);
        auto* timer = new QTimer(socket);
        auto offset = std::make_shared<qsizetype>(0);
        QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, response, perTick, offset] {
            socket->write(response.mid(*offset, perTick));
            *offset += perTick;
            if (*offset >= response.size()) {
                timer->stop();
                socket->disconnectFromHost();
            }
        });
        timer->start(1000 / ticksPerSecond);
        return;
    }
    }
}

} // namespace

QByteArray RecordedRequest::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool RecordedRequest::hasHeader(QByteArrayView name) const
{
    for (const auto& header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

MisbehavingServer::Answer MisbehavingServer::Answer::respond(int status, QByteArray contentType, QByteArray body,
                                                             QList<std::pair<QByteArray, QByteArray>> extraHeaders)
{
    Answer answer;
    answer.kind = Kind::Respond;
    answer.status = status;
    answer.contentType = std::move(contentType);
    answer.body = std::move(body);
    answer.extraHeaders = std::move(extraHeaders);
    return answer;
}

MisbehavingServer::Answer MisbehavingServer::Answer::problem(int status, const QString& detail,
                                                             QList<std::pair<QByteArray, QByteArray>> extraHeaders)
{
    const QJsonObject problem{
        {QStringLiteral("type"), QStringLiteral("urn:identity-console:problem:scripted")},
        {QStringLiteral("title"), QString::fromLatin1(reasonPhrase(status))},
        {QStringLiteral("status"), status},
        {QStringLiteral("detail"), detail},
    };
    return respond(status, "application/problem+json", QJsonDocument(problem).toJson(QJsonDocument::Compact),
                   std::move(extraHeaders));
}

MisbehavingServer::Answer MisbehavingServer::Answer::stall(std::chrono::milliseconds duration)
{
    Answer answer;
    answer.kind = Kind::Stall;
    answer.duration = duration;
    return answer;
}

MisbehavingServer::Answer MisbehavingServer::Answer::closeMidBody(qint64 claimedBytes, QByteArray sentBody)
{
    Answer answer;
    answer.kind = Kind::CloseMidBody;
    answer.size = claimedBytes;
    answer.body = std::move(sentBody);
    return answer;
}

MisbehavingServer::Answer MisbehavingServer::Answer::closeImmediately()
{
    Answer answer;
    answer.kind = Kind::CloseImmediately;
    return answer;
}

MisbehavingServer::Answer MisbehavingServer::Answer::garbage(QByteArray bytes)
{
    Answer answer;
    answer.kind = Kind::Garbage;
    answer.body = std::move(bytes);
    return answer;
}

MisbehavingServer::Answer MisbehavingServer::Answer::huge(qint64 bytes, bool declareLength)
{
    Answer answer;
    answer.kind = Kind::Huge;
    answer.size = qMax<qint64>(bytes, 10); // room for {"pad":""}
    answer.declareLength = declareLength;
    return answer;
}

MisbehavingServer::Answer MisbehavingServer::Answer::slowDrip(int bytesPerSecond, QByteArray contentType,
                                                              QByteArray body)
{
    Answer answer = respond(200, std::move(contentType), std::move(body));
    answer.kind = Kind::SlowDrip;
    answer.bytesPerSecond = bytesPerSecond;
    return answer;
}

MisbehavingServer::MisbehavingServer()
    : m_fallback(Answer::problem(500, QStringLiteral("no answer scripted for this request")))
{
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("misbehaving-server"));
    m_thread.start();
    QMetaObject::invokeMethod(
        m_context, [this] { listen(); }, Qt::BlockingQueuedConnection);
}

MisbehavingServer::~MisbehavingServer()
{
    QMetaObject::invokeMethod(
        m_context, [this] { shutDown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QUrl MisbehavingServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

void MisbehavingServer::enqueue(const Answer& answer, const QByteArray& path, int times)
{
    QMutexLocker lock(&m_mutex);
    for (int i = 0; i < times; ++i)
        m_script.enqueue(Entry{path, answer});
}

void MisbehavingServer::setFallback(const Answer& answer)
{
    QMutexLocker lock(&m_mutex);
    m_fallback = answer;
}

int MisbehavingServer::pendingAnswers() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_script.size());
}

int MisbehavingServer::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_seen.size());
}

QList<RecordedRequest> MisbehavingServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_seen;
}

void MisbehavingServer::listen()
{
    m_server = new QTcpServer(m_context);
    QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] { accept(); });
    if (m_server->listen(QHostAddress::LocalHost, 0))
        m_port = m_server->serverPort();
}

void MisbehavingServer::shutDown()
{
    // The sockets are children of the server: whatever is still stalled or streaming goes with it.
    delete m_server;
    m_server = nullptr;
}

void MisbehavingServer::accept()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        struct Exchange
        {
            QByteArray received;
            bool answered = false; // one request per connection
        };
        auto exchange = std::make_shared<Exchange>();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, exchange] {
            const QByteArray bytes = socket->readAll();
            if (exchange->answered)
                return;
            exchange->received += bytes;
            const std::optional<RecordedRequest> request = takeRequest(exchange->received);
            if (!request)
                return;
            exchange->answered = true;
            serve(socket, answerFor(*request));
        });
    }
}

MisbehavingServer::Answer MisbehavingServer::answerFor(const RecordedRequest& request)
{
    QMutexLocker lock(&m_mutex);
    m_seen.append(request);
    for (qsizetype i = 0; i < m_script.size(); ++i) {
        if (m_script.at(i).path.isEmpty() || m_script.at(i).path == request.path())
            return m_script.takeAt(i).answer;
    }
    return m_fallback;
}

} // namespace idc::test
