#include "viz/file_output.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace salesim::viz {

bool write_file_bytes(const QString& path, const QByteArray& bytes, QString* error) {
  auto fail = [&](const QString& why) {
    if (error) *error = path + ": " + why;
    return false;
  };
  const QFileInfo info(path);
  if (info.exists() && !info.isFile() && !info.isDir()) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) return fail(file.errorString());
    if (file.write(bytes) != bytes.size()) return fail(file.errorString());
    if (!file.flush()) return fail(file.errorString());
    file.close();
    if (file.error() != QFileDevice::NoError) return fail(file.errorString());
    return true;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
  if (file.write(bytes) != bytes.size()) {
    const QString why = file.errorString();
    file.cancelWriting();
    return fail(why);
  }
  if (!file.commit()) return fail(file.errorString());
  return true;
}

bool write_image(const QImage& image, const QString& path, const char* format, QString* error) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (image.isNull() || !image.save(&buffer, format)) {
    if (error) *error = path + ": " + QCoreApplication::translate("salesim", "cannot encode the image as %1").arg(QString::fromLatin1(format));
    return false;
  }
  buffer.close();
  return write_file_bytes(path, bytes, error);
}

}  // namespace salesim::viz
