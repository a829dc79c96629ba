// Reading a customer's CRM export (CSV files) into a CrmExport (sim/calibration/crm.h), as a
// mapping file (salesim.v1.CrmMapping, sim/proto/salesim/v1/crm.proto) says.
//
//   v1::CrmMapping m = load_mapping("scenarios/crm_example/mapping.txtpb");   // throws MappingError
//   std::vector<DataProblem> problems;
//   CrmExport e = read_export("scenarios/crm_example", m, {.strict = false}, &problems);  // throws DataError
//
// Files: UTF-8 with or without a BOM, RFC 4180 (quoted fields with commas, quotes and newlines,
// CRLF or LF; parsed by libcsv), a header row whose names the mapping gives.
//
// Every problem in the data is a DataProblem "file:line: column: what is wrong" (line 1-based,
// the line a record starts on). Errors make the row unusable: by default it is skipped and
// counted; with `strict` the first pass still reads every row, then DataError lists every error.
// Warnings keep the row (e.g. an owner absent from the roster is counted as an AM). Problems that
// make a whole file unusable (missing, empty, a required column absent, a header that is not
// UTF-8) throw DataError in either mode. The classes are ProblemKind below; docs/calibration.md
// "Data problems" has the table with an example message of each.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "salesim/v1/crm.pb.h"
#include "sim/calibration/crm.h"

namespace salesim::calibration {

// A mapping file with a problem; what() is every diagnostic "file:line:col: field.path: message",
// one per line.
class MappingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a CrmMapping (Protobuf text format) and checks it: required files and columns, known
// outcomes, types and roles, valid date formats, separators and dates. Defaults are filled
// (date_formats ["%Y-%m-%d"], decimal_point ".", amount_multiplier 1, role_values). Throws
// MappingError. `mapping_from_string` labels diagnostics with `file_name`.
v1::CrmMapping load_mapping(const std::string& path);
v1::CrmMapping mapping_from_string(const std::string& text, const std::string& file_name);

enum class ProblemKind : std::uint8_t {
  // file-level (always fatal)
  missing_file, empty_file, missing_column, header_encoding, no_opportunities,
  // row errors (row skipped, or fatal with --strict)
  bad_encoding, field_count, blank_required, blank_close_date, bad_date, close_before_created,
  unknown_stage, undeclared_thousands, bad_amount, negative_amount, duplicate_id,
  unknown_opportunity, unknown_role, duplicate_person, created_after_period,
  // warnings (row kept)
  owner_not_in_roster, product_spellings, close_after_period, implausible_date,
};
// A stable identifier for the reports and the docs table, e.g. "blank_close_date".
const char* problem_kind_name(ProblemKind kind);

struct DataProblem {
  enum class Severity : std::uint8_t { error, warning };
  Severity severity = Severity::error;
  ProblemKind kind = ProblemKind::bad_date;
  std::string file;       // as given (the export directory joined with the mapping's file name)
  std::uint32_t line = 0;  // 1-based; the header is line 1
  std::string column;     // the header name, or "(row)" / "(file)"
  std::string message;
  // "file:line: column: message" ("warning: " in front of the message for warnings).
  std::string to_string() const;
};

// A file-level problem, or every row error under --strict. what() lists the problems, one per line.
class DataError : public std::runtime_error {
 public:
  explicit DataError(std::vector<DataProblem> problems);
  const std::vector<DataProblem>& problems() const { return problems_; }

 private:
  std::vector<DataProblem> problems_;
};

struct ReadOptions {
  bool strict = false;
};

// The files of one export; empty: absent (only opportunities is required).
struct ExportFiles {
  std::string opportunities, stage_history, roster, competitors;
};

// Reads the files the mapping names from `dir`. Every file the mapping names is required: one the
// directory lacks is a missing_file DataError (all of them listed); a block the mapping leaves out
// is read as absent (has_* = false). Dates against the mapping's period: created after the
// period_end day is a row error (created_after_period); a close after it is a warning and the deal
// is read as open (censored at the period end); records dated period_end itself are kept as they
// are (the day the export was taken); a created date more than 20 years
// before the period is a warning (implausible_date). `problems` (may be null) receives every problem found, errors and warnings, in file
// and line order: roster, opportunities, stage history, competitors.
CrmExport read_export(const std::string& dir, const v1::CrmMapping& mapping, const ReadOptions& options,
                      std::vector<DataProblem>* problems);
CrmExport read_export_files(const ExportFiles& files, const v1::CrmMapping& mapping, const ReadOptions& options,
                            std::vector<DataProblem>* problems);

// Date helpers, shared with the writers: days since 1970-01-01 of a civil date (proleptic
// Gregorian; H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil), its
// inverse, and "YYYY-MM-DD".
std::int64_t days_from_civil(int year, int month, int day);
void civil_from_days(std::int64_t days, int& year, int& month, int& day);
std::string iso_date(std::int64_t days_since_1970);
// Parses `text` by one strptime-like format (see CrmMapping.date_formats); false when it does not
// match exactly or is not a valid date.
bool parse_date(const std::string& text, const std::string& format, std::int64_t& days_since_1970);

}  // namespace salesim::calibration
