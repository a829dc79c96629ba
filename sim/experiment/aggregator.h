// The reduction of committed replications into a v1::Results. run_spec and merge_journals feed
// each replication to one Aggregator in commit order; it appends the KPI row and streams the
// weekly series into means and P-square P10/P50/P90 bands, and the yearly KPIs (yearly.h) of each
// replication into per-year summaries. finalize() then adds the KPI summaries
// and, with several plans, the paired comparisons of each plan against plans[0] and the ranking of
// all plans by each KPI (ranking.h: MCB intervals, P(best)). A ratio KPI
// (KpiInfo.ratio_numerator) is summarised and compared as a ratio of sums (summarize_ratio,
// paired_ratio), every other KPI as a mean.
//
//   v1::Results results = skeleton;    // plans and design points, no replications yet
//   Aggregator agg(results);
//   agg.add(cell, replication, out);   // in commit order
//   agg.finalize();
//
// Memory: the KPI rows plus O(series x weeks) per cell. Same input order, same bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "salesim/v1/results.pb.h"
#include "sim/experiment/statistics.h"
#include "sim/model/model.h"

namespace salesim::experiment {

// One (plan, design point) pair. Cells are numbered plan-major.
struct CellRef {
  std::uint32_t plan = 0, point = 0;
};

// The cells of a results skeleton, in cell order.
std::vector<CellRef> cells_of(const v1::Results& skeleton);

class Aggregator {
 public:
  // `results` is the skeleton to fill; it must outlive the Aggregator. Plan seeds (for each row's
  // seed key) and KPI directions (for the comparisons) are read from it.
  explicit Aggregator(v1::Results& results);

  // Appends replication `replication` of `cell` and adds its weekly values to the cell's bands.
  void add(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out);

  // The two independent halves of add(), for the run journal (run_journal.h), which replays rows
  // and weekly series separately: add() is add_row(cell, replication, out.kpis,
  // yearly_of(out.weekly)) and add_weekly(cell, out.weekly).
  void add_row(std::uint32_t cell, std::uint32_t replication, const std::vector<double>& kpis,
               const std::vector<std::vector<double>>& years);
  void add_weekly(std::uint32_t cell, const std::vector<std::vector<double>>& weekly);
  // The yearly values of one replication ([year][yearly_kpis()]), as add() records them.
  std::vector<std::vector<double>> yearly_of(const std::vector<std::vector<double>>& weekly) const;

  // add() in two steps, for the runner's in-order commit (ordered_committer.h): make_row() builds
  // the KPI row of a replication and reads nothing that add() changes, so any thread may call it
  // while another adds; add_prepared() then appends that row, the yearly values and the weekly
  // series in commit order. add_prepared(c, make_row(c, r, out.kpis), yearly_of(out.weekly),
  // out.weekly) is add(c, r, out), to the byte.
  std::unique_ptr<v1::Replication> make_row(std::uint32_t cell, std::uint32_t replication,
                                            const std::vector<double>& kpis) const;
  void add_prepared(std::uint32_t cell, std::unique_ptr<v1::Replication> row,
                    const std::vector<std::vector<double>>& years, const std::vector<std::vector<double>>& weekly);

  // add_prepared() with the weekly bands left to stripes: add_ordered() appends the row and the
  // yearly values and counts the replication in the cell's bands (its first fixes their shape);
  // add_weekly_stripe(cell, weekly, s, n) then adds the weekly values to stripe s of n of the
  // cell's bands (the band cells s*size/n up to (s+1)*size/n). add_weekly() is the one stripe of
  // one. Each band cell sees its values in the order its stripe is fed, so feeding every stripe in
  // commit order gives add()'s bytes; different stripes may be fed by different threads at once,
  // also while add_ordered() runs for later replications.
  void add_ordered(std::uint32_t cell, std::unique_ptr<v1::Replication> row,
                   const std::vector<std::vector<double>>& years, const std::vector<std::vector<double>>& weekly);
  void add_weekly_stripe(std::uint32_t cell, const std::vector<std::vector<double>>& weekly, std::uint32_t stripe,
                         std::uint32_t stripes);

  // The weekly bands of every cell (counts, shapes, sums and P-square markers, exact doubles):
  // what add_weekly() has accumulated, fixed in size once each cell has a replication.
  std::string band_state() const;
  // band_state().size(), without making it.
  std::size_t band_state_size() const;
  // Replaces the weekly bands by a band_state(); throws std::runtime_error if it is not one of
  // this results layout.
  void restore_band_state(const std::string& state);

  // Values of KPI `kpi` over the replications of `cell` added so far, in order.
  std::vector<double> column(std::uint32_t cell, int kpi) const;

  // Writes every cell's KPI summaries (NaN values left out) and series bands, and with several
  // plans the paired comparisons (pairs with a NaN left out).
  void finalize();

 private:
  struct CellState {
    std::uint64_t n = 0;
    std::size_t series = 0, weeks = 0;
    std::vector<double> sum;       // [series * weeks]
    std::vector<P2Quantile> q;     // [3 * (series * weeks)]: P10, P50, P90
    std::vector<std::vector<std::vector<double>>> yearly;  // [year][yearly_kpis()][replication]
  };
  void begin_weekly(std::uint32_t cell, const std::vector<std::vector<double>>& weekly);
  void add_years(std::uint32_t cell, const std::vector<std::vector<double>>& years);
  void finalize_cell(std::uint32_t cell);
  void add_comparisons();
  void add_rankings();
  // Comparison.payback_days from the contribution_cumulative series of the two cells.
  void set_payback(v1::Comparison& cmp, const v1::DesignPoint& base, const v1::DesignPoint& plan) const;
  std::uint32_t cell_index(std::uint32_t plan, std::uint32_t point) const;

  v1::Results& results_;
  std::vector<CellRef> cells_;
  std::vector<CellState> state_;
  std::vector<std::uint64_t> plan_seeds_;
  std::vector<bool> higher_is_better_;
  std::vector<Bounds> bounds_;  // per KPI, from KpiInfo: where its intervals are cut
  // Per KPI: the indices of its ratio numerator and denominator KPIs, or -1 (not a ratio KPI).
  std::vector<int> ratio_num_, ratio_den_;
  std::vector<std::string> series_names_;
};

}  // namespace salesim::experiment
