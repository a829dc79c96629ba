// fit_bench [OPPORTUNITIES] [PEOPLE]: generates a synthetic export in the salesim layout
// (tests/calibration/synthetic_export.h), then times `salesim fit --no-simulation`'s work on it:
// reading the CSV files (libcsv), the direct fits, and the whole run_fit (read, fit, overlay and
// reports). Prints the file sizes, each time and the peak resident memory.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/calibration/crm_reader.h"
#include "sim/calibration/fit.h"
#include "sim/calibration/fit_output.h"
#include "sim/scenario/loader.h"
#include "tests/calibration/synthetic_export.h"

namespace fs = std::filesystem;
using namespace salesim;
using namespace salesim::calibration;

int main(int argc, char** argv) {
  const double want = argc > 1 ? std::atof(argv[1]) : 100000;
  const int people = argc > 2 ? std::atoi(argv[2]) : 500;
  const char* src = std::getenv("SALESIM_SOURCE_DIR");
  const fs::path root = src ? src : ".";
  testing::Truth t;
  t.ams = people * 9 / 10;
  t.pms = people - t.ams;
  t.segments[0].name = "large";  // golden_triangle's segments, so the fitted fields are written
  t.segments[1].name = "small";
  double per_year = 0;
  for (const auto& s : t.segments) per_year += s.per_year;
  const CrmExport e = testing::synthetic_export(t, 1, want / per_year);
  const fs::path dir = fs::temp_directory_path() / ("salesim_fit_bench_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  testing::write_salesim_layout(e, dir);
  std::uintmax_t bytes = 0;
  for (const auto& f : fs::directory_iterator(dir)) bytes += fs::file_size(f.path());
  std::printf("export: %zu opportunities, %zu stage changes, %zu people, %zu competitor rows, %.1f MB of CSV\n",
              e.opportunities.size(), e.stage_history.size(), e.roster.size(), e.competitors.size(), static_cast<double>(bytes) / 1e6);

  const v1::CrmMapping mapping = load_mapping((root / "scenarios/crm/salesim_mapping.txtpb").string());
  const v1::Scenario base = scenario::load_scenario((root / "scenarios/golden_triangle.txtpb").string());
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  std::vector<DataProblem> problems;
  const CrmExport read = read_export(dir.string(), mapping, {}, &problems);
  auto t1 = clock::now();
  const FitResult f = fit_export(read, base);
  auto t2 = clock::now();
  FitRequest rq;
  rq.export_dir = dir.string();
  rq.mapping_path = (root / "scenarios/crm/salesim_mapping.txtpb").string();
  rq.base_path = (root / "scenarios/golden_triangle.txtpb").string();
  rq.out_dir = (dir / "out").string();
  const FitOutputs o = run_fit(rq);
  auto t3 = clock::now();
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  const auto s = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("read_export: %.2f s (%zu problems)\nfit_export:  %.2f s (%zu estimates)\nrun_fit:     %.2f s (read + fit + overlay + reports; %u fields fitted)\n",
              s(t0, t1), problems.size(), s(t1, t2), f.estimates.size(), s(t2, t3), o.fitted_fields);
  std::printf("peak RSS: %.0f MB\n", static_cast<double>(ru.ru_maxrss) / 1024);
  fs::remove_all(dir);
  return 0;
}
