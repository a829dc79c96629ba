// Sweep designs: grid order and Latin hypercube stratification.
#include "sim/experiment/design.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace salesim::experiment {
namespace {

TEST(Design, GridIsTheCartesianProductWithTheFirstAxisSlowest) {
  v1::Sweep sweep;
  auto* a = sweep.mutable_grid()->add_axes();
  a->set_path("team.cohorts[pm].count");
  a->add_values(2), a->add_values(3);
  auto* b = sweep.mutable_grid()->add_axes();
  b->set_path("formation.x");
  b->add_values(0.1), b->add_values(0.2), b->add_values(0.3);
  const Design d = make_design(sweep, 1);
  EXPECT_EQ(d.kind, "GRID");
  ASSERT_EQ(d.points.size(), 6u);
  EXPECT_EQ(d.points[0], (std::vector<double>{2, 0.1}));
  EXPECT_EQ(d.points[2], (std::vector<double>{2, 0.3}));
  EXPECT_EQ(d.points[3], (std::vector<double>{3, 0.1}));
  EXPECT_EQ(d.paths[1], "formation.x");
}

TEST(Design, LatinHypercubeUsesEveryStratumOnceAndIsReproducible) {
  v1::Sweep sweep;
  auto* lhs = sweep.mutable_latin_hypercube();
  lhs->set_points(10);
  auto* r = lhs->add_ranges();
  r->set_path("a");
  r->set_min(0), r->set_max(1);
  auto* s = lhs->add_ranges();
  s->set_path("b");
  s->set_min(10), s->set_max(20);
  const Design d = make_design(sweep, 42);
  ASSERT_EQ(d.points.size(), 10u);
  for (int dim = 0; dim < 2; ++dim) {
    std::vector<int> strata;
    for (const auto& p : d.points) {
      const double u = dim == 0 ? p[0] : (p[1] - 10) / 10;
      strata.push_back(static_cast<int>(std::floor(u * 10)));
    }
    std::sort(strata.begin(), strata.end());
    for (int i = 0; i < 10; ++i) EXPECT_EQ(strata[static_cast<std::size_t>(i)], i) << "dimension " << dim;
  }
  EXPECT_EQ(make_design(sweep, 42).points, d.points);
  EXPECT_NE(make_design(sweep, 43).points, d.points);
}

TEST(Design, IntegerRangesAreRounded) {
  v1::Sweep sweep;
  auto* lhs = sweep.mutable_latin_hypercube();
  lhs->set_points(7);
  auto* r = lhs->add_ranges();
  r->set_path("n");
  r->set_min(1), r->set_max(6);
  r->set_integer(true);
  for (const auto& p : make_design(sweep, 5).points) {
    EXPECT_EQ(p[0], std::round(p[0]));
    EXPECT_GE(p[0], 1);
    EXPECT_LE(p[0], 6);
  }
}

TEST(Design, MalformedDesignsAreRejectedWithTheFieldPath) {
  v1::Sweep none;
  EXPECT_THROW(make_design(none, 1), std::runtime_error);
  v1::Sweep empty_axis;
  empty_axis.mutable_grid()->add_axes()->set_path("x");
  try {
    make_design(empty_axis, 1);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("experiment.sweep.grid.axes[0].values"), std::string::npos) << e.what();
  }
  v1::Sweep inverted;
  auto* r = inverted.mutable_latin_hypercube()->add_ranges();
  inverted.mutable_latin_hypercube()->set_points(3);
  r->set_path("x");
  r->set_min(2), r->set_max(1);
  EXPECT_THROW(make_design(inverted, 1), std::runtime_error);
}

}  // namespace
}  // namespace salesim::experiment
