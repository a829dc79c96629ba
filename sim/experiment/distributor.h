// How run_spec spreads a round of replications over processes (implemented by the MPI backend,
// mpi_backend.h). Items (replication x cell, in commit order) are dealt to ranks in chunks; every
// rank computes its own items with its threads; rank 0 also receives the others' outputs and
// commits everything in item order, so the bytes do not depend on the rank count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/experiment/journal.h"

namespace salesim::experiment {

class Distributor {
 public:
  static constexpr std::uint64_t kChunk = 8;  // consecutive items dealt to one rank

  virtual ~Distributor() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Rank 0 announces whether a round follows and the first item left to compute (after its
  // journal replay); the other ranks receive both (their own `go` is ignored). Collective: every
  // rank calls it once per round, and once more after the last one, where rank 0 passes
  // go = false (as it does after an error, so that the others stop). Returns rank 0's go.
  virtual bool sync_round(bool go, std::uint64_t& start) = 0;
  // Ranks > 0: send finished items to rank 0; then, once per round, the end marker (`error` is
  // empty unless a replication failed).
  virtual void send(const std::vector<JournalRecord>& records) = 0;
  virtual void send_end(const std::string& error) = 0;
  // Rank 0: takes whatever has arrived, without blocking. Appends records, adds the number of
  // end markers seen to `ended`, and sets `error` from a failed rank. Returns whether anything came.
  virtual bool poll(std::vector<JournalRecord>& records, int& ended, std::string& error) = 0;

  bool owns(std::uint64_t k) const { return static_cast<int>((k / kChunk) % static_cast<std::uint64_t>(size())) == rank(); }
  // The first item >= k that this rank owns.
  std::uint64_t next_owned(std::uint64_t k) const {
    std::uint64_t block = k / kChunk;
    while (static_cast<int>(block % static_cast<std::uint64_t>(size())) != rank()) ++block;
    return block * kChunk > k ? block * kChunk : k;
  }
};

}  // namespace salesim::experiment
