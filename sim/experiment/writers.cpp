// Output writers; see writers.h.
#include "sim/experiment/writers.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include "sim/experiment/scenario_io.h"

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

// Streams a file to DIR/.NAME.tmp and renames it over DIR/NAME on commit().
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path) : path_(path), tmp_(path + ".tmp") {
    out_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw OutputDirError("cannot write " + tmp_ + ": " + std::strerror(errno));
  }
  ~AtomicFile() {
    if (!done_) {
      out_.close();
      std::remove(tmp_.c_str());
    }
  }
  std::ofstream& out() { return out_; }
  void commit() {
    out_.flush();
    if (!out_) throw OutputDirError("write failed: " + tmp_);
    out_.close();
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
      throw OutputDirError("cannot rename " + tmp_ + " to " + path_ + ": " + std::strerror(errno));
    done_ = true;
  }

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool done_ = false;
};

}  // namespace

std::string safe_file_name(const std::string& text, const std::string& fallback) {
  std::string s;
  for (char c : text.substr(0, kMaxFileNameChars)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    s += keep ? c : '_';
  }
  return s.empty() ? fallback : s;
}

void write_file_atomic(const std::string& path, const std::string& content) {
  AtomicFile f(path);
  f.out() << content;
  f.commit();
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
  if (!in) throw std::runtime_error("cannot open " + p);
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Results r;
  const std::string data = ss.str();
  if (!r.ParseFromString(data)) throw std::runtime_error(p + ": not a salesim results file");
  return r;
}

void prepare_output_dir(const std::string& dir, bool resume, bool force) {
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
                         "); use --resume to continue it, --force to replace it, or another --out");
  if (force && has_journal) fs::remove(fs::path(dir) / "journal.bin", ec);
  // Probe: a directory can pass access() and still refuse files (read-only mounts).
  const std::string probe = (fs::path(dir) / ".salesim-write-test").string();
  std::FILE* f = std::fopen(probe.c_str(), "wb");
  if (!f) throw OutputDirError("output directory " + dir + " is not writable: " + std::strerror(errno));
  std::fclose(f);
  std::remove(probe.c_str());
}

void write_outputs(const std::string& dir, const v1::Results& r) {
  const fs::path d(dir);
  {
    // Streamed: no second in-memory copy of a large result.
    AtomicFile f((d / "results.pb").string());
    {
      google::protobuf::io::OstreamOutputStream oos(&f.out());
      google::protobuf::io::CodedOutputStream cos(&oos);
      cos.SetSerializationDeterministic(true);
      r.SerializeToCodedStream(&cos);
    }
    f.commit();
  }
  {
    AtomicFile f((d / "summary.csv").string());
    auto& o = f.out();
    o << "plan,design_point,kpi,n,mean,sd,ci_low,ci_high,p10,p50,p90\n";
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points())
        for (const auto& s : dp.summaries())
          o << csv(plan.name()) << ',' << dp.index() << ',' << csv(s.kpi()) << ',' << s.n() << ','
            << format_number(s.mean()) << ',' << format_number(s.sd()) << ',' << format_number(s.ci_low()) << ','
            << format_number(s.ci_high()) << ',' << format_number(s.p10()) << ',' << format_number(s.p50()) << ','
            << format_number(s.p90()) << '\n';
    f.commit();
  }
  {
    AtomicFile f((d / "replications.csv").string());
    auto& o = f.out();
    o << "plan,design_point";
    for (const auto& p : r.parameter_paths()) o << ',' << csv(p);
    o << ",replication,seed_key";
    for (const auto& k : r.kpis()) o << ',' << csv(k.name());
    o << '\n';
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points())
        for (const auto& rep : dp.replications()) {
          o << csv(plan.name()) << ',' << dp.index();
          for (double v : dp.parameters()) o << ',' << format_number(v);
          o << ',' << rep.index() << ',' << rep.seed_key();
          for (double v : rep.kpis()) o << ',' << format_number(v);
          o << '\n';
        }
    f.commit();
  }
  {
    AtomicFile f((d / "timeseries.csv").string());
    auto& o = f.out();
    o << "plan,design_point,week,kpi,mean,p10,p50,p90\n";
    for (const auto& plan : r.plans())
      for (const auto& dp : plan.points())
        for (const auto& band : dp.series())
          for (int w = 0; w < band.mean_size(); ++w)
            o << csv(plan.name()) << ',' << dp.index() << ',' << (w + 1) << ',' << csv(band.name()) << ','
              << format_number(band.mean(w)) << ',' << format_number(band.p10(w)) << ','
              << format_number(band.p50(w)) << ',' << format_number(band.p90(w)) << '\n';
    f.commit();
  }
  if (r.plans_size() > 1) {
    AtomicFile f((d / "comparison.csv").string());
    auto& o = f.out();
    o << "kpi,plan,base_mean,plan_mean,delta_mean,delta_ci_low,delta_ci_high,p_better,n\n";
    for (const auto& c : r.comparisons())
      for (const auto& k : c.deltas())
        o << csv(k.kpi()) << ',' << csv(c.plan()) << ',' << format_number(k.base_mean()) << ','
          << format_number(k.plan_mean()) << ',' << format_number(k.delta_mean()) << ','
          << format_number(k.delta_ci_low()) << ',' << format_number(k.delta_ci_high()) << ','
          << format_number(k.p_better()) << ',' << k.n() << '\n';
    f.commit();
  }
  std::vector<std::string> echoes;
  for (const auto& plan : r.plans()) {
    std::string text = "# The resolved scenario of plan '" + plan.name() + "' as it ran (overlays and overrides applied).\n";
    const std::string body = scenario_to_text(plan.scenario());
    const std::string name = r.plans_size() == 1 ? "scenario.txtpb" : "scenario." + safe_file_name(plan.name(), "plan") + ".txtpb";
    write_file_atomic((d / name).string(), text + body);
    echoes.push_back(name);
  }
  // A replaced (--force) run of another kind must not leave its files behind.
  std::error_code ec;
  if (r.plans_size() < 2) fs::remove(d / "comparison.csv", ec);
  for (const auto& entry : fs::directory_iterator(d, ec)) {
    const std::string name = entry.path().filename().string();
    const bool echo = name.rfind("scenario", 0) == 0 && name.size() > 6 && name.substr(name.size() - 6) == ".txtpb";
    if (echo && std::find(echoes.begin(), echoes.end(), name) == echoes.end()) fs::remove(entry.path(), ec);
  }
}

}  // namespace salesim::experiment
