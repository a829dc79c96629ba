// Every file the viewer writes (charts as PNG/SVG/PDF, CSV, the debrief PDF, saved plans,
// screenshots) goes through write_file_bytes: the bytes are made in memory first, then published
// so that a failed write is reported, never taken for success, and leaves nothing half-written.
//
//   QByteArray png = ...;                                   // QImage::save(&buffer, "PNG")
//   QString error;
//   if (!write_file_bytes("out/chart.png", png, &error)) { std::cerr << error; return 1; }
//
// A regular file (or a new one) is written to a temporary file beside it and renamed over it
// (QSaveFile), as sim/experiment/output_set.h publishes outputs. A path that exists and is not a
// regular file (a device such as /dev/full or /dev/stdout, a FIFO) is written in place (renaming
// over it would replace the device with a file), and the write, flush and close are all checked.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace salesim::viz {

// Writes `bytes` to `path`. Returns false with *error = "PATH: why" (the system's reason, e.g.
// "No space left on device") when any step fails.
bool write_file_bytes(const QString& path, const QByteArray& bytes, QString* error);

// `image` encoded as `format` ("PNG") and written by write_file_bytes.
bool write_image(const QImage& image, const QString& path, const char* format, QString* error);

}  // namespace salesim::viz
