#include "viz/results_io.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/proto/results_rows.h"

namespace salesim::viz {
namespace {

// A results file is binary protobuf; anything bigger than this is not ours (or not sane to plot).
constexpr std::uintmax_t kMaxBytes = std::uintmax_t{1} << 31;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

bool looks_like_scenario_path(const std::string& path) {
  const std::string ext = lower(std::filesystem::path(path).extension().string());
  return ext == ".txtpb" || ext == ".textproto" || ext == ".pbtxt" || ext == ".json";
}

std::string check_results(const v1::Results& r) {
  if (r.kind() == v1::Results::KIND_UNSPECIFIED) return "kind is missing (not a salesim results file?)";
  if (r.kpis_size() == 0) return "no KPI definitions";
  if (r.plans_size() == 0) return "no plans";
  const int n_kpis = r.kpis_size();
  const int n_series = r.series_names_size();
  for (const auto& plan : r.plans()) {
    if (plan.points_size() == 0) return "plan '" + plan.name() + "' has no design points";
    for (const auto& point : plan.points()) {
      const std::string where = "plan '" + plan.name() + "' point " + std::to_string(point.index());
      if (point.summaries_size() != n_kpis)
        return where + ": " + std::to_string(point.summaries_size()) + " KPI summaries, expected " +
               std::to_string(n_kpis) + " (file truncated?)";
      if (point.series_size() != n_series)
        return where + ": " + std::to_string(point.series_size()) + " series, expected " +
               std::to_string(n_series) + " (file truncated?)";
      if (point.parameters_size() != r.parameter_paths_size())
        return where + ": " + std::to_string(point.parameters_size()) +
               " parameter values, expected " + std::to_string(r.parameter_paths_size());
      for (const auto& rep : point.replications())
        if (rep.kpis_size() != n_kpis)
          return where + " replication " + std::to_string(rep.index()) + ": " +
                 std::to_string(rep.kpis_size()) + " KPI values, expected " + std::to_string(n_kpis);
      for (const auto& band : point.series()) {
        const int weeks = band.mean_size();
        if (band.p10_size() != weeks || band.p50_size() != weeks || band.p90_size() != weeks)
          return where + ": series '" + band.name() + "' has bands of unequal length";
      }
    }
  }
  // A cut at a top-level field boundary parses cleanly; the counts give it away.
  if (r.kind() == v1::Results::COMPARE && r.plans_size() < 2)
    return "a compare with " + std::to_string(r.plans_size()) + " plan(s) (file truncated?)";
  if (r.kind() == v1::Results::COMPARE && r.comparisons_size() < r.plans_size() - 1)
    return "a compare of " + std::to_string(r.plans_size()) + " plans with " +
           std::to_string(r.comparisons_size()) + " comparison(s) (file truncated?)";
  for (const auto& c : r.comparisons()) {
    const bool plan_known = std::any_of(r.plans().begin(), r.plans().end(),
                                        [&](const v1::PlanResult& p) { return p.name() == c.plan(); });
    if (!plan_known) return "comparison refers to unknown plan '" + c.plan() + "'";
  }
  return {};
}

v1::Results parse_results(const std::string& bytes, const std::string& origin) {
  if (bytes.empty()) throw LoadError(origin + ": file is empty");
  v1::Results results;
  if (!results.ParseFromString(bytes)) {
    // Protobuf text starts with a field name or comment; say so rather than "corrupt".
    const auto first = bytes.find_first_not_of(" \t\r\n");
    const char c = first == std::string::npos ? '\0' : bytes[first];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '#' || c == '{')
      throw LoadError(origin +
                      ": not a results.pb (looks like a text scenario; run it with `salesim run` "
                      "or open it in the viewer to simulate it)");
    throw LoadError(origin + ": not a valid results.pb (protobuf parse failed: truncated or corrupt)");
  }
  if (const std::string problem = check_results(results); !problem.empty())
    throw LoadError(origin + ": " + problem);
  return results;
}

v1::Results load_results(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw LoadError(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) {
    // Accept the output folder of `salesim run --out DIR`.
    const auto inner = std::filesystem::path(path) / "results.pb";
    if (std::filesystem::exists(inner, ec)) return load_results(inner.string());
    throw LoadError(path + ": is a folder without results.pb");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw LoadError(path + ": cannot read size: " + ec.message());
  if (size > kMaxBytes) throw LoadError(path + ": larger than 2 GiB, not a results file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError(path + ": cannot open for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) throw LoadError(path + ": read error");
  v1::Results results = parse_results(buffer.str(), path);
  // The per-replication rows live beside it, in replications.pb (results.proto).
  const auto rows = std::filesystem::path(path).parent_path() / "replications.pb";
  if (const std::string problem = v1::attach_replications(results, rows.string()); !problem.empty())
    throw LoadError(problem);
  return results;
}

}  // namespace salesim::viz
