#include "sim/calibration/crm_reader.h"

#include <csv.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace salesim::calibration {
namespace {

namespace pb = google::protobuf;
namespace fs = std::filesystem;

// The scenario schema's bound on a deal size (scenario.proto: *_size_cny max 1e12).
constexpr double kMaxAmountCny = 1e12;
// A created date this many years before the period is kept with an implausible_date warning.
constexpr int kPlausibleYears = 20;

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string key_of(const std::string& s) { return lower(trim(s)); }

// The byte offset of the first invalid UTF-8 sequence, or npos (RFC 3629: no overlongs, no
// surrogates, at most U+10FFFF).
std::size_t invalid_utf8_at(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) { len = 3; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) { len = 4; hi = 0x8F; }
    else return i;
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string::npos;
}

std::string hex_byte(unsigned char c) {
  static const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[c >> 4] + digits[c & 15];
}

bool glob_match(const std::string& pattern, const std::string& text) {
  // Iterative glob with backtracking on the last '*'; both sides lower-cased by the caller.
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) { ++p; ++t; }
    else if (p < pattern.size() && pattern[p] == '*') { star = p++; mark = t; }
    else if (star != std::string::npos) { p = star + 1; t = ++mark; }
    else return false;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// ---------------------------------------------------------------------------------------------
// Mapping file

struct MappingDiagnostics {
  std::string file;
  std::vector<std::string> lines;
  void add(int line, int col, const std::string& path, const std::string& message) {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(col);
    s += ": ";
    if (!path.empty()) s += path + ": ";
    s += message;
    lines.push_back(std::move(s));
  }
};

// The message type and field path ("stages[5]") of the block open at 0-based (line, column) of a
// text-format CrmMapping: a scan of the text before it (strings and # comments skipped), counting
// the elements of repeated fields. For messages of a parse that failed (no parse tree).
std::pair<const pb::Descriptor*, std::string> block_at(const std::string& text, int line, int column) {
  struct Open {
    const pb::Descriptor* d;
    std::string path;
    std::map<std::string, int> seen;  // repeated field -> elements so far
  };
  std::vector<Open> stack{{v1::CrmMapping::descriptor(), "", {}}};
  int l = 0, c = 0;
  std::string word, last_word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (l > line || (l == line && c >= column)) break;
    const char ch = text[i];
    auto advance = [&](char x) {
      if (x == '\n') { ++l; c = 0; } else { ++c; }
    };
    if (ch == '#') {
      while (i < text.size() && text[i] != '\n') ++i, ++c;
      --i;
      continue;
    }
    if (ch == '"' || ch == '\'') {
      advance(ch);
      for (++i; i < text.size() && text[i] != ch; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) advance(text[i++]);
        advance(text[i]);
      }
      if (i < text.size()) advance(text[i]);
      word.clear();
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
      word += ch;
    } else {
      if (!word.empty()) last_word = word;
      word.clear();
      if (ch == '{' || ch == '<') {
        Open& top = stack.back();
        const pb::FieldDescriptor* f = top.d ? top.d->FindFieldByName(last_word) : nullptr;
        std::string path = top.path.empty() ? last_word : top.path + "." + last_word;
        if (f && f->is_repeated()) path += "[" + std::to_string(top.seen[last_word]++) + "]";
        stack.push_back({f ? f->message_type() : nullptr, path, {}});
      } else if ((ch == '}' || ch == '>') && stack.size() > 1) {
        stack.pop_back();
      }
    }
    advance(ch);
  }
  return {stack.back().d, stack.back().path};
}

class MappingParseErrors : public pb::io::ErrorCollector {
 public:
  MappingParseErrors(MappingDiagnostics& d, const std::string& text) : d_(d), text_(text) {}
  void AddError(int line, int column, const std::string& message) override {
    // 'Unknown enumeration value of "X" for field "y".': the field's path and the allowed values.
    const std::string ea = "Unknown enumeration value of \"", eb = "\" for field \"";
    const auto pea = message.find(ea), peb = message.find(eb);
    if (pea != std::string::npos && peb != std::string::npos) {
      const std::string value = message.substr(pea + ea.size(), peb - pea - ea.size());
      const std::string field = message.substr(peb + eb.size(), message.find('"', peb + eb.size()) - peb - eb.size());
      // The parser reports the token after the value; point at the value itself.
      std::size_t offset = 0;
      for (int l = 0; l < line && offset != std::string::npos; ++l) offset = text_.find('\n', offset) == std::string::npos ? std::string::npos : text_.find('\n', offset) + 1;
      if (offset != std::string::npos) {
        offset = std::min(text_.size(), offset + static_cast<std::size_t>(std::max(column, 0)));
        if (const auto at = text_.rfind(value, offset); at != std::string::npos) {
          line = static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
          const auto nl = at == 0 ? std::string::npos : text_.rfind('\n', at - 1);
          column = static_cast<int>(nl == std::string::npos ? at : at - nl - 1);
        }
      }
      const auto [d, path] = block_at(text_, line, column);
      std::string allowed;
      if (const pb::FieldDescriptor* f = d ? d->FindFieldByName(field) : nullptr; f && f->enum_type())
        for (int i = 0; i < f->enum_type()->value_count(); ++i)
          if (!f->enum_type()->value(i)->name().ends_with("_UNSPECIFIED"))
            allowed.append(allowed.empty() ? "" : ", ").append(f->enum_type()->value(i)->name());
      d_.add(line + 1, column + 1, path.empty() ? field : path + "." + field,
             "unknown value \"" + value + "\"" + (allowed.empty() ? std::string() : "; allowed: " + allowed));
      return;
    }
    // 'Message type "salesim.v1.X" has no field named "y".': point at y and list X's fields.
    const std::string a = "Message type \"", b = "\" has no field named \"";
    const auto pa = message.find(a), pb_ = message.find(b);
    if (pa != std::string::npos && pb_ != std::string::npos) {
      const std::string type = message.substr(pa + a.size(), pb_ - pa - a.size());
      const std::string field = message.substr(pb_ + b.size(), message.find('"', pb_ + b.size()) - pb_ - b.size());
      std::string line_text = text_;
      for (int l = 0; l < line; ++l) line_text.erase(0, line_text.find('\n') + 1);
      line_text.resize(std::min(line_text.size(), line_text.find('\n')));
      const auto at = line_text.rfind(field, static_cast<std::size_t>(std::max(column, 0)));
      if (at != std::string::npos) column = static_cast<int>(at);
      std::string known;
      if (const pb::Descriptor* d = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(type))
        for (int i = 0; i < d->field_count(); ++i) known.append(i ? ", " : "").append(d->field(i)->name());
      d_.add(line + 1, column + 1, "", "unknown field '" + field + "' (fields here: " + known + ")");
      return;
    }
    d_.add(line + 1, column + 1, "", message);
  }
  void AddWarning(int, int, const std::string&) override {}

 private:
  MappingDiagnostics& d_;
  const std::string& text_;
};

// Locates "a.b[2].c" through the parse tree: the position of the deepest part found.
struct Locator {
  const pb::TextFormat::ParseInfoTree* root;
  const pb::Descriptor* desc;
  // steps: field name and index (-1 for a singular field).
  std::pair<int, int> at(const std::vector<std::pair<std::string, int>>& steps) const {
    const pb::TextFormat::ParseInfoTree* tree = root;
    const pb::Descriptor* d = desc;
    std::pair<int, int> best{0, 0};
    for (const auto& [name, index] : steps) {
      if (tree == nullptr || d == nullptr) break;
      const pb::FieldDescriptor* f = d->FindFieldByName(name);
      if (f == nullptr) break;
      const auto loc = tree->GetLocation(f, index);
      if (loc.line < 0) break;
      best = {loc.line + 1, loc.column + 1};
      if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
        tree = tree->GetTreeForNested(f, index);
        d = f->message_type();
      } else {
        tree = nullptr;
      }
    }
    return best;
  }
};

bool valid_date_format(const std::string& f, std::string& why) {
  bool y = false, m = false, d = false;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (i + 1 >= f.size()) { why = "ends with a lone %"; return false; }
    const char c = f[++i];
    switch (c) {
      case 'Y': y = true; break;
      case 'm': case 'b': m = true; break;
      case 'd': d = true; break;
      case 'H': case 'M': case 'S': case '%': break;
      case 'y': why = "%y (a two-digit year) is not supported: the century is ambiguous; export four-digit years and use %Y"; return false;
      default: why = std::string("%") + c + " is not supported (use %Y %m %d %b %H %M %S)"; return false;
    }
  }
  if (!y || !m || !d) { why = "needs a year (%Y), a month (%m or %b) and a day (%d)"; return false; }
  return true;
}

void check_mapping(v1::CrmMapping& m, const Locator& loc, MappingDiagnostics& diag) {
  auto add = [&](const std::vector<std::pair<std::string, int>>& steps, const std::string& path, const std::string& what) {
    const auto [line, col] = loc.at(steps);
    diag.add(line, col, path, what);
  };
  if (!m.has_opportunities() || m.opportunities().file().empty())
    add({{"opportunities", -1}}, "opportunities.file", "required: the opportunities CSV file, e.g. \"opportunities.csv\"");
  const auto& o = m.opportunities();
  const std::pair<const char*, const std::string*> required[] = {
      {"id", &o.id()}, {"owner", &o.owner()}, {"stage", &o.stage()}, {"created", &o.created()}};
  for (const auto& [name, value] : required)
    if (value->empty())
      add({{"opportunities", -1}}, std::string("opportunities.").append(name),
          "required: the header of the column that holds it");
  auto check_optional = [&](const char* file_field, bool has, const std::string& file,
                            std::vector<std::pair<const char*, const std::string*>> cols) {
    if (!has) return;
    if (file.empty()) {
      add({{file_field, -1}}, std::string(file_field).append(".file"), "required when the block is given: the CSV file name");
      return;
    }
    for (const auto& [name, value] : cols)
      if (value->empty())
        add({{file_field, -1}}, std::string(file_field).append(".").append(name), "required: the header of the column that holds it");
  };
  check_optional("stage_history", m.has_stage_history(), m.stage_history().file(),
                 {{"opportunity_id", &m.stage_history().opportunity_id()}, {"stage", &m.stage_history().stage()},
                  {"date", &m.stage_history().date()}});
  check_optional("roster", m.has_roster(), m.roster().file(), {{"person", &m.roster().person()}});
  check_optional("competitors", m.has_competitors(), m.competitors().file(),
                 {{"opportunity_id", &m.competitors().opportunity_id()}, {"competitor", &m.competitors().competitor()}});

  if (m.date_formats().empty()) m.add_date_formats("%Y-%m-%d");
  for (int i = 0; i < m.date_formats_size(); ++i) {
    std::string why;
    if (!valid_date_format(m.date_formats(i), why))
      add({{"date_formats", i}}, "date_formats[" + std::to_string(i) + "]", "'" + m.date_formats(i) + "' " + why);
  }
  if (m.decimal_point().empty()) m.set_decimal_point(".");
  if (m.decimal_point() != "." && m.decimal_point() != ",")
    add({{"decimal_point", -1}}, "decimal_point", "'" + m.decimal_point() + "': expected \".\" or \",\"");
  const std::string& ts = m.thousands_separator();
  if (!ts.empty() && ts != "," && ts != "." && ts != " " && ts != "'")
    add({{"thousands_separator", -1}}, "thousands_separator", "'" + ts + "': expected \"\", \",\", \".\", \" \" or \"'\"");
  else if (!ts.empty() && ts == m.decimal_point())
    add({{"thousands_separator", -1}}, "thousands_separator", "'" + ts + "' is also the decimal point");
  if (!m.has_amount_multiplier()) m.set_amount_multiplier(1);
  if (!(m.amount_multiplier() > 0) || !std::isfinite(m.amount_multiplier()))
    add({{"amount_multiplier", -1}}, "amount_multiplier", "must be a positive number");

  if (m.stages().empty())
    diag.add(0, 0, "stages", "required: list every stage name the export uses with its outcome, e.g. stages { name: \"Closed Won\" outcome: OUTCOME_WON }");
  std::map<std::string, int> stage_seen;
  for (int i = 0; i < m.stages_size(); ++i) {
    const std::string path = "stages[" + std::to_string(i) + "]";
    if (trim(m.stages(i).name()).empty()) add({{"stages", i}}, path + ".name", "required");
    if (m.stages(i).outcome() == v1::CRM_OUTCOME_UNSPECIFIED)
      add({{"stages", i}}, path + ".outcome", "required: OUTCOME_OPEN, OUTCOME_WON, OUTCOME_LOST or OUTCOME_NO_DECISION");
    const auto [it, fresh] = stage_seen.emplace(key_of(m.stages(i).name()), i);
    if (!fresh) add({{"stages", i}}, path + ".name", "'" + m.stages(i).name() + "' is listed twice (also stages[" + std::to_string(it->second) + "])");
  }
  std::map<std::string, std::string> spelled;
  for (int i = 0; i < m.product_aliases_size(); ++i) {
    const auto& a = m.product_aliases(i);
    const std::string path = "product_aliases[" + std::to_string(i) + "]";
    if (trim(a.product()).empty()) add({{"product_aliases", i}}, path + ".product", "required");
    for (const auto& s : a.spellings()) {
      const auto [it, fresh] = spelled.emplace(key_of(s), a.product());
      if (!fresh && it->second != a.product())
        add({{"product_aliases", i}}, path + ".spellings", "'" + s + "' is already a spelling of '" + it->second + "'");
    }
  }
  for (int i = 0; i < m.deal_types_size(); ++i) {
    const auto& r = m.deal_types(i);
    const std::string path = "deal_types[" + std::to_string(i) + "]";
    if (r.type() == v1::DEAL_TYPE_UNSPECIFIED)
      add({{"deal_types", i}}, path + ".type", "required: BASIC_MODULE, EXPANSION or BIG_PROJECT");
    if (r.has_min_amount_cny() && r.has_below_amount_cny() && !(r.min_amount_cny() < r.below_amount_cny()))
      add({{"deal_types", i}}, path + ".below_amount_cny", "must be above min_amount_cny");
  }
  if (m.role_values().empty()) {
    const std::pair<const char*, v1::Role> defaults[] = {
        {"am", v1::ACCOUNT_MANAGER},     {"account manager", v1::ACCOUNT_MANAGER}, {"pm", v1::PROJECT_MANAGER},
        {"project manager", v1::PROJECT_MANAGER}, {"presales", v1::PRESALES}, {"manager", v1::MANAGER}};
    for (const auto& [v, r] : defaults) {
      auto* rv = m.add_role_values();
      rv->set_value(v);
      rv->set_role(r);
    }
  }
  for (int i = 0; i < m.role_values_size(); ++i)
    if (m.role_values(i).role() == v1::ROLE_UNSPECIFIED)
      add({{"role_values", i}}, "role_values[" + std::to_string(i) + "].role",
          "required: ACCOUNT_MANAGER, PROJECT_MANAGER, PRESALES or MANAGER");
  for (int i = 0; i < m.segment_rules_size(); ++i)
    if (trim(m.segment_rules(i).segment()).empty())
      add({{"segment_rules", i}}, "segment_rules[" + std::to_string(i) + "].segment", "required");
  const std::pair<const char*, const std::string*> dates[] = {
      {"epoch", &m.epoch()}, {"period_start", &m.period_start()}, {"period_end", &m.period_end()}};
  std::map<std::string, std::int64_t> parsed;
  for (const auto& [name, value] : dates) {
    std::int64_t days = 0;
    if (!value->empty() && !parse_date(*value, "%Y-%m-%d", days))
      add({{name, -1}}, name, "'" + *value + "' is not a date YYYY-MM-DD");
    else if (!value->empty())
      parsed[name] = days;
  }
  // Cross-field rules: the period is not empty; no header serves two fields of one file; file
  // names are distinct.
  if (parsed.count("period_start") && parsed.count("period_end") && parsed["period_end"] <= parsed["period_start"])
    add({{"period_end", -1}}, "period_end",
        "'" + m.period_end() + "' is not after period_start '" + m.period_start() + "' (the period is [period_start, period_end))");
  auto distinct_columns = [&](const char* block, bool has, std::vector<std::pair<const char*, const std::string*>> cols) {
    if (!has) return;
    std::map<std::string, const char*> used;
    for (const auto& [name, value] : cols) {
      if (value->empty()) continue;
      if (trim(*value).empty()) {
        add({{block, -1}}, std::string(block).append(".").append(name), "blank: give the header of the column, or leave the field out");
        continue;
      }
      const auto [it, fresh] = used.emplace(key_of(*value), name);
      if (!fresh)
        add({{block, -1}}, std::string(block).append(".").append(name),
            "'" + *value + "' is also the column of " + block + "." + it->second + "; each field needs its own column");
    }
  };
  distinct_columns("opportunities", true,
                   {{"id", &o.id()}, {"owner", &o.owner()}, {"account", &o.account()}, {"segment", &o.segment()},
                    {"product", &o.product()}, {"stage", &o.stage()}, {"created", &o.created()}, {"close_date", &o.close_date()},
                    {"amount", &o.amount()}});
  const auto& h = m.stage_history();
  distinct_columns("stage_history", m.has_stage_history(),
                   {{"opportunity_id", &h.opportunity_id()}, {"stage", &h.stage()}, {"date", &h.date()}, {"amount", &h.amount()},
                    {"close_date", &h.close_date()}});
  const auto& ro = m.roster();
  distinct_columns("roster", m.has_roster(),
                   {{"person", &ro.person()}, {"role", &ro.role()}, {"manager", &ro.manager()}, {"team", &ro.team()},
                    {"hire_date", &ro.hire_date()}});
  distinct_columns("competitors", m.has_competitors(),
                   {{"opportunity_id", &m.competitors().opportunity_id()}, {"competitor", &m.competitors().competitor()}});
  std::map<std::string, const char*> files;
  const std::pair<const char*, const std::string*> file_fields[] = {
      {"opportunities", m.has_opportunities() ? &o.file() : nullptr}, {"stage_history", m.has_stage_history() ? &h.file() : nullptr},
      {"roster", m.has_roster() ? &ro.file() : nullptr}, {"competitors", m.has_competitors() ? &m.competitors().file() : nullptr}};
  for (const auto& [block, file] : file_fields) {
    if (file == nullptr || file->empty()) continue;
    const auto [it, fresh] = files.emplace(*file, block);
    if (!fresh)
      add({{block, -1}}, std::string(block).append(".file"), "'" + *file + "' is also the file of " + it->second);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

struct CsvTable {
  std::string file;  // display name
  std::vector<std::string> header;
  struct Row {
    std::uint32_t line = 0;
    std::vector<std::string> fields;
  };
  std::vector<Row> rows;
};

struct CsvState {
  CsvTable* table;
  std::vector<std::string> fields;
  std::uint32_t start_line = 0;  // the line the current record started on; 0 between records
  bool header_done = false;
};

void on_field(void* data, std::size_t len, void* user) {
  auto* st = static_cast<CsvState*>(user);
  st->fields.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* user) {
  auto* st = static_cast<CsvState*>(user);
  if (!st->header_done) {
    st->table->header = std::move(st->fields);
    st->header_done = true;
  } else {
    st->table->rows.push_back({st->start_line, std::move(st->fields)});
  }
  st->fields.clear();
  st->start_line = 0;
}

// Reads a whole CSV file; throws DataError for a missing or empty file. Rows are kept raw.
CsvTable read_csv(const std::string& path) {
  CsvTable t;
  t.file = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError({{DataProblem::Severity::error, ProblemKind::missing_file, path, 0, "(file)", "cannot read the file: it does not exist or is not readable"}});
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  if (trim(text.substr(pos)).empty())
    throw DataError({{DataProblem::Severity::error, ProblemKind::empty_file, path, 1, "(file)", "the file is empty; expected a header row"}});
  csv_parser parser;
  if (csv_init(&parser, 0) != 0) throw std::runtime_error("libcsv: cannot initialise the parser");
  CsvState st{&t, {}, 0, false};
  std::uint32_t line = 1;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    if (st.start_line == 0) {
      bool blank = true;
      for (std::size_t i = pos; i < end && blank; ++i) blank = text[i] == '\r' || text[i] == '\n';
      if (!blank) st.start_line = line;
    }
    if (csv_parse(&parser, text.data() + pos, end - pos, on_field, on_row, &st) != end - pos) {
      const std::string why = csv_strerror(csv_error(&parser));
      csv_free(&parser);
      throw DataError({{DataProblem::Severity::error, ProblemKind::field_count, path, line, "(row)", "not readable as CSV: " + why}});
    }
    pos = end;
    ++line;
  }
  csv_fini(&parser, on_field, on_row, &st);
  csv_free(&parser);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Rows to records

class Reader {
 public:
  Reader(const v1::CrmMapping& m, const ReadOptions& o) : m_(m), o_(o) {
    for (const auto& s : m.stages()) stages_.emplace(key_of(s.name()), &s);
    for (const auto& a : m.product_aliases())
      for (const auto& s : a.spellings()) aliases_.emplace(key_of(s), a.product());
    for (const auto& p : m.project_managers()) listed_roles_.emplace(trim(p), PersonRole::pm);
    for (const auto& p : m.presales()) listed_roles_.emplace(trim(p), PersonRole::presales);
    for (const auto& p : m.managers()) listed_roles_.emplace(trim(p), PersonRole::manager);
    for (const auto& rv : m.role_values()) role_values_.emplace(key_of(rv.value()), rv.role());
  }

  std::vector<DataProblem> problems;
  std::size_t errors = 0;

  // Column index by header name; throws DataError naming the missing column.
  struct Columns {
    std::vector<int> index;
  };
  std::vector<int> columns(const CsvTable& t, const std::vector<std::string>& names, const std::vector<bool>& required) {
    std::vector<DataProblem> fatal;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
      if (const auto bad = invalid_utf8_at(t.header[i]); bad != std::string::npos)
        fatal.push_back({DataProblem::Severity::error, ProblemKind::header_encoding, t.file, 1, "(header)",
                         "not valid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(t.header[i][bad])) +
                             "); save the file as UTF-8"});
    }
    if (!fatal.empty()) throw DataError(fatal);
    std::vector<int> out(names.size(), -1);
    std::string known;
    for (std::size_t i = 0; i < t.header.size(); ++i) known.append(i ? ", " : "").append(trim(t.header[i]));
    for (std::size_t n = 0; n < names.size(); ++n) {
      if (names[n].empty()) continue;
      for (std::size_t i = 0; i < t.header.size(); ++i)
        if (key_of(t.header[i]) == key_of(names[n])) { out[n] = static_cast<int>(i); break; }
      if (out[n] < 0 && required[n])
        fatal.push_back({DataProblem::Severity::error, ProblemKind::missing_column, t.file, 1, names[n],
                         "no such column in the header (columns: " + known + ")"});
    }
    if (!fatal.empty()) throw DataError(fatal);
    return out;
  }

  void error(ProblemKind k, const std::string& file, std::uint32_t line, const std::string& column, const std::string& what) {
    problems.push_back({DataProblem::Severity::error, k, file, line, column, what});
    ++errors;
  }
  void warning(ProblemKind k, const std::string& file, std::uint32_t line, const std::string& column, const std::string& what) {
    problems.push_back({DataProblem::Severity::warning, k, file, line, column, what});
  }

  // False (and an error) when the row's shape or encoding is wrong.
  bool row_ok(const CsvTable& t, const CsvTable::Row& r) {
    if (r.fields.size() != t.header.size()) {
      error(ProblemKind::field_count, t.file, r.line, "(row)",
            "has " + std::to_string(r.fields.size()) + " fields; the header has " + std::to_string(t.header.size()));
      return false;
    }
    for (std::size_t i = 0; i < r.fields.size(); ++i)
      if (const auto bad = invalid_utf8_at(r.fields[i]); bad != std::string::npos) {
        error(ProblemKind::bad_encoding, t.file, r.line, trim(t.header[i]),
              "not valid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(r.fields[i][bad])) +
                  "); save the file as UTF-8");
        return false;
      }
    return true;
  }

  static std::string cell(const CsvTable::Row& r, int col) { return col < 0 ? std::string() : trim(r.fields[static_cast<std::size_t>(col)]); }

  // A date cell: true with `days` set, or false with an error (blank is not an error here).
  bool date(const CsvTable& t, const CsvTable::Row& r, int col, const std::string& name, std::int64_t& days) {
    const std::string s = cell(r, col);
    for (const auto& f : m_.date_formats())
      if (parse_date(s, f, days)) return true;
    std::string formats;
    for (int i = 0; i < m_.date_formats_size(); ++i) formats.append(i ? " or " : "").append(m_.date_formats(i));
    error(ProblemKind::bad_date, t.file, r.line, name, "'" + s + "' is not a date in the format " + formats);
    return false;
  }

  // An amount cell (non-blank): true with `cny` set, or false with an error. The grammar is strict:
  // an optional sign, digits (with the mapping's thousands separator: a first group of 1-3 digits,
  // then groups of exactly 3), an optional decimal part (the mapping's decimal point and at least
  // one digit); no exponent, no other characters. Amounts above kMaxAmountCny (the scenario
  // schema's bound on deal sizes) are errors too: no estimate could use them.
  bool amount(const CsvTable& t, const CsvTable::Row& r, int col, const std::string& name, double& cny) {
    const std::string s = cell(r, col);
    const char dp = m_.decimal_point()[0];
    const std::string& ts = m_.thousands_separator();
    double v = 0;
    if (!parse_amount(s, dp, ts.empty() ? '\0' : ts[0], v)) {
      for (const char sep : {',', '.', ' ', '\''}) {
        if (sep == dp || (!ts.empty() && sep == ts[0])) continue;
        double ignored = 0;
        if (s.find(sep) != std::string::npos && parse_amount(s, dp, sep, ignored)) {
          error(ProblemKind::undeclared_thousands, t.file, r.line, name,
                "'" + s + "' has a thousands separator '" + std::string(1, sep) +
                    "' the mapping does not declare (set thousands_separator: \"" + std::string(1, sep) + "\")");
          return false;
        }
      }
      error(ProblemKind::bad_amount, t.file, r.line, name, "'" + s + "' is not an amount (" + amount_grammar(dp, ts) + ")");
      return false;
    }
    if (v < 0) {
      error(ProblemKind::negative_amount, t.file, r.line, name, "'" + s + "' is negative; amounts are at least 0");
      return false;
    }
    cny = v * m_.amount_multiplier();
    if (!(cny <= kMaxAmountCny)) {
      error(ProblemKind::bad_amount, t.file, r.line, name,
            "'" + s + "' is above 1e12 CNY, the largest deal size the scenario schema takes");
      return false;
    }
    return true;
  }

  static std::string amount_grammar(char dp, const std::string& ts) {
    const std::string d(1, dp);
    if (ts.empty()) return "expected digits with an optional decimal part after '" + d + "', as in 1234567" + d + "89; no exponent";
    return "expected groups of three digits after each '" + ts + "', as in 1" + ts + "234" + ts + "567" + d + "89; no exponent";
  }

  // The amount grammar above with decimal point `dp` and thousands separator `ts` ('\0': none).
  static bool parse_amount(const std::string& s, char dp, char ts, double& value) {
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    std::string text;
    std::size_t first = 0;
    while (digit(i)) text += s[i++], ++first;
    if (first == 0) return false;
    if (ts != '\0' && i < s.size() && s[i] == ts) {
      if (first > 3) return false;
      while (i < s.size() && s[i] == ts) {
        ++i;
        for (int k = 0; k < 3; ++k) {
          if (!digit(i)) return false;
          text += s[i++];
        }
        if (digit(i)) return false;  // a group of more than 3 digits
      }
    }
    if (i < s.size() && s[i] == dp) {
      ++i;
      text += '.';
      if (!digit(i)) return false;
      while (digit(i)) text += s[i++];
    }
    if (i != s.size()) return false;
    double v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v)) return false;
    value = negative ? -v : v;
    return true;
  }

  const v1::StageRule* stage(const CsvTable& t, const CsvTable::Row& r, int col, const std::string& name) {
    const std::string s = cell(r, col);
    if (const auto it = stages_.find(key_of(s)); it != stages_.end()) return it->second;
    std::string known;
    for (int i = 0; i < m_.stages_size(); ++i) known.append(i ? ", " : "").append(m_.stages(i).name());
    error(ProblemKind::unknown_stage, t.file, r.line, name, "'" + s + "' is not a stage of the mapping (stages: " + known + ")");
    return nullptr;
  }

  std::string product(const CsvTable& t, const CsvTable::Row& r, int col, const std::string& name) {
    std::string s = cell(r, col);
    if (const auto it = aliases_.find(key_of(s)); it != aliases_.end()) return it->second;
    // Undeclared spellings of one product: the same letters and digits, ignoring case and
    // spaces, hyphens, underscores and dots.
    std::string k;
    for (char c : lower(s))
      if (c != ' ' && c != '-' && c != '_' && c != '.') k += c;
    const auto [it, fresh] = spellings_.emplace(k, std::make_pair(s, r.line));
    if (!fresh && it->second.first != s && warned_spellings_.insert(s).second)
      warning(ProblemKind::product_spellings, t.file, r.line, name,
              "'" + s + "' and '" + it->second.first + "' (line " + std::to_string(it->second.second) +
                  ") look like one product spelled two ways; add a product_aliases entry to the mapping");
    return s;
  }

  DealKind kind(const std::string& product, double amount) const {
    for (const auto& rule : m_.deal_types()) {
      if (!rule.products().empty() &&
          std::none_of(rule.products().begin(), rule.products().end(), [&](const std::string& p) { return key_of(p) == key_of(product); }))
        continue;
      if (rule.has_min_amount_cny() || rule.has_below_amount_cny()) {
        if (std::isnan(amount)) continue;
        if (rule.has_min_amount_cny() && amount < rule.min_amount_cny()) continue;
        if (rule.has_below_amount_cny() && !(amount < rule.below_amount_cny())) continue;
      }
      return to_kind(rule.type());
    }
    return to_kind(m_.default_deal_type());
  }

  static DealKind to_kind(v1::DealType t) {
    switch (t) {
      case v1::BASIC_MODULE: return DealKind::basic_module;
      case v1::EXPANSION: return DealKind::expansion;
      case v1::BIG_PROJECT: return DealKind::big_project;
      default: return DealKind::unknown;
    }
  }
  static PersonRole to_role(v1::Role r) {
    switch (r) {
      case v1::PROJECT_MANAGER: return PersonRole::pm;
      case v1::PRESALES: return PersonRole::presales;
      case v1::MANAGER: return PersonRole::manager;
      default: return PersonRole::am;
    }
  }

  std::string segment_of(const std::string& account) const {
    const std::string a = lower(account);
    for (const auto& rule : m_.segment_rules())
      for (const auto& p : rule.account_patterns())
        if (glob_match(lower(p), a)) return rule.segment();
    return m_.default_segment();
  }

  const v1::CrmMapping& m_;
  const ReadOptions& o_;
  std::map<std::string, const v1::StageRule*> stages_;
  std::map<std::string, std::string> aliases_;
  std::map<std::string, PersonRole> listed_roles_;
  std::map<std::string, v1::Role> role_values_;
  std::map<std::string, std::pair<std::string, std::uint32_t>> spellings_;
  std::set<std::string> warned_spellings_;
};

Outcome to_outcome(v1::CrmOutcome o) {
  switch (o) {
    case v1::OUTCOME_WON: return Outcome::won;
    case v1::OUTCOME_LOST: return Outcome::lost;
    case v1::OUTCOME_NO_DECISION: return Outcome::no_decision;
    default: return Outcome::open;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

const char* problem_kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::missing_file: return "missing_file";
    case ProblemKind::empty_file: return "empty_file";
    case ProblemKind::missing_column: return "missing_column";
    case ProblemKind::header_encoding: return "header_encoding";
    case ProblemKind::no_opportunities: return "no_opportunities";
    case ProblemKind::bad_encoding: return "bad_encoding";
    case ProblemKind::field_count: return "field_count";
    case ProblemKind::blank_required: return "blank_required";
    case ProblemKind::blank_close_date: return "blank_close_date";
    case ProblemKind::bad_date: return "bad_date";
    case ProblemKind::close_before_created: return "close_before_created";
    case ProblemKind::unknown_stage: return "unknown_stage";
    case ProblemKind::undeclared_thousands: return "undeclared_thousands";
    case ProblemKind::bad_amount: return "bad_amount";
    case ProblemKind::negative_amount: return "negative_amount";
    case ProblemKind::duplicate_id: return "duplicate_id";
    case ProblemKind::created_after_period: return "created_after_period";
    case ProblemKind::unknown_opportunity: return "unknown_opportunity";
    case ProblemKind::unknown_role: return "unknown_role";
    case ProblemKind::duplicate_person: return "duplicate_person";
    case ProblemKind::owner_not_in_roster: return "owner_not_in_roster";
    case ProblemKind::product_spellings: return "product_spellings";
    case ProblemKind::close_after_period: return "close_after_period";
    case ProblemKind::implausible_date: return "implausible_date";
  }
  return "unknown";
}

std::string DataProblem::to_string() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  s += ": " + column + ": ";
  if (severity == Severity::warning) s += "warning: ";
  return s + message;
}

namespace {
std::string join_problems(const std::vector<DataProblem>& p) {
  std::string s;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i) s += '\n';
    s += p[i].to_string();
  }
  return s;
}
}  // namespace

DataError::DataError(std::vector<DataProblem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
}

std::string iso_date(std::int64_t days) {
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool parse_date(const std::string& text, const std::string& format, std::int64_t& days) {
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  int y = -1, m = -1, d = -1;
  std::size_t t = 0;
  auto number = [&](std::size_t min_digits, std::size_t max_digits, int& out) {
    std::size_t n = 0;
    int v = 0;
    while (n < max_digits && t + n < text.size() && std::isdigit(static_cast<unsigned char>(text[t + n]))) v = v * 10 + (text[t + n++] - '0');
    if (n < min_digits) return false;
    t += n;
    out = v;
    return true;
  };
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%') {
      if (t >= text.size() || text[t] != format[f]) return false;
      ++t;
      continue;
    }
    const char c = format[++f];
    int ignored = 0;
    switch (c) {
      case 'Y': if (!number(4, 4, y)) return false; break;
      case 'm': if (!number(1, 2, m)) return false; break;
      case 'd': if (!number(1, 2, d)) return false; break;
      case 'H': case 'M': case 'S': if (!number(1, 2, ignored)) return false; break;
      case 'b': {
        if (t + 3 > text.size()) return false;
        const std::string mon = lower(text.substr(t, 3));
        m = -1;
        for (int i = 0; i < 12; ++i)
          if (mon == months[i]) m = i + 1;
        if (m < 0) return false;
        t += 3;
        break;
      }
      case '%': if (t >= text.size() || text[t] != '%') return false; ++t; break;
      default: return false;
    }
  }
  if (t != text.size() || y < 1 || m < 1 || m > 12 || d < 1) return false;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
  days = days_from_civil(y, m, d);
  return true;
}

v1::CrmMapping mapping_from_string(const std::string& raw, const std::string& file_name) {
  MappingDiagnostics diag{file_name, {}};
  // A BOM (editors on Windows save one) is not text; bytes that are not UTF-8 are refused where
  // they are, before the parser sees them.
  const std::string text = raw.compare(0, 3, "\xEF\xBB\xBF") == 0 ? raw.substr(3) : raw;
  if (const auto bad = invalid_utf8_at(text); bad != std::string::npos) {
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
    const auto nl = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const int col = 1 + static_cast<int>(bad - (nl == std::string::npos || bad == 0 ? 0 : nl + 1));
    diag.add(line, col, "", "not valid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(text[bad])) + "); save the mapping as UTF-8");
    throw MappingError(diag.lines.front());
  }
  v1::CrmMapping m;
  pb::TextFormat::Parser parser;
  MappingParseErrors errors(diag, text);
  pb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  parser.SetRecursionLimit(16);
  if (!parser.ParseFromString(text, &m)) {
    if (diag.lines.empty()) diag.add(0, 0, "", "could not parse the file as a Protobuf text CrmMapping");
  } else {
    check_mapping(m, Locator{&tree, v1::CrmMapping::descriptor()}, diag);
  }
  if (!diag.lines.empty()) {
    std::string s;
    for (std::size_t i = 0; i < diag.lines.size(); ++i) {
      if (i) s += '\n';
      s += diag.lines[i];
    }
    throw MappingError(s);
  }
  return m;
}

v1::CrmMapping load_mapping(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MappingError(path + ": cannot read the file: it does not exist or is not readable");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > (1u << 20)) throw MappingError(path + ": file is over 1 MiB; a mapping is a few lines");
  return mapping_from_string(text, path);
}

CrmExport read_export(const std::string& dir, const v1::CrmMapping& m, const ReadOptions& options,
                      std::vector<DataProblem>* problems) {
  // Every file the mapping names is required: a mapping that names none of a kind says the export
  // has none; one that names a file the directory lacks is a mistake in one or the other.
  ExportFiles files;
  std::vector<DataProblem> missing;
  auto join = [&](const std::string& name, const char* block) -> std::string {
    if (name.empty()) return {};
    const fs::path p = fs::path(dir) / name;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
      missing.push_back({DataProblem::Severity::error, ProblemKind::missing_file, p.string(), 0, "(file)",
                         std::string("the mapping names it (").append(block).append(".file) but the export has no such file; ") +
                             (std::string(block) == "opportunities" ? "it is required"
                                                                    : std::string("remove the ").append(block).append(" block from the mapping if the export has none"))});
    return p.string();
  };
  files.opportunities = join(m.opportunities().file(), "opportunities");
  files.stage_history = m.has_stage_history() ? join(m.stage_history().file(), "stage_history") : std::string();
  files.roster = m.has_roster() ? join(m.roster().file(), "roster") : std::string();
  files.competitors = m.has_competitors() ? join(m.competitors().file(), "competitors") : std::string();
  if (!missing.empty()) throw DataError(std::move(missing));
  return read_export_files(files, m, options, problems);
}

CrmExport read_export_files(const ExportFiles& files, const v1::CrmMapping& m, const ReadOptions& options,
                            std::vector<DataProblem>* problems_out) {
  Reader rd(m, options);
  CrmExport ex;
  constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();
  std::int64_t min_created = std::numeric_limits<std::int64_t>::max(), max_date = kNone;
  auto seen_date = [&](std::int64_t d) { max_date = std::max(max_date, d); };
  // Absolute day numbers (since 1970) until the epoch is known.
  std::map<std::string, std::size_t> roster_index;
  std::map<std::string, std::uint32_t> skipped_people;  // person -> line of a roster row that was skipped

  if (!files.roster.empty()) {
    const CsvTable t = read_csv(files.roster);
    const auto& c = m.roster();
    const auto col = rd.columns(t, {c.person(), c.role(), c.manager(), c.team(), c.hire_date()}, {true, false, false, false, false});
    ex.has_roster = true;
    for (const auto& r : t.rows) {
      if (!rd.row_ok(t, r)) continue;
      RosterEntry e;
      e.source_line = r.line;
      e.person = Reader::cell(r, col[0]);
      if (e.person.empty()) { rd.error(ProblemKind::blank_required, t.file, r.line, c.person(), "blank; every row needs a person"); continue; }
      struct SkippedPerson {  // a row left with a new error is remembered, for the owner warnings
        std::map<std::string, std::uint32_t>& skipped;
        const Reader& rd;
        std::size_t before;
        const std::string& person;
        std::uint32_t line;
        ~SkippedPerson() {
          if (rd.errors > before) skipped.emplace(person, line);
        }
      } remember_person{skipped_people, rd, rd.errors, e.person, r.line};
      if (col[1] >= 0) {
        const std::string v = Reader::cell(r, col[1]);
        if (const auto it = rd.role_values_.find(key_of(v)); it != rd.role_values_.end()) {
          e.role = Reader::to_role(it->second);
        } else {
          std::string known;
          for (int i = 0; i < m.role_values_size(); ++i) known.append(i ? ", " : "").append(m.role_values(i).value());
          rd.error(ProblemKind::unknown_role, t.file, r.line, c.role(), "'" + v + "' is not a role of the mapping (role_values: " + known + ")");
          continue;
        }
      } else if (const auto it = rd.listed_roles_.find(e.person); it != rd.listed_roles_.end()) {
        e.role = it->second;
      }
      e.manager = Reader::cell(r, col[2]);
      e.team = Reader::cell(r, col[3]);
      if (col[4] >= 0 && !Reader::cell(r, col[4]).empty()) {
        std::int64_t d = 0;
        if (!rd.date(t, r, col[4], c.hire_date(), d)) continue;
        e.hire_day = static_cast<double>(d);
      }
      const auto [it, fresh] = roster_index.emplace(e.person, ex.roster.size());
      if (!fresh) {
        rd.error(ProblemKind::duplicate_person, t.file, r.line, c.person(),
                 "'" + e.person + "' repeats the person of line " + std::to_string(ex.roster[it->second].source_line));
        continue;
      }
      ex.roster.push_back(std::move(e));
    }
  }

  std::map<std::string, std::size_t> opp_index;
  std::map<std::string, std::uint32_t> skipped_opps;  // id -> line of an opportunity row that was skipped
  // The mapping's period (kNone: not stated). A created date more than kPlausibleYears before the
  // period start (or end, when only that is stated) is kept with a warning.
  std::int64_t period_end = kNone, plausible_from = kNone, oldest_plausible = kNone;
  if (!m.period_end().empty()) parse_date(m.period_end(), "%Y-%m-%d", period_end);
  if (!m.period_start().empty()) parse_date(m.period_start(), "%Y-%m-%d", plausible_from);
  else plausible_from = period_end;
  if (plausible_from != kNone) {
    int y = 0, mo = 0, d = 0;
    civil_from_days(plausible_from, y, mo, d);
    oldest_plausible = days_from_civil(y - kPlausibleYears, mo, std::min(d, 28));
  }
  auto unknown_opportunity = [&](const CsvTable& t, std::uint32_t line, const std::string& column, const std::string& id) {
    const std::string opp_file = fs::path(files.opportunities).filename().string();
    if (const auto it = skipped_opps.find(id); it != skipped_opps.end())
      rd.error(ProblemKind::unknown_opportunity, t.file, line, column,
               "'" + id + "' is the opportunity of " + opp_file + ":" + std::to_string(it->second) + ", whose row was skipped");
    else
      rd.error(ProblemKind::unknown_opportunity, t.file, line, column, "'" + id + "' is not an opportunity of " + opp_file);
  };
  {
    const CsvTable t = read_csv(files.opportunities);
    const auto& c = m.opportunities();
    const auto col = rd.columns(t, {c.id(), c.owner(), c.account(), c.segment(), c.product(), c.stage(), c.created(), c.close_date(), c.amount()},
                                {true, true, !c.account().empty(), !c.segment().empty(), !c.product().empty(), true, true,
                                 !c.close_date().empty(), !c.amount().empty()});
    ex.opportunities.reserve(t.rows.size());
    std::set<std::string> warned_owners;
    std::map<std::string, std::uint32_t> first_line_of_id;
    for (const auto& r : t.rows) {
      if (!rd.row_ok(t, r)) continue;
      Opportunity o;
      o.source_line = r.line;
      o.id = Reader::cell(r, col[0]);
      if (o.id.empty()) { rd.error(ProblemKind::blank_required, t.file, r.line, c.id(), "blank; every opportunity needs an id"); continue; }
      // Ids are unique over every row with an id, skipped or not: a repeat is reported even when
      // the first row was skipped (then neither is used: which one is right is unknown).
      if (const auto [first, fresh] = first_line_of_id.emplace(o.id, r.line); !fresh) {
        const bool first_skipped = skipped_opps.count(o.id) > 0;
        rd.error(ProblemKind::duplicate_id, t.file, r.line, c.id(),
                 "'" + o.id + "' repeats the opportunity of line " + std::to_string(first->second) +
                     (first_skipped ? " (that row was skipped; this one is skipped too)" : ""));
        continue;
      }
      const std::size_t errors_before = rd.errors;
      struct Skipped {  // a row left with a new error is remembered as skipped (for its history rows)
        std::map<std::string, std::uint32_t>& skipped;
        const Reader& rd;
        std::size_t before;
        const std::string& id;
        std::uint32_t line;
        ~Skipped() {
          if (rd.errors > before) skipped.emplace(id, line);
        }
      } remember{skipped_opps, rd, errors_before, o.id, r.line};
      o.owner = Reader::cell(r, col[1]);
      if (o.owner.empty()) { rd.error(ProblemKind::blank_required, t.file, r.line, c.owner(), "blank; every opportunity needs an owner"); continue; }
      o.account = Reader::cell(r, col[2]);
      const v1::StageRule* st = rd.stage(t, r, col[5], c.stage());
      if (st == nullptr) continue;
      o.stage = st->name();
      o.outcome = to_outcome(st->outcome());
      std::int64_t created = 0, closed = kNone;
      if (Reader::cell(r, col[6]).empty()) { rd.error(ProblemKind::blank_required, t.file, r.line, c.created(), "blank; every opportunity needs a created date"); continue; }
      if (!rd.date(t, r, col[6], c.created(), created)) continue;
      const std::string close_text = Reader::cell(r, col[7]);
      if (o.outcome != Outcome::open) {
        if (close_text.empty()) {
          rd.error(ProblemKind::blank_close_date, t.file, r.line, c.close_date().empty() ? std::string("close_date") : c.close_date(),
                   "blank, but stage '" + o.stage + "' closes the deal");
          continue;
        }
        if (!rd.date(t, r, col[7], c.close_date(), closed)) continue;
        if (closed < created) {
          rd.error(ProblemKind::close_before_created, t.file, r.line, c.close_date(),
                   iso_date(closed) + " is before the created date " + iso_date(created));
          continue;
        }
      }
      // Dates against the mapping's period: see docs/calibration.md "Dates outside the period".
      // period_end is the day the export was taken: records stamped that day are in it (a
      // simulated export stamps the events of its last instant so); later ones cannot be.
      if (period_end != kNone && created > period_end) {
        rd.error(ProblemKind::created_after_period, t.file, r.line, c.created(),
                 iso_date(created) + " is after the period end " + iso_date(period_end) +
                     ": the deal is outside the export's period");
        continue;
      }
      if (period_end != kNone && closed != kNone && closed > period_end) {
        rd.warning(ProblemKind::close_after_period, t.file, r.line, c.close_date(),
                   iso_date(closed) + " is after the period end " + iso_date(period_end) +
                       ": counted as open at the period end (censored), not as " +
                       (o.outcome == Outcome::won ? "won" : o.outcome == Outcome::lost ? "lost" : "no decision"));
        o.outcome = Outcome::open;
        closed = kNone;
      }
      if (created < oldest_plausible) {
        rd.warning(ProblemKind::implausible_date, t.file, r.line, c.created(),
                   iso_date(created) + " is more than " + std::to_string(kPlausibleYears) + " years before " +
                       iso_date(plausible_from) + (m.period_start().empty() ? " (period_end)" : " (period_start)") +
                       "; check the date format (the row is kept)");
      }
      if (!Reader::cell(r, col[8]).empty()) {
        double a = 0;
        if (!rd.amount(t, r, col[8], c.amount(), a)) continue;
        o.amount_cny = a;
      }
      if (col[4] >= 0) o.product = rd.product(t, r, col[4], c.product());
      o.segment = col[3] >= 0 ? Reader::cell(r, col[3]) : rd.segment_of(o.account);
      o.kind = rd.kind(o.product, o.amount_cny);
      opp_index.emplace(o.id, ex.opportunities.size());
      if (ex.has_roster && !roster_index.count(o.owner) && warned_owners.insert(o.owner).second) {
        const auto sk = skipped_people.find(o.owner);
        rd.warning(ProblemKind::owner_not_in_roster, t.file, r.line, c.owner(),
                   sk == skipped_people.end()
                       ? "'" + o.owner + "' is not in the roster; counted as an AM"
                       : "'" + o.owner + "' has no usable roster row (" + fs::path(files.roster).filename().string() + ":" +
                             std::to_string(sk->second) + " was skipped); counted as an AM");
      }
      o.created_day = static_cast<double>(created);
      o.close_day = closed == kNone ? kBlank : static_cast<double>(closed);
      min_created = std::min(min_created, created);
      seen_date(created);
      if (closed != kNone) seen_date(closed);
      ex.opportunities.push_back(std::move(o));
    }
  }

  if (!files.stage_history.empty()) {
    const CsvTable t = read_csv(files.stage_history);
    const auto& c = m.stage_history();
    const auto col = rd.columns(t, {c.opportunity_id(), c.stage(), c.date(), c.amount(), c.close_date()},
                                {true, true, true, !c.amount().empty(), !c.close_date().empty()});
    ex.has_stage_history = true;
    for (const auto& r : t.rows) {
      if (!rd.row_ok(t, r)) continue;
      StageChange s;
      s.source_line = r.line;
      s.opportunity_id = Reader::cell(r, col[0]);
      if (!opp_index.count(s.opportunity_id)) {
        unknown_opportunity(t, r.line, c.opportunity_id(), s.opportunity_id);
        continue;
      }
      const v1::StageRule* st = rd.stage(t, r, col[1], c.stage());
      if (st == nullptr) continue;
      s.stage = st->name();
      std::int64_t d = 0;
      if (Reader::cell(r, col[2]).empty()) { rd.error(ProblemKind::blank_required, t.file, r.line, c.date(), "blank; every change needs a date"); continue; }
      if (!rd.date(t, r, col[2], c.date(), d)) continue;
      s.day = static_cast<double>(d);
      seen_date(d);
      if (!Reader::cell(r, col[3]).empty()) {
        double a = 0;
        if (!rd.amount(t, r, col[3], c.amount(), a)) continue;
        s.amount_cny = a;
      }
      if (!Reader::cell(r, col[4]).empty()) {
        std::int64_t cd = 0;
        if (!rd.date(t, r, col[4], c.close_date(), cd)) continue;
        s.close_day = static_cast<double>(cd);
      }
      ex.stage_history.push_back(std::move(s));
    }
  }

  if (!files.competitors.empty()) {
    const CsvTable t = read_csv(files.competitors);
    const auto& c = m.competitors();
    const auto col = rd.columns(t, {c.opportunity_id(), c.competitor()}, {true, true});
    ex.has_competitors = true;
    for (const auto& r : t.rows) {
      if (!rd.row_ok(t, r)) continue;
      CompetitorRow row;
      row.source_line = r.line;
      row.opportunity_id = Reader::cell(r, col[0]);
      row.competitor = Reader::cell(r, col[1]);
      if (!opp_index.count(row.opportunity_id)) {
        unknown_opportunity(t, r.line, c.opportunity_id(), row.opportunity_id);
        continue;
      }
      if (row.competitor.empty()) { rd.error(ProblemKind::blank_required, t.file, r.line, c.competitor(), "blank; name the competitor"); continue; }
      ex.competitors.push_back(std::move(row));
    }
  }

  // People: without a roster file, the mapping's lists and every owner (an AM unless listed);
  // with one, owners absent from it are added as AMs (each warned about above).
  {
    auto add_person = [&](const std::string& person, PersonRole role) {
      if (roster_index.emplace(person, ex.roster.size()).second) {
        RosterEntry e;
        e.person = person;
        e.role = role;
        ex.roster.push_back(std::move(e));
      }
    };
    if (!ex.has_roster) {
      std::vector<std::pair<std::string, PersonRole>> listed(rd.listed_roles_.begin(), rd.listed_roles_.end());
      for (const auto& [person, role] : listed) add_person(person, role);
    }
    for (const auto& o : ex.opportunities) {
      const auto it = rd.listed_roles_.find(o.owner);
      add_person(o.owner, !ex.has_roster && it != rd.listed_roles_.end() ? it->second : PersonRole::am);
    }
  }

  // Epoch and period; then every day number relative to the epoch.
  std::int64_t epoch = 0, start = 0, end = 0;
  if (!m.period_start().empty()) parse_date(m.period_start(), "%Y-%m-%d", start);
  else start = ex.opportunities.empty() ? 0 : min_created;
  if (!m.period_end().empty()) parse_date(m.period_end(), "%Y-%m-%d", end);
  else end = max_date == kNone ? start + 1 : max_date + 1;
  if (!m.epoch().empty()) {
    parse_date(m.epoch(), "%Y-%m-%d", epoch);
  } else {
    int y = 0, mo = 0, d = 0;
    civil_from_days(start, y, mo, d);
    epoch = days_from_civil(y, 1, 1);
  }
  civil_from_days(epoch, ex.epoch_year, ex.epoch_month, ex.epoch_day);
  const double e = static_cast<double>(epoch);
  ex.period_start_day = static_cast<double>(start) - e;
  ex.period_end_day = static_cast<double>(end) - e;
  for (auto& o : ex.opportunities) {
    o.created_day -= e;
    if (!std::isnan(o.close_day)) o.close_day -= e;
  }
  for (auto& s : ex.stage_history) {
    s.day -= e;
    if (!std::isnan(s.close_day)) s.close_day -= e;
  }
  for (auto& r : ex.roster)
    if (!std::isnan(r.hire_day)) r.hire_day -= e;

  if (problems_out != nullptr) problems_out->insert(problems_out->end(), rd.problems.begin(), rd.problems.end());
  if (options.strict && rd.errors > 0) {
    std::vector<DataProblem> errors;
    for (const auto& p : rd.problems)
      if (p.severity == DataProblem::Severity::error) errors.push_back(p);
    throw DataError(std::move(errors));
  }
  return ex;
}

}  // namespace salesim::calibration
