// Every way the viewer writes a file reports a failed write (a full disk: a /dev/full device, a
// folder that is not there) instead of success, leaves a device a device (a temporary file renamed
// over /dev/full used to replace it with a regular file), and writes a regular file in full.
#include <gtest/gtest.h>

#include <QImage>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/viz/viz_test_support.h"
#include "viz/charts.h"
#include "viz/file_output.h"
#include "viz/page_view.h"
#include "viz/plans.h"
#include "viz/workshop_window.h"

namespace salesim::viz {
namespace {

const std::string kRoot = SALESIM_SOURCE_ROOT;

struct Writer {
  std::string name, ext;
  std::function<bool(const QString& path, QString* error)> write;
};

std::vector<Writer> writers() {
  static const v1::Results results = testing::synthetic_compare(3, 20);
  return {
      {"file bytes", "txt", [](const QString& p, QString* e) { return write_file_bytes(p, QByteArray(100000, 'x'), e); }},
      {"image", "png", [](const QString& p, QString* e) { QImage i(64, 64, QImage::Format_RGB32); i.fill(Qt::red); return write_image(i, p, "PNG", e); }},
      {"chart PNG", "png", [](const QString& p, QString* e) { ChartPageView page(build_page(ChartKind::compare, results)); return save_png(page, QSize(800, 450), p, e); }},
      {"chart SVG", "svg", [](const QString& p, QString* e) { ChartPageView page(build_page(ChartKind::compare, results)); return save_svg(page, QSize(800, 450), p, "t", e); }},
      {"chart CSV", "csv", [](const QString& p, QString* e) { ChartPageView page(build_page(ChartKind::compare, results)); return save_csv(page.data(), p, e); }},
      {"debrief PDF", "pdf", [](const QString& p, QString* e) { return write_debrief_pdf(results, "contribution", "t", p, e); }},
      {"plan", "txtpb", [](const QString& p, QString* e) {
         PlanBook book;
         book.reset(load_workshop_folder(kRoot + "/scenarios/workshop/teams").base, kRoot + "/scenarios/workshop/teams/branch.txtpb");
         book.add("more PMs");
         try {
           book.save(0, p.toStdString());
           return true;
         } catch (const std::exception& x) {
           *e = QString::fromStdString(x.what());
           return false;
         }
       }},
  };
}

TEST(FileOutput, EveryWriterReportsAFullDiskAndKeepsTheDevice) {
  testing::ensure_app();
  const std::string dir = testing::temp_dir("file-output");
  int checked = 0;
  for (const auto& w : writers()) {
    SCOPED_TRACE(w.name);
    // A full device (as /dev/full: char 1,7), named with the writer's extension.
    const std::string full = dir + "/full." + w.ext;
    if (::mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0) GTEST_SKIP() << "cannot make a full device here (mknod needs root)";
    QString error;
    EXPECT_FALSE(w.write(QString::fromStdString(full), &error));
    EXPECT_TRUE(error.contains(QString::fromStdString(full))) << error.toStdString();
    EXPECT_TRUE(std::filesystem::is_character_file(full)) << "the device was replaced";
    std::filesystem::remove(full);
    // A folder that is not there.
    error.clear();
    const std::string missing = dir + "/no/such/folder/x." + w.ext;
    EXPECT_FALSE(w.write(QString::fromStdString(missing), &error));
    EXPECT_TRUE(error.contains("x." + QString::fromStdString(w.ext))) << error.toStdString();
    // A regular file: written, not empty, no temporary left beside it.
    const std::string ok = dir + "/ok" + std::to_string(checked) + "." + w.ext;
    EXPECT_TRUE(w.write(QString::fromStdString(ok), &error)) << error.toStdString();
    EXPECT_GT(std::filesystem::file_size(ok), 0u);
    ++checked;
  }
  EXPECT_EQ(checked, 7);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 7u);  // the seven ok.* files, nothing else
}

#ifdef SALESIM_VIZ_EXE
// The command line: every option that writes a file exits 1 with the reason when /dev/full is full.
TEST(FileOutput, TheCommandLineExitsOneOnAFullDisk) {
  if (!std::filesystem::is_character_file("/dev/full")) GTEST_SKIP() << "no /dev/full device";
  const std::string exe = SALESIM_VIZ_EXE, teams = kRoot + "/scenarios/workshop/teams";
  const std::string dir = testing::temp_dir("file-output-cli");
  const std::string results = kRoot + "/scenarios/workshop/teams/branch.txtpb";  // opened and run
  for (const std::string& args : {"--workshop '" + teams + "' --debrief /dev/full", "--workshop '" + teams + "' --screenshot /dev/full",
                                 "'" + results + "' --screenshot /dev/full"}) {
    SCOPED_TRACE(args);
    const std::string log = dir + "/log.txt";
    const int rc = std::system(("QT_QPA_PLATFORM=offscreen '" + exe + "' " + args + " > " + log + " 2>&1").c_str());
    ASSERT_TRUE(WIFEXITED(rc));
    EXPECT_EQ(WEXITSTATUS(rc), 1);
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("/dev/full: No space left on device"), std::string::npos) << text;
    EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
  }
}
#endif

}  // namespace
}  // namespace salesim::viz
