// Sweep designs: the design points of a grid (cartesian product) or a Latin hypercube.
//
//   Design d = make_design(scenario.experiment().sweep(), seed);
//   d.paths[j] is a scenario field path; d.points[i][j] its value at design point i.
//
// Grid: the first axis varies slowest. Latin hypercube: each range is cut into `points` equal
// strata, each stratum is used once, a uniform draw places the value inside it (rounded for
// integer ranges); permutations and draws come from a stream keyed by the seed and the range
// only, never by a replication (so the design is reproducible).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "salesim/v1/experiment.pb.h"

namespace salesim::experiment {

struct Design {
  std::string kind;  // "GRID" or "LATIN_HYPERCUBE"
  std::vector<std::string> paths;
  std::vector<std::vector<double>> points;
};

// Throws std::runtime_error for an empty or malformed design (neither grid nor Latin hypercube,
// no axes or ranges, an empty path, an axis with no values, min > max, zero points, more than
// `max_points` points).
Design make_design(const v1::Sweep& sweep, std::uint64_t seed, std::size_t max_points = 100000);

// Short, distinct column names for swept field paths (the terminal table): the last component,
// led by the element key where the path goes through a keyed list element, lengthened from the
// right until no two names are the same:
//   {"team.cohorts[pm].count", "team.cohorts[presales].count"} -> {"pm.count", "presales.count"}
//   {"market.segments[0].accounts", "experiment.horizon_days"} -> {"0.accounts", "horizon_days"}
// Identical paths get their full path and a #n suffix.
std::vector<std::string> short_parameter_names(const std::vector<std::string>& paths);

}  // namespace salesim::experiment
