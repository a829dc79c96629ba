// Per-replication rows beside results.pb: DIR/replications.pb, a stream of length-delimited
// v1::ReplicationRecord messages (see results.proto). Shared by the CLI's writers and readers and
// by the viewer, which links only the schema.
//
//   v1::Results r;  r.ParseFromString(bytes_of("out/results.pb"));
//   std::string problem = salesim::v1::attach_replications(r, "out/replications.pb");
#pragma once

#include <ostream>
#include <string>

#include "salesim/v1/results.pb.h"

namespace salesim::v1 {

// Appends the rows of replications.pb at `path` to the design points of `results` (read from
// results.pb), and checks that each point got DesignPoint.replication_count rows. Returns an
// empty string, or what is wrong ("cannot open ...", "truncated: 10 of 12 rows ...").
std::string attach_replications(Results& results, const std::string& path);

// Writes every row of `results` (in plan, point, replication order) to `out` as replications.pb.
// Returns false if the stream failed.
bool write_replications(const Results& results, std::ostream& out);

}  // namespace salesim::v1
