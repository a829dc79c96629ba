// The MPI backend; see mpi_backend.h. Only the thread that called MpiSession talks MPI
// (MPI_THREAD_FUNNELED): run_spec's calling thread sends and polls while worker threads compute.
#include "sim/experiment/mpi_backend.h"

#include <cstdlib>
#include <boost/optional.hpp>
#include <utility>

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

namespace salesim::experiment {

namespace mpi = boost::mpi;

namespace {

constexpr int kTagItems = 1;
constexpr int kTagEnd = 2;

class MpiDistributor : public Distributor {
 public:
  int rank() const override { return world_.rank(); }
  int size() const override { return world_.size(); }

  bool sync_round(bool go, std::uint64_t& start) override {
    std::pair<bool, std::uint64_t> msg{go, start};
    mpi::broadcast(world_, msg, 0);
    start = msg.second;
    return msg.first;
  }

  void send(const std::vector<JournalRecord>& records) override {
    std::vector<unsigned char> buf;
    for (const auto& r : records) append_record(buf, r.cell, r.replication, r.output);
    world_.send(0, kTagItems, buf);
  }

  void send_end(const std::string& error) override { world_.send(0, kTagEnd, error); }

  bool poll(std::vector<JournalRecord>& records, int& ended, std::string& error) override {
    bool any = false;
    while (boost::optional<mpi::status> st = world_.iprobe(mpi::any_source, mpi::any_tag)) {
      any = true;
      if (st->tag() == kTagItems) {
        std::vector<unsigned char> buf;
        world_.recv(st->source(), kTagItems, buf);
        std::size_t at = 0;
        while (at < buf.size()) {
          JournalRecord r;
          std::size_t used = 0;
          if (!parse_record(buf.data() + at, buf.size() - at, used, r)) {
            error = "corrupt message from rank " + std::to_string(st->source());
            break;
          }
          records.push_back(std::move(r));
          at += used;
        }
      } else {
        std::string err;
        world_.recv(st->source(), kTagEnd, err);
        if (!err.empty() && error.empty()) error = err;
        ++ended;
      }
    }
    return any;
  }

 private:
  mpi::communicator world_;
};

bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}

std::unique_ptr<mpi::environment> g_env;
std::unique_ptr<MpiDistributor> g_dist;

}  // namespace

struct MpiSession::Impl {};

MpiSession::MpiSession(int& argc, char**& argv) {
  // A plain `salesim run` never initializes MPI (no start-up cost, no launcher needed).
  if (!launched_by_mpirun() || g_env) return;
  g_env = std::make_unique<mpi::environment>(argc, argv, mpi::threading::funneled);
  g_dist = std::make_unique<MpiDistributor>();
}

MpiSession::~MpiSession() {
  g_dist.reset();
  g_env.reset();
}

int mpi_rank() { return g_dist ? g_dist->rank() : 0; }
int mpi_size() { return g_dist ? g_dist->size() : 1; }
bool mpi_root_ok(bool ok) {
  if (!g_dist || g_dist->size() < 2) return ok;
  mpi::communicator world;
  mpi::broadcast(world, ok, 0);
  return ok;
}
Distributor* mpi_distributor() { return g_dist && g_dist->size() > 1 ? g_dist.get() : nullptr; }

}  // namespace salesim::experiment
