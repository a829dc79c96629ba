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

}  // namespace salesim::experiment
