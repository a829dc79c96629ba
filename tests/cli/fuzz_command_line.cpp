// libFuzzer target over both command lines (scripts/fuzz.sh builds and runs it): the input is an
// argument vector, arguments separated by NUL bytes, first the salesim subcommand. It goes to
// salesim's parser (sim/cli/options.h) and to salesim-viz's (viz/command_line.h). Each must return
// or throw CommandLineError; anything else (a crash, a hang, a sanitizer report, another
// exception) is a finding, and so is a parsed value outside the limits its option declares.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/cli/options.h"
#include "sim/scenario/loader.h"
#include "viz/command_line.h"

namespace {

using salesim::scenario::Limits;

void require(bool ok) {
  if (!ok) __builtin_trap();
}

void check(const salesim::cli::Invocation& inv) {
  if (inv.help) return;
  const auto& e = inv.experiment;
  require(e.replications <= Limits::max_replications && e.max_replications <= Limits::max_replications);
  require(e.threads <= salesim::cli::kMaxThreads);
  require(e.shard_count >= 1 && e.shard_count <= salesim::cli::kMaxShards && e.shard_index < e.shard_count);
  require(!e.target_ci || (*e.target_ci > 0 && *e.target_ci < 1));
  require(!(e.resume && e.force));
  require(!(e.target_ci && e.shard_count > 1));
  const auto& t = inv.trace;
  require(t.replication < Limits::max_replications && t.design_point < Limits::max_design_points);
  const std::string& c = inv.command;
  if (c == "run" || c == "sweep") require(e.files.size() == 1);
  if (c == "compare") require(e.files.size() >= 2 && (e.names.empty() || e.names.size() == e.files.size()));
  if (c == "trace") require(t.files.size() == 1);
  if (c == "merge") require(!inv.merge.dirs.empty() && !inv.merge.out.empty());
}

void check(const salesim::viz::Args& a) {
  if (a.help || a.version) return;  // both stop parsing: nothing after them is checked
  if (a.size)
    for (unsigned px : {a.size->first, a.size->second})
      require(px >= salesim::viz::kMinRenderPixels && px <= salesim::viz::kMaxRenderPixels);
  for (const auto& [cohort, count] : a.what_if) require(!cohort.empty() && count <= Limits::max_people);
  if (!a.render.empty()) require(!a.chart.empty() && !a.out.empty() && a.input == a.render);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) args.emplace_back();
    else args.back() += static_cast<char>(data[i]);
  }
  try {
    check(salesim::cli::parse_invocation(args));
  } catch (const salesim::experiment::CommandLineError&) {
  }
  try {
    check(salesim::viz::parse_command_line(args));
  } catch (const salesim::experiment::CommandLineError&) {
  }
  return 0;
}
