// replications.pb, the per-replication rows of a run; see results_rows.h.
#include "results_rows.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>

namespace salesim::v1 {

std::string attach_replications(Results& results, const std::string& path) {
  std::uint64_t expected = 0;
  for (const auto& plan : results.plans())
    for (const auto& dp : plan.points()) expected += dp.replication_count();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (expected == 0) return {};
    return "cannot open " + path + ": " + std::strerror(errno);
  }
  google::protobuf::io::IstreamInputStream stream(&in);
  std::uint64_t rows = 0;
  for (;;) {
    ReplicationRecord rec;
    bool clean_eof = false;
    if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&rec, &stream, &clean_eof)) {
      if (clean_eof) break;
      return path + ": corrupt or truncated after " + std::to_string(rows) + " rows";
    }
    if (rec.plan() >= static_cast<std::uint32_t>(results.plans_size()) ||
        rec.design_point() >= static_cast<std::uint32_t>(results.plans(static_cast<int>(rec.plan())).points_size()))
      return path + ": row " + std::to_string(rows) + " names a plan or design point that results.pb does not have";
    DesignPoint& dp =
        *results.mutable_plans(static_cast<int>(rec.plan()))->mutable_points(static_cast<int>(rec.design_point()));
    if (static_cast<std::uint64_t>(dp.replications_size()) >= dp.replication_count())
      return path + ": more rows than results.pb says (another run's file?)";
    dp.mutable_replications()->Add(std::move(*rec.mutable_replication()));
    ++rows;
  }
  if (rows != expected)
    return path + ": truncated: " + std::to_string(rows) + " of " + std::to_string(expected) + " rows";
  return {};
}

bool write_replications(const Results& results, std::ostream& out) {
  google::protobuf::io::OstreamOutputStream stream(&out);
  ReplicationRecord rec;
  for (int p = 0; p < results.plans_size(); ++p)
    for (const auto& dp : results.plans(p).points())
      for (const auto& rep : dp.replications()) {
        rec.set_plan(static_cast<std::uint32_t>(p));
        rec.set_design_point(dp.index());
        *rec.mutable_replication() = rep;
        if (!google::protobuf::util::SerializeDelimitedToZeroCopyStream(rec, &stream)) return false;
      }
  return true;
}

}  // namespace salesim::v1
