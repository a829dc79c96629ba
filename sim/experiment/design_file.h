// Designs in and out: a sweep's design points as a CSV file, one column per scenario field path
// and one row per design point (the layout SALib and the EMA workbench read and write).
//
//   points.csv:  team.cohorts[pm].count,team.cohorts[presales].count
//                4,6
//                5,6
//   FileDesign f = read_design_csv(text, "points.csv");   // strict RFC 4180, numbers only
//   check_design_paths(scenario, f);                        // each path settable like a sweep axis
//   write_file_atomic("points.csv", design_csv(f.design));  // and back out
//
// Errors name the place: "points.csv:3:2: team.cohorts[presales].count: 'six' is not a number".
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "salesim/v1/scenario.pb.h"
#include "sim/experiment/design.h"

namespace salesim::experiment {

// A bad design file: the message is "FILE:LINE:COL: PATH: what is wrong" (parts that do not
// apply are left out).
struct DesignFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The design a file describes, kind "FILE", and where each row and column begins (1-based), for
// error messages.
struct FileDesign {
  Design design;
  std::string file;
  std::vector<std::size_t> row_lines;  // line of design.points[i]
  std::vector<std::vector<std::size_t>> columns;  // columns[i][j]: column of design.points[i][j]
  std::vector<std::size_t> header_columns;        // column of design.paths[j] in the header
};

// Parses a design CSV (RFC 4180: comma-separated, "quoted" fields with "" inside, LF or CRLF line
// ends, the last one optional). The header names the field paths (no empty or duplicate names);
// every further row holds one finite number per path. Throws DesignFileError for an empty file,
// a header without rows, a ragged row, an empty cell, a non-number or a stray quote.
FileDesign read_design_csv(const std::string& text, const std::string& file);

// Checks every column as a sweep axis of `scenario` would be checked (scenario::validate): the
// path names a numeric field that --set can change and that is not one value for the whole run
// (per_run), and each of its values leaves a valid scenario. Throws DesignFileError at the
// header cell of a bad path or the cell of a bad value.
void check_design_paths(const v1::Scenario& scenario, const FileDesign& design);

// The design as a CSV that read_design_csv reads back to the same values (numbers round-trip).
std::string design_csv(const Design& design);

}  // namespace salesim::experiment
