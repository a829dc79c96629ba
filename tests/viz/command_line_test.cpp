// Every salesim-viz option is checked as it is parsed, by the same parser as salesim's
// (sim/experiment/command_line.h). The options come from viz/command_line.h itself; each numeric
// one gets negative, zero, huge, non-numeric and fractional values and the ends of its range: a
// refused value exits 2 naming the option before any window or file is touched, an accepted one
// reaches the results file (exit 1 here: it does not exist).
#include <gtest/gtest.h>

#include <set>

#include "sim/scenario/loader.h"
#include "tests/cli/cli_helpers.h"
#include "tests/cli/option_samples.h"
#include "viz/command_line.h"

namespace salesim::viz {
namespace {

using experiment::CheckedValue;
using salesim::testing::OptionSample;
using salesim::testing::Result;

Result run_viz(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"env", "QT_QPA_PLATFORM=offscreen", SALESIM_VIZ_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return salesim::testing::run_program(argv);
}

TEST(VizCommandLine, EveryOptionIsCheckedOrASwitch) {
  Args unused;
  std::size_t numeric = 0;
  const auto options = command_line_options(unused);
  for (const auto& o : options.options()) {
    const auto* v = dynamic_cast<const CheckedValue*>(o->semantic().get());
    EXPECT_TRUE(v || o->semantic()->max_tokens() == 0)
        << "salesim-viz --" << o->long_name() << " takes a value not declared through sim/experiment/command_line.h";
    numeric += v && v->kind() != CheckedValue::Kind::text;
  }
  EXPECT_EQ(numeric, 2u);  // --size, --what-if
}

TEST(VizCommandLine, EveryNumericOptionRefusesBadValuesWithExitTwoAndAcceptsItsRange) {
  const std::string missing = (std::filesystem::temp_directory_path() / "salesim_viz_no_such_results.pb").string();
  const std::string png = (std::filesystem::temp_directory_path() / "salesim_viz_never_written.png").string();
  Args unused;
  std::size_t tried = 0;
  const auto options = command_line_options(unused);
  for (const auto& o : options.options()) {
    const auto* v = dynamic_cast<const CheckedValue*>(o->semantic().get());
    if (!v || v->kind() == CheckedValue::Kind::text) continue;
    std::set<std::string> kinds;
    for (const OptionSample& s : salesim::testing::option_samples(*v)) {
      kinds.insert(s.kind);
      ++tried;
      const Result r = run_viz({"--render", missing, "--chart", "revenue", "--out", png, v->option(), s.value});
      const std::string shown = "salesim-viz " + v->option() + " '" + s.value + "' (" + s.kind + ")";
      if (s.accepted) {
        EXPECT_EQ(r.rc, 1) << shown << " should be accepted:\n" << r.err;
        EXPECT_NE(r.err.find("salesim_viz_no_such_results"), std::string::npos) << shown << ":\n" << r.err;
      } else {
        EXPECT_EQ(r.rc, 2) << shown << " should be refused:\n" << r.err;
        EXPECT_NE(r.err.find(v->option()), std::string::npos) << shown << ": the message does not name the option:\n" << r.err;
      }
    }
    for (const char* k : {"negative", "zero", "huge", "non-numeric", "fractional", "boundary", "malformed"})
      EXPECT_TRUE(kinds.count(k)) << v->option() << " has no " << k << " samples";
  }
  EXPECT_GE(tried, 90u);
  EXPECT_FALSE(std::filesystem::exists(png));
}

TEST(VizCommandLine, AcceptedValuesKeepTheirMeaning) {
  const Args a = parse_command_line({"--render", "r.pb", "--chart", "team", "--out", "t.png", "--size", "640X360"});
  ASSERT_TRUE(a.size);
  EXPECT_EQ(a.size->first, 640u);
  EXPECT_EQ(a.size->second, 360u);
  EXPECT_EQ(a.input, "r.pb");
  const Args w = parse_command_line({"s.txtpb", "--what-if", "pm=0", "--what-if", "am_new=10000"});
  ASSERT_EQ(w.what_if.size(), 2u);
  EXPECT_EQ(w.what_if[0], std::make_pair(std::string("pm"), 0u));
  EXPECT_EQ(w.what_if[1], std::make_pair(std::string("am_new"), 10000u));
  EXPECT_EQ(w.input, "s.txtpb");
}

TEST(VizCommandLine, AWhatIfHeadCountIsLimitedLikeAScenarioFile) {
  Args unused;
  const auto options = command_line_options(unused);
  const auto& o = options.find("what-if", false);
  const auto& v = dynamic_cast<const CheckedValue&>(*o.semantic());
  EXPECT_EQ(v.tuple_format()->numbers.at(0).max, static_cast<std::uint64_t>(scenario::Limits::max_people));
  try {
    parse_command_line({"s.txtpb", "--what-if", "pm=-1"});
    ADD_FAILURE() << "accepted";
  } catch (const experiment::CommandLineError& e) {
    EXPECT_STREQ(e.what(), "--what-if: 'pm=-1' is not COHORT=COUNT, e.g. pm=4: '-1' is out of range: must be in [0, 10000]");
  }
}

// Every option workshop mode cannot honour is refused (exit 2) instead of ignored, and so are a
// repeated --what-if cohort and an empty --lang; the message names the option.
TEST(VizCommandLine, OptionsThatWouldBeIgnoredAreRefused) {
  const std::string teams = std::string(SALESIM_SOURCE_ROOT) + "/scenarios/workshop/teams";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--workshop", teams, "--tab", "team"}, "--tab"},
      {{"--workshop", teams, "--what-if", "pm=4"}, "--what-if"},
      {{"x.pb", "--what-if", "pm=5", "--what-if", "pm=6"}, "given twice"},
      {{"x.pb", "--what-if", "pm=5", "--what-if", "am_new=6", "--what-if", "pm=5"}, "given twice"},
      {{"x.pb", "--lang", ""}, "--lang"},
      {{"--workshop", ""}, "--workshop"},
      {{"--workshop", "no/such/folder"}, "no such folder"},
      {{"--workshop", teams, "--debrief", "no/such/folder/d.pdf"}, "--debrief"},
      {{"--workshop", teams, "--screenshot", "no/such/folder/d.png"}, "--screenshot"},
  };
  for (const auto& [args, words] : cases) {
    std::string line;
    for (const auto& a : args) line += a + " ";
    SCOPED_TRACE(line);
    const Result r = run_viz(args);
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace salesim::viz
