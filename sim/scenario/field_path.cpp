// Field paths: the --set syntax ("team.cohorts[pm].count=4"), typed assignment through protobuf
// reflection, and the readable paths diagnostics print.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "sim/model/defaults.h"
#include "sim/scenario/internal.h"

namespace salesim::scenario {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  if (!field_path.empty()) out += field_path + ": ";
  out += message;
  return out;
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void apply_override(v1::Scenario& scenario, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    detail::fail("--set", "", "'" + assignment + "' is not an assignment; write path=value, e.g. team.cohorts[pm].count=4");
  }
  set_field(scenario, assignment.substr(0, eq), assignment.substr(eq + 1));
}

void set_field(v1::Scenario& scenario, const std::string& path, const std::string& value) {
  v1::Scenario copy = scenario;  // all or nothing: a failed set leaves no empty sub-messages behind
  detail::set_field_path(copy, path, value);
  scenario = std::move(copy);
}

namespace detail {

[[noreturn]] void fail(std::string file, std::string field_path, std::string message) {
  throw ScenarioError({Diagnostic{std::move(file), 0, 0, std::move(field_path), std::move(message)}});
}

std::string format_number(double v) {
  char buf[64];
  // Whole numbers as integers (2000000, not 2e+06: sizes in CNY read better); others round-trip.
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, res.ptr);
  }
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

namespace {

// A name usable as a path key: letters, digits, '_' and '-'.
bool is_key(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::string element_name(const pb::Message& element) {
  const auto* f = element.GetDescriptor()->FindFieldByName("name");
  if (f == nullptr || f->is_repeated() || f->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) return {};
  return element.GetReflection()->GetString(element, f);
}

// Levenshtein distance, for "did you mean".
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t prev = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string field_list(const pb::Descriptor* d) {
  std::string out;
  for (int i = 0; i < d->field_count(); ++i) {
    if (i) out += ", ";
    out += d->field(i)->name();
  }
  return out;
}

std::string unknown_field_message(const pb::Descriptor* d, const std::string& name) {
  std::string best;
  std::size_t best_d = 3;  // suggest only close names
  for (int i = 0; i < d->field_count(); ++i) {
    std::size_t dist = distance(name, d->field(i)->name());
    if (dist < best_d) best_d = dist, best = d->field(i)->name();
  }
  std::string msg = "no field '" + name + "' in " + d->name();
  if (!best.empty()) {
    msg += "; did you mean '" + best + "'?";
  } else if (d->field_count() > 0) {
    msg += "; fields are: " + field_list(d);
  }
  return msg;
}

std::string enum_names(const pb::EnumDescriptor* e) {
  std::string out;
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->number() == 0) continue;  // *_UNSPECIFIED is never a useful choice
    if (!out.empty()) out += ", ";
    out += e->value(i)->name();
  }
  return out;
}

struct Segment {
  std::string name;
  bool has_key = false;
  std::string key;
};

std::vector<Segment> parse_path(const std::string& path) {
  if (path.empty()) fail("--set", "", "empty field path; write e.g. team.cohorts[pm].count=4");
  std::vector<Segment> out;
  std::size_t i = 0;
  auto syntax = [&](const std::string& what) {
    fail("--set", path, "bad path syntax at character " + std::to_string(i + 1) + ": " + what +
                            " (write fields separated by '.', elements as name[index] or name[key])");
  };
  while (true) {
    Segment s;
    std::size_t start = i;
    while (i < path.size() && (std::isalnum(static_cast<unsigned char>(path[i])) || path[i] == '_')) ++i;
    if (i == start) syntax("expected a field name");
    s.name = path.substr(start, i - start);
    if (i < path.size() && path[i] == '[') {
      std::size_t close = path.find(']', i);
      if (close == std::string::npos) syntax("missing ']'");
      s.has_key = true;
      s.key = path.substr(i + 1, close - i - 1);
      if (s.key.empty()) syntax("empty []");
      i = close + 1;
    }
    out.push_back(std::move(s));
    if (i == path.size()) break;
    if (path[i] != '.') syntax(std::string("unexpected '") + path[i] + "'");
    ++i;
  }
  return out;
}

bool parse_index(const std::string& key, int& index) {
  if (key.empty() || !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  long long v = 0;
  auto res = std::from_chars(key.data(), key.data() + key.size(), v);
  if (res.ec != std::errc() || v > std::numeric_limits<int>::max()) return false;
  index = static_cast<int>(v);
  return true;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool parse_double(const std::string& text, double& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  const char* first = t.data();
  if (*first == '+') ++first;
  auto res = std::from_chars(first, t.data() + t.size(), out);
  return res.ec == std::errc() && res.ptr == t.data() + t.size();
}

// A whole number within [lo, hi]; accepts "4", "4.0" and "4e0" (sweep values arrive as doubles).
bool parse_integer(const std::string& text, double lo, double hi, double& out) {
  double v;
  if (!parse_double(text, v)) return false;
  if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi) return false;
  out = v;
  return true;
}

class TextErrors : public pb::io::ErrorCollector {
 public:
  // `text` is what the parser reads, `offset` the columns before it in what the user wrote.
  TextErrors(const std::string& text, int offset) : text_(text), offset_(offset) {}
  void AddError(int line, int column, const std::string& message) override {
    if (first.empty()) first = "column " + std::to_string(offset_ + token_column(text_, column, message) + 1) + ": " + message;
    (void)line;
  }
  std::string first;

 private:
  const std::string& text_;
  int offset_;
};

void set_value(pb::Message& msg, const pb::FieldDescriptor* f, int index, const std::string& value,
               const std::string& shown_path) {
  using FD = pb::FieldDescriptor;
  const pb::Reflection* r = msg.GetReflection();
  const bool rep = index >= 0;
  auto bad = [&](const std::string& why) { fail("--set", shown_path, why); };
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT: {
      double v;
      if (!parse_double(value, v)) bad("'" + value + "' is not a number");
      if (!std::isfinite(v)) bad("'" + value + "' is not a finite number");
      if (f->cpp_type() == FD::CPPTYPE_DOUBLE) {
        rep ? r->SetRepeatedDouble(&msg, f, index, v) : r->SetDouble(&msg, f, v);
      } else {
        if (std::fabs(v) > std::numeric_limits<float>::max()) bad("'" + value + "' is too large");
        rep ? r->SetRepeatedFloat(&msg, f, index, float(v)) : r->SetFloat(&msg, f, float(v));
      }
      return;
    }
    case FD::CPPTYPE_INT32:
    case FD::CPPTYPE_INT64:
    case FD::CPPTYPE_UINT32:
    case FD::CPPTYPE_UINT64: {
      double lo = 0, hi = 0;
      switch (f->cpp_type()) {
        case FD::CPPTYPE_INT32: lo = -2147483648.0, hi = 2147483647.0; break;
        case FD::CPPTYPE_UINT32: lo = 0, hi = 4294967295.0; break;
        case FD::CPPTYPE_INT64: lo = -9007199254740992.0, hi = 9007199254740992.0; break;
        default: lo = 0, hi = 9007199254740992.0; break;
      }
      double v;
      if (!parse_integer(value, lo, hi, v)) {
        bad("'" + value + "' is not a whole number in [" + format_number(lo) + ", " + format_number(hi) + "]");
      }
      switch (f->cpp_type()) {
        case FD::CPPTYPE_INT32: rep ? r->SetRepeatedInt32(&msg, f, index, int32_t(v)) : r->SetInt32(&msg, f, int32_t(v)); break;
        case FD::CPPTYPE_UINT32: rep ? r->SetRepeatedUInt32(&msg, f, index, uint32_t(v)) : r->SetUInt32(&msg, f, uint32_t(v)); break;
        case FD::CPPTYPE_INT64: rep ? r->SetRepeatedInt64(&msg, f, index, int64_t(v)) : r->SetInt64(&msg, f, int64_t(v)); break;
        default: rep ? r->SetRepeatedUInt64(&msg, f, index, uint64_t(v)) : r->SetUInt64(&msg, f, uint64_t(v)); break;
      }
      return;
    }
    case FD::CPPTYPE_BOOL: {
      const std::string t = trim(value);
      bool v;
      if (t == "true" || t == "1") v = true;
      else if (t == "false" || t == "0") v = false;
      else bad("'" + value + "' is not a boolean; write true or false");
      rep ? r->SetRepeatedBool(&msg, f, index, v) : r->SetBool(&msg, f, v);
      return;
    }
    case FD::CPPTYPE_ENUM: {
      const std::string t = trim(value);
      const pb::EnumValueDescriptor* ev = f->enum_type()->FindValueByName(t);
      if (ev == nullptr || ev->number() == 0) {
        bad("unknown " + f->enum_type()->name() + " '" + value + "'; one of: " + enum_names(f->enum_type()));
      }
      rep ? r->SetRepeatedEnum(&msg, f, index, ev) : r->SetEnum(&msg, f, ev);
      return;
    }
    case FD::CPPTYPE_STRING:
      if (const std::size_t at = invalid_utf8(value); at != std::string::npos) {
        bad("is not UTF-8 text (byte " + std::to_string(at + 1) + " of the value)");
      }
      rep ? r->SetRepeatedString(&msg, f, index, value) : r->SetString(&msg, f, value);
      return;
    case FD::CPPTYPE_MESSAGE: {
      const std::string t = trim(value);
      pb::Message* target = rep ? r->MutableRepeatedMessage(&msg, f, index) : nullptr;
      if (!t.empty() && t.front() == '{') {
        if (t.back() != '}') bad("a message value in braces must end with '}'");
        std::unique_ptr<pb::Message> parsed(msg.GetReflection()->GetMessageFactory()
                                                ->GetPrototype(f->message_type())->New());
        pb::TextFormat::Parser parser;
        const std::string inside = t.substr(1, t.size() - 2);
        TextErrors errors(inside, 1);  // columns count from the '{'
        parser.RecordErrorsTo(&errors);
        parser.SetRecursionLimit(Limits::max_nesting_depth);
        if (!parser.ParseFromString(inside, parsed.get())) {
          bad("bad " + f->message_type()->name() + " text: " + errors.first);
        }
        if (target == nullptr) target = r->MutableMessage(&msg, f);
        target->CopyFrom(*parsed);
        return;
      }
      if (f->message_type()->full_name() == "salesim.v1.Distribution") {
        double v;
        if (parse_double(value, v) && std::isfinite(v)) {
          if (target == nullptr) target = r->MutableMessage(&msg, f);
          const auto* fixed = target->GetDescriptor()->FindFieldByName("fixed");
          target->GetReflection()->SetDouble(target, fixed, v);
          return;
        }
      }
      bad("is a message (" + f->message_type()->name() + "); set one of its fields (" +
          field_list(f->message_type()) + ") or give text format in braces, e.g. '{ ... }'");
    }
  }
}

// Where a path leads in `root`: the message holding the last field, the field, and its element
// index (-1 for a singular field, or for a list named without [key] when `allow_list`). Creates
// singular sub-messages on the way, never list elements; throws ScenarioError.
struct Reached {
  pb::Message* message = nullptr;
  const pb::FieldDescriptor* field = nullptr;
  int index = -1;
  std::string shown;  // the path as the user wrote it
  FieldPath path;
};

Reached walk(pb::Message& root, const std::string& path, bool allow_list) {
  const std::vector<Segment> segments = parse_path(path);
  Reached out;
  pb::Message* msg = &root;
  std::string& shown = out.shown;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& seg = segments[s];
    const bool last = s + 1 == segments.size();
    const pb::Descriptor* d = msg->GetDescriptor();
    const pb::Reflection* r = msg->GetReflection();
    const pb::FieldDescriptor* f = d->FindFieldByName(seg.name);
    if (f == nullptr) fail("--set", path, unknown_field_message(d, seg.name));
    if (!shown.empty()) shown += '.';
    shown += seg.name;
    int index = -1;
    if (f->is_map()) fail("--set", shown, "map fields cannot be set by path");
    if (f->is_repeated() && !seg.has_key && last && allow_list) {
      // The list itself (element_keys).
    } else if (f->is_repeated()) {
      const int size = r->FieldSize(*msg, f);
      if (!seg.has_key) {
        fail("--set", shown, "is a list (" + std::to_string(size) + " elements); pick one: " + seg.name +
                                 "[index]" + (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE ? " or " + seg.name + "[name]" : ""));
      }
      if (!parse_index(seg.key, index)) {
        if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
          fail("--set", shown + "[" + seg.key + "]", "'" + seg.key + "' is not an index; " + seg.name + " takes [0.." +
                                                         std::to_string(size) + ")");
        }
        std::string names;
        for (int i = 0; i < size; ++i) {
          const std::string n = element_name(r->GetRepeatedMessage(*msg, f, i));
          if (n == seg.key) {
            index = i;
            break;
          }
          if (!n.empty()) names += (names.empty() ? "" : ", ") + n;
        }
        if (index < 0) {
          fail("--set", shown + "[" + seg.key + "]",
               "no element named '" + seg.key + "'" + (names.empty() ? " (the list has no named elements)" : "; names are: " + names));
        }
      } else if (index >= size) {
        fail("--set", shown + "[" + seg.key + "]", "index " + seg.key + " is out of range: " + seg.name + " has " +
                                                      std::to_string(size) + " element" + (size == 1 ? "" : "s"));
      }
      shown += "[" + seg.key + "]";
    } else if (seg.has_key) {
      fail("--set", shown, "is not a list; remove [" + seg.key + "]");
    }
    out.path.push_back(PathStep{f, index});
    if (last) {
      out.message = msg;
      out.field = f;
      out.index = index;
      return out;
    }
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      fail("--set", shown, "is a value, not a message; it has no field '" + segments[s + 1].name + "'");
    }
    msg = index >= 0 ? r->MutableRepeatedMessage(msg, f, index) : r->MutableMessage(msg, f);
  }
  return out;  // not reached: parse_path returns at least one segment
}

// The value of `f` (element `index`, or the singular field) in the form set_value accepts.
std::string get_value(const pb::Message& msg, const pb::FieldDescriptor* f, int index) {
  using FD = pb::FieldDescriptor;
  const pb::Reflection* r = msg.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE: return format_number(rep ? r->GetRepeatedDouble(msg, f, index) : r->GetDouble(msg, f));
    case FD::CPPTYPE_FLOAT: return format_number(rep ? r->GetRepeatedFloat(msg, f, index) : r->GetFloat(msg, f));
    case FD::CPPTYPE_INT32: return std::to_string(rep ? r->GetRepeatedInt32(msg, f, index) : r->GetInt32(msg, f));
    case FD::CPPTYPE_INT64: return std::to_string(rep ? r->GetRepeatedInt64(msg, f, index) : r->GetInt64(msg, f));
    case FD::CPPTYPE_UINT32: return std::to_string(rep ? r->GetRepeatedUInt32(msg, f, index) : r->GetUInt32(msg, f));
    case FD::CPPTYPE_UINT64: return std::to_string(rep ? r->GetRepeatedUInt64(msg, f, index) : r->GetUInt64(msg, f));
    case FD::CPPTYPE_BOOL: return (rep ? r->GetRepeatedBool(msg, f, index) : r->GetBool(msg, f)) ? "true" : "false";
    case FD::CPPTYPE_ENUM: return (rep ? r->GetRepeatedEnum(msg, f, index) : r->GetEnum(msg, f))->name();
    case FD::CPPTYPE_STRING: return rep ? r->GetRepeatedString(msg, f, index) : r->GetString(msg, f);
    case FD::CPPTYPE_MESSAGE: {
      pb::TextFormat::Printer printer;
      printer.SetSingleLineMode(true);
      printer.SetUseUtf8StringEscaping(true);
      std::string text;
      printer.PrintToString(rep ? r->GetRepeatedMessage(msg, f, index) : r->GetMessage(msg, f), &text);
      while (!text.empty() && text.back() == ' ') text.pop_back();
      return text.empty() ? "{}" : "{ " + text + " }";
    }
  }
  return {};
}

}  // namespace

FieldPath set_field_path(pb::Message& root, const std::string& path, const std::string& value, bool* reached_value) {
  Reached at = walk(root, path, /*allow_list=*/false);
  for (const PathStep& step : at.path) {
    if (model::param_of(step.field).file_only()) {
      fail("--set", at.shown, "is acted on while the file is read, before any --set; --set and sweeps cannot change it "
                              "(write it in a scenario file)");
    }
  }
  if (reached_value != nullptr) *reached_value = true;
  set_value(*at.message, at.field, at.index, value, at.shown);
  return std::move(at.path);
}

int token_column(const std::string& line, int column, const std::string& message) {
  for (const char* marker : {"has no field named \"", "Unknown enumeration value of \"", "Non-repeated field \"", "Value: \""}) {
    const auto at = message.find(marker);
    if (at == std::string::npos) continue;
    const auto start = at + std::string(marker).size();
    const auto end = message.find('"', start);
    if (end == std::string::npos) break;
    const auto found = line.rfind(message.substr(start, end - start), static_cast<std::size_t>(std::max(column, 0)));
    return found == std::string::npos ? column : static_cast<int>(found);
  }
  return column;
}

FieldPath resolve_path(const pb::Message& root, const std::string& path) {
  std::unique_ptr<pb::Message> copy(root.New());
  copy->CopyFrom(root);
  return walk(*copy, path, /*allow_list=*/false).path;
}

bool overlaps(const FieldPath& a, const FieldPath& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i].field != b[i].field || a[i].index != b[i].index) return false;
  }
  return true;
}

std::string path_string(const pb::Message& root, const FieldPath& path) {
  std::string out;
  const pb::Message* msg = &root;
  for (const PathStep& step : path) {
    if (!out.empty()) out += '.';
    out += step.field->name();
    const pb::Message* next = nullptr;
    if (msg != nullptr && step.field->containing_type() != msg->GetDescriptor()) msg = nullptr;
    if (step.index >= 0) {
      std::string key = std::to_string(step.index);
      if (msg != nullptr && step.field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
          step.index < msg->GetReflection()->FieldSize(*msg, step.field)) {
        next = &msg->GetReflection()->GetRepeatedMessage(*msg, step.field, step.index);
        const std::string n = element_name(*next);
        if (is_key(n)) key = n;
      }
      out += "[" + key + "]";
    } else if (msg != nullptr && !step.field->is_repeated() && step.field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      next = &msg->GetReflection()->GetMessage(*msg, step.field);
    }
    msg = next;
  }
  return out;
}

}  // namespace detail

// Reading walks a copy: the walk creates absent sub-messages, and reading one gives its defaults.
const google::protobuf::FieldDescriptor* field_at(const v1::Scenario& scenario, const std::string& path) {
  v1::Scenario copy = scenario;
  return detail::walk(copy, path, /*allow_list=*/false).field;
}

std::string get_field(const v1::Scenario& scenario, const std::string& path) {
  v1::Scenario copy = scenario;
  const detail::Reached at = detail::walk(copy, path, /*allow_list=*/false);
  return detail::get_value(*at.message, at.field, at.index);
}

std::vector<std::string> element_keys(const v1::Scenario& scenario, const std::string& list_path) {
  v1::Scenario copy = scenario;
  const detail::Reached at = detail::walk(copy, list_path, /*allow_list=*/true);
  if (!at.field->is_repeated() || at.index >= 0) detail::fail("--set", at.shown, "is not a list");
  const google::protobuf::Reflection* r = at.message->GetReflection();
  const int size = r->FieldSize(*at.message, at.field);
  std::vector<std::string> keys;
  for (int i = 0; i < size; ++i) {
    std::string name;
    if (at.field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE)
      name = detail::element_name(r->GetRepeatedMessage(*at.message, at.field, i));
    // As path_string names elements, so that the key leads back to this element.
    keys.push_back(detail::is_key(name) ? name : std::to_string(i));
  }
  return keys;
}

}  // namespace salesim::scenario
