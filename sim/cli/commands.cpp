// The `salesim` subcommands; see commands.h.
#include "sim/cli/commands.h"
#include "sim/cli/fit_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <mutex>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/cli/crm_commands.h"
#include "sim/cli/options.h"
#include "sim/cli/text_width.h"
#include "sim/experiment/attribution.h"
#include "sim/experiment/design.h"
#include "sim/experiment/design_file.h"
#include "sim/experiment/runner.h"
#include "sim/experiment/hiring.h"
#include "sim/experiment/scenario_io.h"
#include "sim/experiment/selection.h"
#include "sim/experiment/sensitivity.h"
#include "sim/experiment/staffing.h"
#include "sim/experiment/warmup.h"
#include "sim/experiment/yearly.h"
#include "sim/experiment/writers.h"
#include "sim/model/model.h"
#include "sim/kernel/random.h"
#include "sim/version.h"

#if defined(SALESIM_HAVE_MPI)
#include "sim/experiment/mpi_backend.h"
#endif

namespace salesim::cli {

namespace po = boost::program_options;
namespace ex = salesim::experiment;
namespace fs = std::filesystem;

namespace {

constexpr int kOk = 0, kFail = 1, kUsage = 2;

// --- Signals: the first SIGINT/SIGTERM asks the runner to stop after in-flight replications;
// a second one exits at once.
std::atomic<bool> g_cancel{false};
std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) {
  if (g_signal.exchange(sig) != 0) _exit(128 + sig);
  g_cancel.store(true);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Human number: thousands separators for big values, 3 significant decimals for shares; "—" for
// an undefined (NaN) statistic.
std::string human(double v, const std::string& unit) {
  if (std::isnan(v)) return "—";
  if (unit == "share") return fmt("%.3f", v);
  if (std::abs(v) >= 1000) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    std::string s = buf, out;
    const bool neg = s[0] == '-';
    if (neg) s = s.substr(1);
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i && (s.size() - i) % 3 == 0) out += ',';
      out += s[i];
    }
    return (neg ? "-" : "") + out;
  }
  return fmt("%.2f", v);
}

// --- Progress on stderr (never in the results: wall-clock time would break reproducibility).
// --progress bar: a bar redrawn in place; lines: one log line every kProgressInterval and at the
// end of each round, for batch jobs and mpirun, where stderr goes to a file; none. Without
// --progress: the bar on a terminal, else lines once the run has lasted kProgressInterval (a short
// run in a script stays quiet).
constexpr std::chrono::seconds kProgressInterval{10};

// "0:19", "12:05", "1:02:03"
std::string clock_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::max(0.0, std::round(seconds)));
  char buf[48];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                               static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
  else std::snprintf(buf, sizeof buf, "%llu:%02llu", static_cast<unsigned long long>(s / 60), static_cast<unsigned long long>(s % 60));
  return buf;
}

// "12,345"
std::string count_text(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

enum class ProgressMode { none, bar, lines, late_lines };

// The mode for --progress `requested` ("" when not given) when progress is `wanted` at all.
ProgressMode progress_mode(const std::string& requested, bool wanted) {
  if (!wanted || requested == "none") return ProgressMode::none;
  if (requested == "bar") return ProgressMode::bar;
  if (requested == "lines") return ProgressMode::lines;
  return ::isatty(2) ? ProgressMode::bar : ProgressMode::late_lines;
}

// Paces log lines: due() says whether one is due now (the first at once, or after the interval
// for late_lines; then one per interval).
class LineClock {
 public:
  explicit LineClock(bool late) : start_(std::chrono::steady_clock::now()), late_(late) {}
  bool due(bool final_line) {
    const auto now = std::chrono::steady_clock::now();
    if (final_line ? (late_ && !printed_ && now - start_ < kProgressInterval)
                   : (printed_ ? now - last_ < kProgressInterval : late_ && now - start_ < kProgressInterval))
      return false;
    printed_ = true;
    last_ = now;
    return true;
  }
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_, last_{};
  bool late_, printed_ = false;
};

class ProgressBar {
 public:
  // `label` opens each log line, e.g. "salesim sweep".
  ProgressBar(ProgressMode mode, std::string label)
      : mode_(mode), label_(std::move(label)), lines_(mode == ProgressMode::late_lines) {}
  std::function<void(const ex::Progress&)> callback() {
    if (mode_ == ProgressMode::none) return {};
    return [this](const ex::Progress& p) { update(p); };
  }
  void finish() {
    if (mode_ == ProgressMode::bar && drawn_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  void update(const ex::Progress& p) {
    std::lock_guard lk(mu_);
    const auto now = std::chrono::steady_clock::now();
    const bool final_update = p.done == p.total;
    if (!first_done_) first_done_ = p.done, first_ = now;  // rate excludes journal replays
    if (mode_ == ProgressMode::bar && !final_update && now - last_ < std::chrono::milliseconds(100)) return;
    if (mode_ != ProgressMode::bar && !lines_.due(final_update)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - first_).count();
    const double rate = secs > 0 ? static_cast<double>(p.done - *first_done_) / secs : 0.0;
    const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0.0;
    if (mode_ != ProgressMode::bar) {
      const double share = p.total ? 100.0 * static_cast<double>(p.done) / static_cast<double>(p.total) : 100.0;
      std::string line = label_;
      line.append(": ").append(count_text(p.done)).append("/").append(count_text(p.total)).append(" replications (")
          .append(fmt("%.1f", share)).append("%)");
      if (rate > 0) line.append(", ").append(count_text(static_cast<std::uint64_t>(std::llround(rate)))).append("/s");
      if (final_update) line.append(", done in ").append(clock_text(lines_.elapsed()));
      else if (rate > 0) line.append(", ETA ").append(clock_text(eta));
      std::fprintf(stderr, "%s\n", line.c_str());
      std::fflush(stderr);
      return;
    }
    const int width = 30;
    const int filled = p.total ? static_cast<int>(width * static_cast<double>(p.done) / static_cast<double>(p.total)) : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r\033[K[%s] %llu/%llu  %.0f rep/s  ETA %.0fs", bar.c_str(),
                 static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total), rate, eta);
    std::fflush(stderr);
    drawn_ = true;
  }
  ProgressMode mode_;
  std::string label_;
  LineClock lines_;
  bool drawn_ = false;
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_{}, first_{};
  std::optional<std::uint64_t> first_done_;
};

std::string join_command(const std::vector<std::string>& argv_all, bool add_resume) {
  std::string s;
  bool has_resume = false;
  for (const auto& a : argv_all) {
    if (a == "--force") continue;  // resuming must not wipe the journal
    if (a == "--resume") has_resume = true;
    if (!s.empty()) s += ' ';
    s += shell_quote(a);
  }
  if (add_resume && !has_resume) s += " --resume";
  return s;
}

// A 95% CI as "[low, high]": "[n<2]" where there is none, a trailing "*" where it was cut at the
// KPI's bounds.
std::string ci_text(double low, double high, std::uint64_t n, bool clipped, const std::string& unit) {
  if (n < 2) return "[n<2]";
  std::string text = "[";  // appended piecewise: GCC 12's -Wrestrict misfires on "[" + std::string
  text += human(low, unit);
  text += ", ";
  text += human(high, unit);
  text += clipped ? "]*" : "]";
  return text;
}

void print_summary_table(const v1::Results& r) {
  const char* keys[] = {"revenue", "contribution", "win_rate", "big_deal_rate"};
  std::vector<int> idx;
  for (const char* k : keys)
    for (int i = 0; i < r.kpis_size(); ++i)
      if (r.kpis(i).name() == k) idx.push_back(i);
  if (idx.empty()) return;
  auto cell = [&](const v1::KpiSummary& s, const std::string& unit) {
    return human(s.mean(), unit) + " " + ci_text(s.ci_low(), s.ci_high(), s.n(), s.ci_clipped(), unit);
  };
  if (r.parameter_paths_size() > 0) {
    // A sweep: one line per design point, the swept values first.
    // Each swept path by a short name of its own (pm.count, presales.count), never one name twice.
    const std::vector<std::string> names =
        ex::short_parameter_names({r.parameter_paths().begin(), r.parameter_paths().end()});
    std::vector<int> width;
    // Display columns, not bytes: a cohort may be named 项目经理 (two columns a character).
    for (const auto& name : names) width.push_back(std::max<int>(10, static_cast<int>(cli::display_width(name))));
    std::printf("\n%s design, %d points, mean [95%% CI]:\n%-5s", r.design().c_str(), r.plans(0).points_size(), "point");
    for (std::size_t j = 0; j < names.size(); ++j) std::printf(" %s", cli::pad_right(names[j], static_cast<std::size_t>(width[j])).c_str());
    for (int i : idx) std::printf(" %-30s", r.kpis(i).name().c_str());
    std::printf("\n");
    for (const auto& dp : r.plans(0).points()) {
      std::printf("%-5u", dp.index());
      for (int j = 0; j < dp.parameters_size(); ++j)
        std::printf(" %-*s", j < static_cast<int>(width.size()) ? width[j] : 10, fmt("%.4g", dp.parameters(j)).c_str());
      for (int i : idx)
        if (i < dp.summaries_size()) std::printf(" %-30s", cell(dp.summaries(i), r.kpis(i).unit()).c_str());
      std::printf("\n");
    }
    std::printf("(parameters: ");
    for (int j = 0; j < r.parameter_paths_size(); ++j) std::printf("%s%s", j ? ", " : "", r.parameter_paths(j).c_str());
    std::printf("; n=%llu per point)\n", static_cast<unsigned long long>(
                                             r.plans(0).points(0).summaries_size() ? r.plans(0).points(0).summaries(0).n() : 0));
    return;
  }
  // The plan column is as wide as the widest name in display columns (CJK names count two a
  // character), at least 22.
  std::size_t plan_width = 22;
  for (const auto& plan : r.plans()) plan_width = std::max(plan_width, cli::display_width(plan.name()));
  std::printf("\n%s %-16s %22s   %s\n", cli::pad_right("plan", plan_width).c_str(), "kpi", "mean", "95% CI");
  for (const auto& plan : r.plans())
    for (const auto& dp : plan.points()) {
      for (int i : idx) {
        if (i >= dp.summaries_size()) continue;
        const auto& s = dp.summaries(i);
        const std::string unit = r.kpis(i).unit();
        std::string label = s.kpi() + (unit.empty() || unit == "share" ? "" : " (" + unit + ")");
        std::printf("%s %-16s %22s   %s  n=%llu\n", cli::pad_right(plan.name(), plan_width).c_str(), label.c_str(),
                    human(s.mean(), unit).c_str(), ci_text(s.ci_low(), s.ci_high(), s.n(), s.ci_clipped(), unit).c_str(),
                    static_cast<unsigned long long>(s.n()));
      }
    }
  for (const auto& c : r.comparisons()) {
    bool crn = true;
    for (const auto& p : r.plans()) crn &= p.seed() == r.plans(0).seed();
    std::printf("\n%s vs %s (paired, %s random numbers):\n", c.plan().c_str(), c.base_plan().c_str(),
                crn ? "common" : "independent");
    for (const auto& d : c.deltas()) {
      bool wanted = false;
      for (const char* k : keys) wanted |= d.kpi() == k;
      if (!wanted) continue;
      std::string unit;
      for (const auto& k : r.kpis())
        if (k.name() == d.kpi()) unit = k.unit();
      // P(better) counts a tie as half a win; the tie share is shown where there are ties.
      std::string better = d.n() ? fmt("%.2f", d.p_better()) : "—";
      if (d.n() && d.p_tie() > 0) better += fmt(" (ties %.0f%%)", 100 * d.p_tie());
      std::printf("  %-16s delta %16s   %s   P(better)=%s  n=%llu\n", d.kpi().c_str(), human(d.delta_mean(), unit).c_str(),
                  ci_text(d.delta_ci_low(), d.delta_ci_high(), d.n(), d.delta_ci_clipped(), unit).c_str(),
                  better.c_str(), static_cast<unsigned long long>(d.n()));
    }
    // Payback of what the plan adds: when its mean cumulative contribution overtakes the base's.
    bool same = false;  // every pair tied on contribution: the same curve, nothing to pay back
    for (const auto& d : c.deltas())
      if (d.kpi() == "contribution") same = d.n() > 0 && d.p_tie() == 1;
    if (same)
      std::printf("  payback          none: the same contribution in every paired run\n");
    else if (c.has_payback_days() && c.payback_days() == 0)
      std::printf("  payback          none needed: its mean cumulative contribution is never behind\n");
    else if (c.has_payback_days())
      std::printf("  payback          month %.1f (from then on its mean cumulative contribution stays ahead; means, no CI)\n",
                  c.payback_days() / (365.0 / 12.0));
    else
      std::printf("  payback          not within the horizon (its mean cumulative contribution ends behind)\n");
  }
}

// With a horizon of two years or more: each yearly KPI (yearly.h), one column per year.
void print_years(const v1::Results& r) {
  if (r.parameter_paths_size() > 0) return;  // a sweep: yearly.csv has it, the table would not fit
  for (const auto& plan : r.plans()) {
    if (plan.points_size() == 0 || plan.points(0).years_size() < 2) continue;
    const auto& dp = plan.points(0);
    std::printf("\n%s by year, mean [95%% CI]:\n%-18s", plan.name().c_str(), "kpi");
    for (const auto& y : dp.years()) std::printf(" %-36s", ("year " + std::to_string(y.year())).c_str());
    std::printf("\n");
    for (std::size_t k = 0; k < ex::yearly_kpis().size(); ++k) {
      const std::string unit = ex::yearly_kpis()[k].unit;
      std::printf("%-18s", ex::yearly_kpis()[k].name);
      for (const auto& y : dp.years()) {
        if (static_cast<int>(k) >= y.kpis_size()) continue;
        const auto& s = y.kpis(static_cast<int>(k));
        std::printf(" %-36s", (human(s.mean(), unit) + " " + ci_text(s.ci_low(), s.ci_high(), s.n(), s.ci_clipped(), unit)).c_str());
      }
      std::printf("\n");
    }
  }
}

// MSER-5 (warmup.h) on the across-replication mean of the weekly opportunity stock and, where
// deals queue for PMs at all (a mean queue of 1 deal or more in some week), the PM queue length,
// of each plan's first design point. When MSER-5 would delete a material transient
// (needs_longer_warmup: at least one batch of 5 weeks, its mean 10% or more off the rest's) the
// pipeline was still filling when the measurement started: a warning on stderr names the week and
// suggests a warm-up that long. When the truncation point is at the edge of the searched first half
// (not `reliable`) the series has not settled within the horizon, and the warning says so.
// Returns the warnings printed.
int warn_warmup(const v1::Results& r) {
  int warnings = 0;
  for (const auto& plan : r.plans()) {
    if (plan.points_size() == 0) continue;
    const auto& dp = plan.points(0);
    std::size_t weeks = 0;
    bool reliable = true;
    std::string which;
    for (int s = 0; s < r.series_names_size() && s < dp.series_size(); ++s) {
      const std::string& name = r.series_names(s);
      if (name != "opportunity_stock" && name != "pm_queue_length") continue;
      const auto& mean = dp.series(s).mean();
      if (name == "pm_queue_length" && (mean.empty() || *std::max_element(mean.begin(), mean.end()) < 1.0)) continue;
      const ex::Mser5 m = ex::mser5(std::span<const double>(mean.data(), static_cast<std::size_t>(mean.size())));
      if (ex::needs_longer_warmup(m) && m.truncation_obs > weeks)
        weeks = m.truncation_obs, which = name, reliable = m.reliable;
    }
    if (weeks == 0) continue;
    const double warmup = plan.scenario().calendar().warmup_days();
    const long suggest = std::lround(std::ceil((warmup + 7.0 * static_cast<double>(weeks)) / 7.0) * 7.0);
    std::fprintf(stderr,
                 "salesim: warning: %s: the pipeline is still settling after the warm-up: MSER-5 on the mean weekly %s "
                 "truncates the first %zu weeks (it settles around week %zu%s); consider --set calendar.warmup_days=%ld "
                 "or more (now %.0f)\n",
                 plan.name().c_str(), which.c_str(), weeks, weeks + 1,
                 reliable ? "" : " at the earliest: it has not settled within the horizon", suggest, warmup);
    ++warnings;
  }
  return warnings;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += c;
  }
  return out + "\"";
}

// run.json: how the run went (not part of the results' bytes).
std::string run_json(const std::vector<std::string>& argv_all, unsigned threads, int ranks, double seconds,
                     const ex::RunStats& st) {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  std::string cmd;
  for (const auto& a : argv_all) cmd += (cmd.empty() ? "" : ", ") + json_string(a);
  std::ostringstream o;
  o << "{\n  \"command\": [" << cmd << "],\n"
    << "  \"host\": " << json_string(host) << ",\n"
    << "  \"threads\": " << threads << ",\n"
    << "  \"mpi_ranks\": " << ranks << ",\n"
    << "  \"wall_seconds\": " << ex::format_number(seconds) << ",\n"
    << "  \"replications_computed\": " << st.replications_computed << ",\n"
    << "  \"replications_replayed\": " << st.replications_replayed << ",\n"
    << "  \"model_events\": " << st.model_events << ",\n"
    << "  \"replications_per_second\": " << ex::format_number(seconds > 0 ? st.replications_computed / seconds : 0) << ",\n"
    << "  \"events_per_second\": " << ex::format_number(seconds > 0 ? st.model_events / seconds : 0) << "\n}\n";
  return o.str();
}

// out/<scenario name> (one plan) or out/<command>-<first>-vs-<second>, each name made a safe
// folder name so that the default stays inside out/; `note` says when a name had to change.
std::string default_out(const std::vector<v1::Scenario>& plans, const std::string& command, std::string& note) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < plans.size() && i < 2; ++i) {
    const std::string& name = plans[i].name();
    parts.push_back(ex::safe_file_name(name, "scenario"));
    if (parts.back() != name)
      note += "note: the scenario name " + ex::quote_argument(name) + " is not a plain folder name (letters, digits, '-', '_'); using '" + parts.back() +
              "' (choose the folder with --out)\n";
  }
  if (plans.size() == 1) return "out/" + parts[0];
  return "out/" + command + "-" + parts[0] + "-vs-" + parts[1];
}

bool is_rank0() {
#if defined(SALESIM_HAVE_MPI)
  return ex::mpi_rank() == 0;
#else
  return true;
#endif
}

// --- Ranking (compare).

// The --rank-by KPI: `requested`, or contribution when the catalogue has it, else revenue. An
// unknown name is a usage error listing the KPIs there are.
std::string rank_by_kpi(const std::string& requested) {
  const auto& cat = model::kpi_catalog();
  if (requested.empty()) return model::kpi_index("contribution") >= 0 ? "contribution" : "revenue";
  if (model::kpi_index(requested) >= 0) return requested;
  std::string names;
  for (const auto& k : cat) names.append(names.empty() ? "" : ", ").append(k.name);
  throw UsageError(std::string("--rank-by: no KPI named ").append(ex::quote_argument(requested)).append("; the KPIs are: ").append(names));
}

// Numbers for people: 1.7M, 240k, 0.31. One scale and number of decimals for a group of numbers
// (a row of the ranking, a verdict) so they read together: the scale from the largest magnitude,
// the decimals from `resolution` (the narrowest interval width shown: two significant digits of it).
struct NumberStyle {
  double div = 1;
  const char* suffix = "";
  int decimals = 0;
};
NumberStyle number_style(double magnitude, double resolution) {
  NumberStyle st;
  magnitude = std::abs(magnitude);
  if (magnitude >= 1e9) st.div = 1e9, st.suffix = "B";
  else if (magnitude >= 1e6) st.div = 1e6, st.suffix = "M";
  else if (magnitude >= 1e4) st.div = 1e3, st.suffix = "k";
  const double r = std::abs(resolution) / st.div;
  int d = std::isfinite(r) && r > 0 ? static_cast<int>(std::ceil(-std::log10(r))) + 1 : 2;
  if (magnitude / st.div >= 100 && d > 0 && !(r < 1)) d = 0;
  st.decimals = std::clamp(d, 0, 3);
  return st;
}
std::string styled(double v, const NumberStyle& st, bool plus = false) {
  if (std::isnan(v)) return "—";
  if (v == 0) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, plus ? "%+.*f%s" : "%.*f%s", st.decimals, v / st.div, st.suffix);
  return buf;
}
// A share as a whole percent, rounded as the same share printed with two decimals (P(better) 0.69
// reads 69%, never 68%).
std::string percent(double p) {
  return std::isnan(p) ? std::string("—") : fmt("%.0f%%", std::round(100 * std::stod(fmt("%.2f", p))));
}
std::string unit_label(const std::string& unit) {
  return unit == "share" || unit == "count" || unit.empty() ? std::string() : std::string(" ").append(unit);
}

// The ranking in one sentence, for readers who skip the table: the top plan against the base
// (or, when the base is on top, the best other plan against it), then which plans the data cannot
// tell apart from the best.
std::string ranking_verdict(const v1::Results& r, const v1::Ranking& rk) {
  const v1::KpiInfo& info = r.kpis(model::kpi_index(rk.kpi()));
  const std::string& kpi = rk.kpi();
  const auto q = [](const std::string& name) { return std::string("\"").append(name).append("\""); };
  const v1::RankedPlan* base = nullptr;
  for (const auto& p : rk.plans())
    if (p.plan_index() == 0) base = &p;
  if (!base || rk.plans_size() < 2) return {};
  if (std::all_of(rk.plans().begin(), rk.plans().end(), [](const v1::RankedPlan& p) { return p.p_tie_base() == 1.0; }))
    return std::string("All plans give the same ").append(kpi).append(" in every paired run: a tie.");
  if (rk.n() < 2)
    return std::string("Too few paired runs to rank the plans (n=").append(std::to_string(rk.n())).append("): add replications.");
  const bool base_on_top = base->rank() == 1;
  const v1::RankedPlan* plan = &rk.plans(0);
  if (base_on_top)
    for (const auto& p : rk.plans())
      if (p.plan_index() != 0) {
        plan = &p;
        break;
      }
  std::string s;
  if (plan->p_tie_base() == 1.0) {
    s = std::string("Plan ").append(q(plan->plan())).append(" gives the same ").append(kpi).append(" as ").append(q(base->plan()))
            .append(" in every paired run: a tie");
  } else {
    // "adds 1.7M CNY revenue over the horizon [1.3M, 2.1M]": the size of the change, its interval
    // in the same direction.
    const double d = plan->delta_base(), lo = plan->delta_base_ci_low(), hi = plan->delta_base_ci_high();
    const NumberStyle st = number_style(std::max({std::abs(d), std::abs(lo), std::abs(hi)}), hi - lo);
    const bool down = d < 0;
    // A sum over the horizon says so; a ratio or per-head KPI (cost per won deal, ROI) does not.
    std::string horizon;
    if (info.unit() == "CNY" && info.ratio_numerator().empty() && info.name().find("per_head") == std::string::npos)
      horizon = info.description().find("year") != std::string::npos ? " a year" : " over the horizon";
    s = std::string(base_on_top ? "The base " : "Plan ");
    if (base_on_top) s.append(q(base->plan())).append(" ranks first on ").append(kpi).append(": the runner-up, ");
    s.append(q(plan->plan())).append(base_on_top ? ", " : " ");
    s.append(info.lower_is_better() ? (down ? "cuts " : "raises ") : (down ? "loses " : "adds "));
    s.append(styled(down ? -d : d, st)).append(unit_label(info.unit())).append(" ").append(kpi).append(horizon);
    s.append(" [").append(styled(down ? -hi : lo, st)).append(", ").append(styled(down ? -lo : hi, st)).append("]");
    if (!base_on_top) s.append(" vs ").append(q(base->plan()));
    if (lo <= 0 && hi >= 0) s.append(" (the 95% interval includes no change)");
    s.append(base_on_top ? "; it beats the base in " : "; it beats it in ").append(percent(plan->p_beats_base())).append(" of paired runs");
    if (base_on_top) s.append("; P(best) of ").append(q(base->plan())).append(" ").append(fmt("%.2f", base->p_best()));
    else s.append("; P(best) ").append(fmt("%.2f", plan->p_best()));
  }
  std::vector<const v1::RankedPlan*> candidates;
  for (const auto& p : rk.plans())
    if (p.may_be_best()) candidates.push_back(&p);
  if (candidates.size() == 1) {
    s.append(". ").append(q(candidates[0]->plan())).append(" is the best of the ").append(std::to_string(rk.plans_size()))
        .append(" plans (95% MCB).");
  } else {
    s.append(". Cannot tell apart from the best with these ").append(std::to_string(rk.n())).append(" runs (95% MCB): ");
    for (std::size_t i = 0; i < candidates.size(); ++i)
      s.append(i ? ", " : "").append(q(candidates[i]->plan())).append(" (P(best) ").append(fmt("%.2f", candidates[i]->p_best())).append(")");
    s.append("; more replications may separate them.");
  }
  return s;
}

// The ranking by `kpi` as a table, then a plain-language verdict line.
void print_ranking(const v1::Results& r, const std::string& kpi) {
  const v1::Ranking* rk = nullptr;
  for (const auto& x : r.rankings())
    if (x.kpi() == kpi && x.design_point() == 0) rk = &x;
  const int ki = model::kpi_index(kpi);
  if (!rk || rk->plans_size() == 0 || ki < 0 || ki >= r.kpis_size()) return;
  const v1::KpiInfo& info = r.kpis(ki);
  const std::string unit = unit_label(info.unit());
  double magnitude = 0, resolution = INFINITY;
  std::size_t width = 4;
  for (const auto& p : rk->plans()) {
    for (double v : {p.mean(), p.ci_low(), p.ci_high(), p.mcb_low(), p.mcb_high()})
      if (std::isfinite(v)) magnitude = std::max(magnitude, std::abs(v));
    for (double w : {p.ci_high() - p.ci_low(), p.delta_base_ci_high() - p.delta_base_ci_low()})
      if (std::isfinite(w) && w > 0) resolution = std::min(resolution, w);
    width = std::max(width, cli::display_width(p.plan()));
  }
  const NumberStyle st = number_style(magnitude, resolution);
  const bool crn = std::all_of(r.plans().begin(), r.plans().end(), [&](const v1::PlanResult& p) { return p.seed() == r.plans(0).seed(); });
  std::printf("\nRanked by %s (%s%s, %s is better; %llu paired runs, %s random numbers):\n", kpi.c_str(),
              info.unit().empty() ? "" : info.unit().c_str(), rk->ratio_of_sums() ? ", ratio of sums" : "",
              rk->lower_is_better() ? "lower" : "higher", static_cast<unsigned long long>(rk->n()),
              crn ? "common" : "independent");
  std::printf("%-5s %s %12s  %-22s %-24s %7s  %s\n", "rank", cli::pad_right("plan", width).c_str(), "mean", "95% CI",
              "vs best of rest (MCB)", "P(best)", "beats base");
  for (const auto& p : rk->plans()) {
    std::string rank = std::to_string(p.rank()) + (p.tied() ? "=" : "");
    std::string ci = rk->n() < 2 ? std::string("[n<2]")
                                 : std::string("[").append(styled(p.ci_low(), st)).append(", ").append(styled(p.ci_high(), st)).append("]");
    std::string mcb = rk->n() < 2 ? std::string("[n<2]")
                                  : std::string("[").append(styled(p.mcb_low(), st, true)).append(", ").append(styled(p.mcb_high(), st, true)).append("]");
    if (p.may_be_best()) mcb += " best?";
    std::printf("%-5s %s %12s  %-22s %-24s %7s  %s\n", rank.c_str(), cli::pad_right(p.plan(), width).c_str(),
                styled(p.mean(), st).c_str(), ci.c_str(), mcb.c_str(),
                std::isnan(p.p_best()) ? "—" : fmt("%.2f", p.p_best()).c_str(),
                p.plan_index() == 0 ? "(base)" : percent(p.p_beats_base()).c_str());
  }
  std::printf("(MCB: simultaneous 95%% intervals of mean minus the best of the other plans; \"best?\": cannot be told\n"
              " apart from the best. P(best) from the normal approximation of the paired means. A tie counts half.)\n");
  std::printf("%s\n", ranking_verdict(r, *rk).c_str());
}

// run / compare / sweep.
// The options of `command` as --help lists them (bound to storage that outlives them, unused).
po::options_description help_options(const std::string& command) {
  static Invocation unused;
  return options_for(command, unused);
}

int cmd_experiment(Invocation& inv, const std::vector<std::string>& argv_all) {
  const std::string& command = inv.command;
  ExperimentArgs& o = inv.experiment;
  const std::vector<std::string>& files = o.files;
  if (inv.help) {
    if (command == "run")
      std::cout << "salesim run FILE [options]\n\n"
                   "Runs replications of one scenario and writes results.pb (aggregates), replications.pb\n"
                   "(per-replication rows), summary.csv, replications.csv, timeseries.csv, scenario.txtpb and\n"
                   "run.json into --out, all of them or none: a failed write exits 1 with the OS reason and\n"
                   "keeps the journal for --resume. Prints revenue, win rate and big-deal rate with 95%\n"
                   "confidence intervals. The same seed gives the same bytes for any --threads (and any MPI\n"
                   "rank count).\n\n"
                   "Examples:\n"
                   "  salesim run scenarios/golden_triangle.txtpb --replications 1000 --seed 7 --out out/gt\n"
                   "  salesim run scenarios/golden_triangle.txtpb --set team.cohorts[pm].count=4 --out out/gt4\n"
                   "  salesim run scenarios/golden_triangle.txtpb --target-ci 0.01 --out out/precise\n"
                   "  mpirun -np 4 salesim run scenarios/golden_triangle.txtpb -n 100000 --out out/big\n"
                   "    (as root add --allow-run-as-root, and --oversubscribe for more ranks than cores;\n"
                   "     MPI has no authentication: use it on trusted, isolated networks only)\n\n";
    else if (command == "compare")
      std::cout << "salesim compare BASE PLAN [PLAN...] [options]\n\n"
                   "Runs every plan on the same simulated markets (common random numbers: replication i of\n"
                   "each plan sees the same buying projects and competitor moves), then reports each plan\n"
                   "against the first: paired differences with 95% CIs and P(plan beats base), in\n"
                   "comparison.csv and on stdout, and the payback of each plan: the month from which its mean\n"
                   "cumulative contribution (gross margin minus costs, scenario field `costs`) stays ahead.\n"
                   "Then ranks all plans (ranking.csv, by every KPI; stdout, by --rank-by): mean with 95% CI;\n"
                   "MCB, simultaneous 95% intervals of each plan's margin over the best of the others\n"
                   "(multiple comparisons with the best; a plan whose interval reaches past 0 on the better\n"
                   "side cannot be told apart from the best); P(best), the chance the plan is truly best\n"
                   "given these runs; and the share of paired runs it beats the base in (a tie counts half,\n"
                   "so identical plans read 50% and split P(best) equally). A last line says it in words.\n"
                   "docs/statistics.md has the formulas.\n\n"
                   "A plan can be a file, or the base plus new people with --hire ROLE[:COHORT]=N[@DAY]: they\n"
                   "join at tenure 0 on DAY (default 1), ramp up and are paid from then on, with the skills and\n"
                   "cost of COHORT (default: the role's first cohort). A --set team.cohorts[pm].count=4 instead\n"
                   "makes the standing team one bigger from the start, the new head drawn from the cohort's\n"
                   "tenure like the others (a veteran, if the cohort is veterans).\n\n"
                   "--set path=value changes every plan; --set N:path=value changes plan N only (N counts\n"
                   "the scenario files from 1, in the order given; a --hire plan is the base, with the base's\n"
                   "settings, plus its people); the scenario.<plan>.txtpb echoes show what each plan ran.\n\n"
                   "Examples:\n"
                   "  salesim compare scenarios/golden_triangle.txtpb scenarios/offside.txtpb -n 500 --out out/cmp\n"
                   "  salesim compare scenarios/hiring_decision.txtpb --hire pm=1 --hire am=2 --out out/hire\n"
                   "  salesim compare scenarios/golden_triangle.txtpb scenarios/golden_triangle.txtpb \\\n"
                   "      --name base --name pm5 --set 2:team.cohorts[pm].count=5 --rank-by win_rate --out out/pm5\n\n";
    else
      std::cout << "salesim sweep FILE [options]\n\n"
                   "Runs the parameter study in the scenario's experiment.sweep: a grid (every combination of\n"
                   "listed values) or a Latin hypercube (N points spread over ranges) over any numeric field\n"
                   "path, with --replications per design point. Long sweeps survive faults: rerun the same\n"
                   "command with --resume after a crash or Ctrl-C.\n\n"
                   "Design points share their random numbers: replication r of every point sees the same\n"
                   "market and customers (common random numbers), so neighbouring points differ by the swept\n"
                   "change, not by luck (--independent-points turns this off). summary.csv, timeseries.csv and\n"
                   "replications.csv carry each swept field as a column of its own, named by its path.\n\n"
                   "A design made elsewhere (SALib, the EMA workbench, a spreadsheet) runs with --design: a CSV\n"
                   "whose header names field paths and whose rows are the points; --export-design writes the\n"
                   "scenario's own design in that layout, without running.\n\n"
                   "Examples:\n"
                   "  salesim sweep scenarios/sweep_pm_count.txtpb -n 200 --out out/sweep\n"
                   "  salesim sweep scenarios/lhs_formation.txtpb --export-design points.csv   # then edit it\n"
                   "  salesim sweep scenarios/lhs_formation.txtpb --design points.csv --out out/mine\n"
                   "  salesim sweep scenarios/lhs_formation.txtpb --shard 0/2 --out out/s0   # then salesim merge\n"
                   "  salesim sweep s.txtpb --shard auto --progress=lines --out out/s_$SLURM_ARRAY_TASK_ID  # sbatch --array=0-15\n"
                   "    (cluster recipes, Slurm and mpirun: docs/cluster.md)\n\n";
    std::cout << help_options(command) << "\n";
    return kOk;
  }
  if (command == "compare") o.rank_by = rank_by_kpi(o.rank_by);  // before any work: exit 2 if unknown
  std::vector<v1::Scenario> plans;
  for (std::size_t i = 0; i < files.size(); ++i)
    plans.push_back(ex::load_scenario_file(files[i], i < o.plan_sets.size() ? o.plan_sets[i] : o.sets));
  if (command == "run" || command == "compare") {
    for (std::size_t i = 0; i < plans.size(); ++i) {
      const auto& sw = plans[i].experiment().sweep();
      if ((sw.has_grid() || sw.has_latin_hypercube()) && !o.ignore_sweep)
        throw UsageError(files[i] + " has a sweep design, which " + command + " would not run: use `salesim sweep " +
                         files[i] + "`, or --ignore-sweep to run its base scenario");
      if (plans[i].experiment().has_sensitivity() && !o.ignore_sweep)
        throw UsageError(files[i] + " has a sensitivity analysis (experiment.sensitivity), which " + command +
                         " would not run: use `salesim sensitivity " + files[i] + "`, or --ignore-sweep to run its base scenario");
      plans[i].mutable_experiment()->clear_sweep();
      plans[i].mutable_experiment()->clear_sensitivity();
    }
  } else {
    const auto& sw = plans[0].experiment().sweep();
    if (!sw.has_grid() && !sw.has_latin_hypercube() && o.design_file.empty())
      throw ex::ScenarioLoadError(files[0] + ": experiment.sweep: no grid or latin_hypercube design; use `salesim run` for a "
                                  "plain scenario, or give the points with --design FILE.csv");
  }
  // --design: the points of a CSV, each column checked as a sweep axis would be; nothing runs or
  // is written when one is wrong.
  std::shared_ptr<const ex::Design> file_design;
  if (!o.design_file.empty()) {
    std::ifstream in(o.design_file, std::ios::binary);
    if (!in) throw ex::DesignFileError(o.design_file + ": cannot read: " + std::strerror(errno));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const ex::FileDesign f = ex::read_design_csv(text, o.design_file);
    ex::check_design_paths(plans[0], f);
    file_design = std::make_shared<const ex::Design>(f.design);
  }
  if (!o.export_design.empty()) {
    ex::Design d;
    if (file_design) {
      d = *file_design;
    } else {
      v1::Scenario s = plans[0];
      ex::prepare_for_run(s);
      d = ex::make_design(s.experiment().sweep(), o.seed ? *o.seed : s.experiment().seed());
    }
    if (is_rank0()) {
      ex::write_file_atomic(o.export_design, ex::design_csv(d));
      if (!o.quiet)
        std::cerr << "salesim sweep: wrote the " << d.points.size() << " design points of the " << d.kind << " design ("
                  << d.paths.size() << " field path" << (d.paths.size() == 1 ? "" : "s") << ") to " << o.export_design
                  << "; run them with: salesim sweep " << files[0] << " --design " << o.export_design << "\n";
    }
    return kOk;
  }
  // --hire: each spec is one more plan, the base (the first file) with those people joining.
  if (!o.hires.empty()) {
    for (const std::string& spec : o.hires) {
      try {
        plans.push_back(ex::with_hires(plans[0], spec));
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--hire ").append(spec.size() > 60 ? spec.substr(0, 57) + "..." : spec).append(": ").append(e.what()));
      }
    }
  }
  // --max-replications caps a precision target; without one it would be silently ignored.
  if (o.max_replications != 0 && !o.target_ci &&
      std::none_of(plans.begin(), plans.end(), [](const v1::Scenario& p) { return p.experiment().has_target_ci_share(); }))
    throw UsageError("--max-replications caps --target-ci (or experiment.target_ci_share), which this run has not: "
                     "add --target-ci, or give the count with -n");
  // --export-replications names rows of this run's replications.csv: each must be in the run.
  // (With a precision target the count is only known at the end; write_crm_exports checks then.)
  if (command == "run" && !o.export_crm.empty() && !o.target_ci && !plans[0].experiment().has_target_ci_share()) {
    v1::Scenario s = plans[0];
    ex::prepare_for_run(s);
    const std::uint64_t n = o.replications ? o.replications : s.experiment().replications();
    for (const std::uint64_t r : o.export_replications)
      if (r >= n)
        throw UsageError("--export-replications: replication " + std::to_string(r) + " is not in this run of " +
                         std::to_string(n) + " replication" + (n == 1 ? "" : "s") + " (0 to " + std::to_string(n - 1) +
                         "; export r is row r of replications.csv): raise -n or export another");
  }
  if (o.out.empty()) {
    std::string note;
    o.out = default_out(plans, command, note);
    if (!o.quiet && is_rank0()) std::cerr << note;
  }

  ex::RunOptions opt;
  opt.replications = o.replications;
  opt.seed = o.seed;
  opt.threads = o.threads;
  opt.cancel = &g_cancel;
  opt.common_random_numbers = !o.independent;
  opt.independent_points = o.independent_points;
  opt.design = file_design;
  opt.target_ci_share = o.target_ci;
  opt.max_replications = o.max_replications;
  opt.journal_dir = o.out;
  opt.resume = o.resume;
  opt.shard_index = o.shard_index;
  opt.shard_count = o.shard_count;
  ex::RunStats stats;
  opt.stats = &stats;
  const bool rank0 = is_rank0();
  bool dir_ok = true;
  std::string dir_error;
  if (rank0) {
    try {
      // --resume with nothing to resume (a finished run, or one that failed before its journal)
      // runs from the start: say so rather than look like a resume.
      if (o.resume && !fs::exists(fs::path(o.out) / "journal.bin") && !o.quiet)
        std::cerr << "salesim " << command << ": nothing to resume in " << o.out
                  << " (no journal.bin): running from the start\n";
      // --export-crm is checked before anything runs or is written: a user's real export or
      // another command's folder must never be overwritten without --force.
      if (command == "run" && !o.export_crm.empty()) {
        std::error_code ec;
        if (fs::weakly_canonical(o.export_crm, ec) == fs::weakly_canonical(o.out, ec))
          throw ex::OutputDirError("--export-crm " + o.export_crm + " is the --out folder: give the export a folder of its own");
        ex::require_new_or_empty_dir(o.export_crm, o.force, "--export-crm");
      }
      ex::prepare_output_dir(o.out, o.resume, o.force);
    } catch (const ex::OutputDirError& e) {
      dir_ok = false;
      dir_error = e.what();
    }
  }
#if defined(SALESIM_HAVE_MPI)
  dir_ok = ex::mpi_root_ok(dir_ok);  // the other ranks stop too
#endif
  if (!dir_ok) {
    if (rank0) throw ex::OutputDirError(dir_error);
    return kFail;
  }
  if (!o.shard_source.empty() && !o.quiet && rank0)
    std::cerr << "salesim " << command << ": --shard auto: shard " << o.shard_index << "/" << o.shard_count << " ("
              << o.shard_source << ")\n";
  ProgressBar bar(progress_mode(o.progress, !o.quiet && rank0), "salesim " + command);
  opt.on_progress = bar.callback();
  install_signal_handlers();
  const auto t0 = std::chrono::steady_clock::now();
  v1::Results results;
  int ranks = 1;
  try {
#if defined(SALESIM_HAVE_MPI)
    ranks = ex::mpi_size();
    opt.distributor = ex::mpi_distributor();
    if (!rank0) opt.journal_dir.clear();  // rank 0 alone writes
#endif
    results = ex::run_plans(plans, o.names, opt);
  } catch (const ex::WriteError& e) {
    if (!rank0) throw;
    throw ex::WriteError(std::string(e.what()) + "\nthe journal keeps what was done; once fixed, resume with:\n  " +
                         join_command(argv_all, true));
  } catch (const ex::Cancelled&) {
    bar.finish();
    const int sig = g_signal.load() ? g_signal.load() : SIGINT;
    if (rank0) {
      std::cerr << "salesim: interrupted (" << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << "); "
                << (stats.replications_computed + stats.replications_replayed)
                << " replications are saved in " << ex::journal_path(o.out) << "\n"
                << "resume with:\n  " << join_command(argv_all, true) << "\n";
    }
    return 128 + sig;
  }
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!rank0) return kOk;
  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (o.shard_count > 1) {
    ex::write_file_atomic((fs::path(o.out) / "run.json").string(), run_json(argv_all, threads, ranks, secs, stats));
    std::cerr << "salesim: shard " << o.shard_index << "/" << o.shard_count << " done (" << stats.replications_computed
              << " replications computed); when all shards are done: salesim merge DIR... --out OUT\n";
    return kOk;
  }
  try {
    // All files or none; the journal goes with the publish, so a failed write can be --resume'd.
    ex::OutputSet out(o.out);
    ex::add_outputs(out, results);
    out.add("run.json", run_json(argv_all, threads, ranks, secs, stats));
    for (const char* side : {"journal.bands", "journal.bands.tmp", "journal.weeks"}) out.remove(side);
    out.remove("journal.bin");  // last: while it is there, --resume rewrites the whole set
    out.publish();
  } catch (const ex::WriteError& e) {
    throw ex::WriteError(std::string(e.what()) + "\nno output was written and the journal is kept; once fixed, resume with:\n  " +
                         join_command(argv_all, true));
  }
  if (!o.quiet) {
    print_summary_table(results);
    print_years(results);
    if (command == "compare") print_ranking(results, o.rank_by);
    const bool yearly = results.plans_size() && results.plans(0).points_size() && results.plans(0).points(0).years_size();
    std::printf("\nwrote %s/{results.pb,replications.pb,summary.csv,replications.csv,timeseries.csv%s%s%s} in %.1f s\n", o.out.c_str(),
                results.plans_size() > 1 ? ",comparison.csv,ranking.csv" : "", yearly ? ",yearly.csv" : "",
                file_design ? ",design.csv" : "", secs);
    std::fflush(stdout);
    if (results.parameter_paths_size() == 0) warn_warmup(results);
  }
  if (command == "run" && !o.export_crm.empty()) {
    const std::uint64_t n = results.plans(0).points(0).replication_count()
                                ? results.plans(0).points(0).replication_count()
                                : static_cast<std::uint64_t>(results.plans(0).points(0).replications_size());
    for (const std::uint64_t r : o.export_replications)  // a precision target's count is known only now
      if (r >= n)
        throw UsageError("--export-replications: replication " + std::to_string(r) + " is not in this run of " +
                         std::to_string(n) + " replications (its precision target stopped there); nothing exported");
    write_crm_exports(plans[0], o);
  }
  return kOk;
}

// --- attribute: the gap to the disciplined twin, split by fault (sim/experiment/attribution.h).

// The KPIs to attribute: --kpi in order (each once), or revenue, win_rate and contribution where
// the catalogue has it. Throws UsageError naming an unknown KPI.
std::vector<std::string> attribution_kpis(const std::vector<std::string>& asked) {
  std::vector<std::string> kpis;
  if (asked.empty()) {
    for (const char* k : {"revenue", "win_rate", "contribution"})
      if (model::kpi_index(k) >= 0) kpis.push_back(k);
    return kpis;
  }
  for (const std::string& k : asked) {
    if (model::kpi_index(k) < 0)
      throw UsageError("--kpi: unknown KPI " + ex::quote_argument(k) +
                       " (any column of replications.csv, e.g. revenue, win_rate, deals_won, cycle_time_days)");
    if (std::find(kpis.begin(), kpis.end(), k) == kpis.end()) kpis.push_back(k);
  }
  return kpis;
}

std::string percent_text(double share) {
  if (std::isnan(share)) return "";
  return fmt("%.1f%% of the gap", 100.0 * share);
}

void print_attribution(const v1::Results& r) {
  for (const auto& a : r.attributions()) {
    std::string unit;
    for (const auto& k : r.kpis())
      if (k.name() == a.kpi()) unit = k.unit();
    const std::string label = a.kpi() + (unit.empty() || unit == "share" ? "" : " (" + unit + ")");
    std::printf("\n%s: %s%s, n=%llu paired replications, mean [95%% CI]\n", label.c_str(),
                a.ratio_of_sums() ? "ratio of sums, " : "", "common random numbers",
                static_cast<unsigned long long>(a.n()));
    auto line = [&](const std::string& what, double mean, double lo, double hi, bool clipped, const std::string& note) {
      const std::string ci = ci_text(lo, hi, a.n(), clipped, unit);
      if (note.empty()) std::printf("  %s %16s   %s\n", cli::pad_right(what, 34).c_str(), human(mean, unit).c_str(), ci.c_str());
      else std::printf("  %s %16s   %-36s %s\n", cli::pad_right(what, 34).c_str(), human(mean, unit).c_str(), ci.c_str(), note.c_str());
    };
    line("disciplined twin", a.twin_mean(), a.twin_ci_low(), a.twin_ci_high(), false, "");
    for (const auto& s : a.shares())
      line(std::string("+ ").append(s.fault()), s.mean(), s.ci_low(), s.ci_high(), s.ci_clipped(),
           percent_text(s.share_of_gap()));
    line("= scenario (all faults on)", a.scenario_mean(), a.scenario_ci_low(),
         a.scenario_ci_high(), false, "");
    line("  gap (scenario - twin)", a.gap(), a.gap_ci_low(), a.gap_ci_high(), false, "");
  }
  std::printf("\nEach share is the fault's Shapley value: its effect when switched on, averaged over the orders of\n"
              "switching the faults on (interactions split evenly); the shares add up to the gap.\n");
}

// A run that SIGINT or SIGTERM stopped before its outputs: says so; the exit status is 128 + signal.
int interrupted_before_writing(ProgressBar& bar) {
  bar.finish();
  const int sig = g_signal.load() ? g_signal.load() : SIGINT;
  std::cerr << "salesim: interrupted (" << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << "); nothing was written\n";
  return 128 + sig;
}

// The usual outputs of `results` plus a command's own table and run.json, all or none (OutputSet).
void publish_with_table(const std::string& dir, v1::Results& results, const std::string& table_name,
                        const std::string& table, const std::string& run) {
  ex::OutputSet out(dir);
  ex::add_outputs(out, results);
  out.add(table_name, table);
  out.add("run.json", run);
  out.publish();
}

int cmd_attribute(Invocation& inv, const std::vector<std::string>& argv_all) {
  ExperimentArgs& o = inv.experiment;
  if (inv.help) {
    std::cout << "salesim attribute FILE [options]\n\n"
                 "Splits the gap between a scenario and its disciplined twin (the same team, market and seed with\n"
                 "formation.offside, .misplaced and .covering switched off) into each fault's share. It runs every\n"
                 "on/off combination of the faults the scenario switches on (2^m variants for m faults, all on the\n"
                 "same simulated markets: common random numbers) and reports each fault's Shapley value: the change\n"
                 "the fault makes when it is switched on, averaged over the orders in which the faults can be\n"
                 "switched on, so that what two faults do only together is split evenly between them. The shares\n"
                 "add up to the gap exactly. Each comes with a 95% confidence interval over the paired\n"
                 "replications (a ratio KPI such as win_rate as a ratio of sums with a delta-method interval), and\n"
                 "as a percentage of the gap.\n\n"
                 "Writes attribution.csv (kpi, fault, mean, ci_low, ci_high, share_of_gap, n; the rows twin, gap and\n"
                 "scenario frame each KPI's faults), results.pb (the variants as the plans of a compare, the\n"
                 "disciplined twin first, and the attribution; `salesim-viz --render results.pb --chart waterfall`\n"
                 "draws it), replications.pb, summary.csv, replications.csv, timeseries.csv, comparison.csv (each\n"
                 "variant against the twin), the variants' scenarios and run.json. A scenario with no fault on is\n"
                 "its own twin: the command says so, writes nothing and exits 0. The same seed gives the same\n"
                 "bytes for any --threads.\n\n"
                 "Examples:\n"
                 "  salesim attribute scenarios/mid_year_turnaround.txtpb -n 500 --out out/attr\n"
                 "  salesim attribute scenarios/covering.txtpb --set formation.offside.enabled=true --kpi revenue --kpi deals_won\n\n"
              << help_options("attribute") << "\n";
    return kOk;
  }
  const std::vector<std::string> kpis = attribution_kpis(o.kpis);
#if defined(SALESIM_HAVE_MPI)
  // The variants run on one process's threads; under mpirun every rank would write the same folder.
  if (ex::mpi_size() > 1) {
    if (is_rank0()) std::cerr << "salesim attribute: runs in one process (with --threads); start it without mpirun\n";
    return kUsage;
  }
#endif
  v1::Scenario scenario = ex::load_scenario_file(o.files[0], o.sets);
  const auto& sw = scenario.experiment().sweep();
  if (sw.has_grid() || sw.has_latin_hypercube())
    throw UsageError(o.files[0] + " has a sweep design; attribute runs one scenario: remove experiment.sweep (or "
                     "--set one design point's values) first");
  ex::prepare_for_run(scenario);  // the scenario's own problems are reported as its own
  const std::vector<std::string> faults = ex::enabled_faults(scenario);
  if (faults.empty()) {
    std::cout << "salesim attribute: " << scenario.name()
              << " has no formation fault switched on (formation.offside, .misplaced and .covering are off,\n"
                 "in every phase too): it is its own disciplined twin, so there is no gap to attribute. Nothing was\n"
                 "written. Switch a fault on to see its cost, e.g. --set formation.offside.enabled=true\n";
    return kOk;
  }
  if (o.out.empty()) {
    std::string note;
    o.out = default_out({scenario}, "attribute", note);
    o.out = "out/attribute-" + o.out.substr(4);
    if (!o.quiet) std::cerr << note;
  }
  ex::prepare_output_dir(o.out, false, o.force, /*resumable=*/false);
  ex::RunOptions opt;
  opt.replications = o.replications;
  opt.seed = o.seed;
  opt.threads = o.threads;
  opt.cancel = &g_cancel;
  ex::RunStats stats;
  opt.stats = &stats;
  ProgressBar bar(progress_mode(o.progress, !o.quiet), "salesim attribute");
  opt.on_progress = bar.callback();
  install_signal_handlers();
  if (!o.quiet) {
    std::cerr << "salesim attribute: " << scenario.name() << ": " << faults.size() << " fault"
              << (faults.size() > 1 ? "s" : "") << " on (";
    for (std::size_t i = 0; i < faults.size(); ++i) std::cerr << (i ? ", " : "") << faults[i];
    std::cerr << "): running " << (std::size_t{1} << faults.size()) << " on/off variants\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  v1::Results results;
  try {
    results = ex::run_attribution(scenario, kpis, opt);
  } catch (const ex::Cancelled&) {
    return interrupted_before_writing(bar);
  }
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  publish_with_table(o.out, results, "attribution.csv", ex::attribution_csv(results), run_json(argv_all, threads, 1, secs, stats));
  if (!o.quiet) {
    print_attribution(results);
    std::printf("\nwrote %s/{attribution.csv,results.pb,replications.pb,summary.csv,comparison.csv,...} in %.1f s\n",
                o.out.c_str(), secs);
  }
  return kOk;
}

// --factor PATH=LOW..HIGH, into a Factor of experiment.sensitivity (checked by the validator).
v1::Factor parse_factor(const std::string& text, const v1::Scenario& scenario) {
  const auto eq = text.rfind('=');
  const auto dots = eq == std::string::npos ? std::string::npos : text.find("..", eq);
  auto number = [&](std::string_view s, double& v) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size() && std::isfinite(v);
  };
  v1::Factor f;
  double lo = 0, hi = 0;
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos ||
      !number(std::string_view(text).substr(eq + 1, dots - eq - 1), lo) || !number(std::string_view(text).substr(dots + 2), hi))
    throw UsageError("--factor " + ex::quote_argument(text) + ": expected PATH=LOW..HIGH with numbers, e.g. team.cohorts[pm].count=2..6");
  f.set_path(text.substr(0, eq));
  f.set_low(lo);
  f.set_high(hi);
  // A field that refuses a fraction counts something: sample whole numbers.
  v1::Scenario copy = scenario;
  copy.mutable_experiment()->clear_sensitivity();
  try {
    ex::set_numeric_field(copy, f.path(), std::floor(lo) + 0.5);
  } catch (const std::exception&) {
    v1::Scenario again = scenario;
    again.mutable_experiment()->clear_sensitivity();
    try {
      ex::set_numeric_field(again, f.path(), std::round(lo));
      f.set_integer(true);
    } catch (const std::exception&) {
      // not settable at all: the validator says why, with the field path
    }
  }
  return f;
}

void print_sensitivity(const v1::Results& r) {
  std::string kpi;
  std::vector<const v1::SensitivityIndex*> rows;
  auto flush = [&] {
    if (rows.empty()) return;
    const bool morris = rows[0]->method() == "morris";
    const std::string key = morris ? "mu_star" : "ST";
    std::vector<std::string> params;
    std::map<std::string, std::map<std::string, const v1::SensitivityIndex*>> by;
    for (const auto* x : rows) {
      if (!by.count(x->parameter())) params.push_back(x->parameter());
      by[x->parameter()][x->index()] = x;
    }
    std::stable_sort(params.begin(), params.end(), [&](const std::string& a, const std::string& b) {
      const double ea = by[a][key]->estimate(), eb = by[b][key]->estimate();
      return (std::isnan(eb) ? -1e300 : eb) < (std::isnan(ea) ? -1e300 : ea);
    });
    std::printf("\n%s (%s, sorted by %s; 95%% bootstrap intervals)\n", kpi.c_str(), morris ? "Morris" : "Sobol", key.c_str());
    const std::vector<std::string> cols = morris ? std::vector<std::string>{"mu_star", "mu", "sigma"}
                                                 : std::vector<std::string>{"ST", "S1"};
    std::printf("  %-44s", "factor");
    for (const auto& c : cols) std::printf(" %28s", c.c_str());
    std::printf("\n");
    bool any = false;
    for (const auto& p : params) {
      std::printf("  %s", cli::pad_right(p, 44).c_str());
      for (const auto& c : cols) {
        const auto* x = by[p][c];
        any |= !std::isnan(x->estimate());
        char cell[64];
        std::snprintf(cell, sizeof cell, "%.4g [%.4g, %.4g]", x->estimate(), x->ci_low(), x->ci_high());
        std::printf(" %28s", cell);
      }
      std::printf("\n");
    }
    // Undefined throughout: the KPI took one value over the whole design (no variance to share out).
    if (!any)
      std::printf("  note: %s does not vary over the design, so it has no indices; are the factors' mechanisms switched on\n"
                  "  in the scenario (e.g. formation.offside.enabled for formation.offside.am_share)?\n",
                  kpi.c_str());
    rows.clear();
  };
  for (const auto& x : r.sensitivity()) {
    if (x.kpi() != kpi) flush(), kpi = x.kpi();
    rows.push_back(&x);
  }
  flush();
}

int cmd_sensitivity(Invocation& inv, const std::vector<std::string>& argv_all) {
  ExperimentArgs& o = inv.experiment;
  if (inv.help) {
    std::cout << "salesim sensitivity FILE [options]\n\n"
                 "Which scenario fields move the KPIs most: a global sensitivity analysis over the factors (fields\n"
                 "and ranges) in the scenario's experiment.sensitivity block or given with --factor. Sobol (the\n"
                 "default): first-order indices S1 (the share of the KPI's variance a factor explains alone) and\n"
                 "total indices ST (alone and in interactions), from the Saltelli design of N (k + 2) points for k\n"
                 "factors. Morris: elementary effects of r trajectories of k + 1 points, mu* (mean absolute effect\n"
                 "over the factor's range, for screening many factors), mu and sigma (non-linearity, interactions).\n"
                 "Each design point runs --replications replications, every point on the same simulated markets\n"
                 "(common random numbers); the indices come from the points' mean KPIs, with 95% bootstrap\n"
                 "intervals. See docs/statistics.md, \"Sensitivity analysis\".\n\n"
                 "Writes sensitivity.csv (kpi, parameter, method, index, estimate, ci_low, ci_high), results.pb (the\n"
                 "design points and the indices; `salesim-viz --render results.pb --chart sensitivity` draws the\n"
                 "tornado), replications.pb, summary.csv, replications.csv, the scenario and run.json. The same\n"
                 "seed gives the same bytes for any --threads.\n\n"
                 "Examples:\n"
                 "  salesim sensitivity scenarios/sensitivity_formation.txtpb -n 20 --out out/sens\n"
                 "  salesim sensitivity scenarios/offside.txtpb --method morris --trajectories 20 \\\n"
                 "      --factor team.cohorts[pm].count=2..6 --factor formation.offside.am_share=0..1 --kpi revenue\n"
                 "  (a factor whose mechanism is off in the scenario, e.g. offside.am_share in golden_triangle where\n"
                 "   offside is not enabled, changes nothing: its indices are 0, or undefined if nothing varies)\n\n"
              << help_options("sensitivity") << "\n";
    return kOk;
  }
#if defined(SALESIM_HAVE_MPI)
  if (ex::mpi_size() > 1) {
    if (is_rank0()) std::cerr << "salesim sensitivity: runs in one process (with --threads); start it without mpirun\n";
    return kUsage;
  }
#endif
  v1::Scenario scenario = ex::load_scenario_file(o.files[0], o.sets);
  const auto& sw = scenario.experiment().sweep();
  if (sw.has_grid() || sw.has_latin_hypercube())
    throw UsageError(o.files[0] + " has a sweep design; sensitivity varies its own factors: remove experiment.sweep first");
  v1::Sensitivity& sens = *scenario.mutable_experiment()->mutable_sensitivity();
  if (!o.factors.empty()) {
    sens.clear_factors();
    for (const auto& f : o.factors) *sens.add_factors() = parse_factor(f, scenario);
  }
  if (o.method == "sobol") sens.set_method(v1::Sensitivity::SOBOL);
  if (o.method == "morris") sens.set_method(v1::Sensitivity::MORRIS);
  if (o.samples) sens.set_base_samples(o.samples);
  if (o.trajectories) sens.set_trajectories(o.trajectories);
  if (!o.kpis.empty()) {
    sens.clear_kpis();
    for (const auto& k : o.kpis) sens.add_kpis(k);
  }
  if (sens.factors().empty())
    throw UsageError(o.files[0] + ": no factors: add an experiment.sensitivity block with factors, or --factor PATH=LOW..HIGH");
  ex::prepare_for_run(scenario);  // validates the factors (numeric fields, ranges, duplicates) with field paths
  std::vector<std::string> asked(sens.kpis().begin(), sens.kpis().end());
  const std::vector<std::string> kpis = attribution_kpis(asked);
  const std::uint64_t seed = o.seed ? *o.seed : scenario.experiment().seed();
  const std::uint32_t replications = o.replications ? o.replications : scenario.experiment().replications();
  ex::SensitivityDesign design;
  try {
    design = ex::make_sensitivity_design(ex::factors_of(sens), ex::settings_of(sens), seed);
  } catch (const std::runtime_error& e) {
    throw ex::ScenarioLoadError(o.files[0] + ": " + e.what());
  }
  if (o.out.empty()) {
    std::string note;
    o.out = default_out({scenario}, "sensitivity", note);
    o.out = "out/sensitivity-" + o.out.substr(4);
    if (!o.quiet) std::cerr << note;
  }
  ex::prepare_output_dir(o.out, false, o.force, /*resumable=*/false);
  // The base of every point: the resolved scenario without the analysis itself.
  v1::Scenario base = scenario;
  base.mutable_experiment()->clear_sensitivity();
  auto make_point = [&](const std::vector<double>& values) -> ex::ReplicationFn {
    v1::Scenario s = base;
    std::string where;
    try {
      for (std::size_t j = 0; j < values.size(); ++j) {
        where.append(j ? ", " : "").append(design.factors[j].path).append("=").append(ex::format_number(values[j]));
        ex::set_numeric_field(s, design.factors[j].path, values[j]);
      }
      ex::prepare_for_run(s);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("design point (").append(where).append("): ").append(e.what()));
    }
    auto m = std::make_shared<const model::Model>(s);
    return [m](const model::ReplicationKey& k) { return m->run(k); };
  };
  ex::RunOptions opt;
  opt.threads = o.threads;
  opt.cancel = &g_cancel;
  ex::RunStats stats;
  opt.stats = &stats;
  ProgressBar bar(progress_mode(o.progress, !o.quiet), "salesim sensitivity");
  opt.on_progress = bar.callback();
  install_signal_handlers();
  if (!o.quiet)
    std::cerr << "salesim sensitivity: " << scenario.name() << ": "
              << (design.method == v1::Sensitivity::MORRIS ? "Morris, " : "Sobol, ") << design.factors.size() << " factors, "
              << design.points.size() << " design points x " << replications << " replications\n";
  const auto t0 = std::chrono::steady_clock::now();
  v1::Results results;
  try {
    v1::Scenario echo = scenario;
    echo.mutable_experiment()->set_seed(seed);
    echo.mutable_experiment()->set_replications(replications);
    results = ex::run_sensitivity(design, model::kpi_catalog(), kpis, make_point, seed, replications, opt,
                                  scenario.name().empty() ? std::string("sensitivity") : scenario.name(), echo);
  } catch (const ex::Cancelled&) {
    return interrupted_before_writing(bar);
  }
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  publish_with_table(o.out, results, "sensitivity.csv", ex::sensitivity_csv(results), run_json(argv_all, threads, 1, secs, stats));
  if (!o.quiet) {
    print_sensitivity(results);
    std::printf("\nwrote %s/{sensitivity.csv,results.pb,replications.pb,summary.csv,...} in %.1f s\n", o.out.c_str(), secs);
  }
  return kOk;
}

int cmd_validate(const Invocation& inv) {
  const auto& [print, sets, files] = inv.validate;
  if (inv.help) {
    std::cout << "salesim validate FILE... [--print] [--set path=value]...\n\n"
                 "Checks scenario files: syntax, every field's range and every reference. Prints one line\n"
                 "per problem (file:line:col: field.path: what is wrong) and exits 0 when all files are\n"
                 "valid, 1 otherwise.\n\n"
                 "Example:\n  salesim validate scenarios/*.txtpb\n  salesim validate my.txtpb --print > resolved.txtpb\n\n"
              << help_options("validate") << "\n";
    return kOk;
  }
  int bad = 0;
  const std::vector<std::vector<std::string>> file_sets = plan_overrides(sets, files.size());  // N: counts the files
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    try {
      std::vector<std::string> read;  // the file, then its base chain, as found (sim/scenario/search.h)
      v1::Scenario s = ex::load_scenario_file(f, file_sets[i], &read);
      ex::prepare_for_run(s);
      if (print) {
        for (std::size_t i = 0; i < read.size(); ++i) std::cout << (i ? "#   over " : "# resolved from ") << read[i] << "\n";
        std::cout << ex::scenario_to_text(s);
      } else {
        std::cout << f << ": ok\n";
      }
    } catch (const std::exception& e) {
      ++bad;
      std::cerr << e.what() << "\n";
    }
  }
  return bad ? kFail : kOk;
}

class TracePrinter : public model::Observer {
 public:
  explicit TracePrinter(std::uint64_t limit) : limit_(limit) {}
  void on_event(const model::TraceEvent& e) override {
    if (limit_ && printed_ >= limit_) {
      ++skipped_;
      return;
    }
    ++printed_;
    std::printf("day %8.2f  %-22s #%-6llu %s\n", e.time_days, e.kind, static_cast<unsigned long long>(e.subject),
                e.detail.c_str());
  }
  std::uint64_t skipped() const { return skipped_; }

 private:
  std::uint64_t limit_, printed_ = 0, skipped_ = 0;
};

int cmd_trace(const Invocation& inv) {
  const TraceArgs& t = inv.trace;
  if (inv.help) {
    std::cout << "salesim trace FILE [--replication K] [options]\n\n"
                 "Replays one replication and prints its story event by event (opportunities found, deals\n"
                 "staffed, stage moves, wins and losses, hires and departures), then its KPIs. Replication K\n"
                 "here is exactly replication K of `salesim run` with the same seed; with --design-point P on a\n"
                 "sweep, replication K of design point P of `salesim sweep` (add --independent-points if the\n"
                 "sweep ran with it; the scenario.txtpb written with a sweep says so itself).\n\n"
                 "Example:\n  salesim trace scenarios/golden_triangle.txtpb --replication 3 | less\n\n"
              << help_options("trace") << "\n";
    return kOk;
  }
  v1::Scenario s = ex::load_scenario_file(t.files[0], plan_overrides(t.sets, 1)[0]);
  const std::optional<std::uint64_t> seed = t.seed;
  const std::uint64_t design_point = t.design_point, replication = t.replication;
  ex::prepare_for_run(s);
  const std::uint64_t master_seed = seed ? *seed : s.experiment().seed();
  if (!t.design_file.empty()) {
    // The points of a design file (sweep --design), row P of it.
    std::ifstream in(t.design_file, std::ios::binary);
    if (!in) throw ex::DesignFileError(t.design_file + ": cannot read: " + std::strerror(errno));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const ex::FileDesign f = ex::read_design_csv(text, t.design_file);
    ex::check_design_paths(s, f);
    if (design_point >= f.design.points.size())
      throw UsageError("--design-point: design point " + std::to_string(design_point) + ": " + t.design_file +
                       " has points 0.." + std::to_string(f.design.points.size() - 1));
    s.mutable_experiment()->clear_sweep();
    for (std::size_t j = 0; j < f.design.paths.size(); ++j)
      ex::set_numeric_field(s, f.design.paths[j], f.design.points[design_point][j]);
    ex::prepare_for_run(s);
  } else {
    try {
      s = ex::design_point_scenario(std::move(s), master_seed, design_point);
    } catch (const std::out_of_range& e) {
      throw UsageError(std::string("--design-point: ") + e.what());
    }
  }
  const model::Model m(s);
  TracePrinter printer(t.limit);
  // A sweep's points share point 0's random numbers unless it ran with --independent-points.
  if (t.independent_points) s.mutable_experiment()->set_independent_points(true);
  const std::uint64_t key_point = ex::stream_design_point(s, design_point);
  const model::ReplicationOutput out = m.run(model::ReplicationKey{master_seed, key_point, replication}, &printer);
  if (printer.skipped()) std::printf("... %llu more events\n", static_cast<unsigned long long>(printer.skipped()));
  std::printf("\nKPIs of replication %llu (%llu model events):\n", static_cast<unsigned long long>(t.replication),
              static_cast<unsigned long long>(out.events));
  const auto& cat = model::kpi_catalog();
  for (std::size_t i = 0; i < cat.size() && i < out.kpis.size(); ++i)
    std::printf("  %-40s %s %s\n", cat[i].name.c_str(), human(out.kpis[i], cat[i].unit).c_str(), cat[i].unit.c_str());
  return kOk;
}

int cmd_merge(const Invocation& inv, const std::vector<std::string>& argv_all) {
  const auto& [out, force, quiet, dirs] = inv.merge;
  if (inv.help) {
    std::cout << "salesim merge DIR... --out OUT\n\n"
                 "Joins the shard directories of one run (`salesim run|compare|sweep ... --shard i/N --out DIR`,\n"
                 "all N shards, in any order) into OUT. The merged files are byte-identical to an unsharded run.\n"
                 "Each shard must be there exactly once, finished, and from the same run: otherwise merge\n"
                 "names every shard missing or given twice (with its directories), exits 1 and writes nothing.\n\n"
                 "Example (job array):\n"
                 "  salesim sweep s.txtpb --shard $I/4 --out shards/$I     # I = 0..3, anywhere\n"
                 "  salesim sweep s.txtpb --shard auto --out shards/$SLURM_ARRAY_TASK_ID   # in sbatch --array=0-3\n"
                 "  salesim merge shards/0 shards/1 shards/2 shards/3 --out out/sweep\n"
                 "(Slurm with a dependent merge job, and mpirun across hosts: docs/cluster.md)\n\n"
              << help_options("merge") << "\n";
    return kOk;
  }
  std::vector<std::string> journals;
  for (const auto& d : dirs) {
    const std::string j = ex::journal_path(d);
    if (!fs::exists(j)) throw ex::OutputDirError(d + ": no journal.bin (is it a --shard run directory?)");
    journals.push_back(j);
  }
  const auto t0 = std::chrono::steady_clock::now();
  v1::Results results = ex::merge_journals(journals, dirs);
  ex::prepare_output_dir(out, false, force, /*resumable=*/false);
  {
    ex::OutputSet set(out);
    ex::add_outputs(set, results);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    set.add("run.json", run_json(argv_all, 1, 1, secs, ex::RunStats{}));
    set.publish();
  }
  if (!quiet) {
    print_summary_table(results);
    if (results.kind() == v1::Results::COMPARE) print_ranking(results, rank_by_kpi(""));
    std::printf("\nmerged %zu shards into %s\n", dirs.size(), out.c_str());
  }
  return kOk;
}

int cmd_schema(const Invocation& inv) {
  const std::string& out = inv.schema.out;
  if (inv.help) {
    std::cout << "salesim schema [--out FILE]\n\n"
                 "Prints the scenario reference (every message, field and enum with its documentation),\n"
                 "generated from the compiled schema: docs/scenario-reference.md is this output.\n\n"
                 "Example:\n  salesim schema --out docs/scenario-reference.md\n\n"
              << help_options("schema") << "\n";
    return kOk;
  }
  const std::string md = ex::scenario_schema_markdown();
  if (out.empty()) std::cout << md;
  else ex::write_file_atomic(out, md);
  return kOk;
}

// --- optimise: staffing plans within a budget, by ranking and selection (selection.h, staffing.h).

// A fingerprint of what the journaled values depend on: the base scenario (overrides applied),
// the plans, the objective and the seed. A journal of another optimisation is refused.
std::uint64_t optimise_fingerprint(const std::string& scenario_text, const std::vector<ex::CohortRange>& ranges,
                                   const ex::StaffingSpace& space, const std::string& objective, std::uint64_t seed) {
  std::uint64_t h = kernel::hash_combine(0x0971, seed);
  auto text = [&](const std::string& t) {
    h = kernel::hash_combine(h, t.size());
    for (unsigned char c : t) h = kernel::hash_combine(h, c);
  };
  text(scenario_text);
  text(objective);
  for (const auto& r : ranges) text(r.cohort);
  for (const auto& p : space.plans)
    for (std::uint32_t c : p.counts) h = kernel::hash_combine(h, c);
  return h;
}

// The journal: a header line with the fingerprint, then one "plan replication value" line per
// computed replication (values in shortest round-trip form, so a replay is exact), appended and
// fsynced after each batch.
class OptimiseJournal {
 public:
  OptimiseJournal(std::string path, std::uint64_t fingerprint, bool resume) : path_(std::move(path)) {
    const std::string header = "salesim optimise journal v1 " + std::to_string(fingerprint);
    if (resume && fs::exists(path_)) {
      std::ifstream in(path_);
      std::string line;
      if (!std::getline(in, line) || line != header)
        throw ex::OutputDirError(path_ + ": the journal is of another optimisation (scenario, --vary, --budget, "
                                         "--objective or --seed differ); use --force to start again");
      while (std::getline(in, line)) {
        std::istringstream row(line);
        std::uint32_t plan = 0;
        std::uint64_t rep = 0;
        std::string v;
        if (!(row >> plan >> rep >> v)) break;  // a torn last line
        double value = 0;
        const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
        if (ec != std::errc() || ptr != v.data() + v.size()) break;
        values_[{plan, rep}] = value;
      }
      fd_ = ex::checked_io::open(path_, O_WRONLY | O_APPEND);
    } else {
      fd_ = ex::checked_io::open(path_, O_WRONLY | O_CREAT | O_TRUNC);
      append(header + "\n");
    }
  }
  ~OptimiseJournal() {
    if (fd_ >= 0) ::close(fd_);
  }
  const double* find(std::uint32_t plan, std::uint64_t rep) const {
    const auto it = values_.find({plan, rep});
    return it == values_.end() ? nullptr : &it->second;
  }
  void record(std::span<const ex::SelectionPair> pairs, const std::vector<double>& values) {
    std::string text;
    for (std::size_t i = 0; i < pairs.size(); ++i)
      text.append(std::to_string(pairs[i].system)).append(" ").append(std::to_string(pairs[i].replication)).append(" ")
          .append(ex::format_number(values[i])).append("\n");
    append(text);
  }
  std::size_t replayable() const { return values_.size(); }

 private:
  void append(const std::string& text) {
    ex::checked_io::write_all(fd_, text.data(), text.size(), path_);
    ex::checked_io::fsync(fd_, path_);
  }
  std::string path_;
  int fd_ = -1;
  std::map<std::pair<std::uint32_t, std::uint64_t>, double> values_;
};

std::string csv_number(double v) { return std::isnan(v) ? std::string() : ex::format_number(v); }
// Money: whole CNY as digits ("23000000", not "2.3e+07"), else the shortest round-trip form.
std::string csv_money(double v) {
  if (std::abs(v) < 1e15 && v == std::floor(v)) return fmt("%.0f", v);
  return ex::format_number(v);
}

int cmd_optimise(Invocation& inv, const std::vector<std::string>& argv_all) {
  OptimiseArgs& o = inv.optimise;
  if (inv.help) {
    std::cout << "salesim optimise FILE --budget CNY --vary COHORT=LOW..HIGH... --delta D [options]\n\n"
                 "Finds the staffing plan that makes an objective KPI best within a yearly people budget. Every\n"
                 "combination of the --vary head counts whose yearly people cost is within --budget (and whose\n"
                 "team is within --max-heads) is a plan: the scenario with those counts. Plans run under common\n"
                 "random numbers (replication r of every plan sees the same market) and are screened by procedure\n"
                 "KN (Kim & Nelson 2001, a fully sequential indifference-zone procedure): after --n0 replications\n"
                 "each, a plan is dropped as soon as its paired sum falls clearly behind another's, and the rest get\n"
                 "more replications until one is left. When the best plan is at least --delta better than every\n"
                 "other, it is selected with probability at least --pcs; plans closer than --delta are all good\n"
                 "answers. A smaller --delta or a higher --pcs costs more replications.\n\n"
                 "The budget holds the planned yearly people cost: count x loaded_cost_cny_per_year of each\n"
                 "cohort (else costs.<role>.loaded_cost_cny_per_year; see salesim schema). The default objective,\n"
                 "contribution, is gross margin minus every cost over the horizon.\n\n"
                 "Writes to --out: ranking.csv (every plan: counts, yearly cost, replications, mean, paired\n"
                 "difference from the selected plan over common replications, when it was dropped; ranked by that\n"
                 "difference), top.csv (the top plans: paired 95% CI of plan - best, P(best)), best_plan.txtpb\n"
                 "(an overlay of the scenario with the selected counts: salesim run it, or validate it) and\n"
                 "run.json (the command, timing). Same scenario and seed give the same files for any --threads.\n\n"
                 "Example:\n"
                 "  salesim optimise scenarios/golden_triangle.txtpb --budget 15000000 \\\n"
                 "      --vary am_new=4..10 --vary pm=2..6 --vary presales=4..9 --delta 1000000 --out out/opt\n"
                 "  salesim run out/opt/best_plan.txtpb\n\n"
              << help_options("optimise") << "\n";
    return kOk;
  }
  const std::string& file = o.files[0];
  std::vector<std::string> read;
  v1::Scenario base = ex::load_scenario_file(file, o.sets, &read);
  if (base.experiment().sweep().has_grid() || base.experiment().sweep().has_latin_hypercube()) {
    if (!o.quiet) std::cerr << "salesim optimise: " << file << " has a sweep design; optimising its base scenario\n";
    base.mutable_experiment()->clear_sweep();
  }
  ex::prepare_for_run(base);
  const int kpi = model::kpi_index(o.objective);
  if (kpi < 0) {
    std::string names;
    for (const auto& k : model::kpi_catalog())
      if (k.name.find('.') == std::string::npos) names.append(names.empty() ? "" : ", ").append(k.name);
    throw UsageError("--objective: no KPI " + ex::quote_argument(o.objective) + " (KPIs include: " + names + ")");
  }
  // A KPI that is better low (cycle time, cost per won deal) is minimised without being told.
  if (!model::kpi_catalog()[static_cast<std::size_t>(kpi)].higher_is_better) o.minimise = true;
  std::vector<ex::CohortRange> asked;
  for (const auto& t : o.vary)
    asked.push_back({t.key, static_cast<std::uint32_t>(t.numbers[0]), static_cast<std::uint32_t>(t.numbers[1])});
  std::vector<ex::CohortRange> ranges;
  ex::StaffingSpace space;
  try {
    ranges = ex::resolve_ranges(base, asked);
    space = ex::enumerate_plans(base, ranges, o.budget, o.max_heads);
  } catch (const ex::StaffingError& e) {
    throw UsageError(e.what());
  }
  const std::uint64_t seed = o.seed ? *o.seed : base.experiment().seed();
  // The plans' models; a plan the scenario checks refuse (e.g. a count beyond a limit) is named.
  std::vector<std::unique_ptr<const model::Model>> models;
  auto plan_label = [&](std::size_t p) {
    std::string s;
    for (std::size_t j = 0; j < ranges.size(); ++j)
      s.append(j ? " " : "").append(ranges[j].cohort).append("=").append(std::to_string(space.plans[p].counts[j]));
    return s;
  };
  // A plan in the box that is not a valid team (e.g. no PM for the big projects) is not a choice:
  // it is left out like one over budget, and the first such is named.
  std::vector<ex::StaffingPlan> valid;
  std::size_t invalid = 0;
  std::string first_invalid;
  for (std::size_t p = 0; p < space.plans.size(); ++p) {
    v1::Scenario s = ex::plan_scenario(base, ranges, space.plans[p].counts);
    try {
      ex::prepare_for_run(s);
    } catch (const ex::ScenarioLoadError& e) {
      if (invalid++ == 0) first_invalid = plan_label(p) + ": " + e.what();
      continue;
    }
    models.push_back(std::make_unique<const model::Model>(s));
    valid.push_back(space.plans[p]);
  }
  if (valid.empty())
    throw UsageError("--vary: no plan in the box is a valid team, e.g. " + first_invalid + "\nnarrow the --vary ranges");
  if (invalid > 0 && !o.quiet)
    std::cerr << "salesim optimise: " << invalid << " plan" << (invalid == 1 ? " is" : "s are")
              << " not a valid team and left out (narrow --vary to avoid them), e.g. " << first_invalid << "\n";
  space.plans = std::move(valid);
  if (o.out.empty()) o.out = "out/optimise-" + ex::safe_file_name(base.name(), "scenario");
  const fs::path out(o.out);
  const std::string journal_file = (out / "optimise.journal").string();
  if (!o.resume && !o.force && (fs::exists(out / "ranking.csv") || fs::exists(journal_file)))
    throw ex::OutputDirError(o.out + " holds an optimisation already: --force replaces it, --resume continues a killed one");
  if (o.resume && !fs::exists(journal_file) && !o.quiet)
    std::cerr << "salesim optimise: nothing to resume in " << o.out << " (no optimise.journal): running from the start\n";
  ex::prepare_output_dir(o.out, o.resume, o.force);
  OptimiseJournal journal(journal_file, optimise_fingerprint(ex::scenario_to_text(base), ranges, space, o.objective, seed),
                          o.resume);

  ex::SelectionOptions so;
  so.systems = static_cast<std::uint32_t>(space.plans.size());
  so.maximise = !o.minimise;
  so.delta = o.delta;
  so.pcs = o.pcs;
  so.n0 = o.n0;
  so.max_replications = o.max_replications;
  so.batch = o.batch;
  so.top = o.top;
  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const ProgressMode mode = progress_mode(o.progress, !o.quiet);
  const bool bar = mode == ProgressMode::bar;
  const bool log_lines = mode == ProgressMode::lines || mode == ProgressMode::late_lines;
  LineClock line_clock(mode == ProgressMode::late_lines);
  std::mutex line_mu;
  std::uint64_t computed = 0, replayed = 0, asked_total = 0, stage = 0;
  install_signal_handlers();
  const auto t0 = std::chrono::steady_clock::now();
  auto sampler = [&](std::span<const ex::SelectionPair> pairs) {
    ++stage;
    std::vector<double> values(pairs.size());
    std::vector<ex::SelectionPair> todo;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (const double* v = journal.find(pairs[i].system, pairs[i].replication)) {
        values[i] = *v;
        ++replayed;
      } else {
        todo.push_back(pairs[i]);
        where.push_back(i);
      }
    }
    std::set<std::uint32_t> alive;
    for (const auto& p : pairs) alive.insert(p.system);
    auto progress = [&](std::uint64_t done) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (log_lines) {  // the total is not known in advance: no share, no ETA
        std::lock_guard lk(line_mu);
        if (!line_clock.due(false)) return;
        std::fprintf(stderr, "salesim optimise: stage %llu, %zu of %u plans left, %s replications, %s/s\n",
                     static_cast<unsigned long long>(stage), alive.size(), so.systems, count_text(asked_total + done).c_str(),
                     count_text(secs > 0 ? static_cast<std::uint64_t>(static_cast<double>(computed + done) / secs) : 0).c_str());
        std::fflush(stderr);
        return;
      }
      if (!bar || (done % 16 != 0 && done != todo.size())) return;
      std::fprintf(stderr, "\r\033[Kstage %llu: %zu of %u plans left, %llu replications (%.0f rep/s)",
                   static_cast<unsigned long long>(stage), alive.size(), so.systems,
                   static_cast<unsigned long long>(asked_total + done), secs > 0 ? static_cast<double>(computed + done) / secs : 0.0);
      std::fflush(stderr);
    };
    std::vector<double> fresh;
    std::vector<char> finished;
    try {
      ex::run_pairs(
          todo, o.threads,
          [&](std::uint32_t plan, std::uint64_t rep) {
            return models[plan]->run(model::ReplicationKey{seed, 0, rep}).kpis[static_cast<std::size_t>(kpi)];
          },
          &g_cancel, progress, fresh, finished);
    } catch (const ex::Cancelled&) {  // keep what this batch finished
      std::vector<ex::SelectionPair> done_pairs;
      std::vector<double> done_values;
      for (std::size_t j = 0; j < todo.size(); ++j)
        if (finished[j]) done_pairs.push_back(todo[j]), done_values.push_back(fresh[j]);
      journal.record(done_pairs, done_values);
      computed += done_pairs.size();
      throw;
    }
    journal.record(todo, fresh);
    for (std::size_t j = 0; j < todo.size(); ++j) values[where[j]] = fresh[j];
    computed += todo.size();
    asked_total += pairs.size();
    return values;
  };
  ex::SelectionResult res;
  try {
    res = ex::select_best(so, sampler);
  } catch (const ex::Cancelled&) {
    if (bar) std::fprintf(stderr, "\r\033[K");
    const int sig = g_signal.load() ? g_signal.load() : SIGINT;
    std::cerr << "salesim: interrupted (" << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << "); " << (computed + replayed)
              << " replications are saved in " << journal_file << "\nresume with:\n  " << join_command(argv_all, true) << "\n";
    return 128 + sig;
  } catch (const ex::WriteError& e) {
    throw ex::WriteError(std::string(e.what()) + "\nthe journal keeps what was done; once fixed, resume with:\n  " +
                         join_command(argv_all, true));
  }
  if (bar) std::fprintf(stderr, "\r\033[K");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (log_lines && line_clock.due(true))
    std::fprintf(stderr, "salesim optimise: done: %llu stages, %s replications, done in %s\n",
                 static_cast<unsigned long long>(stage), count_text(asked_total).c_str(), clock_text(secs).c_str());

  // Rank: the selected plan, then the rest by their paired difference from it over common
  // replications (best first; ties to the earlier plan), as SelectionResult::top.
  const double sign = o.minimise ? -1.0 : 1.0;
  std::vector<std::uint32_t> order;
  for (std::uint32_t p = 0; p < so.systems; ++p)
    if (p != res.best) order.push_back(p);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return sign * res.systems[a].diff_vs_best > sign * res.systems[b].diff_vs_best;
  });
  order.insert(order.begin(), res.best);

  std::ostringstream ranking;
  ranking << "rank,plan";
  for (const auto& r : ranges) ranking << "," << r.cohort;
  ranking << ",heads,yearly_cost_cny,replications," << o.objective << "_mean," << o.objective
          << "_sd,diff_vs_best_mean,paired_n,eliminated,eliminated_at,eliminated_by,selected\n";
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::uint32_t p = order[i];
    const auto& s = res.systems[p];
    ranking << i + 1 << "," << p;
    for (std::uint32_t c : space.plans[p].counts) ranking << "," << c;
    ranking << "," << space.plans[p].heads << "," << csv_money(space.plans[p].yearly_cost) << "," << s.replications
            << "," << ex::format_number(s.mean) << "," << ex::format_number(s.sd) << "," << ex::format_number(s.diff_vs_best)
            << "," << s.paired_n << "," << (s.eliminated ? 1 : 0) << ","
            << s.eliminated_at << "," << (s.eliminated ? std::to_string(s.eliminated_by) : std::string()) << ","
            << (p == res.best ? 1 : 0) << "\n";
  }
  std::ostringstream top;
  top << "rank,plan";
  for (const auto& r : ranges) top << "," << r.cohort;
  top << ",yearly_cost_cny,replications,mean,paired_n,diff_vs_best_mean,diff_vs_best_ci_low,diff_vs_best_ci_high,p_best\n";
  for (std::size_t i = 0; i < res.top.size(); ++i) {
    const auto& t = res.top[i];
    top << i + 1 << "," << t.system;
    for (std::uint32_t c : space.plans[t.system].counts) top << "," << c;
    top << "," << csv_money(space.plans[t.system].yearly_cost) << "," << res.systems[t.system].replications << ","
        << ex::format_number(t.mean) << "," << t.paired_n << "," << csv_number(t.diff_mean) << "," << csv_number(t.diff_low)
        << "," << csv_number(t.diff_high) << "," << csv_number(t.p_best) << "\n";
  }
  std::error_code ec;
  const fs::path scenario_abs = fs::absolute(read.empty() ? fs::path(file) : fs::path(read[0]), ec);
  // An absolute base: the overlay still finds the scenario when copied out of --out.
  const fs::path base_rel = scenario_abs.lexically_normal();
  std::vector<std::string> comment = {
      "salesim optimise: the selected plan, " + o.objective + " mean " + ex::format_number(res.systems[res.best].mean) +
          " over " + std::to_string(res.systems[res.best].replications) + " replications, yearly people cost " +
          csv_money(space.plans[res.best].yearly_cost) + " CNY",
      res.guaranteed ? "selected by procedure KN with P(correct selection) >= " + ex::format_number(o.pcs) +
                           " when the best is at least " + ex::format_number(o.delta) + " better"
                     : "stopped at --max-replications with plans still tied: chosen by mean, without the --pcs guarantee"};
  if (!o.sets.empty()) {
    std::string sets;
    for (const auto& s : o.sets) sets.append(" --set ").append(shell_quote(s));
    comment.push_back("the optimisation ran with" + sets + " (not part of this overlay)");
  }
  const std::string best_overlay = ex::plan_overlay(base_rel.string(), ranges, space.plans[res.best].counts, comment);
  std::ostringstream runj;
  {
    char host[256] = {0};
    ::gethostname(host, sizeof host - 1);
    std::string cmd;
    for (const auto& a : argv_all) cmd += (cmd.empty() ? "" : ", ") + json_string(a);
    runj << "{\n  \"command\": [" << cmd << "],\n"
         << "  \"reproduce\": " << json_string(join_command(argv_all, false)) << ",\n"
         << "  \"host\": " << json_string(host) << ",\n"
         << "  \"threads\": " << threads << ",\n"
         << "  \"wall_seconds\": " << ex::format_number(secs) << ",\n"
         << "  \"plans\": " << so.systems << ",\n"
         << "  \"plans_in_bounds\": " << space.considered << ",\n"
         << "  \"stages\": " << res.stages << ",\n"
         << "  \"replications\": " << res.total_replications << ",\n"
         << "  \"replications_computed\": " << computed << ",\n"
         << "  \"replications_replayed\": " << replayed << ",\n"
         << "  \"equal_allocation_replications\": " << res.equal_allocation_replications << ",\n"
         << "  \"guaranteed\": " << (res.guaranteed ? "true" : "false") << ",\n"
         << "  \"replications_per_second\": " << ex::format_number(secs > 0 ? static_cast<double>(computed) / secs : 0) << "\n}\n";
  }
  try {
    ex::OutputSet set(o.out);
    set.add("ranking.csv", ranking.str());
    set.add("top.csv", top.str());
    set.add("best_plan.txtpb", best_overlay);
    set.add("run.json", runj.str());
    set.remove("optimise.journal");
    set.publish();
  } catch (const ex::WriteError& e) {
    throw ex::WriteError(std::string(e.what()) + "\nno output was written and the journal is kept; once fixed, resume with:\n  " +
                         join_command(argv_all, true));
  }
  if (o.quiet) return kOk;
  std::string unit;
  for (const auto& k : model::kpi_catalog())
    if (k.name == o.objective) unit = k.unit;
  const std::string heads_note = o.max_heads ? ", at most " + std::to_string(o.max_heads) + " people" : std::string();
  std::printf("\n%s %s over the %u plans within %s CNY/yr of loaded people cost%s (of %llu in the bounds), procedure KN, "
              "delta %s, PCS %s:\n",
              o.minimise ? "minimising" : "maximising", o.objective.c_str(), so.systems, human(o.budget, "CNY").c_str(),
              heads_note.c_str(), static_cast<unsigned long long>(space.considered),
              ex::format_number(o.delta).c_str(), ex::format_number(o.pcs).c_str());
  std::printf("%-5s", "rank");
  for (const auto& r : ranges) std::printf(" %s", cli::pad_left(r.cohort, 10).c_str());
  std::printf(" %12s %6s %16s   %-36s %8s\n", "cost CNY/yr", "n", "mean", "plan - best [95% CI], paired n", "P(best)");
  for (std::size_t i = 0; i < res.top.size(); ++i) {
    const auto& t = res.top[i];
    std::printf("%-5zu", i + 1);
    for (std::uint32_t c : space.plans[t.system].counts) std::printf(" %10u", c);
    std::string diff = "(selected)";
    if (i > 0)
      diff = human(t.diff_mean, unit) + " " + ci_text(t.diff_low, t.diff_high, t.paired_n, false, unit) + " n=" +
             std::to_string(t.paired_n);
    std::printf(" %12s %6llu %16s   %-36s %8s\n", human(space.plans[t.system].yearly_cost, "CNY").c_str(),
                static_cast<unsigned long long>(res.systems[t.system].replications), human(t.mean, unit).c_str(), diff.c_str(),
                std::isnan(t.p_best) ? "—" : fmt("%.3f", t.p_best).c_str());
  }
  std::printf("(P(best): normal approximation of these plans' paired differences from the selected one, each over its "
              "common replications, at least %llu.\n KN spends no replications telling apart plans within --delta of each "
              "other: where the top plans differ by less, P(best) is spread among them and each is a good answer.)\n",
              static_cast<unsigned long long>(res.pbest_n));
  std::printf("\nselected: %s, yearly people cost %s CNY%s\n", plan_label(res.best).c_str(),
              human(space.plans[res.best].yearly_cost, "CNY").c_str(),
              res.guaranteed ? "" : "\nwarning: stopped at --max-replications with plans still tied; chosen by mean, "
                                    "without the --pcs guarantee (raise --max-replications or --delta)");
  // A selected count on the edge of its --vary range (that the range could extend) may hide a
  // better plan beyond it.
  for (std::size_t j = 0; j < ranges.size(); ++j) {
    const std::uint32_t c = space.plans[res.best].counts[j];
    const bool low = c == ranges[j].low && ranges[j].low > 0 && ranges[j].low < ranges[j].high;
    const bool high = c == ranges[j].high && ranges[j].low < ranges[j].high;
    if (low || high)
      std::printf("note: %s=%u is the %s end of --vary %s=%u..%u: a better plan may lie beyond it (widen the range)\n",
                  ranges[j].cohort.c_str(), c, low ? "lower" : "upper", ranges[j].cohort.c_str(), ranges[j].low,
                  ranges[j].high);
  }
  const double saving = res.total_replications ? static_cast<double>(res.equal_allocation_replications) /
                                                     static_cast<double>(res.total_replications) : 0.0;
  std::printf("replications: %llu in %llu stages; equal allocation at the same precision (KN without elimination): "
              "%u plans x %llu = %llu (%.1fx)\n",
              static_cast<unsigned long long>(res.total_replications), static_cast<unsigned long long>(res.stages), so.systems,
              static_cast<unsigned long long>(res.equal_allocation_per_system),
              static_cast<unsigned long long>(res.equal_allocation_replications), saving);
  std::printf("wrote %s/{ranking.csv,top.csv,best_plan.txtpb,run.json} in %.1f s\n", o.out.c_str(), secs);
  return kOk;
}

const char* kUsageText =
    "salesim: a discrete-event simulator of key-account sales teams\n\n"
    "Usage: salesim COMMAND [options]   (salesim COMMAND --help for details)\n\n"
    "commands:\n"
    "  run FILE            replications of one scenario; summary table + tidy outputs in --out\n"
    "  compare A B [C...]  paired comparison of plans under common random numbers\n"
    "  sweep FILE          the grid / Latin hypercube design in the scenario's experiment.sweep\n"
    "  optimise FILE       the best staffing plan within a budget (ranking and selection)\n"
    "  attribute FILE      split the gap to the disciplined twin into each fault's share (Shapley)\n"
    "  sensitivity FILE    which fields move the KPIs most (Sobol indices, Morris screening)\n"
    "  backtest FILE --actual DIR  the scenario against an observed CRM export (bands, KS, verdict)\n"
    "  validate FILE...    check scenario files (exit 0 when all are valid); --print the resolved one\n"
    "  trace FILE          one replication's story, event by event\n"
    "  merge DIR...        join --shard runs into one result\n"
    "  schema              print the scenario field reference\n"
    "  fit EXPORT_DIR      fit a scenario to a CRM export (salesim fit --help)\n\n"
    "options:\n"
    "  -h, --help          this text\n"
    "  --version           version, git revision and build type\n\n"
    "A relative scenario FILE (or base:) not found where it is written is looked for in\n"
    "$SALESIM_SCENARIO_PATH, then in the installed scenarios (share/salesim/scenarios).\n\n"
    "example:\n"
    "  salesim run scenarios/golden_triangle.txtpb --replications 1000 --seed 7 --out out/gt\n";

}  // namespace

int main_entry(int argc, char** argv) {
  std::vector<std::string> argv_all(argv, argv + argc);
  argv_all[0] = "salesim";
#if defined(SALESIM_HAVE_MPI)
  ex::MpiSession mpi(argc, argv);  // initializes MPI only under mpirun
#endif
  if (argc < 2) {
    std::cerr << kUsageText;
    return kUsage;
  }
  const std::string command = argv[1];
  try {
    if (command == "--version") {
#if defined(SALESIM_HAVE_MPI)
      std::cout << version_text("salesim", true);
#else
      std::cout << version_text("salesim");
#endif
      return kOk;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsageText;
      return kOk;
    }
    const auto& known = subcommands();
    if (std::find(known.begin(), known.end(), command) == known.end()) {
      std::cerr << "salesim: unknown command " << ex::quote_argument(command) << "\n\n" << kUsageText;
      return kUsage;
    }
    Invocation inv = parse_invocation(std::vector<std::string>(argv + 1, argv + argc));
    if (command == "run" || command == "compare" || command == "sweep") return cmd_experiment(inv, argv_all);
    if (command == "optimise") return cmd_optimise(inv, argv_all);
    if (command == "attribute") return cmd_attribute(inv, argv_all);
    if (command == "sensitivity") return cmd_sensitivity(inv, argv_all);
    if (command == "backtest") return cmd_backtest(inv);
    if (command == "validate") return cmd_validate(inv);
    if (command == "trace") return cmd_trace(inv);
    if (command == "merge") return cmd_merge(inv, argv_all);
    if (command == "fit") return cmd_fit(inv);
    return cmd_schema(inv);
  } catch (const UsageError& e) {
    // Said once: the command's name in front, a pointer to its help at the end.
    std::string message = e.what();
    if (message.rfind(command + ": ", 0) == 0) message.erase(0, command.size() + 2);
    std::cerr << "salesim " << command << ": " << message;
    if (message.find("--help)") == std::string::npos) std::cerr << "\n(see salesim " << command << " --help)";
    std::cerr << "\n";
    return kUsage;
  } catch (const ex::ScenarioLoadError& e) {
    std::cerr << e.what() << "\n";
    return kFail;
  } catch (const ex::DesignFileError& e) {
    std::cerr << e.what() << "\n";
    return kFail;
  } catch (const ex::OutputDirError& e) {
    std::cerr << "salesim " << command << ": " << e.what() << "\n";
    return kFail;
  } catch (const std::exception& e) {
    std::cerr << "salesim " << command << ": " << e.what() << "\n";
    return kFail;
  }
}

}  // namespace salesim::cli
