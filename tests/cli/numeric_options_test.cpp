// Every option of every `salesim` subcommand is checked as it is parsed: the options are taken
// from the commands' own declarations (sim/cli/options.h), so a new option is covered the day it
// is added. Each numeric option gets negative, zero, huge, non-numeric and fractional values and
// the ends of its range; a refused value exits 2 naming the option, an accepted one reaches the
// scenario file (exit 1 here: the file does not exist).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "sim/cli/options.h"
#include "sim/scenario/loader.h"
#include "tests/cli/cli_helpers.h"
#include "tests/cli/option_samples.h"

namespace salesim::testing {
namespace {

using experiment::CheckedValue;

struct OptionCase {
  std::string command, option;  // "run", "--threads"
};
void PrintTo(const OptionCase& c, std::ostream* os) { *os << "salesim " << c.command << " " << c.option; }

std::vector<OptionCase> numeric_options() {
  std::vector<OptionCase> cases;
  for (const std::string& command : cli::subcommands()) {
    cli::Invocation unused;
    const auto options = cli::options_for(command, unused);
    for (const auto& o : options.options()) {
      const auto* v = dynamic_cast<const CheckedValue*>(o->semantic().get());
      if (v && v->kind() != CheckedValue::Kind::text) cases.push_back({command, v->option()});
    }
  }
  return cases;
}

const CheckedValue& checked(const std::string& command, const std::string& option) {
  static cli::Invocation storage;
  static std::map<std::string, cli::po::options_description> descriptions;
  auto it = descriptions.find(command);
  if (it == descriptions.end()) it = descriptions.emplace(command, cli::options_for(command, storage)).first;
  const auto& o = it->second.find(option.substr(2), false);
  return dynamic_cast<const CheckedValue&>(*o.semantic());
}

TEST(NumericOptions, EveryOptionOfEveryCommandIsCheckedOrASwitch) {
  std::size_t count = 0;
  for (const std::string& command : cli::subcommands()) {
    cli::Invocation unused;
    const auto options = cli::options_for(command, unused);
    for (const auto& o : options.options()) {
      ++count;
      const bool is_checked = dynamic_cast<const CheckedValue*>(o->semantic().get()) != nullptr;
      const bool is_switch = o->semantic()->max_tokens() == 0;
      EXPECT_TRUE(is_checked || is_switch)
          << "salesim " << command << " --" << o->long_name()
          << " takes a value that is not declared through sim/experiment/command_line.h (add_number, add_tuple or add_text)";
    }
  }
  EXPECT_GE(count, 30u);
  EXPECT_GE(numeric_options().size(), 32u);  // run, compare and sweep: 6 each; trace: 4; optimise: 10
}

TEST(NumericOptions, LimitsAreTheScenarioFilesLimits) {
  const auto max_replications = static_cast<std::uint64_t>(scenario::Limits::max_replications);
  for (const char* command : {"run", "compare", "sweep"}) {
    EXPECT_EQ(checked(command, "--replications").number_rule()->max, max_replications) << command;
    EXPECT_EQ(checked(command, "--max-replications").number_rule()->max, max_replications) << command;
    EXPECT_EQ(checked(command, "--replications").number_rule()->min, 1u) << command;
  }
  EXPECT_EQ(checked("trace", "--replication").number_rule()->max, max_replications - 1);
  EXPECT_EQ(checked("trace", "--design-point").number_rule()->max,
            static_cast<std::uint64_t>(scenario::Limits::max_design_points) - 1);
}

TEST(NumericOptions, ASpecialValueIsDocumentedInTheHelp) {
  for (const std::string& command : cli::subcommands()) {
    cli::Invocation unused;
    const auto options = cli::options_for(command, unused);
    for (const auto& o : options.options()) {
      const auto* v = dynamic_cast<const CheckedValue*>(o->semantic().get());
      if (!v || !v->number_rule() || v->number_rule()->note.empty()) continue;
      const std::string note = v->number_rule()->note;  // e.g. "0: all cores"
      const std::string value = note.substr(0, note.find(':'));
      const Result help = run_salesim({command, "--help"});
      EXPECT_NE(help.out.find(value + ": " + note.substr(note.find(':') + 2)), std::string::npos)
          << "salesim " << command << " --help does not say what " << v->option() << " " << value << " means";
    }
  }
}

class EachNumericOption : public ::testing::TestWithParam<OptionCase> {};

TEST_P(EachNumericOption, RefusesBadValuesWithExitTwoAndAcceptsItsRange) {
  const auto& [command, option] = GetParam();
  const std::string missing = (fs::temp_directory_path() / "salesim_no_such_scenario.txtpb").string();
  std::vector<std::string> base = {command, missing};
  if (command == "compare") base.push_back(missing);
  if (command == "optimise")  // its required options, but for the one under test
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--budget", "1e9"}, {"--delta", "1"}, {"--vary", "pm=1..2"}})
      if (flag != option) base.insert(base.end(), {flag, value});
  if (command == "fit")  // its required options: the missing file as the mapping and the base
    base.insert(base.end(), {"--mapping", missing, "--base", missing, "--out", (fs::temp_directory_path() / "salesim_fit_out").string()});
  if (command == "backtest")  // its required option: the missing file as the export
    base.insert(base.end(), {"--actual", missing});
  const auto samples = option_samples(checked(command, option));
  ASSERT_GE(samples.size(), 20u);
  std::set<std::string> kinds;
  for (const OptionSample& s : samples) {
    kinds.insert(s.kind);
    std::vector<std::string> args = base;
    args.push_back(option);
    args.push_back(s.value);
    const Result r = run_salesim(args);
    const std::string shown = "salesim " + command + " " + option + " '" + s.value + "' (" + s.kind + ")";
    if (s.accepted) {
      EXPECT_EQ(r.rc, 1) << shown << " should be accepted:\n" << r.err;
      EXPECT_NE(r.err.find("salesim_no_such_scenario"), std::string::npos) << shown << ":\n" << r.err;
    } else {
      EXPECT_EQ(r.rc, 2) << shown << " should be refused:\n" << r.err;
      EXPECT_NE(r.err.find(option), std::string::npos) << shown << ": the message does not name the option:\n" << r.err;
      EXPECT_EQ(r.err.find("salesim_no_such_scenario"), std::string::npos) << shown << ": refused after reading files";
    }
  }
  for (const char* k : {"negative", "zero", "huge", "non-numeric", "fractional", "boundary"})
    EXPECT_TRUE(kinds.count(k)) << option << " has no " << k << " samples";
}

// Options that take one of a few words (add_choice, e.g. --progress): any other word exits 2 naming
// the option and the words; each of its own words is accepted.
TEST(ChoiceOptions, EachRefusesOtherWordsAndAcceptsItsOwn) {
  const std::string missing = (fs::temp_directory_path() / "salesim_no_such_scenario.txtpb").string();
  std::size_t count = 0;
  for (const std::string& command : cli::subcommands()) {
    cli::Invocation unused;
    const auto options = cli::options_for(command, unused);
    for (const auto& o : options.options()) {
      const auto* v = dynamic_cast<const CheckedValue*>(o->semantic().get());
      if (!v || !v->choices()) continue;
      ++count;
      std::vector<std::string> base = {command, missing};
      if (command == "compare") base.push_back(missing);
      if (command == "optimise") base.insert(base.end(), {"--budget", "1e9", "--delta", "1", "--vary", "pm=1..2"});
      std::vector<std::string> bad = {"", "x", "BAR", " lines", "lines ", "none,bar"};
      for (const std::string& word : *v->choices()) {
        bad.push_back(word + "x");
        std::vector<std::string> args = base;
        args.insert(args.end(), {v->option(), word});
        const Result r = run_salesim(args);
        EXPECT_EQ(r.rc, 1) << "salesim " << command << " " << v->option() << " " << word << " should be accepted:\n" << r.err;
        EXPECT_NE(r.err.find("salesim_no_such_scenario"), std::string::npos) << r.err;
      }
      for (const std::string& word : bad) {
        if (std::find(v->choices()->begin(), v->choices()->end(), word) != v->choices()->end()) continue;
        std::vector<std::string> args = base;
        args.insert(args.end(), {v->option(), word});
        const Result r = run_salesim(args);
        EXPECT_EQ(r.rc, 2) << "salesim " << command << " " << v->option() << " '" << word << "' should be refused:\n" << r.err;
        EXPECT_NE(r.err.find(v->option() + ": "), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("is not one of " + v->choices()->front()), std::string::npos) << r.err;
      }
    }
  }
  EXPECT_GE(count, 5u);  // --progress: run, compare, sweep, optimise, attribute
}

std::string case_name(const ::testing::TestParamInfo<OptionCase>& info) {
  std::string n = info.param.command + "_" + info.param.option.substr(2);
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
}

INSTANTIATE_TEST_SUITE_P(Salesim, EachNumericOption, ::testing::ValuesIn(numeric_options()), case_name);

// The reported cases, by name.

cli::Invocation parse(std::vector<std::string> args) { return cli::parse_invocation(args); }

TEST(NumericOptions, TheReportedBadValuesAreRefused) {
  const std::vector<std::vector<std::string>> bad = {
      {"run", "f", "-n", "-5"},           {"run", "f", "--threads", "-1"},
      {"run", "f", "--threads", "99999"}, {"run", "f", "--shard", "0/4294967297"},
      {"run", "f", "--shard", "0/-1"},    {"trace", "f", "--replication", "-1"},
      {"trace", "f", "--design-point", "-1"}, {"trace", "f", "--limit", "-1"},
      {"trace", "f", "--limit", "0"},     {"run", "f", "--replications", "10000001"},
      {"run", "f", "--max-replications", "-1"}, {"trace", "f", "--seed", "-1"},
  };
  for (const auto& args : bad) EXPECT_THROW(parse(args), cli::UsageError) << args[2] << " " << args[3];
}

TEST(NumericOptions, MessagesSayWhatIsAllowed) {
  auto message = [](std::vector<std::string> args) {
    try {
      parse(args);
    } catch (const cli::UsageError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message({"run", "f", "--threads", "-1"}), "--threads: '-1' is out of range: must be in [0, 1024] (0: all cores)");
  EXPECT_EQ(message({"run", "f", "-n", "1.5"}), "--replications: '1.5' is not a whole number (digits only)");
  EXPECT_EQ(message({"run", "f", "-n", "10000001"}), "--replications: '10000001' is out of range: must be in [1, 10000000]");
  EXPECT_EQ(message({"run", "f", "--target-ci", "nan"}), "--target-ci: 'nan' is not a finite number");
  EXPECT_EQ(message({"run", "f", "--shard", "4/4"}),
            "--shard: '4/4' is not I/N with 0 <= I < N, e.g. 0/4: shard I must be less than the count N");
  EXPECT_EQ(message({"run", "f", "--shard", "0/4294967297"}),
            "--shard: '0/4294967297' is not I/N with 0 <= I < N, e.g. 0/4: '4294967297' is out of range: must be in [1, 10000]");
  EXPECT_EQ(message({"run", "f", "--threads", "2", "--threads", "3"}), "--threads: given more than once");
}

TEST(NumericOptions, AcceptedValuesKeepTheirMeaning) {
  const cli::Invocation a = parse({"run", "f", "--shard", "3/4", "-j", "0", "-n", "10000000", "--seed", "18446744073709551615"});
  EXPECT_EQ(a.experiment.shard_index, 3u);
  EXPECT_EQ(a.experiment.shard_count, 4u);
  EXPECT_EQ(a.experiment.threads, 0u);  // all cores
  EXPECT_EQ(a.experiment.replications, 10000000u);
  EXPECT_EQ(a.experiment.seed, 18446744073709551615ull);
  const cli::Invocation t = parse({"trace", "f", "--limit", "1", "--replication", "9999999"});
  EXPECT_EQ(t.trace.limit, 1u);
  EXPECT_EQ(t.trace.replication, 9999999u);
  EXPECT_EQ(parse({"trace", "f"}).trace.limit, 0u);  // no --limit: every event
  EXPECT_EQ(*parse({"run", "f", "--target-ci", "1e-2"}).experiment.target_ci, 0.01);
}

// Boost.ProgramOptions expands %placeholders% in its messages in a loop that never ends when the
// argument itself holds one; the messages are built without it.
TEST(NumericOptions, ArgumentsThatLookLikeMessagePlaceholdersGetAnAnswer) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"run", "f", "--%canonical_option%"},
           {"run", "f", "-n", "%value%"},
           {"run", "f", "--threads", "%canonical_option%"},
           {"run", "f", "--%option%=1"},
           {"run", "f", "--%prefix%"},
           {"run", "f", "--out"},
           {"run", "f", "--resume=%value%"}}) {
    const Result r = run_salesim(args, {"timeout", "20"});  // 124: it hung
    EXPECT_EQ(r.rc, 2) << args[2] << r.err;
    EXPECT_LT(r.err.size(), 400u) << r.err;
  }
}

}  // namespace
}  // namespace salesim::testing
