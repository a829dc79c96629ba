// Design files: a strict RFC 4180 reader and writer for sweep designs; see design_file.h.
#include "sim/experiment/design_file.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "sim/experiment/writers.h"
#include "sim/scenario/loader.h"

namespace salesim::experiment {

namespace {

struct Cell {
  std::string text;
  std::size_t line = 0, column = 0;
  bool quoted = false;
};

std::string place(const std::string& file, std::size_t line, std::size_t column, const std::string& path) {
  std::string s = file;
  if (line) s.append(":").append(std::to_string(line));
  if (line && column) s.append(":").append(std::to_string(column));
  if (!path.empty()) s.append(": ").append(path);
  return s;
}

[[noreturn]] void fail(const std::string& file, std::size_t line, std::size_t column, const std::string& path,
                       const std::string& what) {
  throw DesignFileError(place(file, line, column, path).append(": ").append(what));
}

// The records of an RFC 4180 text: each a list of cells with where they begin.
std::vector<std::vector<Cell>> records_of(const std::string& text, const std::string& file) {
  std::vector<std::vector<Cell>> records;
  std::size_t i = 0, line = 1, col = 1;
  const std::size_t n = text.size();
  if (n >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // a UTF-8 byte-order mark (spreadsheets write one)
  while (i < n) {
    std::vector<Cell> record;
    for (;;) {
      Cell cell{{}, line, col, false};
      if (i < n && text[i] == '"') {
        cell.quoted = true;
        ++i, ++col;
        for (;;) {
          if (i >= n) fail(file, cell.line, cell.column, "", "a quoted field is not closed");
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              cell.text += '"';
              i += 2, col += 2;
              continue;
            }
            ++i, ++col;
            break;
          }
          if (text[i] == '\n') ++line, col = 0;
          cell.text += text[i++];
          ++col;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          fail(file, line, col, "", "text after a closing quote (a quote inside a field is written \"\")");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') fail(file, line, col, "", "a quote inside an unquoted field (quote the whole field)");
          cell.text += text[i++];
          ++col;
        }
      }
      record.push_back(std::move(cell));
      if (i < n && text[i] == ',') {
        ++i, ++col;
        continue;
      }
      break;
    }
    if (i < n && text[i] == '\r') {
      if (i + 1 >= n || text[i + 1] != '\n') fail(file, line, col, "", "a carriage return not followed by a line feed");
      ++i;
    }
    if (i < n && text[i] == '\n') ++i;
    ++line, col = 1;
    records.push_back(std::move(record));
  }
  return records;
}

bool blank(const std::vector<Cell>& record) { return record.size() == 1 && record[0].text.empty() && !record[0].quoted; }

}  // namespace

FileDesign read_design_csv(const std::string& text, const std::string& file) {
  std::vector<std::vector<Cell>> records = records_of(text, file);
  if (records.empty() || blank(records[0]))
    fail(file, 1, 0, "", "the file is empty; a design file has a header of field paths, then one row per design point");
  FileDesign f;
  f.file = file;
  f.design.kind = "FILE";
  std::set<std::string> seen;
  for (const Cell& c : records[0]) {
    std::string path = c.text;
    while (!path.empty() && (path.back() == ' ' || path.back() == '\t')) path.pop_back();
    while (!path.empty() && (path.front() == ' ' || path.front() == '\t')) path.erase(0, 1);
    if (path.empty()) fail(file, c.line, c.column, "", "an empty column name; each column names a field path, e.g. team.cohorts[pm].count");
    if (!seen.insert(path).second) fail(file, c.line, c.column, path, "this column appears twice");
    f.design.paths.push_back(path);
    f.header_columns.push_back(c.column);
  }
  const std::size_t width = f.design.paths.size();
  for (std::size_t r = 1; r < records.size(); ++r) {
    const std::vector<Cell>& rec = records[r];
    if (blank(rec)) {
      // Blank lines only at the end.
      for (std::size_t k = r + 1; k < records.size(); ++k)
        if (!blank(records[k])) fail(file, rec[0].line, 0, "", "an empty line between rows; every row is a design point");
      break;
    }
    if (rec.size() != width)
      fail(file, rec[0].line, rec.size() > width ? rec[width].column : rec.back().column + rec.back().text.size(), "",
           "this row has " + std::to_string(rec.size()) + " field" + (rec.size() == 1 ? "" : "s") + ", the header " +
               std::to_string(width));
    std::vector<double> point(width);
    std::vector<std::size_t> cols(width);
    for (std::size_t j = 0; j < width; ++j) {
      const Cell& c = rec[j];
      std::string t = c.text;
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
      std::size_t b = 0;
      while (b < t.size() && (t[b] == ' ' || t[b] == '\t')) ++b;
      if (b < t.size() && t[b] == '+') ++b;  // from_chars refuses a leading '+'
      double v = 0;
      const auto res = std::from_chars(t.data() + b, t.data() + t.size(), v);
      if (t.size() == b) fail(file, c.line, c.column, f.design.paths[j], "an empty cell; every point needs a number for every column");
      if (res.ec != std::errc() || res.ptr != t.data() + t.size() || !std::isfinite(v))
        fail(file, c.line, c.column, f.design.paths[j], "'" + c.text + "' is not a number");
      point[j] = v;
      cols[j] = c.column;
    }
    f.design.points.push_back(std::move(point));
    f.columns.push_back(std::move(cols));
    f.row_lines.push_back(rec[0].line);
  }
  if (f.design.points.empty()) fail(file, 2, 0, "", "no design points: the header is followed by no rows");
  return f;
}

void check_design_paths(const v1::Scenario& scenario, const FileDesign& f) {
  const Design& d = f.design;
  for (std::size_t j = 0; j < d.paths.size(); ++j) {
    // The column as a one-axis grid: the validator checks it exactly as it checks a sweep axis.
    v1::Scenario copy = scenario;
    copy.mutable_experiment()->clear_sweep();  // the scenario's own design is not run
    v1::GridAxis& axis = *copy.mutable_experiment()->mutable_sweep()->mutable_grid()->add_axes();
    axis.set_path(d.paths[j]);
    std::vector<std::size_t> row_of;  // the first row holding each distinct value
    std::map<double, std::size_t> first;
    for (std::size_t i = 0; i < d.points.size(); ++i)
      if (first.emplace(d.points[i][j], i).second) {
        axis.add_values(d.points[i][j]);
        row_of.push_back(i);
      }
    const std::vector<scenario::Diagnostic> issues = scenario::validate(copy);
    for (const scenario::Diagnostic& issue : issues) {
      const std::string prefix = "experiment.sweep.grid.axes[0]";
      if (issue.field_path.rfind(prefix, 0) != 0) continue;  // about the scenario itself: not this column's doing
      std::string what = issue.message;
      if (what.rfind(d.paths[j] + ": ", 0) == 0) what.erase(0, d.paths[j].size() + 2);  // the place names it
      const std::size_t at = issue.field_path.find(".values[");
      if (at != std::string::npos) {
        const std::size_t k = std::stoul(issue.field_path.substr(at + 8));
        const std::size_t i = k < row_of.size() ? row_of[k] : 0;
        fail(f.file, f.row_lines[i], f.columns[i][j], d.paths[j], what);
      }
      // "'path' is ...": the path names itself already.
      fail(f.file, 1, f.header_columns[j], d.paths[j], what);
    }
  }
}

std::string design_csv(const Design& design) {
  std::string out;
  for (std::size_t j = 0; j < design.paths.size(); ++j) out.append(j ? "," : "").append(csv_field(design.paths[j]));
  out += '\n';
  for (const auto& p : design.points) {
    for (std::size_t j = 0; j < p.size(); ++j) out.append(j ? "," : "").append(format_number(p[j]));
    out += '\n';
  }
  return out;
}

}  // namespace salesim::experiment
