#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QQueue>
#include <QThread>
#include <QUrl>

#include <chrono>
#include <utility>

class QTcpServer;

namespace idc::test {

/// One HTTP request as the server read it off the wire.
struct RecordedRequest
{
    QByteArray method;
    QByteArray target;                                ///< path and query, exactly as sent
    QList<std::pair<QByteArray, QByteArray>> headers; ///< names in lower case, in the order sent
    QByteArray body;

    /// The path of the target, without the query.
    QByteArray path() const;
    /// The value of a header (case-insensitive name); empty when it was not sent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers each request as a test scripts it: with
/// exact bytes, late, never, with half a body, with garbage or with far too much. It runs on
/// its own thread, so a test may block on a client's future while the server serves.
///
/// Every connection carries one request and is closed after its answer ("Connection: close"),
/// so that a client's retries show up as separate requests in requestCount().
class MisbehavingServer
{
public:
    /// What the server does with one request.
    struct Answer
    {
        enum class Kind
        {
            Respond,          ///< a complete response, Content-Length correct
            Stall,            ///< nothing, then the connection is closed after `duration`
            CloseMidBody,     ///< headers claim `size` bytes, fewer follow, then the connection closes
            CloseImmediately, ///< the connection closes without a byte
            Garbage,          ///< `body` as raw bytes (no HTTP at all), then the connection closes
            Huge,             ///< a valid 200 application/json body of `size` bytes, streamed in chunks
            SlowDrip,         ///< a complete response written at `bytesPerSecond`
        };

        Kind kind = Kind::Respond;
        int status = 200;
        QByteArray contentType;
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> extraHeaders;
        std::chrono::milliseconds duration{0};
        qint64 size = 0;
        bool declareLength = true; ///< for Huge: send Content-Length, or end the body by closing
        int bytesPerSecond = 0;

        static Answer respond(int status, QByteArray contentType, QByteArray body,
                              QList<std::pair<QByteArray, QByteArray>> extraHeaders = {});
        /// An RFC 9457 problem+json answer with `detail`.
        static Answer problem(int status, const QString& detail,
                              QList<std::pair<QByteArray, QByteArray>> extraHeaders = {});
        static Answer stall(std::chrono::milliseconds duration);
        /// A 200 application/json whose headers claim `claimedBytes` but only `sentBody` follows.
        static Answer closeMidBody(qint64 claimedBytes, QByteArray sentBody);
        static Answer closeImmediately();
        static Answer garbage(QByteArray bytes);
        static Answer huge(qint64 bytes, bool declareLength = true);
        static Answer slowDrip(int bytesPerSecond, QByteArray contentType, QByteArray body);
    };

    /// Starts listening on a free loopback port; see isListening().
    MisbehavingServer();
    ~MisbehavingServer();

    MisbehavingServer(const MisbehavingServer&) = delete;
    MisbehavingServer& operator=(const MisbehavingServer&) = delete;

    bool isListening() const { return m_port != 0; }
    /// "http://127.0.0.1:PORT": the root a ConnectionProfile names.
    QUrl baseUrl() const;

    /// Adds `answer` to the script, for the next `times` requests whose path (without query) is
    /// `path`, or any path when `path` is empty. Requests take the first entry that fits.
    void enqueue(const Answer& answer, const QByteArray& path = {}, int times = 1);
    /// What a request gets when no scripted entry fits; initially a 500 problem saying so.
    void setFallback(const Answer& answer);
    /// How many scripted answers are still waiting for a request.
    int pendingAnswers() const;

    /// How many complete requests arrived so far.
    int requestCount() const;
    QList<RecordedRequest> requests() const;

private:
    struct Entry
    {
        QByteArray path;
        Answer answer;
    };

    void listen();
    void shutDown();
    void accept();
    Answer answerFor(const RecordedRequest& request);

    QThread m_thread;
    QObject* m_context = nullptr;   // lives on m_thread; parent of the server and its sockets
    QTcpServer* m_server = nullptr; // child of m_context
    quint16 m_port = 0;

    mutable QMutex m_mutex;
    QQueue<Entry> m_script;        // guarded by m_mutex
    Answer m_fallback;             // guarded by m_mutex
    QList<RecordedRequest> m_seen; // guarded by m_mutex
};

} // namespace idc::test
