// The experiment runner: schedules replications over threads, commits them in replication order
// (journal + streaming aggregation), and finalizes summaries and comparisons. See runner.h.
#include "sim/experiment/runner.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "sim/experiment/distributor.h"
#include "sim/experiment/journal.h"
#include "sim/experiment/statistics.h"
#include "sim/kernel/random.h"


namespace salesim::experiment {

const char* Cancelled::what() const noexcept { return "experiment cancelled"; }

std::uint64_t seed_for_plan(std::uint64_t seed, std::uint32_t plan, bool common_random_numbers) {
  return (common_random_numbers || plan == 0) ? seed : kernel::hash_combine(seed, 0x1D3B3D5EEDULL + plan);
}

std::string journal_path(const std::string& dir) { return (std::filesystem::path(dir) / "journal.bin").string(); }

namespace {

using Output = model::ReplicationOutput;

// One (plan, design point) pair; cells are numbered plan-major.
struct CellRef {
  std::uint32_t plan = 0, point = 0;
};

std::vector<CellRef> cells_of(const v1::Results& skeleton) {
  std::vector<CellRef> cells;
  for (int p = 0; p < skeleton.plans_size(); ++p)
    for (int d = 0; d < skeleton.plans(p).points_size(); ++d)
      cells.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(d)});
  return cells;
}

// Streams committed replications (in order) into the results: KPI rows, weekly means and
// P-square quantile bands. Memory: the rows plus O(series x weeks) per cell.
class Aggregator {
 public:
  Aggregator(v1::Results& results, std::vector<CellRef> cells) : results_(results), cells_(std::move(cells)) {
    state_.resize(cells_.size());
  }

  void add(std::uint32_t cell, std::uint32_t replication, const Output& out) {
    const CellRef c = cells_.at(cell);
    v1::PlanResult& plan = *results_.mutable_plans(static_cast<int>(c.plan));
    v1::DesignPoint& dp = *plan.mutable_points(static_cast<int>(c.point));
    v1::Replication& row = *dp.add_replications();
    row.set_index(replication);
    row.set_seed_key(kernel::StreamKey{.seed = plan_seed(c.plan), .replication = replication, .entity = c.point}.hash());
    row.mutable_kpis()->Reserve(static_cast<int>(out.kpis.size()));
    for (double v : out.kpis) row.add_kpis(v);
    CellState& st = state_[cell];
    if (st.n == 0) {
      st.series = out.weekly.size();
      st.weeks = out.weekly.empty() ? 0 : out.weekly[0].size();
      st.sum.assign(st.series * st.weeks, 0.0);
      st.q.clear();
      st.q.reserve(st.series * st.weeks * 3);
      for (std::size_t i = 0; i < st.series * st.weeks; ++i) {
        st.q.emplace_back(0.1);
        st.q.emplace_back(0.5);
        st.q.emplace_back(0.9);
      }
    }
    ++st.n;
    for (std::size_t s = 0; s < st.series && s < out.weekly.size(); ++s)
      for (std::size_t w = 0; w < st.weeks; ++w) {
        const double v = w < out.weekly[s].size() ? out.weekly[s][w] : 0.0;
        const std::size_t i = s * st.weeks + w;
        st.sum[i] += v;
        for (int k = 0; k < 3; ++k) st.q[3 * i + static_cast<std::size_t>(k)].add(v);
      }
  }

  // Values of KPI `kpi` over the committed replications of `cell`.
  std::vector<double> column(std::uint32_t cell, int kpi) const {
    const CellRef c = cells_.at(cell);
    const auto& dp = results_.plans(static_cast<int>(c.plan)).points(static_cast<int>(c.point));
    std::vector<double> v;
    v.reserve(static_cast<std::size_t>(dp.replications_size()));
    for (const auto& r : dp.replications())
      if (kpi < r.kpis_size()) v.push_back(r.kpis(kpi));
    return v;
  }

  void set_plan_seeds(std::vector<std::uint64_t> seeds) { seeds_ = std::move(seeds); }

  // Summaries, series bands and (with several plans) paired comparisons.
  void finalize() {
    for (std::uint32_t cell = 0; cell < cells_.size(); ++cell) {
      const CellRef c = cells_[cell];
      v1::DesignPoint& dp = *results_.mutable_plans(static_cast<int>(c.plan))->mutable_points(static_cast<int>(c.point));
      dp.clear_summaries();
      for (int k = 0; k < results_.kpis_size(); ++k) {
        const std::vector<double> col = finite(column(cell, k));
        *dp.add_summaries() = summarize(results_.kpis(k).name(), col);
      }
      dp.clear_series();
      const CellState& st = state_[cell];
      for (std::size_t s = 0; s < static_cast<std::size_t>(results_.series_names_size()); ++s) {
        v1::SeriesBand& band = *dp.add_series();
        band.set_name(results_.series_names(static_cast<int>(s)));
        if (s >= st.series || st.n == 0) continue;
        for (std::size_t w = 0; w < st.weeks; ++w) {
          const std::size_t i = s * st.weeks + w;
          band.add_mean(st.sum[i] / static_cast<double>(st.n));
          band.add_p10(st.q[3 * i].value());
          band.add_p50(st.q[3 * i + 1].value());
          band.add_p90(st.q[3 * i + 2].value());
        }
      }
    }
    results_.clear_comparisons();
    if (results_.plans_size() < 2) return;
    for (int p = 1; p < results_.plans_size(); ++p)
      for (int d = 0; d < results_.plans(p).points_size(); ++d) {
        v1::Comparison& cmp = *results_.add_comparisons();
        cmp.set_base_plan(results_.plans(0).name());
        cmp.set_plan(results_.plans(p).name());
        cmp.set_design_point(static_cast<std::uint32_t>(d));
        const std::uint32_t base_cell = cell_index(0, static_cast<std::uint32_t>(d));
        const std::uint32_t plan_cell = cell_index(static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(d));
        for (int k = 0; k < results_.kpis_size(); ++k) {
          std::vector<double> a = column(base_cell, k), b = column(plan_cell, k);
          drop_nan_pairs(a, b);
          // KpiInfo carries no direction; "higher is better" unless the name says it costs.
          const PairedSummary ps = paired(a, b, higher_is_better_[static_cast<std::size_t>(k)]);
          v1::KpiDelta& dlt = *cmp.add_deltas();
          dlt.set_kpi(results_.kpis(k).name());
          dlt.set_n(ps.n);
          dlt.set_base_mean(ps.base_mean);
          dlt.set_plan_mean(ps.plan_mean);
          dlt.set_delta_mean(ps.delta_mean);
          dlt.set_delta_ci_low(ps.delta_ci.low);
          dlt.set_delta_ci_high(ps.delta_ci.high);
          dlt.set_p_better(ps.p_better);
          dlt.set_p_better_low(ps.p_better_ci.low);
          dlt.set_p_better_high(ps.p_better_ci.high);
        }
      }
  }

  void set_directions(std::vector<bool> higher_is_better) { higher_is_better_ = std::move(higher_is_better); }

 private:
  struct CellState {
    std::uint64_t n = 0;
    std::size_t series = 0, weeks = 0;
    std::vector<double> sum;
    std::vector<P2Quantile> q;
  };
  static std::vector<double> finite(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    return v;
  }
  static void drop_nan_pairs(std::vector<double>& a, std::vector<double>& b) {
    std::vector<double> a2, b2;
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isnan(a[i]) && !std::isnan(b[i])) a2.push_back(a[i]), b2.push_back(b[i]);
    a.swap(a2);
    b.swap(b2);
  }
  std::uint32_t cell_index(std::uint32_t plan, std::uint32_t point) const {
    for (std::uint32_t i = 0; i < cells_.size(); ++i)
      if (cells_[i].plan == plan && cells_[i].point == point) return i;
    throw std::logic_error("no such cell");
  }
  std::uint64_t plan_seed(std::uint32_t plan) const { return plan < seeds_.size() ? seeds_[plan] : results_.seed(); }

  v1::Results& results_;
  std::vector<CellRef> cells_;
  std::vector<CellState> state_;
  std::vector<std::uint64_t> seeds_;
  std::vector<bool> higher_is_better_;
};


// Which replications a round covers: [begin, end) restricted to this shard.
struct Round {
  std::uint32_t begin = 0, end = 0;
  std::uint32_t shard_index = 0, shard_count = 1;
  std::uint32_t cells = 1;
  std::uint32_t first_rep() const {
    std::uint32_t r = begin;
    while (r < end && r % shard_count != shard_index) ++r;
    return r;
  }
  std::uint64_t replications() const {
    const std::uint32_t f = first_rep();
    return f >= end ? 0 : (end - 1 - f) / shard_count + 1;
  }
  std::uint64_t items() const { return replications() * cells; }
  // Item k: cells vary fastest, so paired plans of one replication are committed together.
  std::pair<std::uint32_t, std::uint32_t> item(std::uint64_t k) const {
    return {static_cast<std::uint32_t>(k % cells), first_rep() + static_cast<std::uint32_t>(k / cells) * shard_count};
  }
};

v1::RunManifest make_manifest(const v1::Results& skeleton, const ExperimentSpec& spec, const RunOptions& options) {
  v1::RunManifest m;
  *m.mutable_skeleton() = skeleton;
  m.set_replications(spec.replications);
  m.set_shard_index(options.shard_index);
  m.set_shard_count(options.shard_count);
  if (options.target_ci_share) m.set_target_ci_share(*options.target_ci_share);
  m.set_max_replications(options.max_replications);
  m.set_common_random_numbers(options.common_random_numbers);
  return m;
}

std::string serialize(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream sos(&out);
  google::protobuf::io::CodedOutputStream cos(&sos);
  cos.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&cos);
  cos.Trim();
  return out;
}

}  // namespace

v1::Results run_spec(const ExperimentSpec& spec, const RunOptions& options) {
  if (spec.plans.empty()) throw std::runtime_error("nothing to run: no plans");
  if (spec.replications == 0) throw std::runtime_error("replications must be > 0");
  if (options.shard_count == 0 || options.shard_index >= options.shard_count)
    throw std::runtime_error("--shard i/N needs 0 <= i < N");
  if (options.shard_count > 1 && options.target_ci_share)
    throw std::runtime_error("--target-ci cannot be combined with --shard (the stopping rule needs every replication)");
  for (std::size_t p = 1; p < spec.plans.size(); ++p)
    if (spec.plans[p].points.size() != spec.plans[0].points.size())
      throw std::runtime_error("all plans must have the same design points");

  // The skeleton: everything but replications and aggregates.
  v1::Results results;
  results.set_kind(spec.kind);
  results.set_seed(spec.seed);
  std::vector<bool> directions;
  for (const auto& k : spec.kpis) {
    v1::KpiInfo& info = *results.add_kpis();
    info.set_name(k.name);
    info.set_unit(k.unit);
    info.set_proportion(k.proportion);
    info.set_description(k.description);
    info.set_lower_is_better(!k.higher_is_better);
    directions.push_back(k.higher_is_better);
  }
  for (const auto& s : spec.series) results.add_series_names(s);
  for (const auto& p : spec.parameter_paths) results.add_parameter_paths(p);
  results.set_design(spec.design);
  std::vector<std::uint64_t> seeds;
  for (const PlanSpec& plan : spec.plans) {
    v1::PlanResult& pr = *results.add_plans();
    pr.set_name(plan.name);
    pr.set_seed(plan.seed);
    *pr.mutable_scenario() = plan.scenario;
    for (std::size_t d = 0; d < plan.points.size(); ++d) {
      v1::DesignPoint& dp = *pr.add_points();
      dp.set_index(static_cast<std::uint32_t>(d));
      for (double v : plan.points[d].parameters) dp.add_parameters(v);
    }
    seeds.push_back(plan.seed);
  }
  const std::vector<CellRef> cells = cells_of(results);
  const std::string header = serialize(make_manifest(results, spec, options));

  Aggregator agg(results, cells);
  agg.set_plan_seeds(seeds);
  agg.set_directions(directions);

  Distributor* dist = options.distributor && options.distributor->size() > 1 ? options.distributor : nullptr;
  const bool root = !dist || dist->rank() == 0;
  // Rank 0 tells the others that no round follows (also on errors, so they never hang).
  bool others_released = !dist || !root;
  auto release_others = [&] {
    if (others_released) return;
    others_released = true;
    std::uint64_t none = 0;
    dist->sync_round(false, none);
  };

  // Journal: replay what a previous (killed) run committed, then append.
  JournalWriter journal;
  std::unique_ptr<JournalReader> replay;
  std::string jpath;
  if (!options.journal_dir.empty() && root) {
    try {
      jpath = journal_path(options.journal_dir);
      if (options.resume && std::filesystem::exists(jpath)) {
        replay = std::make_unique<JournalReader>(jpath);
        if (replay->header() != header)
          throw std::runtime_error("the journal in " + options.journal_dir +
                                   " belongs to a different run (scenario, seed or options differ); "
                                   "rerun with the original arguments, or use --force to start over");
      } else {
        journal = JournalWriter::create(jpath, header);
      }
    } catch (...) {
      release_others();
      throw;
    }
  }

  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::uint32_t cap = options.max_replications ? options.max_replications : 100000;
  RunStats local_stats;
  RunStats& stats = options.stats ? *options.stats : local_stats;

  Round round;
  round.shard_index = options.shard_index;
  round.shard_count = options.shard_count;
  round.cells = static_cast<std::uint32_t>(cells.size());
  round.begin = 0;
  round.end = options.target_ci_share ? std::min(spec.replications, cap) : spec.replications;
  std::uint64_t done_before = 0;

  auto point_fn = [&](std::uint32_t cell) -> const ReplicationFn& {
    return spec.plans[cells[cell].plan].points[cells[cell].point].replicate;
  };

  while (true) {
    const std::uint64_t count = round.items();
    std::uint64_t committed = 0;
    // Replay journaled items of this round.
    while (replay && committed < count) {
      JournalRecord rec;
      if (!replay->next(rec)) {
        journal = JournalWriter::append(jpath, replay->valid_bytes());
        replay.reset();
        break;
      }
      const auto [cell, rep] = round.item(committed);
      if (rec.cell != cell || rec.replication != rep) {
        release_others();
        throw std::runtime_error("the journal in " + options.journal_dir + " is out of order; use --force to start over");
      }
      agg.add(cell, rep, rec.output);
      ++committed;
      ++stats.replications_replayed;
    }
    if (dist) {
      std::uint64_t start = committed;
      if (!dist->sync_round(true, start)) return v1::Results();  // ranks > 0: all done
      committed = start;
    }
    if (root && options.on_progress) options.on_progress(Progress{done_before + committed, done_before + count});

    // Compute the rest in parallel; rank 0 commits in item order, other ranks send to rank 0.
    std::mutex mu;
    std::condition_variable cv;
    std::uint64_t next = committed;
    std::map<std::uint64_t, Output> pending;
    std::vector<JournalRecord> outbox;  // ranks > 0
    bool stop = false, cancelled = false;
    std::exception_ptr error;
    std::string remote_error;
    const std::uint64_t window = 16 + 8ull * threads + (dist ? 2 * Distributor::kChunk * static_cast<std::uint64_t>(dist->size()) : 0);
    auto own = [&](std::uint64_t k) { return dist ? dist->next_owned(k) : k; };

    // Under the lock: commit every pending item that is next in order (rank 0).
    auto commit_ready = [&] {
      bool advanced = false;
      while (!pending.empty() && pending.begin()->first == committed) {
        const auto [c, r] = round.item(committed);
        try {
          agg.add(c, r, pending.begin()->second);
          if (journal.is_open()) journal.write(c, r, pending.begin()->second);
        } catch (...) {
          if (!error) error = std::current_exception();
          stop = true;
        }
        pending.erase(pending.begin());
        ++committed;
        advanced = true;
      }
      if (advanced) {
        if (options.on_progress) options.on_progress(Progress{done_before + committed, done_before + count});
        cv.notify_all();
      }
    };

    auto worker = [&] {
      while (true) {
        std::uint64_t k;
        {
          std::unique_lock lk(mu);
          cv.wait(lk, [&] { return stop || own(next) >= count || !root || own(next) < committed + window; });
          if (stop || own(next) >= count) return;
          if (options.cancel && options.cancel->load()) {
            stop = cancelled = true;
            cv.notify_all();
            return;
          }
          k = own(next);
          next = k + 1;
        }
        const auto [cell, rep] = round.item(k);
        Output out;
        try {
          out = point_fn(cell)(model::ReplicationKey{seeds[cells[cell].plan], cells[cell].point, rep});
        } catch (...) {
          std::lock_guard lk(mu);
          if (!error) error = std::current_exception();
          stop = true;
          cv.notify_all();
          return;
        }
        std::lock_guard lk(mu);
        stats.model_events += out.events;
        ++stats.replications_computed;
        if (root) {
          pending.emplace(k, std::move(out));
          commit_ready();
        } else {
          outbox.push_back(JournalRecord{cell, rep, std::move(out)});
          cv.notify_all();
        }
      }
    };

    const bool work_left = dist ? own(committed) < count || root : committed < count;
    if (work_left) {
      if (threads <= 1 && !dist) {
        worker();
      } else {
        std::vector<std::thread> pool;
        const unsigned n = std::max(1u, threads);
        unsigned running = n;
        for (unsigned t = 0; t < n; ++t)
          pool.emplace_back([&] {
            worker();
            std::lock_guard lk(mu);
            --running;
            cv.notify_all();
          });
        if (dist && root) {
          // This thread talks MPI: receive the other ranks' items until every rank has ended.
          int ended = 0;
          while (ended < dist->size() - 1) {
            std::vector<JournalRecord> got;
            std::string err;
            const bool any = dist->poll(got, ended, err);
            std::lock_guard lk(mu);
            if (!err.empty() && remote_error.empty()) remote_error = err, stop = true, cv.notify_all();
            for (auto& rec : got) {
              const std::uint64_t k = std::uint64_t{(rec.replication - round.first_rep()) / round.shard_count} * round.cells + rec.cell;
              stats.model_events += rec.output.events;
              ++stats.replications_computed;
              pending.emplace(k, std::move(rec.output));
            }
            commit_ready();
            if (!any) {
              mu.unlock();
              std::this_thread::sleep_for(std::chrono::microseconds(200));
              mu.lock();
            }
          }
        } else if (dist) {
          // Ranks > 0: this thread ships finished items to rank 0.
          while (true) {
            std::vector<JournalRecord> batch;
            bool finished;
            {
              std::unique_lock lk(mu);
              cv.wait(lk, [&] { return !outbox.empty() || running == 0; });
              batch.swap(outbox);
              finished = running == 0;
            }
            if (!batch.empty()) dist->send(batch);
            if (finished) break;
          }
        }
        for (auto& t : pool) t.join();
        if (dist && !root) {
          std::string err;
          if (error) {
            try {
              std::rethrow_exception(error);
            } catch (const std::exception& e) {
              err = std::string("rank ") + std::to_string(dist->rank()) + ": " + e.what();
            } catch (...) {
              err = "rank " + std::to_string(dist->rank()) + ": unknown error";
            }
          } else if (cancelled) {
            err = "";  // the missing items tell rank 0 the round is incomplete
          }
          dist->send_end(err);
        }
      }
    } else if (dist && !root) {
      dist->send_end("");
    }
    if (dist && !root) {
      // Ranks > 0 reported any error with their end marker; rank 0 decides what happens next.
    } else {
      if (error || !remote_error.empty() || cancelled || committed < count) release_others();
      if (error) std::rethrow_exception(error);
      if (!remote_error.empty()) throw std::runtime_error(remote_error);
      if (cancelled || committed < count) throw Cancelled();
    }
    done_before += count;

    bool more = false;
    if (options.target_ci_share && root) {
      bool reached = true;
      for (std::uint32_t c = 0; c < cells.size() && reached; ++c)
        if (spec.target_kpi < 0 || relative_half_width(agg.column(c, spec.target_kpi)) > *options.target_ci_share)
          reached = false;
      more = !reached && round.end < cap;
    } else if (options.target_ci_share) {
      more = round.end < cap;  // rank 0 decides in the next sync_round
    }
    if (!more) {
      if (!root) {
        std::uint64_t none = 0;
        if (!dist->sync_round(true, none)) return v1::Results();
        throw std::logic_error("MPI ranks disagree about the rounds");
      }
      release_others();
      break;
    }
    round.begin = round.end;
    round.end = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{round.end} + spec.replications, cap));
  }
  if (replay) {  // journal fully replayed and nothing left to do: keep it as it is
    replay.reset();
  }
  journal.close();
  agg.finalize();
  return results;
}

v1::Results merge_journals(const std::vector<std::string>& journal_paths) {
  if (journal_paths.empty()) throw std::runtime_error("merge: no shards given");
  std::vector<std::unique_ptr<JournalReader>> readers;
  std::vector<v1::RunManifest> manifests;
  for (const auto& p : journal_paths) {
    readers.push_back(std::make_unique<JournalReader>(p));
    v1::RunManifest m;
    if (!m.ParseFromString(readers.back()->header())) throw std::runtime_error(p + ": corrupt journal header");
    manifests.push_back(std::move(m));
  }
  const std::uint32_t n = manifests[0].shard_count();
  if (n != journal_paths.size())
    throw std::runtime_error("merge: the shards say there are " + std::to_string(n) + " of them, but " +
                             std::to_string(journal_paths.size()) + " were given");
  std::vector<JournalReader*> by_shard(n, nullptr);
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    v1::RunManifest a = manifests[i], b = manifests[0];
    a.set_shard_index(0);
    b.set_shard_index(0);
    if (serialize(a) != serialize(b))
      throw std::runtime_error("merge: " + journal_paths[i] + " is a shard of a different run than " + journal_paths[0]);
    const std::uint32_t idx = manifests[i].shard_index();
    if (idx >= n || by_shard[idx]) throw std::runtime_error("merge: shard " + std::to_string(idx) + " given twice");
    by_shard[idx] = readers[i].get();
  }
  v1::Results results = manifests[0].skeleton();
  const std::vector<CellRef> cells = cells_of(results);
  Aggregator agg(results, cells);
  std::vector<std::uint64_t> seeds;
  for (const auto& p : results.plans()) seeds.push_back(p.seed());
  agg.set_plan_seeds(seeds);
  std::vector<bool> directions;
  for (const auto& k : results.kpis()) directions.push_back(!k.lower_is_better());
  agg.set_directions(directions);
  const std::uint32_t reps = manifests[0].replications();
  for (std::uint32_t r = 0; r < reps; ++r)
    for (std::uint32_t c = 0; c < cells.size(); ++c) {
      JournalRecord rec;
      if (!by_shard[r % n]->next(rec))
        throw std::runtime_error("merge: shard " + std::to_string(r % n) + " is incomplete (replication " +
                                 std::to_string(r) + " missing); finish it with --resume");
      if (rec.cell != c || rec.replication != r) throw std::runtime_error("merge: shard " + std::to_string(r % n) + " is out of order");
      agg.add(c, r, rec.output);
    }
  agg.finalize();
  return results;
}

}  // namespace salesim::experiment
