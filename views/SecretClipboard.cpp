#include "SecretClipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>

namespace idc {
namespace {

std::chrono::milliseconds g_lifetime{30000};

} // namespace

void SecretClipboard::copy(const QString& secret)
{
    QClipboard* clipboard = QGuiApplication::clipboard();
    auto* data = new QMimeData;
    data->setText(secret);
    // Clipboard managers (Klipper and others that honour it) keep this out of their history.
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    clipboard->setMimeData(data);
    QTimer::singleShot(g_lifetime, qApp, [secret] {
        QClipboard* clipboard = QGuiApplication::clipboard();
        if (clipboard->text() == secret)
            clipboard->clear();
    });
}

std::chrono::milliseconds SecretClipboard::lifetime()
{
    return g_lifetime;
}

void SecretClipboard::setLifetime(std::chrono::milliseconds lifetime)
{
    g_lifetime = lifetime;
}

} // namespace idc
