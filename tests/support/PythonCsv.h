#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QString>
#include <QtGlobal>

namespace idc::test {

/// `path` as Python's csv module reads it (strict, UTF-8 with or without a BOM): one array of
/// strings per record, the header included. Empty when python3 fails (its error is logged).
inline QJsonArray readCsvWithPython(const QString& python, const QString& path)
{
    QProcess process;
    process.start(python, {QStringLiteral("-c"),
                           QStringLiteral("import csv, json, sys\n"
                                          "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                                          "    json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n"),
                           path});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning("python: %s", process.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).array();
}

} // namespace idc::test
