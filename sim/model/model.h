// The sales world as one replication function: the contract between the model and the layers
// above it (experiment runner, trace, viewer's what-if panel).
//
//   salesim::model::Model model(scenario);              // validates shape, precomputes; may throw
//   ReplicationOutput out = model.run({.seed = 7, .design_point = 0, .replication = 3});
//   out.kpis[i] is the value of kpi_catalog()[i]; out.weekly[s][w] is series s in week w.
//
// Model::run is const and thread-safe: replications run in parallel on one Model. A replication's
// random streams are keyed by (seed, design_point, replication, purpose, entity) only, so two
// plans run with the same key see the same market and competitor draws (common random numbers).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace salesim::v1 {
class Scenario;
}

namespace salesim::model {

struct KpiDefinition {
  std::string name;         // e.g. "revenue", "win_rate", "hours.am.offside"
  std::string unit;         // "CNY", "share", "count", "hours", "days", "people"
  bool proportion = false;  // a share in [0, 1]
  bool higher_is_better = true;
  std::string description;  // one line
  // The range the KPI can take. Every confidence interval of its mean is cut to it.
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  // A ratio KPI (per replication: numerator / denominator, 0 when the denominator is 0) names the
  // two KPIs it is the ratio of; the experiment then estimates it across replications as
  // sum(numerator) / sum(denominator) with a delta-method interval (docs/statistics.md). Empty:
  // the across-replication estimate is the mean of the per-replication values.
  std::string ratio_numerator{}, ratio_denominator{};
};

// The KPIs every replication reports, in a fixed order (the columns of replications.csv).
const std::vector<KpiDefinition>& kpi_catalog();
// Index of a KPI by name, or -1.
int kpi_index(const std::string& name);
// The weekly series every replication reports, in a fixed order
// (at least "revenue_cumulative", "opportunity_stock", "headcount").
const std::vector<std::string>& series_catalog();

struct ReplicationKey {
  std::uint64_t seed = 0;
  std::uint64_t design_point = 0;
  std::uint64_t replication = 0;
};

struct ReplicationOutput {
  std::vector<double> kpis;                 // kpi_catalog().size() values
  std::vector<std::vector<double>> weekly;  // [series][week], weeks = ceil(horizon / 7)
  std::uint64_t events = 0;                 // model events executed
};

// One model event, as `salesim trace` prints it. `kind` is a short verb ("deal.won", ...),
// `subject` the entity (deal/person id), `detail` a human sentence.
struct TraceEvent {
  double time_days;
  const char* kind;
  std::uint64_t subject;
  std::string detail;
};

// Sees every model event when attached; a null observer costs one branch per event.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_event(const TraceEvent& event) = 0;
};

struct CrmRecord;  // sim/model/crm_record.h: what a CRM would have recorded of a replication

// Yearly loaded cost of the team as planned, in CNY/yr: the sum over team.cohorts of count x the
// cohort's loaded_cost_cny_per_year (absent: costs.<its role>.loaded_cost_cny_per_year), cohorts
// that join later (start_day > 0) included, phases not applied. What a budget is held against;
// the KPI cost.people is what a replication paid (leavers, open seats and later joiners by days).
// Takes a scenario with defaults filled (experiment::prepare_for_run). Throws
// std::invalid_argument where Model would (e.g. a cohort naming an unknown segment).
double planned_people_cost_per_year(const v1::Scenario& scenario);

class Model {
 public:
  // Takes a validated, fully resolved scenario (horizon from scenario.experiment().horizon_days()).
  explicit Model(const v1::Scenario& scenario);
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  // With `record`, also fills it (cleared first) with every deal and person of the replication, as
  // a CRM would have recorded them; recording changes no draw and no KPI.
  ReplicationOutput run(const ReplicationKey& key, Observer* observer = nullptr, CrmRecord* record = nullptr) const;

  double horizon_days() const;
  std::size_t weeks() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace salesim::model
