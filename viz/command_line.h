// The salesim-viz command line, parsed and checked (no Qt here, so the fuzzer can build it):
//
//   salesim-viz [RESULTS.pb | SCENARIO.txtpb]
//   salesim-viz --render RESULTS --chart NAME --out FILE.(png|svg|csv) [--size WxH] [--kpi KPI]
//   salesim-viz FILE [--what-if COHORT=COUNT]... [--tab NAME] [--screenshot OUT.png]
//   salesim-viz --workshop DIR [--debrief OUT.pdf] [--screenshot OUT.png]
//
// Numeric values (--size, the COUNT of --what-if) go through sim/experiment/command_line.h like
// every salesim option. Chart and tab names are checked by main.cpp, which knows the charts.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/experiment/command_line.h"

namespace salesim::viz {

inline constexpr unsigned kMinRenderPixels = 64, kMaxRenderPixels = 16384;

struct Args {
  bool help = false;
  bool version = false;
  std::string render, input;  // --render RESULTS, or the positional FILE
  std::string chart, out, kpi, screenshot, tab;
  std::optional<std::pair<unsigned, unsigned>> size;             // --size WxH (pixels)
  std::vector<std::pair<std::string, unsigned>> what_if;         // cohort name, head count
  std::string workshop, debrief;  // --workshop DIR [--debrief OUT.pdf]
  // The values as parsed, before the checks above are applied.
  struct Raw {
    experiment::Tuple size;
    std::vector<experiment::Tuple> what_if;
  } raw;
};

// The options, storing into `into`.
boost::program_options::options_description command_line_options(Args& into);

// Parses argv[1..] with every check that needs no file; throws experiment::CommandLineError.
Args parse_command_line(const std::vector<std::string>& args);

}  // namespace salesim::viz
