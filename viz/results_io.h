// Loading results.pb for the viewer: read, parse and check that the file is whole and consistent,
// so that chart building can index into it without further checks.
//
//   salesim::v1::Results r = salesim::viz::load_results("out/results.pb");  // throws LoadError
//
// A truncated or corrupt file, or a scenario text file given by mistake, raises LoadError with a
// message that starts with the path and says what is wrong.
#pragma once

#include <stdexcept>
#include <string>

#include "salesim/v1/results.pb.h"

namespace salesim::viz {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and checks a results.pb file, with the per-replication rows of the replications.pb beside
// it. Throws LoadError.
v1::Results load_results(const std::string& path);

// Parses results from bytes; `origin` names the source in messages. Throws LoadError.
v1::Results parse_results(const std::string& bytes, const std::string& origin);

// Checks the internal consistency of results (column counts, plan references). Returns an empty
// string when fine, else a description of the first problem.
std::string check_results(const v1::Results& results);

// True for a path that names a scenario file (.txtpb, .textproto, .pbtxt, .json).
bool looks_like_scenario_path(const std::string& path);

}  // namespace salesim::viz
