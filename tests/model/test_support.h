// Shared helpers of the model tests: the golden_triangle scenario, KPI lookup and the paired
// comparison under common random numbers (same keys for both variants).
#pragma once

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/model/model.h"

namespace salesim::model::testing {

inline v1::Scenario golden_triangle() {
  const char* root = std::getenv("SALESIM_SOURCE_DIR");
  const std::string path = std::string(root ? root : ".") + "/scenarios/golden_triangle.txtpb";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream text;
  text << in.rdbuf();
  v1::Scenario s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &s)) << path;
  fill_defaults(s);
  return s;
}

inline double kpi(const ReplicationOutput& out, const std::string& name) {
  const int i = kpi_index(name);
  EXPECT_GE(i, 0) << name;
  return i < 0 ? 0.0 : out.kpis[static_cast<std::size_t>(i)];
}

inline v1::Cohort* cohort(v1::Scenario& s, const std::string& name) {
  for (auto& c : *s.mutable_team()->mutable_cohorts())
    if (c.name() == name) return &c;
  ADD_FAILURE() << "no cohort " << name;
  return nullptr;
}

inline v1::Segment* segment(v1::Scenario& s, const std::string& name) {
  for (auto& g : *s.mutable_market()->mutable_segments())
    if (g.name() == name) return &g;
  ADD_FAILURE() << "no segment " << name;
  return nullptr;
}

// Mean and 95% CI of a per-replication statistic (Student t, normal approximation beyond 30 df).
struct Interval {
  double mean = 0, low = 0, high = 0;
  int n = 0;
};
inline std::ostream& operator<<(std::ostream& os, const Interval& i) {
  return os << i.mean << " [" << i.low << ", " << i.high << "] (n=" << i.n << ")";
}

inline Interval interval(const std::vector<double>& x) {
  Interval r;
  r.n = static_cast<int>(x.size());
  double s = 0, ss = 0;
  for (double v : x) s += v;
  r.mean = s / r.n;
  for (double v : x) ss += (v - r.mean) * (v - r.mean);
  const double sd = std::sqrt(ss / (r.n - 1));
  const double df = r.n - 1;
  const double t = 1.959964 + 2.37 / df;  // within 0.1% of t(0.975, df) for df >= 30
  r.low = r.mean - t * sd / std::sqrt(r.n);
  r.high = r.mean + t * sd / std::sqrt(r.n);
  return r;
}

using Statistic = std::function<double(const ReplicationOutput&)>;

inline Statistic kpi_of(const std::string& name) {
  return [name](const ReplicationOutput& o) { return kpi(o, name); };
}

// Runs `n` replications of both variants with the same keys; returns f(b) - f(a) with its CI.
inline Interval paired(const v1::Scenario& a, const v1::Scenario& b, int n, const Statistic& f,
                       std::uint64_t seed = 2024) {
  const Model ma(a), mb(b);
  std::vector<double> d;
  for (int r = 0; r < n; ++r) {
    const ReplicationKey key{.seed = seed, .design_point = 0, .replication = static_cast<std::uint64_t>(r)};
    d.push_back(f(mb.run(key)) - f(ma.run(key)));
  }
  return interval(d);
}

// Several statistics of one pair of variants, one run each.
inline std::vector<Interval> paired(const v1::Scenario& a, const v1::Scenario& b, int n,
                                    const std::vector<Statistic>& fs, std::uint64_t seed = 2024) {
  const Model ma(a), mb(b);
  std::vector<std::vector<double>> d(fs.size());
  for (int r = 0; r < n; ++r) {
    const ReplicationKey key{.seed = seed, .design_point = 0, .replication = static_cast<std::uint64_t>(r)};
    const auto oa = ma.run(key), ob = mb.run(key);
    for (std::size_t i = 0; i < fs.size(); ++i) d[i].push_back(fs[i](ob) - fs[i](oa));
  }
  std::vector<Interval> out;
  for (auto& x : d) out.push_back(interval(x));
  return out;
}

// Mean and CI of a statistic over `n` replications of one scenario.
inline Interval mean_of(const v1::Scenario& s, int n, const Statistic& f, std::uint64_t seed = 2024) {
  const Model m(s);
  std::vector<double> x;
  for (int r = 0; r < n; ++r) x.push_back(f(m.run({.seed = seed, .design_point = 0, .replication = static_cast<std::uint64_t>(r)})));
  return interval(x);
}

}  // namespace salesim::model::testing
