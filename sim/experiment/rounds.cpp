// The rounds of a run and the precision-on-demand rule; see rounds.h.
#include "sim/experiment/rounds.h"

#include <algorithm>

#include "sim/experiment/statistics.h"

namespace salesim::experiment {

RoundSchedule::RoundSchedule(const ExperimentSpec& spec, const RunOptions& options, std::uint32_t cells)
    : replications_(spec.replications),
      cap_(options.max_replications ? options.max_replications : 100000),
      cells_(cells),
      shard_index_(options.shard_index),
      shard_count_(options.shard_count),
      target_share_(options.target_ci_share),
      target_kpi_(spec.target_kpi) {}

Round RoundSchedule::first() const {
  Round r;
  r.shard_index = shard_index_;
  r.shard_count = shard_count_;
  r.cells = cells_;
  r.begin = 0;
  r.end = target_share_ ? std::min(replications_, cap_) : replications_;
  return r;
}

Round RoundSchedule::next(const Round& done) const {
  Round r = done;
  r.begin = done.end;
  r.end = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{done.end} + replications_, cap_));
  return r;
}

bool RoundSchedule::another_after(const Round& done, const Aggregator* agg) const {
  if (!target_share_ || done.end >= cap_) return false;
  return agg == nullptr || !target_reached(*agg);
}

// Every cell's relative 95% CI half-width of the target KPI is at most the target share (never,
// without a target KPI, unless there are no cells).
bool RoundSchedule::target_reached(const Aggregator& agg) const {
  for (std::uint32_t c = 0; c < cells_; ++c)
    if (target_kpi_ < 0 || relative_half_width(agg.column(c, target_kpi_)) > *target_share_) return false;
  return true;
}

}  // namespace salesim::experiment
