// Grid and Latin hypercube designs; see design.h.
#include "sim/experiment/design.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/kernel/random.h"

namespace salesim::experiment {

namespace {
// Stream purpose for the design itself (far from the model's purposes).
constexpr std::uint64_t kDesignPurpose = 0x4c48535f44455349ULL;  // "LHS_DESI"
}  // namespace

Design make_design(const v1::Sweep& sweep, std::uint64_t seed, std::size_t max_points) {
  Design d;
  if (sweep.has_grid()) {
    d.kind = "GRID";
    const auto& axes = sweep.grid().axes();
    if (axes.empty()) throw std::runtime_error("experiment.sweep.grid: needs at least one axis");
    std::size_t total = 1;
    for (int a = 0; a < axes.size(); ++a) {
      if (axes[a].path().empty())
        throw std::runtime_error("experiment.sweep.grid.axes[" + std::to_string(a) + "].path: is empty");
      if (axes[a].values().empty())
        throw std::runtime_error("experiment.sweep.grid.axes[" + std::to_string(a) +
                                 "].values: needs at least one value");
      d.paths.push_back(axes[a].path());
      total *= static_cast<std::size_t>(axes[a].values_size());
      if (total > max_points)
        throw std::runtime_error("experiment.sweep.grid: more than " + std::to_string(max_points) +
                                 " design points");
    }
    for (std::size_t i = 0; i < total; ++i) {
      std::vector<double> p(static_cast<std::size_t>(axes.size()));
      std::size_t rest = i;
      for (int a = axes.size() - 1; a >= 0; --a) {
        const std::size_t n = static_cast<std::size_t>(axes[a].values_size());
        p[static_cast<std::size_t>(a)] = axes[a].values(static_cast<int>(rest % n));
        rest /= n;
      }
      d.points.push_back(std::move(p));
    }
    return d;
  }
  if (sweep.has_latin_hypercube()) {
    d.kind = "LATIN_HYPERCUBE";
    const auto& lhs = sweep.latin_hypercube();
    if (lhs.points() == 0) throw std::runtime_error("experiment.sweep.latin_hypercube.points: must be > 0");
    if (lhs.points() > max_points)
      throw std::runtime_error("experiment.sweep.latin_hypercube.points: at most " + std::to_string(max_points));
    if (lhs.ranges().empty())
      throw std::runtime_error("experiment.sweep.latin_hypercube: needs at least one range");
    const std::size_t n = lhs.points();
    d.points.assign(n, std::vector<double>(static_cast<std::size_t>(lhs.ranges_size())));
    for (int r = 0; r < lhs.ranges_size(); ++r) {
      const auto& range = lhs.ranges(r);
      const std::string where = "experiment.sweep.latin_hypercube.ranges[" + std::to_string(r) + "]";
      if (range.path().empty()) throw std::runtime_error(where + ".path: is empty");
      if (!(range.min() <= range.max())) throw std::runtime_error(where + ": min must be <= max");
      d.paths.push_back(range.path());
      kernel::Rng rng(kernel::StreamKey{.seed = seed, .purpose = kDesignPurpose, .entity = static_cast<std::uint64_t>(r)});
      std::vector<std::size_t> perm(n);
      std::iota(perm.begin(), perm.end(), std::size_t{0});
      for (std::size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);  // Fisher-Yates
      for (std::size_t i = 0; i < n; ++i) {
        const double u = (static_cast<double>(perm[i]) + rng.uniform01()) / static_cast<double>(n);
        double v = range.min() + u * (range.max() - range.min());
        if (range.integer()) v = std::round(v);
        d.points[i][static_cast<std::size_t>(r)] = v;
      }
    }
    return d;
  }
  throw std::runtime_error("experiment.sweep: set either grid or latin_hypercube");
}

namespace {
// The components of a field path, a keyed element "cohorts[pm]" giving its key "pm".
std::vector<std::string> path_components(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    // A key may hold a dot ("[1.5]"): skip dots inside brackets.
    const std::size_t open = path.find('[', start);
    if (open != std::string::npos && open < dot) {
      const std::size_t close = path.find(']', open);
      if (close != std::string::npos) dot = path.find('.', close);
    }
    if (dot == std::string::npos) dot = path.size();
    std::string c = path.substr(start, dot - start);
    const std::size_t b = c.find('[');
    if (b != std::string::npos && c.back() == ']') c = c.substr(b + 1, c.size() - b - 2);
    out.push_back(std::move(c));
    start = dot + 1;
  }
  return out;
}

std::string joined_suffix(const std::vector<std::string>& parts, std::size_t k) {
  std::string s;
  for (std::size_t i = parts.size() - k; i < parts.size(); ++i) s.append(s.empty() ? "" : ".").append(parts[i]);
  return s;
}
}  // namespace

std::vector<std::string> short_parameter_names(const std::vector<std::string>& paths) {
  const std::size_t n = paths.size();
  std::vector<std::vector<std::string>> parts(n);
  std::vector<std::size_t> k(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    parts[i] = path_components(paths[i]);
    // A bare leaf under a keyed element ("count") says nothing: lead with the key.
    const std::string& p = paths[i];
    const std::size_t last_dot = p.rfind('.');
    if (parts[i].size() >= 2 && last_dot != std::string::npos && last_dot > 0 && p[last_dot - 1] == ']') k[i] = 2;
  }
  std::vector<std::string> names(n);
  for (bool clash = true; clash;) {
    clash = false;
    for (std::size_t i = 0; i < n; ++i) names[i] = joined_suffix(parts[i], k[i]);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (i != j && names[i] == names[j] && k[i] < parts[i].size()) {
          ++k[i];
          clash = true;
        }
  }
  for (std::size_t i = 0; i < n; ++i) {  // only identical paths can still clash
    std::size_t same = 0;
    for (std::size_t j = 0; j < i; ++j) same += names[j].rfind(paths[i], 0) == 0 && paths[j] == paths[i];
    if (same) names[i] = paths[i] + "#" + std::to_string(same + 1);
  }
  return names;
}

}  // namespace salesim::experiment
