// Statistics primitives for simulation outputs.
//
//   Tally waits;                 // observations: Welford mean/variance (n-1), min, max
//   waits.add(3.2);
//   waits.mean(); waits.variance(); waits.std_error();
//
//   TimeWeighted queue(0.0);     // a piecewise-constant level over time (queue length, busy units)
//   queue.set(sim.now(), 4);     // the level is 4 from now on
//   queue.mean(sim.now());       // time-average since the start (or the last reset)
//
// Both stream: memory does not grow with the number of observations.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace salesim::kernel {

// Mean, variance (sample, n-1), min and max of observations by Welford's update (numerically
// stable in one pass).
class Tally {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    sum_ += x;
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  // Combines another tally into this one (Chan et al.); the result is as if all were added here.
  void merge(const Tally& o) {
    if (o.n_ == 0) return;
    if (n_ == 0) {
      *this = o;
      return;
    }
    const double n = static_cast<double>(n_ + o.n_);
    const double delta = o.mean_ - mean_;
    mean_ += delta * static_cast<double>(o.n_) / n;
    m2_ += o.m2_ + delta * delta * static_cast<double>(n_) * static_cast<double>(o.n_) / n;
    n_ += o.n_;
    sum_ += o.sum_;
    min_ = std::min(min_, o.min_);
    max_ = std::max(max_, o.max_);
  }
  void reset() { *this = Tally(); }

  std::uint64_t count() const { return n_; }
  double sum() const { return sum_; }
  // NaN when empty.
  double mean() const { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  // Sample variance (divides by n-1); NaN with fewer than two observations.
  double variance() const {
    return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::numeric_limits<double>::quiet_NaN();
  }
  double stddev() const { return std::sqrt(variance()); }
  // Standard error of the mean, sd / sqrt(n).
  double std_error() const { return stddev() / std::sqrt(static_cast<double>(n_)); }
  // +inf / -inf when empty.
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double sum_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

// Time-average of a piecewise-constant level: the integral of level(t) dt divided by the elapsed
// time. set() must be called with non-decreasing times.
class TimeWeighted {
 public:
  explicit TimeWeighted(double start_time = 0.0, double level = 0.0)
      : start_(start_time), last_(start_time), level_(level), max_(level) {}

  // The level becomes `level` at time t.
  void set(double t, double level) {
    advance(t);
    level_ = level;
    max_ = std::max(max_, level);
  }
  // Adds `delta` to the level at time t.
  void add(double t, double delta) { set(t, level_ + delta); }
  // Restarts the average at time t (e.g. after a warm-up), keeping the current level.
  void reset(double t) {
    start_ = last_ = t;
    area_ = 0.0;
    max_ = level_;
  }

  double level() const { return level_; }
  double max() const { return max_; }
  double start() const { return start_; }
  // Integral of the level from start() to now (now >= the last change).
  double integral(double now) const { return area_ + level_ * (now - last_); }
  // Time-average from start() to now; the current level if no time has passed.
  double mean(double now) const { return now > start_ ? integral(now) / (now - start_) : level_; }

 private:
  void advance(double t) {
    if (t < last_) throw std::invalid_argument("TimeWeighted::set: time went backwards");
    area_ += level_ * (t - last_);
    last_ = t;
  }
  double start_;
  double last_;
  double level_;
  double max_;
  double area_ = 0.0;
};

}  // namespace salesim::kernel
