#include "ExportWriters.h"
#include "PythonCsv.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace idc;

/// The writers of exports: CSV that an independent parser (Python's csv module) reads back field
/// for field, formulas neutralised for spreadsheet tools, JSON Lines, and the `.part` file that
/// becomes the export only when it is complete — and never when the disk is full.
class TestExportWriters : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (m_python.isEmpty())
            QFAIL("python3 is this test's independent CSV reader (install-deps.sh installs it)");
        QVERIFY(m_dir.isValid());
    }

    void csvReadsBackFieldForField_data()
    {
        QTest::addColumn<bool>("byteOrderMark");
        QTest::newRow("plain") << false;
        QTest::newRow("with BOM") << true;
    }

    void csvReadsBackFieldForField()
    {
        QFETCH(bool, byteOrderMark);
        const QList<QStringList> rows{
            {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("note"), QStringLiteral("amount")},
            {QStringLiteral("1"), QStringLiteral("Nguyễn Thị Đào"), QStringLiteral("says \"hi\", twice"),
             QStringLiteral("-12.50")},
            {QStringLiteral("2"), QStringLiteral("Иван Петров"), QStringLiteral("line one\nline two"),
             QStringLiteral("0")},
            {QStringLiteral("3"), QStringLiteral("李小龍 🐉"), QStringLiteral("windows\r\nbreak"), QString()},
            {QStringLiteral("4"), QStringLiteral("  spaced  "), QStringLiteral(",,,"), QStringLiteral("\"")},
            {QStringLiteral("5"), QStringLiteral("=HYPERLINK(\"http://x\")"), QStringLiteral("@SUM(A1)"),
             QStringLiteral("+1")},
        };
        const QString path = m_dir.filePath(QStringLiteral("rows.csv"));
        ExportFile file(path);
        QVERIFY(file.open().ok());
        CsvWriter writer(file.device(), CsvWriter::Options{byteOrderMark, true});
        for (const QStringList& row : rows)
            QVERIFY(writer.writeRow(row));
        QCOMPARE(writer.rowsWritten(), rows.size());
        QVERIFY(file.commit().ok());

        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray bytes = written.readAll();
        QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), byteOrderMark);
        QCOMPARE(bytes.count("\xEF\xBB\xBF"), byteOrderMark ? 1 : 0);

        const QJsonArray parsed = pythonCsv(path);
        QCOMPARE(parsed.size(), rows.size());
        for (int r = 0; r < rows.size(); ++r) {
            const QJsonArray fields = parsed.at(r).toArray();
            QCOMPARE(fields.size(), rows.at(r).size());
            for (int f = 0; f < fields.size(); ++f) {
                QString expected = rows.at(r).at(f);
                if (r == 5 && f < 3 && f > 0)
                    expected.prepend(u'\''); // the formulas, shown as text
                QCOMPARE(fields.at(f).toString(), expected);
            }
        }
    }

    void formulasAreNeutralised_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("neutralised");
        QTest::newRow("=") << QStringLiteral("=1+1") << QStringLiteral("'=1+1");
        QTest::newRow("+") << QStringLiteral("+cmd") << QStringLiteral("'+cmd");
        QTest::newRow("-") << QStringLiteral("-2+3") << QStringLiteral("'-2+3");
        QTest::newRow("@") << QStringLiteral("@SUM(A1:A9)") << QStringLiteral("'@SUM(A1:A9)");
        QTest::newRow("tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
        QTest::newRow("CR") << QStringLiteral("\r=1") << QStringLiteral("\"'\r=1\"");
        QTest::newRow("negative number") << QStringLiteral("-12.5") << QStringLiteral("-12.5");
        QTest::newRow("signed number") << QStringLiteral("+49") << QStringLiteral("+49");
        QTest::newRow("inner =") << QStringLiteral("a=b") << QStringLiteral("a=b");
        QTest::newRow("quoted and neutralised") << QStringLiteral("=\"a,b\"") << QStringLiteral("\"'=\"\"a,b\"\"\"");
    }

    void formulasAreNeutralised()
    {
        QFETCH(QString, value);
        QFETCH(QString, neutralised);
        QCOMPARE(CsvWriter::field(value, true), neutralised);
        // Off: only RFC 4180 quoting.
        const bool needsQuotes = value.contains(u',') || value.contains(u'"') || value.contains(u'\r');
        QCOMPARE(CsvWriter::field(value, false),
                 needsQuotes ? u'"' + QString(value).replace(QStringLiteral("\""), QStringLiteral("\"\"")) + u'"'
                             : value);
    }

    void jsonLinesAreOneObjectPerLine()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        JsonLinesWriter writer(&buffer);
        const QJsonObject first{{QStringLiteral("name"), QStringLiteral("Đào\nline")}, {QStringLiteral("n"), 1}};
        const QJsonObject second{{QStringLiteral("name"), QStringLiteral("=x")}, {QStringLiteral("n"), 2}};
        QVERIFY(writer.writeRow(first));
        QVERIFY(writer.writeRow(second));
        const QList<QByteArray> lines = buffer.data().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.last().isEmpty());
        QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object(), first);
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object(), second);
    }

    void thePartFileBecomesTheExportOnlyWhenComplete()
    {
        const QString path = m_dir.filePath(QStringLiteral("export.csv"));
        {
            ExportFile file(path);
            QVERIFY(file.open().ok());
            QVERIFY(file.device()->write("a,b\r\n") == 5);
            QVERIFY(QFile::exists(path + QStringLiteral(".part")));
            QVERIFY(!QFile::exists(path));
            file.discard(); // cancelled
            QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
            QVERIFY(!QFile::exists(path));
        }
        {
            ExportFile file(path);
            QVERIFY(file.open().ok());
            QVERIFY(file.device()->write("half") == 4);
        } // gone without commit: a crash of the export, as far as the file is concerned
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
        QVERIFY(!QFile::exists(path));

        for (const QByteArray& content : {QByteArray("first\r\n"), QByteArray("second, longer\r\n")}) {
            ExportFile file(path);
            QVERIFY(file.open().ok());
            QVERIFY(file.device()->write(content) == content.size());
            QVERIFY(file.commit().ok());
            QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
            QFile result(path);
            QVERIFY(result.open(QIODevice::ReadOnly));
            QCOMPARE(result.readAll(), content); // the newer replaces the older whole
        }
    }

    void aFullDiskIsReportedAndLeavesNothing()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QFAIL("/dev/full (always ENOSPC) is this test's full disk");
        const QString path = m_dir.filePath(QStringLiteral("full.csv"));
        // The part file leads to a device that is always full.
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), path + QStringLiteral(".part")));
        ExportFile file(path);
        QVERIFY(file.open().ok());
        CsvWriter writer(file.device());
        bool wrote = true;
        for (int i = 0; i < 20000 && wrote; ++i)
            wrote = writer.writeRow({QString::number(i), QStringLiteral("some text to fill the buffer")});
        const Status committed = file.commit();
        QVERIFY(!committed.ok());
        QVERIFY(committed.error().kind == ErrorKind::FileAccess);
        QVERIFY2(committed.error().detail.contains(QStringLiteral("No space left")),
                 qPrintable(committed.error().detail));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFileInfo(path + QStringLiteral(".part")).isSymLink());
    }

private:
    QJsonArray pythonCsv(const QString& path) { return test::readCsvWithPython(m_python, path); }

    QString m_python;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestExportWriters)
#include "tst_export_writers.moc"
