#include "ExportWriters.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <unistd.h>

namespace idc {
namespace {

bool isPlainNumber(const QString& value)
{
    static const QRegularExpression number(QStringLiteral("^[-+]?[0-9]+([.,][0-9]+)?$"));
    return number.match(value).hasMatch();
}

bool writeAll(QIODevice* device, const QByteArray& bytes)
{
    return device->write(bytes) == bytes.size();
}

} // namespace

CsvWriter::CsvWriter(QIODevice* device)
    : CsvWriter(device, Options{})
{
}

CsvWriter::CsvWriter(QIODevice* device, Options options)
    : m_device(device)
    , m_options(options)
{
}

QString CsvWriter::field(const QString& value, bool neutralizeFormulas)
{
    QString text = value;
    if (neutralizeFormulas && !text.isEmpty() && !isPlainNumber(text)) {
        const QChar first = text.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
            text.prepend(u'\'');
    }
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\r') || text.contains(u'\n')) {
        text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        text = u'"' + text + u'"';
    }
    return text;
}

bool CsvWriter::writeRow(const QStringList& fields)
{
    QString line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += u',';
        line += field(fields.at(i), m_options.neutralizeFormulas);
    }
    line += QStringLiteral("\r\n");
    QByteArray bytes = line.toUtf8();
    if (m_rows == 0 && m_options.byteOrderMark)
        bytes.prepend("\xEF\xBB\xBF");
    if (!writeAll(m_device, bytes))
        return false;
    ++m_rows;
    return true;
}

bool JsonLinesWriter::writeRow(const QJsonObject& row)
{
    QByteArray bytes = QJsonDocument(row).toJson(QJsonDocument::Compact);
    bytes += '\n';
    if (!writeAll(m_device, bytes))
        return false;
    ++m_rows;
    return true;
}

namespace detail {

void HashingWriter::restart()
{
    m_hash.reset();
    m_bytes = 0;
}

QString HashingWriter::sha256Hex() const
{
    return QString::fromLatin1(m_hash.result().toHex());
}

qint64 HashingWriter::writeData(const char* data, qint64 size)
{
    const qint64 written = m_file->write(data, size);
    if (written < 0) {
        setErrorString(m_file->errorString());
        return written;
    }
    m_hash.addData(QByteArrayView(data, written));
    m_bytes += written;
    return written;
}

} // namespace detail

ExportFile::ExportFile(QString path)
    : m_path(std::move(path))
{
}

ExportFile::~ExportFile()
{
    if (!m_committed)
        discard();
}

Status ExportFile::open()
{
    m_committed = false;
    m_finished = false;
    m_file.setFileName(partPath());
    m_writer.close();
    m_writer.restart();
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        !m_writer.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return makeError(ErrorKind::FileAccess,
                         QStringLiteral("cannot write %1: %2").arg(partPath(), m_file.errorString()));
    return Done{};
}

Status ExportFile::finish()
{
    const auto fail = [this](const QString& what) {
        const Error error =
            makeError(ErrorKind::FileAccess, QStringLiteral("%1 %2: %3").arg(what, partPath(), m_file.errorString()));
        discard();
        return Status(error);
    };
    if (m_finished)
        return Done{};
    if (!m_file.isOpen())
        return makeError(ErrorKind::Internal, QStringLiteral("%1 is not open").arg(partPath()));
    // A write error (a full disk: ENOSPC) may only show when the buffer is flushed or synced.
    if (m_file.error() != QFileDevice::NoError)
        return fail(QStringLiteral("cannot write"));
    if (!m_file.flush())
        return fail(QStringLiteral("cannot write"));
    if (::fsync(m_file.handle()) != 0 && errno != EINVAL)
        return fail(QStringLiteral("cannot sync"));
    m_writer.close();
    m_file.close();
    if (m_file.error() != QFileDevice::NoError)
        return fail(QStringLiteral("cannot close"));
    m_finished = true;
    return Done{};
}

Status ExportFile::commit()
{
    if (Status finished = finish(); !finished)
        return finished;
    // rename(2) replaces an existing file in one step: readers see the old file or the whole new one.
    if (std::rename(QFile::encodeName(partPath()).constData(), QFile::encodeName(m_path).constData()) != 0) {
        const Error error = makeError(ErrorKind::FileAccess,
                                      QStringLiteral("cannot rename %1 to %2: %3")
                                          .arg(partPath(), m_path, QString::fromLocal8Bit(std::strerror(errno))));
        discard();
        return error;
    }
    m_committed = true;
    return Done{};
}

void ExportFile::discard()
{
    m_writer.close();
    if (m_file.isOpen())
        m_file.close();
    QFile::remove(partPath());
}

} // namespace idc
