#pragma once

#include "Result.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonObject>
#include <QStringList>

namespace idc {

/// Writes CSV as RFC 4180 has it, one row at a time, to a device it does not own: UTF-8, CRLF
/// line ends, a field quoted when it holds a comma, a quote, CR or LF (quotes doubled).
///
/// Spreadsheet tools run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// as a formula. With `neutralizeFormulas` (the default) such a cell gets a leading `'`, which
/// shows the text as it is (OWASP's advice against CSV injection); a plain number such as
/// `-12.5` is left alone, so numeric columns stay numbers.
class CsvWriter
{
public:
    struct Options
    {
        bool byteOrderMark = false; ///< UTF-8 BOM first, for spreadsheet tools that need it to read UTF-8
        bool neutralizeFormulas = true;
    };

    explicit CsvWriter(QIODevice* device);
    CsvWriter(QIODevice* device, Options options);

    /// Writes one row (the BOM goes before the first). False when the device refused the bytes;
    /// errorString() says why.
    bool writeRow(const QStringList& fields);
    qint64 rowsWritten() const { return m_rows; }
    QString errorString() const { return m_device->errorString(); }

    /// One field as it appears in the file.
    static QString field(const QString& value, bool neutralizeFormulas);

private:
    QIODevice* m_device;
    Options m_options;
    qint64 m_rows = 0;
};

/// Writes JSON Lines (jsonlines.org): one compact JSON object per line, UTF-8, LF.
class JsonLinesWriter
{
public:
    explicit JsonLinesWriter(QIODevice* device)
        : m_device(device)
    {
    }
    bool writeRow(const QJsonObject& row);
    qint64 rowsWritten() const { return m_rows; }
    QString errorString() const { return m_device->errorString(); }

private:
    QIODevice* m_device;
    qint64 m_rows = 0;
};

namespace detail {
/// Passes every write on to a file and hashes the bytes the file took (SHA-256) on the way, so an
/// export is hashed as it is written instead of read back afterwards.
class HashingWriter : public QIODevice
{
public:
    explicit HashingWriter(QFile* file)
        : m_file(file)
    {
    }
    /// Starts again from nothing (a file opened anew).
    void restart();
    QString sha256Hex() const;
    qint64 bytes() const { return m_bytes; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override;

private:
    QFile* m_file;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_bytes = 0;
};
} // namespace detail

/// The file an export writes: `NAME.part` while it is being written, renamed to `NAME` only by
/// commit() once every byte reached the disk. A cancelled or failed export, or one whose
/// ExportFile goes away without commit(), leaves no file behind: nothing half-written can look
/// complete. A full disk or any other write error is reported by commit() (FileAccess, with the
/// system's reason), never ignored.
class ExportFile
{
public:
    explicit ExportFile(QString path);
    ~ExportFile();
    ExportFile(const ExportFile&) = delete;
    ExportFile& operator=(const ExportFile&) = delete;

    /// Creates (or truncates) `NAME.part`. FileAccess when it cannot.
    Status open();
    /// Where rows go while open.
    QIODevice* device() { return &m_writer; }
    /// The SHA-256 (64 lowercase hex digits) and the size of everything written so far: once
    /// finish() succeeded, those of the file on disk.
    QString sha256() const { return m_writer.sha256Hex(); }
    qint64 bytesWritten() const { return m_writer.bytes(); }

    /// Flushes, syncs and closes `NAME.part`: its bytes are final and can be hashed, yet it is not
    /// renamed. On failure `NAME.part` is removed.
    Status finish();
    /// finish() if not done yet, then renames `NAME.part` to `NAME` (replacing an older file of that
    /// name). On any failure `NAME.part` is removed and nothing else changed.
    Status commit();
    /// Removes `NAME.part` (cancel or failure).
    void discard();

    QString path() const { return m_path; }
    QString partPath() const { return m_path + QStringLiteral(".part"); }

private:
    QString m_path;
    QFile m_file;
    detail::HashingWriter m_writer{&m_file};
    bool m_finished = false;
    bool m_committed = false;
};

} // namespace idc
