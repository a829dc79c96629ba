// The what-if panel's plans, free of widgets: any number of named plans over one base scenario,
// each with the full set of knobs (whatif.h), saved as an overlay .txtpb and reopened; and a
// workshop folder of team plan files (`salesim-viz --workshop DIR`).
//
//   PlanBook book;
//   book.reset(results.plans(0).scenario(), "scenarios/workshop/06_rookie_branch.txtpb");
//   std::size_t a = book.add("more PMs");                   // a copy of the base's knobs
//   find_knob(book.knobs(a), "team.cohorts[pm].count")->value = 5;
//   book.save(a, "out/more_pms.txtpb");   // base: "../scenarios/workshop/06_rookie_branch.txtpb" + pm 5
//   std::size_t b = book.open("out/more_pms.txtpb");        // the same plan, named after the file
//   v1::Results r = run_plan_book(book, settings);          // base + every plan, common random numbers
//
// An overlay holds `base:` (the base scenario's file, relative to the overlay's folder), `name:`
// (the plan's name) and every field in which the plan's scenario differs from the base, written
// by the merge rules of docs/scenario-reference.md ("Overlays"): sub-messages only with what
// differs in them, named list elements (cohorts, segments, competitors) by name, other lists
// whole. Loading it gives back the plan's scenario (tests/viz/plans_test.cpp checks the round trip).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "viz/whatif.h"

namespace salesim::viz {

// One plan: its name, the scenario it runs before its knobs are applied (the base, or the
// scenario of the file it was opened from, which may change fields that are not knobs), its
// knobs, and the file it was last saved to or opened from (empty: never).
struct Plan {
  std::string name;
  v1::Scenario scenario;
  Knobs knobs;
  std::string file;
};

// Thrown for a plan name that is empty or already taken, or an index out of range.
struct PlanError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class PlanBook {
 public:
  // Starts over with `base` (a resolved scenario, e.g. Results.plans[0].scenario; any sweep is
  // dropped) loaded from `base_file` (empty: not from a file; the first save then writes the base
  // beside the plan as NAME.base.txtpb). No plans. Throws what knobs_from_scenario throws.
  void reset(const v1::Scenario& base, const std::string& base_file, const std::vector<std::string>& knob_paths = kWhatIfKnobPaths);

  const v1::Scenario& base() const { return base_; }
  const std::string& base_file() const { return base_file_; }
  const Knobs& base_knobs() const { return base_knobs_; }
  const std::vector<Plan>& plans() const { return plans_; }
  std::size_t size() const { return plans_.size(); }
  const Plan& plan(std::size_t i) const;
  Knobs& knobs(std::size_t i);

  // A new plan with the base's knobs, appended; `name` empty: "Plan N" (the first free N).
  // Returns its index. Throws PlanError for a taken name.
  std::size_t add(const std::string& name = {});
  // A copy of plan i (scenario and knobs) appended as `name` (empty: "NAME copy", "NAME copy 2").
  std::size_t duplicate(std::size_t i, const std::string& name = {});
  // Throws PlanError for an empty or taken name (its own name is fine).
  void rename(std::size_t i, const std::string& name);
  void remove(std::size_t i);
  // A name not yet taken: `stem`, else "stem 2", "stem 3", ...
  std::string free_name(const std::string& stem) const;

  // The scenario plan i runs: its scenario with its knobs applied and its name set.
  v1::Scenario scenario_of(std::size_t i) const;
  // Plan i as overlay text for a file at `overlay_path` (only its folder matters).
  std::string overlay_text(std::size_t i, const std::string& overlay_path) const;
  // Writes plan i to `path` (atomically: the old file, if any, stays until the new one is
  // complete) and remembers the file. Throws std::runtime_error "PATH: reason".
  void save(std::size_t i, const std::string& path);
  // Loads a plan file (overlays resolved, validated) and appends it, named after the file's stem
  // (made unique). Throws std::runtime_error with the loader's "file:line:col: field: message".
  std::size_t open(const std::string& path);

 private:
  v1::Scenario base_;
  std::string base_file_;
  std::vector<std::string> knob_paths_ = kWhatIfKnobPaths;
  Knobs base_knobs_;
  std::vector<Plan> plans_;
};

// The fields of `plan` that differ from `base` as overlay text (no `base:` line), by the merge
// rules above; empty when they are the same. `skip_top` names top-level fields left out.
std::string overlay_diff(const v1::Scenario& base, const v1::Scenario& plan,
                         const std::vector<std::string>& skip_top = {"base", "name"});

// Runs the base and every plan of `book` under common random numbers (plans[0] is the base,
// named `base_name`), on the base's seed unless settings.seed is set. A COMPARE with rankings.
v1::Results run_plan_book(const PlanBook& book, const std::string& base_name, const RunSettings& settings,
                          const PlanRunner& runner = default_runner());

// A workshop folder: the team plan files in it (*.txtpb, *.textproto, *.pbtxt, *.json; not in
// subfolders; hidden files, such as an editor's lock .#team_c.txtpb, are skipped) and the base
// they overlay. The rule:
//  - the base is the file of this folder that most files name as their `base:` (a tie between two
//    files: no base, no team, and a problem that names both);
//  - a team is a file whose `base:` is that file; the base itself is not a team;
//  - a file whose base is another file (or none, or a file outside the folder) is listed in
//    `problems` and left out, and so is a team file that sets run settings (experiment.seed,
//    replications, horizon_days, ...) other than the base's: every team runs the base's market;
//  - a team is named by its `name:` when it sets one, else by its file stem; a name taken by the
//    base or an earlier team (file-name order) is listed and left out.
struct WorkshopFolder {
  std::string dir;
  std::size_t file_count = 0;          // plan files seen (before loading)
  std::string base_file;               // absolute; empty when no file is overlaid
  std::string base_name;               // its name: or else its file stem
  v1::Scenario base;
  std::vector<std::string> team_files;  // that loaded, sorted by file name
  std::vector<std::string> team_names;  // their names (see above)
  std::vector<v1::Scenario> teams;
  // Files that did not load (a team saving half a file): "file:line:col: field: message", and the
  // files left out by the rule above, each with its reason.
  std::vector<std::string> problems;
};
// Reads `dir`. Throws std::runtime_error when it is not a readable folder.
WorkshopFolder load_workshop_folder(const std::string& dir);
// Why `folder` has nothing to run ("DIR: no .txtpb files in this folder", "DIR: no team files to
// run (...)"; the problems are not included), or empty when it has a team.
std::string no_team_reason(const WorkshopFolder& folder);
// Runs the folder's base and teams under common random numbers (the base first). Throws
// std::runtime_error when the folder has no plan file, or no team to run.
v1::Results run_workshop(const WorkshopFolder& folder, const RunSettings& settings,
                         const PlanRunner& runner = default_runner());

}  // namespace salesim::viz
