// Writing a CrmExport as the CSV files of crm.h (opportunities.csv, stage_history.csv,
// roster.csv, competitors.csv): UTF-8 without BOM, RFC 4180 (comma separator, CRLF line ends, a
// field quoted when it holds a comma, a quote, CR or LF, or begins or ends with a space; quotes
// doubled), a header row, ISO dates (YYYY-MM-DD) counted from the export's epoch, amounts in CNY
// with two decimals, '.' as decimal point and no thousands separator, a blank cell for a blank
// value. What `salesim run --export-crm DIR` writes (one OutputSet: all files or none).
//
//   OutputSet out(dir);
//   add_export_files(out, simulate_export(scenario, key, epoch));
//   out.publish();
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/calibration/crm.h"
#include "sim/calibration/simulated_export.h"

namespace salesim::experiment {
class OutputSet;
}

namespace salesim::calibration {

// The file names, in the order they are written.
inline constexpr const char* kOpportunitiesCsv = "opportunities.csv";
inline constexpr const char* kStageHistoryCsv = "stage_history.csv";
inline constexpr const char* kRosterCsv = "roster.csv";
inline constexpr const char* kCompetitorsCsv = "competitors.csv";
inline constexpr const char* kMappingTxtpb = "mapping.txtpb";

// One RFC 4180 field: as is, or quoted with inner quotes doubled when it must be.
std::string csv_field(const std::string& text);

// The ISO date of day number `day` (rounded down) counted from `epoch`, e.g. "2026-02-01" for day
// 31 of the epoch 2026-01-01; "" for NaN. Proleptic Gregorian calendar (Boost.Date_Time); throws
// std::out_of_range outside the years 1400..9999.
std::string iso_date(const Epoch& epoch, double day);

// The text of each file (header row first, CRLF line ends).
std::string opportunities_csv(const CrmExport& e);
std::string stage_history_csv(const CrmExport& e);
std::string roster_csv(const CrmExport& e);
std::string competitors_csv(const CrmExport& e);

// mapping.txtpb: the CrmMapping (salesim.v1.CrmMapping, Protobuf text) that reads these files back:
// the "salesim" preset (scenarios/crm/salesim_mapping.txtpb) plus the export's epoch and period
// (epoch, period_start, period_end as ISO dates), which a reader could not infer (warm-up deals
// are created before the period starts).
std::string mapping_txtpb(const CrmExport& e);

// Adds the four files and mapping.txtpb to `out` (the tables an export lacks, by its has_* flags, are left out;
// opportunities.csv always).
void add_export_files(experiment::OutputSet& out, const CrmExport& e);

}  // namespace salesim::calibration
