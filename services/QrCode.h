#pragma once

#include "Result.h"

#include <QImage>
#include <QString>

namespace idc {

/// The QR code (error correction level M or better, chosen by qrcodegen) of `text` as UTF-8:
/// black modules on white, each module `pixelsPerModule` × `pixelsPerModule` pixels, with a white
/// quiet zone of `quietZoneModules` modules on every side (4 is what the standard asks for).
/// The image is Format_Grayscale8, (modules + 2 * quietZoneModules) * pixelsPerModule pixels
/// square, and should be shown unscaled (or scaled by a whole factor without smoothing).
/// InvalidInput for pixelsPerModule < 1, quietZoneModules < 0, an image over 8192 pixels wide
/// or text too long for a QR code. The detail never repeats the text: it may hold a secret.
Result<QImage> qrImage(const QString& text, int pixelsPerModule, int quietZoneModules = 4);

/// How many modules wide the QR code of `text` is (21 to 177), without the quiet zone, for
/// choosing `pixelsPerModule`; 0 if the text is too long for a QR code.
int qrModuleCount(const QString& text);

} // namespace idc
