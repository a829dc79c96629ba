// Output writers; see writers.h.
#include "sim/experiment/writers.h"

#include "sim/experiment/design_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include "sim/experiment/scenario_io.h"
#include "sim/proto/results_rows.h"

namespace salesim::experiment {

namespace fs = std::filesystem;

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

namespace {

// A statistic in summary.csv or comparison.csv: empty when undefined (NaN), never "0".
std::string stat(double v) { return std::isnan(v) ? std::string() : format_number(v); }

// The note column of summary.csv and comparison.csv: why an interval is missing or cut.
std::string interval_note(std::uint64_t n, bool clipped) {
  if (n < 2) return "n<2";
  return clipped ? "clipped" : "";
}

// CSV field: quoted when it holds a comma, quote or newline.
std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}


}  // namespace

std::string safe_file_name(const std::string& text, const std::string& fallback) {
  if (text.empty()) return fallback;
  std::string s;
  bool altered = text.size() > kMaxFileNameChars;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    s += keep ? c : '_';
    altered |= !keep;
  }
  if (!altered) return s;
  // Two names that differ only where bytes were replaced (东区 / 西区) or cut off must not share a
  // file: the FNV-1a hash of the whole name tells them apart.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char tag[10];
  std::snprintf(tag, sizeof tag, "-%08x", static_cast<unsigned>(h ^ (h >> 32)));
  return s.substr(0, kMaxFileNameChars - 9) + tag;
}

void write_file_atomic(const std::string& path, const std::string& content) {
  const fs::path p(path);
  OutputSet out(p.has_parent_path() ? p.parent_path().string() : ".");
  out.add(p.filename().string(), content);
  out.publish();
}

std::string serialize_results(const v1::Results& results) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream sos(&out);
    google::protobuf::io::CodedOutputStream cos(&sos);
    cos.SetSerializationDeterministic(true);
    results.SerializeToCodedStream(&cos);
  }
  return out;
}

v1::Results read_results(const std::string& path) {
  std::string p = path;
  if (fs::is_directory(p)) p = (fs::path(p) / "results.pb").string();
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + p + ": " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Results r;
  const std::string data = ss.str();
  if (!r.ParseFromString(data)) throw std::runtime_error(p + ": not a salesim results file");
  const std::string rows = (fs::path(p).parent_path() / "replications.pb").string();
  if (const std::string problem = v1::attach_replications(r, rows); !problem.empty()) throw std::runtime_error(problem);
  return r;
}

void require_new_or_empty_dir(const std::string& dir, bool force, const std::string& option) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) throw OutputDirError(dir + ": exists and is not a directory");
  if (force) return;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(".salesim-", 0) != 0) names.push_back(name);
  }
  if (ec) throw OutputDirError("cannot list " + dir + ": " + ec.message());
  if (names.empty()) return;
  std::sort(names.begin(), names.end());  // the message must not depend on the directory order
  std::string held;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) held.append(i ? ", " : "").append(names[i]);
  if (names.size() > 3) held.append(" and ").append(std::to_string(names.size() - 3)).append(" more");
  throw OutputDirError(std::string(dir).append(" is not empty (it holds ").append(held).append("): ").append(option)
                           .append(" writes only into a new or empty folder; use --force to write into it anyway "
                                   "(files of the same names are replaced), or another ")
                           .append(option));
}

void prepare_output_dir(const std::string& dir, bool resume, bool force, bool resumable) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw OutputDirError(dir + ": exists and is not a directory");
  fs::create_directories(dir, ec);
  if (ec) throw OutputDirError("cannot create output directory " + dir + ": " + ec.message());
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw OutputDirError("output directory " + dir + " is not writable: " + std::strerror(errno));
  const bool has_results = fs::exists(fs::path(dir) / "results.pb");
  const bool has_journal = fs::exists(fs::path(dir) / "journal.bin");
  if ((has_results || has_journal) && !resume && !force)
    throw OutputDirError(dir + " already holds a run (" + (has_journal ? "journal.bin" : "results.pb") +
                         (resumable ? "); use --resume to continue it, --force to replace it, or another --out"
                                    : "); use --force to replace it, or another --out"));
  if (!resume) require_new_or_empty_dir(dir, force, "--out");
  if (force)  // the journal, and the weekly series an unsharded run keeps beside it (run_journal.h)
    for (const char* name : {"journal.bands", "journal.bands.tmp", "journal.weeks", "journal.bin"})
      if (fs::exists(fs::path(dir) / name)) checked_io::unlink((fs::path(dir) / name).string());
  // Probe: a directory can pass access() and still refuse files (read-only mounts).
  const std::string probe = (fs::path(dir) / ".salesim-write-test").string();
  const int fd = checked_io::open(probe, O_WRONLY | O_CREAT | O_TRUNC);
  try {
    checked_io::close(fd, probe);
    checked_io::unlink(probe);
  } catch (const WriteError&) {
    ::unlink(probe.c_str());  // best effort: the probe must not stay behind
    throw;
  }
}

namespace {

// Moves the rows of every design point aside (recording their count) and puts them back.
class RowsAside {
 public:
  explicit RowsAside(v1::Results& r) : r_(r) {
    for (auto& plan : *r_.mutable_plans())
      for (auto& dp : *plan.mutable_points()) {
        dp.set_replication_count(static_cast<std::uint64_t>(dp.replications_size()));
        rows_.emplace_back();
        rows_.back().Swap(dp.mutable_replications());
      }
  }
  ~RowsAside() {
    std::size_t i = 0;
    for (auto& plan : *r_.mutable_plans())
      for (auto& dp : *plan.mutable_points()) dp.mutable_replications()->Swap(&rows_[i++]);
  }
  RowsAside(const RowsAside&) = delete;
  RowsAside& operator=(const RowsAside&) = delete;

 private:
  v1::Results& r_;
  std::vector<google::protobuf::RepeatedPtrField<v1::Replication>> rows_;
};

void add_results_pb(OutputSet& out, v1::Results& r) {
  RowsAside aside(r);
  const std::size_t bytes = r.ByteSizeLong();
  if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw OutputDirError("results.pb would be " + std::to_string(bytes) +
                         " bytes, over Protobuf's 2 GiB limit for one message (its size grows with design "
                         "points x weeks x series, not with replications); use fewer design points or a shorter horizon");
  std::ostream& o = out.create("results.pb");
  google::protobuf::io::OstreamOutputStream oos(&o);
  google::protobuf::io::CodedOutputStream cos(&oos);
  cos.SetSerializationDeterministic(true);
  if (!r.SerializeToCodedStream(&cos)) {
    out.check();  // the write that failed, with its reason
    throw OutputDirError("cannot serialize results.pb");
  }
}

}  // namespace

std::string csv_field(const std::string& text) { return csv(text); }

void write_outputs(const std::string& dir, v1::Results& r) {
  OutputSet out(dir);
  add_outputs(out, r);
  out.publish();
}

void add_outputs(OutputSet& out, v1::Results& r) {
  add_results_pb(out, r);
  // Streamed, one record per row: no size limit, no second in-memory copy.
  if (!v1::write_replications(r, out.create("replications.pb"))) {
    out.check();
    throw OutputDirError("cannot serialize replications.pb");
  }
  // A sweep's rows carry the swept values, one column per field path after design_point, so a
  // table plots without a join (docs/outputs.md); runs and compares have no such columns.
  std::string params_header;
  for (const auto& p : r.parameter_paths()) params_header.append(",").append(csv(p));
  const auto params_of = [](const v1::DesignPoint& dp) {
    std::string cols;
    for (double v : dp.parameters()) cols.append(",").append(format_number(v));
    return cols;
  };
  {
    auto& o = out.create("summary.csv");
    o << "plan,design_point" << params_header << ",kpi,n,mean,sd,ci_low,ci_high,p10,p50,p90,note,estimator\n";
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points())
        for (const auto& s : dp.summaries())
          o << csv(plan.name()) << ',' << dp.index() << params_of(dp) << ',' << csv(s.kpi()) << ',' << s.n() << ',' << stat(s.mean())
            << ',' << stat(s.sd()) << ',' << stat(s.ci_low()) << ',' << stat(s.ci_high()) << ',' << stat(s.p10())
            << ',' << stat(s.p50()) << ',' << stat(s.p90()) << ',' << interval_note(s.n(), s.ci_clipped()) << ','
            << (s.ratio_of_sums() ? "ratio_of_sums" : "mean") << '\n';
  }
  {
    auto& o = out.create("replications.csv");
    o << "plan,design_point" << params_header << ",replication,seed_key";
    for (const auto& k : r.kpis()) o << ',' << csv(k.name());
    o << '\n';
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points())
        for (const auto& rep : dp.replications()) {
          o << csv(plan.name()) << ',' << dp.index() << params_of(dp) << ',' << rep.index() << ',' << rep.seed_key();
          for (double v : rep.kpis()) o << ',' << format_number(v);
          o << '\n';
        }
  }
  {
    auto& o = out.create("timeseries.csv");
    o << "plan,design_point" << params_header << ",week,kpi,mean,p10,p50,p90\n";
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points()) {
        const std::string params = params_of(dp);
        for (const auto& band : dp.series())
          for (int w = 0; w < band.mean_size(); ++w)
            o << csv(plan.name()) << ',' << dp.index() << params << ',' << (w + 1) << ',' << csv(band.name()) << ','
              << format_number(band.mean(w)) << ',' << format_number(band.p10(w)) << ','
              << format_number(band.p50(w)) << ',' << format_number(band.p90(w)) << '\n';
      }
  }
  bool any_year = false;
  for (const auto& plan : r.plans())
    for (const auto& dp : plan.points()) any_year |= dp.years_size() > 0;
  if (any_year) {
    auto& o = out.create("yearly.csv");
    o << "plan,design_point" << params_header << ",year,kpi,n,mean,ci_low,ci_high,note\n";
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points())
        for (const auto& y : dp.years())
          for (const auto& s : y.kpis())
            o << csv(plan.name()) << ',' << dp.index() << params_of(dp) << ',' << y.year() << ',' << csv(s.kpi()) << ',' << s.n() << ','
              << stat(s.mean()) << ',' << stat(s.ci_low()) << ',' << stat(s.ci_high()) << ','
              << interval_note(s.n(), s.ci_clipped()) << '\n';
  } else {
    out.remove("yearly.csv");
  }
  if (r.plans_size() > 1) {
    auto& o = out.create("comparison.csv");
    o << "kpi,plan,base_mean,plan_mean,delta_mean,delta_ci_low,delta_ci_high,p_better,n,p_tie,note,estimator,"
         "payback_days\n";
    for (const auto& c : r.comparisons())
      for (const auto& k : c.deltas())
        o << csv(k.kpi()) << ',' << csv(c.plan()) << ',' << stat(k.base_mean()) << ',' << stat(k.plan_mean()) << ','
          << stat(k.delta_mean()) << ',' << stat(k.delta_ci_low()) << ',' << stat(k.delta_ci_high()) << ','
          << stat(k.p_better()) << ',' << k.n() << ',' << stat(k.p_tie()) << ','
          << interval_note(k.n(), k.delta_ci_clipped()) << ',' << (k.ratio_of_sums() ? "ratio_of_sums" : "mean") << ','
          << (c.has_payback_days() ? stat(c.payback_days()) : std::string()) << '\n';
  } else {
    out.remove("comparison.csv");
  }
  if (r.rankings_size() > 0) {
    // One block per KPI, the plans best first (docs/outputs.md).
    auto& o = out.create("ranking.csv");
    o << "kpi,rank,plan,mean,ci_low,ci_high,mcb_low,mcb_high,p_best,p_beats_base,may_be_best,tied,p_tie_base,"
         "delta_base,delta_base_ci_low,delta_base_ci_high,n,estimator\n";
    for (const auto& k : r.rankings())
      for (const auto& p : k.plans())
        o << csv(k.kpi()) << ',' << p.rank() << ',' << csv(p.plan()) << ',' << stat(p.mean()) << ',' << stat(p.ci_low())
          << ',' << stat(p.ci_high()) << ',' << stat(p.mcb_low()) << ',' << stat(p.mcb_high()) << ','
          << stat(p.p_best()) << ',' << stat(p.p_beats_base()) << ',' << (p.may_be_best() ? 1 : 0) << ','
          << (p.tied() ? 1 : 0) << ',' << stat(p.p_tie_base()) << ',' << stat(p.delta_base()) << ','
          << stat(p.delta_base_ci_low()) << ',' << stat(p.delta_base_ci_high()) << ',' << k.n() << ','
          << (k.ratio_of_sums() ? "ratio_of_sums" : "mean") << '\n';
  } else {
    out.remove("ranking.csv");
  }
  // A design from a file (sweep --design) is no part of the scenario: it is written beside it.
  const bool design_file = r.kind() == v1::Results::SWEEP && r.design() == "FILE" && r.plans_size() > 0;
  if (design_file) {
    Design d;
    d.paths.assign(r.parameter_paths().begin(), r.parameter_paths().end());
    for (const auto& dp : r.plans(0).points()) d.points.emplace_back(dp.parameters().begin(), dp.parameters().end());
    out.add("design.csv", design_csv(d));
  } else {
    out.remove("design.csv");
  }
  std::vector<std::string> echoes;
  for (const auto& plan : r.plans()) {
    std::string text = "# The resolved scenario of plan '" + plan.name() + "' as it ran (overlays and overrides applied).\n";
    if (design_file)
      text.append("# Its design points are in design.csv beside it; rerun with: salesim sweep scenario.txtpb --design design.csv\n");
    const std::string name = r.plans_size() == 1 ? "scenario.txtpb" : "scenario." + safe_file_name(plan.name(), "plan") + ".txtpb";
    out.add(name, text + scenario_to_text(plan.scenario()));
    echoes.push_back(name);
  }
  // A replaced (--force) run of another kind must not leave its files behind.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out.dir(), ec)) {
    const std::string name = entry.path().filename().string();
    const bool echo = name.rfind("scenario", 0) == 0 && name.size() > 6 && name.substr(name.size() - 6) == ".txtpb";
    if (echo && std::find(echoes.begin(), echoes.end(), name) == echoes.end()) out.remove(name);
  }
}

}  // namespace salesim::experiment
