// The calibration parts of the `salesim` command line (issue 12): `run --export-crm` and
// `backtest`. Kept apart from commands.cpp so the calibration layer's commands live together.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cli/options.h"

namespace salesim::v1 {
class Scenario;
}
namespace salesim::calibration {
struct DataProblem;
}

namespace salesim::cli {

// run --export-crm: writes the CRM export of each of o.export_replications of `plan` (the scenario
// as run: overrides applied, sweep cleared; defaults are filled here) into o.export_crm (one
// replication), or o.export_crm/rep_NNNN each. The master seed is o.seed, else the scenario's
// experiment.seed, so replication r here is row r of the run's replications.csv. Each folder is
// written all or nothing (experiment::OutputSet); throws experiment::WriteError / OutputDirError.
void write_crm_exports(const v1::Scenario& plan, const ExperimentArgs& o);

// salesim backtest SCENARIO --actual DIR: reads the export (its mapping), simulates the scenario
// over the export's period and writes results.pb (a RUN with Results.backtest), the run's CSVs and
// backtest.csv into --out, all or nothing; prints the table and the verdict. Returns the exit
// status (0, also on a misfit; 1 a problem with the export, the mapping, the scenario or --out).
int cmd_backtest(const Invocation& inv);

// The count line of the problems a read skipped or warned about, skipped rows and warnings (rows
// kept) counted apart: "3 problem rows skipped (--strict stops instead), 1 warning (rows kept) in
// the export"; either part is left out when it has none.
std::string problem_summary(const std::vector<calibration::DataProblem>& problems);

}  // namespace salesim::cli
