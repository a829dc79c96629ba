// The salesim-viz options and their checks; see command_line.h.
#include "viz/command_line.h"

#include "sim/scenario/loader.h"

namespace salesim::viz {

namespace po = boost::program_options;
using experiment::CommandLineError;
using experiment::NumberRule;
using experiment::TupleFormat;

po::options_description command_line_options(Args& a) {
  po::options_description d("Options");
  experiment::add_switch(d, "help,h", &a.help, "show this help");
  experiment::add_switch(d, "version", &a.version, "version, git revision and build type");
  experiment::add_text(d, "render", &a.render, "render a chart of this results file (or run folder) without a window");
  experiment::add_text(d, "chart", &a.chart, "with --render: revenue, win_rate, over_time, compare, sweep, team, waterfall, sensitivity, or all");
  experiment::add_text(d, "out", &a.out, "with --render: the file (.png, .svg, .csv), or the folder for --chart all");
  TupleFormat size;
  size.syntax = "WxH, e.g. 1600x900";
  size.separators = "xX";
  size.numbers = {NumberRule::whole_in(kMinRenderPixels, kMaxRenderPixels), NumberRule::whole_in(kMinRenderPixels, kMaxRenderPixels)};
  size.number_examples = {"1600", "900"};
  experiment::add_tuple(d, "size", &a.raw.size, size, "with --render: picture size in pixels (default 1600x900)");
  experiment::add_text(d, "kpi", &a.kpi, "with --render: the KPI of the sweep chart, the waterfall and the sensitivity tornado; with --workshop: the leaderboard's Rank by");
  TupleFormat what_if;
  what_if.syntax = "COHORT=COUNT, e.g. pm=4";
  what_if.keyed = true;
  // One cohort may hold the whole team a scenario file allows.
  what_if.numbers = {NumberRule::whole_in(0, static_cast<std::uint64_t>(scenario::Limits::max_people))};
  what_if.key_example = "pm";
  what_if.number_examples = {"4"};
  experiment::add_tuple(d, "what-if", &a.raw.what_if, what_if, "run a what-if with this head count (repeatable)");
  experiment::add_text(d, "tab", &a.tab, "show this tab (a chart name)");
  experiment::add_text(d, "screenshot", &a.screenshot, "save the window to this PNG and exit");
  experiment::add_text(d, "lang", &a.lang, "interface language: zh_CN or en (default: the system locale)");
  experiment::add_text(d, "workshop", &a.workshop, "workshop mode: run and watch this folder of team plan files");
  experiment::add_text(d, "debrief", &a.debrief, "with --workshop: write the facilitator's debrief PDF and exit");
  return d;
}

Args parse_command_line(const std::vector<std::string>& args) {
  Args a;
  std::vector<std::string> files;
  const po::variables_map vm = experiment::parse_arguments(args, command_line_options(a), &files);
  if (a.help || a.version) return a;
  if (vm.count("size")) a.size = std::pair<unsigned, unsigned>(a.raw.size.numbers[0], a.raw.size.numbers[1]);
  for (const experiment::Tuple& t : a.raw.what_if) a.what_if.emplace_back(t.key, static_cast<unsigned>(t.numbers[0]));
  if (files.size() > 1 || (!files.empty() && vm.count("render")))
    throw CommandLineError("unexpected argument " + experiment::quote_argument(files.back()));
  if (vm.count("lang") && a.lang.empty()) throw CommandLineError("--lang needs a language: zh_CN or en");
  for (std::size_t i = 0; i < a.what_if.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (a.what_if[i].first == a.what_if[j].first)
        throw CommandLineError("--what-if " + a.what_if[i].first + " given twice (" + std::to_string(a.what_if[j].second) + " and " +
                               std::to_string(a.what_if[i].second) + "): give each cohort once");
  if (vm.count("workshop") && a.workshop.empty()) throw CommandLineError("--workshop needs a folder");
  if (!a.debrief.empty() && a.workshop.empty()) throw CommandLineError("--debrief goes with --workshop DIR");
  if (!a.workshop.empty() && !a.tab.empty())
    throw CommandLineError("--tab goes with a results or scenario file, not --workshop (it opens on the leaderboard)");
  if (!a.workshop.empty() && !a.what_if.empty())
    throw CommandLineError("--what-if goes with a scenario file, not --workshop (the teams change their plan files)");
  if (!a.workshop.empty() && (vm.count("render") || !files.empty()))
    throw CommandLineError("--workshop DIR takes no results file and no --render");
  if (vm.count("render")) {
    if (a.render.empty()) throw CommandLineError("--render needs a results file");
    if (a.chart.empty()) throw CommandLineError("--render needs --chart NAME");
    if (a.out.empty()) throw CommandLineError("--render needs --out FILE");
    a.input = a.render;
  } else {
    if (!a.chart.empty() || !a.out.empty()) throw CommandLineError("--chart and --out go with --render RESULTS");
    if (!files.empty()) a.input = files[0];
  }
  return a;
}

}  // namespace salesim::viz
