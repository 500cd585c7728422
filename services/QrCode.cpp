#include "QrCode.h"

#include <openssl/crypto.h>
#include <qrcodegen.hpp>

#include <cstring>
#include <optional>

namespace idc {
namespace {

constexpr int maxImageSide = 8192;
constexpr auto errorCorrection = qrcodegen::QrCode::Ecc::MEDIUM;

std::optional<qrcodegen::QrCode> encode(const QString& text)
{
    QByteArray utf8 = text.toUtf8();
    std::optional<qrcodegen::QrCode> code;
    try {
        code.emplace(qrcodegen::QrCode::encodeText(utf8.constData(), errorCorrection));
    } catch (const qrcodegen::data_too_long&) {
    }
    // The text is often an otpauth:// URI, secret included: leave no copy of ours behind.
    OPENSSL_cleanse(utf8.data(), size_t(utf8.size()));
    return code;
}

} // namespace

Result<QImage> qrImage(const QString& text, int pixelsPerModule, int quietZoneModules)
{
    if (pixelsPerModule < 1)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("QR modules need at least one pixel"));
    if (quietZoneModules < 0)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("negative QR quiet zone"));
    const std::optional<qrcodegen::QrCode> code = encode(text);
    if (!code)
        return makeError(ErrorKind::InvalidInput, QStringLiteral("text too long for a QR code"));

    const int modules = code->getSize();
    const qint64 sideModules = qint64(modules) + 2 * qint64(quietZoneModules);
    if (sideModules * pixelsPerModule > maxImageSide)
        return makeError(ErrorKind::InvalidInput,
                         QStringLiteral("QR image would be wider than %1 pixels").arg(maxImageSide));
    const int side = int(sideModules) * pixelsPerModule;

    QImage image(side, side, QImage::Format_Grayscale8);
    if (image.isNull())
        return makeError(ErrorKind::Internal, QStringLiteral("cannot allocate a %1 pixel QR image").arg(side));
    image.fill(0xff);
    const int offset = quietZoneModules * pixelsPerModule;
    for (int y = 0; y < modules; ++y) {
        // Build the first pixel row of this module row, then copy it to the others.
        uchar* firstRow = image.scanLine(offset + y * pixelsPerModule);
        for (int x = 0; x < modules; ++x) {
            if (code->getModule(x, y))
                std::memset(firstRow + offset + x * pixelsPerModule, 0x00, size_t(pixelsPerModule));
        }
        for (int row = 1; row < pixelsPerModule; ++row)
            std::memcpy(image.scanLine(offset + y * pixelsPerModule + row), firstRow, size_t(side));
    }
    return image;
}

int qrModuleCount(const QString& text)
{
    const std::optional<qrcodegen::QrCode> code = encode(text);
    return code ? code->getSize() : 0;
}

} // namespace idc
