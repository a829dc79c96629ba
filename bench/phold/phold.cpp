// PHOLD on the salesim kernel, the standard DES kernel workload (see bench/phold/README section in
// docs/benchmarks.md). It uses the kernel the way the model does: one bound handler, events
// scheduled with Simulation::schedule_at and run with run_until, random numbers from
// sim/kernel/random.h. It draws the same xoshiro256** stream in the same order as the peers in
// /work/shared/peers/phold/common.hpp, so for a given seed it executes the same trajectory and
// reports the same event count (N=64, k=16, T=1000, seed=1 -> 931438).
//
//   phold --n 64 --k 16 --end 1000 --mean 1.0 --lookahead 0.1 --remote 0.9 --seed 1
//   -> events=<count> wall_s=<seconds> events_per_s=<rate>
//
// --mode process runs the same workload with one coroutine process per token (`co_await
// sim.timeout(d)`), to measure what processes cost against callbacks. Its times are now + d
// rather than (now + lookahead) + draw, so its count agrees with the others only statistically.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <string>

#include "sim/kernel/process.h"
#include "sim/kernel/random.h"
#include "sim/kernel/simulation.h"

namespace {

using salesim::kernel::HandlerId;
using salesim::kernel::Rng;
using salesim::kernel::Simulation;

struct Args {
  std::uint32_t n = 64;
  std::uint32_t k = 16;
  double end = 1000.0;
  double mean = 1.0;
  double lookahead = 0.1;
  double remote = 0.9;
  std::uint64_t seed = 1;
  std::string mode = "callback";
};

[[noreturn]] void usage(const char* prog) {
  std::fprintf(stderr,
               "usage: %s [--n N] [--k K] [--end T] [--mean M] [--lookahead L] [--remote P] [--seed S]"
               " [--mode callback|process]\n",
               prog);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const char* flag = argv[i];
    auto is = [&](const char* s) { return std::strcmp(flag, s) == 0; };
    if (i + 1 >= argc) usage(argv[0]);
    const char* v = argv[++i];
    if (is("--n")) a.n = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
    else if (is("--k")) a.k = static_cast<std::uint32_t>(std::strtoul(v, nullptr, 10));
    else if (is("--end")) a.end = std::strtod(v, nullptr);
    else if (is("--mean")) a.mean = std::strtod(v, nullptr);
    else if (is("--lookahead")) a.lookahead = std::strtod(v, nullptr);
    else if (is("--remote")) a.remote = std::strtod(v, nullptr);
    else if (is("--seed")) a.seed = std::strtoull(v, nullptr, 10);
    else if (is("--mode")) a.mode = v;
    else usage(argv[0]);
  }
  if (a.n < 2 || a.k < 1 || !(a.end > 0) || (a.mode != "callback" && a.mode != "process")) usage(argv[0]);
  return a;
}

// The logical processes: one handler; the payload is the LP an event is for.
class Phold {
 public:
  Phold(Simulation& sim, const Args& a) : sim_(sim), a_(a), rng_(a.seed), per_lp_(a.n, 0) {
    handle_ = sim.bind<&Phold::on_event>(this);
  }

  void seed_events() {
    sim_.reserve(static_cast<std::size_t>(a_.n) * a_.k);
    for (std::uint32_t lp = 0; lp < a_.n; ++lp)
      for (std::uint32_t j = 0; j < a_.k; ++j) sim_.schedule_at(a_.lookahead + exp(), handle_, lp);
  }

  void on_event(std::uint64_t lp) {
    ++per_lp_[lp];
    const std::uint64_t dst = destination(lp);
    // (now + lookahead) + draw, left to right as the peers add, so the trajectories match bit for bit.
    sim_.schedule_at(sim_.now() + a_.lookahead + exp(), handle_, dst);
  }

  // --mode process: the token's life as a coroutine.
  static salesim::kernel::Process token(Simulation& sim, Phold* self, std::uint64_t lp, double first) {
    co_await sim.timeout(first);
    for (;;) {
      ++self->per_lp_[lp];
      lp = self->destination(lp);
      const double d = self->a_.lookahead + self->exp();
      co_await sim.timeout(d);
    }
  }
  void start_tokens() {
    sim_.reserve(2 * static_cast<std::size_t>(a_.n) * a_.k);
    for (std::uint32_t lp = 0; lp < a_.n; ++lp)
      for (std::uint32_t j = 0; j < a_.k; ++j) salesim::kernel::start(sim_, token(sim_, this, lp, a_.lookahead + exp()));
  }

  std::uint64_t total() const {
    std::uint64_t s = 0;
    for (auto c : per_lp_) s += c;
    return s;
  }

 private:
  double exp() { return salesim::kernel::exponential(rng_, a_.mean); }
  // A uniformly random other LP with probability `remote`, else this one (peers' phold_dest).
  std::uint64_t destination(std::uint64_t self) {
    if (rng_.uniform01() < a_.remote) {
      const std::uint64_t d = rng_.below(a_.n - 1);
      return d >= self ? d + 1 : d;
    }
    return self;
  }

  Simulation& sim_;
  const Args a_;
  Rng rng_;
  std::vector<std::uint64_t> per_lp_;
  HandlerId handle_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  Simulation sim;
  Phold phold(sim, a);
  const auto t0 = std::chrono::steady_clock::now();
  const bool processes = a.mode == "process";
  if (processes)
    phold.start_tokens();
  else
    phold.seed_events();
  sim.run_until(a.end);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Process starts are kernel events too; PHOLD counts only the model's.
  const std::uint64_t events = sim.events_executed() - (processes ? static_cast<std::uint64_t>(a.n) * a.k : 0);
  if (phold.total() != events) {
    std::fprintf(stderr, "per-LP count mismatch\n");
    return 1;
  }
  std::printf("events=%llu wall_s=%.6f events_per_s=%.0f\n", static_cast<unsigned long long>(events), wall,
              wall > 0 ? static_cast<double>(events) / wall : 0.0);
  return 0;
}
