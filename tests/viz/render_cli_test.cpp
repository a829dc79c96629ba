// `salesim-viz --render`: PNGs of the requested size with no display, exit 0; a bad or
// truncated file gives a message on stderr and a non-zero exit.
#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <tuple>
#include <vector>
#include <sstream>
#include <string>

#include "tests/viz/viz_test_support.h"
#include "viz/charts.h"
#include "viz/page_view.h"

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

TEST_F(RenderCli, RendersEveryChartTheFileHasIntoAFolderAndSaysWhichItSkipped) {
  const auto o = run("--render " + results_ + " --chart all --out " + dir_ + "/charts --size 640x360", dir_);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* name : {"revenue", "win_rate", "over_time", "compare", "team"}) {
    const std::string path = dir_ + "/charts/" + name + ".png";
    EXPECT_NE(o.out.find(path), std::string::npos) << o.out;
    EXPECT_EQ(QImage(QString::fromStdString(path)).size(), QSize(640, 360)) << name;
  }
  // A compare has no sweep, attribution or sensitivity: skipped, with the reason, not drawn.
  for (const char* name : {"sweep", "waterfall", "sensitivity"}) {
    EXPECT_FALSE(std::ifstream(dir_ + "/charts/" + name + ".png").good()) << name;
    EXPECT_NE(o.err.find(std::string("skipped ") + name + ": "), std::string::npos) << o.err;
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

// A KPI the chart does not have is refused (nothing written), naming the ones it has.
TEST_F(RenderCli, AnUnknownKpiIsRefusedWithTheKpisTheChartHas) {
  std::ofstream(dir_ + "/sweep.pb", std::ios::binary) << testing::synthetic_sweep(false, 20).SerializeAsString();
  const auto o = run("--render " + dir_ + "/sweep.pb --chart sweep --kpi revenu --out " + dir_ + "/x.png", dir_);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("has no KPI 'revenu' for the sweep chart; it has: revenue"), std::string::npos) << o.err;
  EXPECT_FALSE(std::ifstream(dir_ + "/x.png").good());
  EXPECT_EQ(run("--render " + dir_ + "/sweep.pb --chart sweep --kpi revenue --out " + dir_ + "/y.png", dir_).exit_code, 0);
}

// The results files of each command, with what each holds.
struct Fixture {
  std::string name;
  v1::Results results;
};

std::vector<Fixture> every_kind_of_results() {
  v1::Results sens = testing::synthetic_run(30);
  for (const char* parameter : {"team.cohorts[pm].count", "formation.offside.am_share"})
    for (const char* index : {"S1", "ST"}) {
      auto* x = sens.add_sensitivity();
      x->set_kpi("revenue");
      x->set_parameter(parameter);
      x->set_method("sobol");
      x->set_index(index);
      x->set_estimate(0.3);
      x->set_ci_low(0.2);
      x->set_ci_high(0.4);
      x->set_low(1);
      x->set_high(6);
    }
  return {{"run", testing::synthetic_run(30)},
          {"compare", testing::synthetic_compare(3, 30)},
          {"sweep", testing::synthetic_sweep(false, 20)},
          {"lhs", testing::synthetic_sweep(true, 20)},
          {"attribution", testing::synthetic_attribution()},
          {"sensitivity", sens}};
}

// The whole class of "draws a placeholder and exits 0": every chart of every kind of results
// file either renders (exit 0, a PNG) or is refused (exit 2, the reason, no file), and which one
// is what the file holds.
TEST_F(RenderCli, EveryChartOfEveryResultsKindRendersOrIsRefusedByWhatTheFileHolds) {
  const std::set<std::pair<std::string, std::string>> refused = {
      {"run", "compare"},          {"run", "sweep"},       {"run", "waterfall"},          {"run", "sensitivity"},
      {"compare", "sweep"},        {"compare", "waterfall"}, {"compare", "sensitivity"},  {"sweep", "compare"},
      {"sweep", "waterfall"},      {"sweep", "sensitivity"}, {"lhs", "compare"},          {"lhs", "waterfall"},
      {"lhs", "sensitivity"},      {"attribution", "sweep"}, {"attribution", "sensitivity"}, {"sensitivity", "compare"},
      {"sensitivity", "sweep"},    {"sensitivity", "waterfall"}};
  int tried = 0;
  for (const Fixture& f : every_kind_of_results()) {
    const std::string pb = dir_ + "/" + f.name + ".pb";
    std::ofstream(pb, std::ios::binary) << f.results.SerializeAsString();
    for (ChartKind kind : kAllCharts) {
      const std::string chart(chart_name(kind));
      const std::string png = dir_ + "/" + f.name + "_" + chart + ".png";
      const auto o = run("--render " + pb + " --chart " + chart + " --out " + png, dir_);
      // The eight charts of this test's table by the table; a chart added later (a backtest) by
      // what chart_unavailable says, so it is held to the same contract.
      const bool known = static_cast<int>(kind) <= static_cast<int>(ChartKind::sensitivity);
      const bool refuse = known ? refused.count({f.name, chart}) > 0 : !chart_unavailable(kind, f.results).empty();
      EXPECT_EQ(chart_unavailable(kind, f.results).empty(), !refuse) << f.name << " x " << chart;
      if (refuse) {
        EXPECT_EQ(o.exit_code, 2) << f.name << " x " << chart << ": " << o.err;
        EXPECT_NE(o.err.find("--chart " + chart + ": " + pb + " "), std::string::npos) << o.err;
        EXPECT_FALSE(std::ifstream(png).good()) << f.name << " x " << chart;
      } else {
        EXPECT_EQ(o.exit_code, 0) << f.name << " x " << chart << ": " << o.err;
        EXPECT_EQ(QImage(QString::fromStdString(png)).size(), kDefaultRenderSize) << f.name << " x " << chart;
      }
      ++tried;
    }
  }
  EXPECT_EQ(tried, 6 * static_cast<int>(kAllCharts.size()));
}

// Every chart that takes a KPI, on a file it can draw: a KPI it does not have (a typo, or a KPI
// of the file that was not analysed or attributed) is refused; one it has is drawn; and --kpi on
// a chart that takes none is a usage error.
TEST_F(RenderCli, EveryKpiTakingChartRefusesAKpiItDoesNotHave) {
  const auto fixtures = every_kind_of_results();
  auto file_of = [&](const std::string& name) {
    for (const Fixture& f : fixtures)
      if (f.name == name) return f.results;
    return v1::Results();
  };
  // chart, file, a KPI of the file the chart lacks (empty: none), a KPI it has
  const std::vector<std::tuple<ChartKind, std::string, std::string, std::string>> cases = {
      {ChartKind::sweep, "sweep", "", "win_rate"},
      {ChartKind::waterfall, "attribution", "deals_won", "win_rate"},
      {ChartKind::sensitivity, "sensitivity", "win_rate", "revenue"}};
  int charts = 0;
  for (ChartKind kind : kAllCharts) {
    if (!chart_takes_kpi(kind)) continue;
    ++charts;
    for (const auto& [k, file, lacking, has] : cases) {
      if (k != kind) continue;
      const std::string pb = dir_ + "/" + file + ".pb";
      std::ofstream(pb, std::ios::binary) << file_of(file).SerializeAsString();
      const std::string chart(chart_name(kind));
      std::vector<std::string> refused = {"no_such_kpi"};
      if (!lacking.empty()) refused.push_back(lacking);
      for (const std::string& kpi : refused) {
        const auto o = run("--render " + pb + " --chart " + chart + " --kpi " + kpi + " --out " + dir_ + "/k.png", dir_);
        EXPECT_EQ(o.exit_code, 2) << chart << " --kpi " << kpi << ": " << o.err;
        EXPECT_NE(o.err.find("has no KPI '" + kpi + "' for the " + chart + " chart"), std::string::npos) << o.err;
        EXPECT_FALSE(std::ifstream(dir_ + "/k.png").good());
      }
      const auto ok = run("--render " + pb + " --chart " + chart + " --kpi " + has + " --out " + dir_ + "/ok.png", dir_);
      EXPECT_EQ(ok.exit_code, 0) << chart << " --kpi " << has << ": " << ok.err;
      std::remove((dir_ + "/ok.png").c_str());
    }
  }
  EXPECT_GE(charts, 3);
  for (ChartKind kind : kAllCharts) {
    if (chart_takes_kpi(kind)) continue;
    const auto o = run("--render " + results_ + " --chart " + std::string(chart_name(kind)) + " --kpi revenue --out " +
                           dir_ + "/n.png", dir_);
    EXPECT_EQ(o.exit_code, 2) << chart_name(kind);
    EXPECT_NE(o.err.find("--kpi goes with"), std::string::npos) << o.err;
  }
}

// No display: a message and exit 3 before Qt would abort; a display that cannot be reached
// (a stale DISPLAY) likewise.
TEST_F(RenderCli, TheWindowWithoutADisplayExitsWithAMessage) {
  auto bare = [&](const std::string& env) {
    const std::string out = dir_ + "/o.txt", err = dir_ + "/e.txt";
    const std::string command = "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM " + env + " " + viz_binary() +
                                " " + results_ + " >" + out + " 2>" + err;
    const int status = std::system(command.c_str());
    std::ifstream in(err);
    std::stringstream text;
    text << in.rdbuf();
    return std::make_pair(WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str());
  };
  const auto none = bare("");
  EXPECT_EQ(none.first, 3) << none.second;
  EXPECT_NE(none.second.find("no display"), std::string::npos) << none.second;
  EXPECT_NE(none.second.find("--render"), std::string::npos) << none.second;
  const auto xcb = bare("QT_QPA_PLATFORM=xcb");
  EXPECT_EQ(xcb.first, 3) << xcb.second;
  const auto stale = bare("QT_QPA_PLATFORM=xcb DISPLAY=:97");
  EXPECT_EQ(stale.first, 3) << stale.second;
  EXPECT_NE(stale.second.find("cannot open the display"), std::string::npos) << stale.second;
}

// A --what-if cohort the scenario does not have is refused with the cohorts it has, before any
// run; the window is not saved.
TEST_F(RenderCli, AWhatIfOfAnUnknownCohortIsRefusedWithTheCohortsThereAre) {
  const auto o = run("scenarios/workshop/01_baseline.txtpb --what-if nobody=3 --screenshot " + dir_ + "/w.png", dir_);
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("no cohort 'nobody'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("its cohorts: manager, am_veteran, am_new, pm, presales"), std::string::npos) << o.err;
  EXPECT_FALSE(std::ifstream(dir_ + "/w.png").good());
}

TEST_F(RenderCli, AnUnknownLanguageIsAUsageError) {
  const auto o = run("--lang fr --render " + results_ + " --chart team --out " + dir_ + "/x.png", dir_);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("zh_CN or en"), std::string::npos) << o.err;
  EXPECT_EQ(run("--lang zh_CN --render " + results_ + " --chart team --out " + dir_ + "/zh.png", dir_).exit_code, 0);
}

}  // namespace
}  // namespace salesim::viz
