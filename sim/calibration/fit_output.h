// `salesim fit`: the whole pipeline from a CRM export to its three output files.
//
//   FitRequest rq{.export_dir = "scenarios/crm_example", .mapping_path = ".../mapping.txtpb",
//                 .base_path = "scenarios/golden_triangle.txtpb", .out_dir = "out/fit"};
//   FitOutputs o = run_fit(rq);   // throws MappingError, DataError, scenario::ScenarioError
//   o.overlay      -> DIR/fitted.txtpb   (an overlay on the base; each fitted field with a comment
//                                         "# estimate 0.31, 95% CI [0.27, 0.35], n = 412, method: ...")
//   o.report_md    -> DIR/fit_report.md  (data problems, every parameter: fitted / defaulted with the
//                                         reason / overridden; the targets)
//   o.report_csv   -> DIR/fit_report.csv (one row per parameter, fitted field and target)
//
// The overlay names its base by a path relative to the output directory, so it loads from there
// (`salesim run DIR/fitted.txtpb`); run_fit loads it once before returning to check exactly that.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/calibration/crm_reader.h"
#include "sim/calibration/fit.h"
#include "sim/calibration/msm.h"

namespace salesim::calibration {

struct FitRequest {
  std::string export_dir, mapping_path, base_path, out_dir;
  bool strict = false;
  // The simulated-moments step; with an empty simulator it is skipped and the latent parameters
  // stay as in the base (reported as defaulted, "latent: needs the simulated-moments step").
  ExportSimulator simulator;
  std::uint32_t budget = 400;
  // --set path=value: pinned by the user, written to the overlay as given, not fitted.
  std::vector<std::string> overrides;
  std::ostream* progress = nullptr;  // data-problem summary and the MSM's progress lines
  // Called with every data problem as soon as the export is read, before anything that can fail
  // later (the base, --set, the fit): the command prints them there, so they are seen even when
  // the fit then stops.
  std::function<void(const std::vector<DataProblem>&)> on_read;
};

struct FitOutputs {
  std::string overlay, report_md, report_csv;
  std::vector<DataProblem> problems;
  std::uint64_t rows_skipped = 0, warnings = 0;
  FitResult direct;
  bool simulated = false;
  MsmResult msm;
  std::uint32_t fitted_fields = 0, defaulted_parameters = 0, overridden_fields = 0;
  std::vector<std::string> notes;  // for the report, e.g. a base cohort kept because the export has nobody in its role
};

// Throws DataError (also when no opportunity is left to fit: a no_opportunities problem after the
// row problems), MappingError, scenario::ScenarioError (the base; --set values checked as `salesim
// run --set` checks them). An estimate outside its field's schema range (e.g. a size cv above 100
// from wildly spread amounts) is not written: the field keeps the base's value, the report lists it
// as defaulted with the estimate and the rule it breaks, and a note says so.
FitOutputs run_fit(const FitRequest& request);

// Why a parameter of the schema (its generic path, as scenario::model_parameters() names it) is
// left at the base's value when the export cannot inform it.
std::string default_reason(const std::string& generic_path, const CrmExport& data);

}  // namespace salesim::calibration
