// Writes a run's outputs into its directory as one all-or-nothing set (output_set.h):
// results.pb (metadata and aggregates), replications.pb (the per-replication rows, streamed),
// summary.csv, replications.csv, timeseries.csv, comparison.csv (several plans), scenario.txtpb
// (one plan) or scenario.<plan>.txtpb (several). Numbers are printed with std::to_chars (shortest
// round-trip form, locale-free), so equal results give equal bytes.
//
//   prepare_output_dir(dir, /*resume=*/false, /*force=*/false);  // throws OutputDirError
//   OutputSet out(dir);
//   add_outputs(out, results);
//   out.add("run.json", text);
//   out.remove("journal.bin");
//   out.publish();                                               // throws WriteError
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "salesim/v1/results.pb.h"
#include "sim/experiment/output_set.h"

namespace salesim::experiment {

// Creates `dir` if needed and checks that it is writable. A directory that already holds a run
// (results.pb or journal.bin) is refused unless `resume` or `force`, and so is any other non-empty
// directory unless `resume` or `force` (require_new_or_empty_dir(dir, force, "--out")); with
// `force` the old journal is removed (result files are replaced atomically when the new run
// finishes). `resumable`: the command has --resume (the refusal suggests it only then).
void prepare_output_dir(const std::string& dir, bool resume, bool force, bool resumable = true);

// The one rule for every folder the user names for salesim to write into (--out of every command,
// run --export-crm): it must be absent, empty, or `force` must be given; otherwise throws
// OutputDirError "DIR is not empty (it holds a, b, c and N more): OPTION writes only into a new or
// empty folder; use --force to write into it anyway (files of the same names are replaced), or
// another OPTION". Entries named .salesim-* (a killed run's staging folder) do not count. A path
// that exists and is not a directory is refused even with `force`. Changes nothing on disk.
void require_new_or_empty_dir(const std::string& dir, bool force, const std::string& option);

// Adds every output file of `results` to `out`, and marks for removal the comparison.csv, ranking.csv and plan
// echoes of a replaced run that this one does not write. The rows are set aside while results.pb
// is written (it holds DesignPoint.replication_count instead) and put back afterwards. Throws
// OutputDirError if results.pb alone would exceed Protobuf's 2 GiB limit.
void add_outputs(OutputSet& out, v1::Results& results);

// add_outputs into a set of its own, published.
void write_outputs(const std::string& dir, v1::Results& results);

// Writes `content` to `path` atomically (an OutputSet of one file in its directory).
void write_file_atomic(const std::string& path, const std::string& content);

// Free text (a scenario or plan name) as one file or folder name: ASCII letters, digits, '-' and
// '_' are kept, every other byte becomes '_' (so no '.', '..', separators or control characters
// remain), at most kMaxFileNameChars bytes; `fallback` for an empty name. A name that had to be
// changed (a byte replaced, or cut at the length limit) gets "-" and 8 hex digits of a hash of the
// whole name, so distinct names give distinct files (东区 and 西区 do not share a folder).
//   safe_file_name("golden_triangle", "plan") == "golden_triangle"
//   safe_file_name("../../escaped", "plan") == "______escaped-" + 8 hex digits
inline constexpr std::size_t kMaxFileNameChars = 100;
std::string safe_file_name(const std::string& text, const std::string& fallback);

// A CSV field: quoted (RFC 4180) when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

// A double in its shortest round-trip decimal form ("nan", "inf", "-inf" for the specials).
std::string format_number(double v);

// The results' binary form (deterministic serialization).
std::string serialize_results(const v1::Results& results);

// Reads DIR/results.pb (or a results.pb path) with the rows of the replications.pb beside it;
// throws std::runtime_error.
v1::Results read_results(const std::string& path);

}  // namespace salesim::experiment
