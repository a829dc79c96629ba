// Internals shared by the scenario loader's parts (not part of the public API): structured field
// paths, the source-location tree that follows a scenario through overlays and overrides, and the
// validation rules (which the reference generator also prints, so docs and checks agree).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "sim/scenario/loader.h"

namespace salesim::scenario::detail {

namespace pb = google::protobuf;

// One step of a field path: a field and, for repeated fields, the element index (-1 otherwise).
struct PathStep {
  const pb::FieldDescriptor* field = nullptr;
  int index = -1;
};
using FieldPath = std::vector<PathStep>;

// "team.cohorts[pm].hours_per_week": repeated messages with a non-empty `name` are shown by name,
// other repeated elements by index. `root` is the message the path starts from.
std::string path_string(const pb::Message& root, const FieldPath& path);

// A problem found by the validator: where (as a structured path) and what.
struct Issue {
  FieldPath path;
  std::string message;
};
// All problems of a resolved scenario, in field order, at most Limits::max_diagnostics.
std::vector<Issue> validate_issues(const v1::Scenario& scenario);

// Where a value came from: a file (index into the loader's file table) and a 1-based position
// (0 when the format gives none, as JSON and --set do).
struct SourceLoc {
  int file = -1;
  int line = 0;
  int column = 0;
};
struct LocNode;
struct LocEntry {
  std::vector<SourceLoc> locs;   // one per element (index 0 for a singular field)
  std::vector<LocNode> nested;   // sub-trees of message elements, parallel to locs
};
// Which fields a file wrote (presence, even for proto3 zero values) and where.
struct LocNode {
  std::map<int, LocEntry> fields;  // by field number
};

// Overlays `src` onto `dst` by the merge rules of `base:` (loader.cpp); `written` says which fields
// of `src` count as written (a file's location tree, or phases.cpp's presence tree).
void overlay(pb::Message& dst, const pb::Message& src, const LocNode& written);

// Policy phases (phases.cpp). The indices of scenario.phases in the order they apply: by start_day,
// ties in file order.
std::vector<int> phase_order(const v1::Scenario& scenario);
// Which fields a phase's `set` writes: every field it holds (a value, a non-empty list, a present
// message) and the paths of its zero_fields.
LocNode phase_writes(const v1::Phase& phase);
// The scenario in force after the first `count` phases of phase_order: the scenario without its
// phases, with their sets overlaid in that order, defaults filled.
v1::Scenario scenario_after_phases(const v1::Scenario& scenario, std::size_t count);

// Sets `path` in `root` by the --set syntax (creating singular sub-messages on the way, never list
// elements). Returns the structured path of the field set; throws ScenarioError. When given,
// `reached_value` becomes true once the path resolved (so a throw after that is about the value).
FieldPath set_field_path(pb::Message& root, const std::string& path, const std::string& value,
                         bool* reached_value = nullptr);
// Where the token a Protobuf text-parser error is about starts (0-based column in `line`): the
// parser reports an unknown field, an unknown enum value or a repeated field at the token after
// it; this finds the name itself on the line. Other errors keep `column`.
int token_column(const std::string& line, int column, const std::string& message);

// The structured path a --set path names in `root`, without changing it; throws ScenarioError.
FieldPath resolve_path(const pb::Message& root, const std::string& path);
// True when one path leads to or into the other (a message and one of its fields, or the same field).
bool overlaps(const FieldPath& a, const FieldPath& b);

// A numeric range a field must lie in, as the validator checks it and the reference prints it.
struct Range {
  double lo;
  double hi;
  bool lo_open = false;
  bool hi_open = false;
  bool contains(double v) const;
  std::string describe() const;  // "in [0, 1]", "> 0", ">= 0", "in (0, 168]"
};
// The range of a numeric field: its (salesim.v1.param) min/max (none for fields inside a
// Distribution, which are checked per kind, nor for fields marked unbounded).
std::optional<Range> range_for(const pb::FieldDescriptor* field);
// Extra rule text for the reference (cross-field and distribution rules), empty when none.
std::string rule_note(const pb::FieldDescriptor* field);

// A field's schema default as the reference and docs/model.md print it: "0.5", "GO_BIG",
// "lognormal(mean 400000, cv 0.5)", "6, 10, 6, 8, 6", "[1, 1, 1, 1]", "24 entries", or the
// option's default_note; "0"/"false" for a plain number/bool without one; "" when none applies.
std::string default_string(const pb::FieldDescriptor* field);
// `text` with '|' escaped for a Markdown table cell.
std::string escape_cell(const std::string& text);

// Formats a double for messages: shortest round-trip form, locale-free.
std::string format_number(double v);

// Offset of the first byte of `s` that breaks UTF-8 (or a NUL), or npos: a scenario is UTF-8 text,
// whether read from a file or set by --set (the text printer writes it back as UTF-8).
std::size_t invalid_utf8(const std::string& s);

// Throws ScenarioError with one diagnostic.
[[noreturn]] void fail(std::string file, std::string field_path, std::string message);

}  // namespace salesim::scenario::detail
