// model_scaling [--instructions] [--all]: cost per replication of golden_triangle scaled x1, x4,
// x16, x64 in people (every cohort count) and accounts (every segment's pool; projects follow,
// their rate is per account), over horizons of 1, 3 and 10 years. Prints CPU and wall ms, model
// events per replication and the fitted log-log exponents (cost vs size at 1 year, cost vs
// horizon at x1); cost should grow linearly, within a log factor.
//
// --instructions also counts instructions inside Model::run with valgrind's callgrind (the
// deterministic figure; this container has no hardware counters) by running this binary under
// valgrind once per configuration: 1-year sizes and x1 horizons only, unless --all.
// Internal: --only K YEARS REPS runs one configuration and prints one line.
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/model/model.h"

namespace {

constexpr const char* kScenario = "scenarios/golden_triangle.txtpb";

struct Result {
  int k = 1, years = 1, reps = 1;
  double cpu_ms = 0, wall_ms = 0, events = 0, instructions = -1;
};

bool load(salesim::v1::Scenario& s) {
  std::ifstream in(kScenario);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  return google::protobuf::TextFormat::ParseFromString(text.str(), &s);
}

Result measure(const salesim::v1::Scenario& base, int k, int years, int reps) {
  salesim::v1::Scenario s = base;
  for (auto& co : *s.mutable_team()->mutable_cohorts()) co.set_count(co.count() * k);
  for (auto& seg : *s.mutable_market()->mutable_segments()) seg.set_accounts(seg.accounts() * k);
  s.mutable_targets()->set_team_annual_target_cny(s.targets().team_annual_target_cny() * k);
  s.mutable_experiment()->set_horizon_days(365.0 * years);
  salesim::model::fill_defaults(s);
  const salesim::model::Model model(s);
  Result r{.k = k, .years = years, .reps = reps};
  // Clocks only measure speed; CPU time is the steadier figure on a shared machine.
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (int i = 0; i < reps; ++i)
    r.events += static_cast<double>(model.run({.seed = 7, .replication = static_cast<std::uint64_t>(i)}).events);
  r.wall_ms = 1000.0 * std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / reps;
  r.cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC / reps;
  r.events /= reps;
  return r;
}

// Instructions per replication inside Model::run, from a callgrind run of this binary.
double callgrind_instructions(const char* self, int k, int years, int reps) {
  const std::string out = "/tmp/model_scaling.callgrind." + std::to_string(k) + "." + std::to_string(years);
  const std::string cmd = "valgrind --tool=callgrind --callgrind-out-file=" + out +
                          " --collect-atstart=no '--toggle-collect=salesim::model::Model::run*' " + self +
                          " --only " + std::to_string(k) + " " + std::to_string(years) + " " +
                          std::to_string(reps) + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return -1;
  std::ifstream in(out);
  std::string line;
  double total = -1;
  while (std::getline(in, line))
    if (line.rfind("totals:", 0) == 0 || line.rfind("summary:", 0) == 0) total = std::atof(line.c_str() + line.find(':') + 1);
  std::remove(out.c_str());
  return total < 0 ? -1 : total / reps;
}

// Least-squares slope of log(y) on log(x).
double exponent(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double n = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double a = std::log(x[i]), b = std::log(y[i]);
    sx += a; sy += b; sxx += a * a; sxy += a * b;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace

int main(int argc, char** argv) {
  salesim::v1::Scenario base;
  if (!load(base)) {
    std::fprintf(stderr, "cannot read %s (run from the repository root)\n", kScenario);
    return 1;
  }
  if (argc == 5 && std::string(argv[1]) == "--only") {
    const Result r = measure(base, std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]));
    std::printf("%d %d %.3f %.0f\n", r.k, r.years, r.cpu_ms, r.events);
    return 0;
  }
  bool instructions = false, all = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--instructions") instructions = true;
    else if (a == "--all") all = true;
    else {
      std::fprintf(stderr, "usage: model_scaling [--instructions] [--all]\n");
      return 2;
    }
  }
  const int sizes[] = {1, 4, 16, 64}, horizons[] = {1, 3, 10};
  std::vector<Result> results;
  std::printf("golden_triangle scaled: x people and accounts, horizon in years; per replication\n");
  std::printf("%5s %5s %5s %12s %12s %14s %16s\n", "size", "years", "reps", "cpu ms", "wall ms", "events",
              "instructions");
  for (int years : horizons)
    for (int k : sizes) {
      // Enough replications for a steady time, fewer for the big ones.
      const int reps = std::max(2, 64 / (k * years));
      Result r = measure(base, k, years, reps);
      if (instructions && (all || years == 1 || k == 1)) r.instructions = callgrind_instructions(argv[0], k, years, 2);
      std::printf("%5d %5d %5d %12.3f %12.3f %14.0f %16.4g\n", k, years, reps, r.cpu_ms, r.wall_ms, r.events,
                  r.instructions);
      std::fflush(stdout);
      results.push_back(r);
    }
  auto fit = [&](bool by_size, auto cost) {
    std::vector<double> x, y;
    for (const Result& r : results)
      if ((by_size ? r.years == 1 : r.k == 1) && cost(r) > 0) {
        x.push_back(by_size ? r.k : r.years);
        y.push_back(cost(r));
      }
    return x.size() >= 2 ? exponent(x, y) : NAN;
  };
  auto cpu = [](const Result& r) { return r.cpu_ms; };
  auto events = [](const Result& r) { return r.events; };
  auto instr = [](const Result& r) { return r.instructions; };
  std::printf("log-log exponents (1 = linear)   cpu    events  instructions\n");
  std::printf("  cost vs size at 1 year       %6.3f  %6.3f  %6.3f\n", fit(true, cpu), fit(true, events), fit(true, instr));
  std::printf("  cost vs horizon at x1        %6.3f  %6.3f  %6.3f\n", fit(false, cpu), fit(false, events), fit(false, instr));
  return 0;
}
