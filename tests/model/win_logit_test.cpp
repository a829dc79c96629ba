// The win-at-close rule: a multinomial logit over us, each competitor present and no decision.
#include <gtest/gtest.h>

#include <array>

#include "sim/model/logit.h"

namespace salesim::model {
namespace {

TEST(WinLogit, ProbabilitiesSumToOne) {
  const std::array<double, 5> u = {0.3, -0.3, 0.2, 0.0, 0.4};
  std::array<double, 5> p{};
  choice_probabilities(u, p);
  double sum = 0;
  for (double x : p) sum += x;
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(WinLogit, EqualUtilitiesSplitEvenlyAndAHigherUtilityGetsMore) {
  std::array<double, 3> p{};
  choice_probabilities(std::array<double, 3>{0, 0, 0}, p);
  for (double x : p) EXPECT_NEAR(x, 1.0 / 3, 1e-12);
  choice_probabilities(std::array<double, 3>{1, 0, 0}, p);
  EXPECT_NEAR(p[0], std::exp(1.0) / (std::exp(1.0) + 2), 1e-12);
  EXPECT_GT(p[0], p[1]);
}

TEST(WinLogit, AddingACompetitorLowersOurChance) {
  std::array<double, 2> two{};
  std::array<double, 3> three{};
  choice_probabilities(std::array<double, 2>{0.5, -0.3}, two);
  choice_probabilities(std::array<double, 3>{0.5, -0.3, 0.2}, three);
  EXPECT_LT(three[0], two[0]);
}

TEST(WinLogit, IsStableForLargeUtilities) {
  std::array<double, 2> p{};
  choice_probabilities(std::array<double, 2>{800, 799}, p);
  EXPECT_NEAR(p[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-12);
}

TEST(WinLogit, ChooseInvertsTheCumulativeDistribution) {
  const std::array<double, 3> p = {0.2, 0.5, 0.3};
  EXPECT_EQ(choose(p, 0.0), 0u);
  EXPECT_EQ(choose(p, 0.19), 0u);
  EXPECT_EQ(choose(p, 0.21), 1u);
  EXPECT_EQ(choose(p, 0.69), 1u);
  EXPECT_EQ(choose(p, 0.71), 2u);
  EXPECT_EQ(choose(p, 0.999999), 2u);
}

}  // namespace
}  // namespace salesim::model
