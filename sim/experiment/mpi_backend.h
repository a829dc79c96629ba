// The MPI backend (Boost.MPI over OpenMPI): under `mpirun -np N salesim ...` every rank loads the
// same scenarios, computes its share of the replications, and rank 0 gathers, commits in order and
// writes — the same bytes as one process. MPI has no authentication: run it on trusted, isolated
// networks only.
//
//   MpiSession mpi(argc, argv);            // initializes MPI only when started by mpirun
//   opt.distributor = mpi_distributor();   // null unless there are several ranks
#pragma once

#include <memory>

#include "sim/experiment/distributor.h"

namespace salesim::experiment {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// This process's rank (0 without MPI) and the number of ranks (1 without MPI).
int mpi_rank();
int mpi_size();
// Collective: every rank gets rank 0's `ok` (so the others stop when rank 0 cannot proceed).
// Without MPI returns `ok`.
bool mpi_root_ok(bool ok);
// The distributor over MPI_COMM_WORLD, or null when not running under MPI with several ranks.
Distributor* mpi_distributor();

}  // namespace salesim::experiment
