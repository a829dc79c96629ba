// `salesim-viz --render`: PNGs of the requested size with no display, exit 0; a bad or
// truncated file gives a message on stderr and a non-zero exit.
#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/viz/viz_test_support.h"

namespace salesim::viz {
namespace {

std::string viz_binary() { return SALESIM_VIZ_EXE; }

struct Outcome {
  int exit_code;
  std::string out, err;
};

Outcome run(const std::string& args, const std::string& dir) {
  const std::string out = dir + "/stdout.txt", err = dir + "/stderr.txt";
  const std::string command = "QT_QPA_PLATFORM=offscreen " + viz_binary() + " " + args + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

class RenderCli : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ensure_app();
    dir_ = testing::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    results_ = dir_ + "/results.pb";
    std::ofstream(results_, std::ios::binary) << testing::synthetic_compare(2, 40).SerializeAsString();
  }
  std::string dir_, results_;
};

TEST_F(RenderCli, RendersAPngOfTheRequestedSize) {
  const auto o = run("--render " + results_ + " --chart revenue --out " + dir_ + "/r.png --size 1000x600", dir_);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const QImage image(QString::fromStdString(dir_ + "/r.png"));
  EXPECT_EQ(image.size(), QSize(1000, 600));
  EXPECT_GT(testing::ink_share(image), 0.01);
}

TEST_F(RenderCli, RendersAllSixChartsIntoAFolderAndPrintsTheirPaths) {
  const auto o = run("--render " + results_ + " --chart all --out " + dir_ + "/charts --size 640x360", dir_);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* name : {"revenue", "win_rate", "over_time", "compare", "sweep", "team"}) {
    const std::string path = dir_ + "/charts/" + name + ".png";
    EXPECT_NE(o.out.find(path), std::string::npos) << o.out;
    EXPECT_EQ(QImage(QString::fromStdString(path)).size(), QSize(640, 360)) << name;
  }
}

TEST_F(RenderCli, WritesSvgAndCsvByExtension) {
  ASSERT_EQ(run("--render " + results_ + " --chart team --out " + dir_ + "/t.svg", dir_).exit_code, 0);
  ASSERT_EQ(run("--render " + results_ + " --chart compare --out " + dir_ + "/c.csv", dir_).exit_code, 0);
  std::ifstream svg(dir_ + "/t.svg");
  std::string head((std::istreambuf_iterator<char>(svg)), {});
  EXPECT_NE(head.find("<svg"), std::string::npos);
  // The drawing renders back to a chart, not an empty page.
  QSvgRenderer svg_back(QString::fromStdString(dir_ + "/t.svg"));
  ASSERT_TRUE(svg_back.isValid());
  QImage image(800, 450, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  svg_back.render(&painter);
  painter.end();
  EXPECT_GT(testing::ink_share(image), 0.02);
  std::ifstream csv(dir_ + "/c.csv");
  std::string first;
  std::getline(csv, first);
  EXPECT_EQ(first.rfind("base_plan,plan,", 0), 0u) << first;
}

TEST_F(RenderCli, TruncatedFileExitsNonZeroWithAMessage) {
  const std::string bytes = testing::synthetic_compare(2, 40).SerializeAsString();
  std::ofstream(dir_ + "/cut.pb", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const auto o = run("--render " + dir_ + "/cut.pb --chart revenue --out " + dir_ + "/x.png", dir_);
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.err.find("cut.pb"), std::string::npos) << o.err;
  EXPECT_FALSE(std::ifstream(dir_ + "/x.png").good());
}

TEST_F(RenderCli, GarbageFileExitsNonZeroWithAMessage) {
  std::ofstream(dir_ + "/junk.pb", std::ios::binary) << std::string("\xff\xfe\x00\x13garbage", 11);
  const auto o = run("--render " + dir_ + "/junk.pb --chart team --out " + dir_ + "/x.png", dir_);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("not a valid results.pb"), std::string::npos) << o.err;
}

TEST_F(RenderCli, BadUsageExitsWithTwo) {
  EXPECT_EQ(run("--render " + results_ + " --chart pie --out " + dir_ + "/x.png", dir_).exit_code, 2);
  EXPECT_EQ(run("--render " + results_ + " --chart team --out " + dir_ + "/x.png --size 12", dir_).exit_code, 2);
  EXPECT_EQ(run("--render " + results_ + " --out " + dir_ + "/x.png", dir_).exit_code, 2);
}

// A KPI the results file does not have is refused (nothing written), naming the ones it has.
TEST_F(RenderCli, AnUnknownKpiIsRefusedWithTheKpisTheResultsHave) {
  const auto o = run("--render " + results_ + " --chart sweep --kpi revenu --out " + dir_ + "/x.png", dir_);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("has no KPI 'revenu'; it has: revenue"), std::string::npos) << o.err;
  EXPECT_FALSE(std::ifstream(dir_ + "/x.png").good());
  EXPECT_EQ(run("--render " + results_ + " --chart sweep --kpi revenue --out " + dir_ + "/y.png", dir_).exit_code, 0);
}

}  // namespace
}  // namespace salesim::viz
