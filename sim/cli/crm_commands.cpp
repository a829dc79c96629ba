#include "sim/cli/crm_commands.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "salesim/v1/scenario.pb.h"
#include "sim/calibration/export_csv.h"
#include "sim/calibration/simulated_export.h"
#include "sim/experiment/output_set.h"
#include "sim/experiment/scenario_io.h"

namespace salesim::cli {

namespace ex = salesim::experiment;
namespace fs = std::filesystem;

namespace {

// Creates `dir` and its missing parents (checked: a failure names the path and the OS reason).
void make_dirs(const fs::path& dir) {
  if (dir.empty() || fs::is_directory(dir)) return;
  if (fs::exists(dir)) throw ex::OutputDirError(dir.string() + " exists and is not a directory");
  make_dirs(dir.parent_path());
  ex::checked_io::mkdir(dir.string());
}

}  // namespace

void write_crm_exports(const v1::Scenario& plan, const ExperimentArgs& o) {
  v1::Scenario s = plan;
  ex::prepare_for_run(s);
  const std::uint64_t seed = o.seed ? *o.seed : s.experiment().seed();
  const model::Model m(s);
  const calibration::Epoch epoch{o.export_epoch[0], o.export_epoch[1], o.export_epoch[2]};
  const bool one = o.export_replications.size() == 1;
  for (const std::uint64_t r : o.export_replications) {
    const calibration::CrmExport e = calibration::simulate_export(m, model::ReplicationKey{seed, 0, r}, epoch);
    char sub[32];
    std::snprintf(sub, sizeof sub, "rep_%04llu", static_cast<unsigned long long>(r));
    const fs::path dir = one ? fs::path(o.export_crm) : fs::path(o.export_crm) / sub;
    make_dirs(dir);
    ex::OutputSet out(dir.string());
    calibration::add_export_files(out, e);
    out.publish();
    if (!o.quiet) {
      std::size_t open = 0;
      for (const calibration::Opportunity& op : e.opportunities) open += op.outcome == calibration::Outcome::open;
      std::printf("wrote the CRM export of replication %llu to %s/ (%zu opportunities, %zu open at the end; %zu people; "
                  "day 0 = %s)\n",
                  static_cast<unsigned long long>(r), dir.string().c_str(), e.opportunities.size(), open,
                  e.roster.size(), calibration::iso_date(epoch, 0).c_str());
    }
  }
  std::fflush(stdout);
}

}  // namespace salesim::cli
