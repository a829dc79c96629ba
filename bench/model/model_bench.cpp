// model_bench [scenario.txtpb] [replications]: runs replications of a scenario on one core and
// prints replications/s, model events/s, ms per replication and the KPI means.
#include <google/protobuf/text_format.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/model/model.h"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "scenarios/golden_triangle.txtpb";
  const int reps = argc > 2 ? std::atoi(argv[2]) : 500;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  salesim::v1::Scenario scenario;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &scenario)) {
    std::fprintf(stderr, "cannot parse %s\n", path.c_str());
    return 1;
  }
  salesim::model::fill_defaults(scenario);
  const salesim::model::Model model(scenario);
  const auto& catalog = salesim::model::kpi_catalog();
  std::vector<double> sums(catalog.size(), 0.0);
  std::uint64_t events = 0;
  // Clocks only measure speed here; they decide nothing in the model. CPU time is reported too:
  // on a shared machine it is the steadier figure.
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (int r = 0; r < reps; ++r) {
    const auto out = model.run({.seed = 7, .design_point = 0, .replication = static_cast<std::uint64_t>(r)});
    events += out.events;
    for (std::size_t i = 0; i < sums.size(); ++i) sums[i] += out.kpis[i];
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("scenario %s, %d replications on one core\n", path.c_str(), reps);
  std::printf("replications/s %.1f  ms/replication %.3f  model events/s %.3g  events/replication %.0f\n",
              reps / secs, 1000.0 * secs / reps, events / secs, static_cast<double>(events) / reps);
  std::printf("cpu: replications/s %.1f  ms/replication %.3f  model events/s %.3g\n", reps / cpu,
              1000.0 * cpu / reps, events / cpu);
  if (argc > 3 || std::getenv("MODEL_BENCH_KPIS"))
    for (std::size_t i = 0; i < sums.size(); ++i)
      std::printf("  %-40s %14.4f\n", catalog[i].name.c_str(), sums[i] / reps);
  return 0;
}
