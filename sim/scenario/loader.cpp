// Loading: read a file (text format or JSON), record where each field was written, resolve the
// `base:` overlay chain with our merge rules, apply --set overrides, fill defaults, validate, and
// turn the validator's issues into diagnostics that point into the file that set the field.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include "sim/scenario/internal.h"
#include "sim/scenario/search.h"

#include "sim/model/defaults.h"

namespace salesim::scenario {

namespace fs = std::filesystem;
using namespace detail;

namespace detail {
std::size_t invalid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int n = 0;
    if (c == 0) return i;
    if (c < 0x80) n = 0;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2) n = 1;
    else if ((c & 0xF0) == 0xE0) n = 2;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4) n = 3;
    else return i;
    if (i + n >= s.size() && n > 0) return i;
    for (int k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    if (n == 2) {  // overlong and surrogate forms
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;
    }
    if (n == 3) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) return i;
    }
    i += n + 1;
  }
  return std::string::npos;
}
}  // namespace detail

namespace {

constexpr const char* kSetLabel = "--set";

// Everything one load_scenario call knows: the files it read and the problems found so far.
struct LoadState {
  std::vector<std::string> files;   // display names, indexed by SourceLoc::file
  std::vector<Diagnostic> diagnostics;

  int add_file(const std::string& display) {
    files.push_back(display);
    return static_cast<int>(files.size()) - 1;
  }
  void add(Diagnostic d) {
    if (diagnostics.size() < Limits::max_diagnostics) diagnostics.push_back(std::move(d));
  }
  bool full() const { return diagnostics.size() >= Limits::max_diagnostics; }
};

// ---- source text checks ---------------------------------------------------------------------

// 1-based line and column of byte `offset`.
std::pair<int, int> position(const std::string& text, std::size_t offset) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, col = 1;
    else ++col;
  }
  return {line, col};
}


// JSON checks the protobuf parser does not make: trailing commas (it accepts them) and nesting
// depth, both with a position. Returns false after adding a diagnostic.
bool check_json_shape(const std::string& text, const std::string& file, LoadState& st) {
  int depth = 0;
  bool in_string = false;
  std::size_t last_comma = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if ((c == '}' || c == ']') && last_comma != std::string::npos) {
      auto [line, col] = position(text, last_comma);
      st.add({file, line, col, "", std::string("trailing comma before '") + c + "' is not allowed in JSON"});
      return false;
    }
    last_comma = std::string::npos;
    if (c == '"') in_string = true;
    else if (c == ',') last_comma = i;
    else if (c == '{' || c == '[') {
      if (++depth > Limits::max_nesting_depth) {
        auto [line, col] = position(text, i);
        st.add({file, line, col, "",
                "nesting deeper than " + std::to_string(Limits::max_nesting_depth) + " levels (limit against hostile files)"});
        return false;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

// Nesting depth of a text-format file ({ } < > [ ] outside strings and comments), checked before
// parsing so that the limit has its own message wherever the deep part is.
bool check_text_depth(const std::string& text, const std::string& file, LoadState& st) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      for (++i; i < text.size() && text[i] != c && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '{' || c == '<' || c == '[') {
      if (++depth > Limits::max_nesting_depth) {
        auto [line, col] = position(text, i);
        st.add({file, line, col, "",
                "nesting deeper than " + std::to_string(Limits::max_nesting_depth) + " levels (limit against hostile files)"});
        return false;
      }
    } else if (c == '}' || c == '>' || c == ']') {
      --depth;
    }
  }
  return true;
}

// "Did you mean 'x'?" for a close field name, else the list of fields.
std::string suggest_field(const pb::Descriptor* d, const std::string& name) {
  std::string best;
  std::size_t best_distance = 3;  // only close names
  for (int i = 0; i < d->field_count(); ++i) {
    const std::string& candidate = d->field(i)->name();
    std::vector<std::size_t> row(candidate.size() + 1);
    for (std::size_t j = 0; j <= candidate.size(); ++j) row[j] = j;
    for (std::size_t a = 1; a <= name.size(); ++a) {
      std::size_t prev = row[0];
      row[0] = a;
      for (std::size_t b = 1; b <= candidate.size(); ++b) {
        const std::size_t cur = row[b];
        row[b] = std::min({row[b] + 1, row[b - 1] + 1, prev + (name[a - 1] == candidate[b - 1] ? 0 : 1)});
        prev = cur;
      }
    }
    if (row[candidate.size()] < best_distance) best_distance = row[candidate.size()], best = candidate;
  }
  if (!best.empty()) return "Did you mean \"" + best + "\"?";
  std::string fields;
  for (int i = 0; i < d->field_count(); ++i) fields += (i ? ", " : "") + d->field(i)->name();
  return "Fields of " + d->name() + ": " + fields + ".";
}

// The text parser's messages, made more helpful: the allowed names after an unknown one.
std::string explain_parse_error(const std::string& message) {
  static const std::string no_field = "\" has no field named \"";
  static const std::string bad_enum = "Unknown enumeration value of \"";
  if (auto p = message.find(no_field); p != std::string::npos && message.rfind("Message type \"", 0) == 0) {
    const std::string type = message.substr(14, p - 14);
    const auto* d = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    if (d != nullptr) return message + " " + suggest_field(d, message.substr(p + no_field.size(), message.size() - p - no_field.size() - 2));
  }
  if (message.rfind(bad_enum, 0) == 0) {
    const auto q = message.find("\" for field \"");
    const auto e = q == std::string::npos ? q : message.find('"', q + 13);
    if (e != std::string::npos) {
      const std::string field = message.substr(q + 13, e - q - 13);
      // The enum of that field name anywhere in the schema (field names map to one enum each).
      const pb::EnumDescriptor* found = nullptr;
      std::vector<const pb::Descriptor*> todo{v1::Scenario::descriptor()};
      std::vector<const pb::Descriptor*> seen;
      while (!todo.empty() && found == nullptr) {
        const pb::Descriptor* d = todo.back();
        todo.pop_back();
        if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
        seen.push_back(d);
        for (int i = 0; i < d->field_count(); ++i) {
          const auto* f = d->field(i);
          if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM && f->name() == field) found = f->enum_type();
          if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) todo.push_back(f->message_type());
        }
      }
      if (found != nullptr) {
        std::string names;
        for (int i = 0; i < found->value_count(); ++i) {
          if (found->value(i)->number() == 0) continue;
          names += (names.empty() ? "" : ", ") + found->value(i)->name();
        }
        return message + " Allowed: " + names + ".";
      }
    }
  }
  if (message.size() >= 5 && message.compare(message.size() - 5, 5, "got: ") == 0) {
    return message + "end of file (a '}' or '>' missing?)";
  }
  return message;
}

// ---- location trees -------------------------------------------------------------------------

void text_locs(const pb::Message& msg, const pb::TextFormat::ParseInfoTree* tree, int file, LocNode& node) {
  if (tree == nullptr) return;
  const pb::Descriptor* d = msg.GetDescriptor();
  const pb::Reflection* r = msg.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    const bool is_msg = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_repeated()) {
      const int n = r->FieldSize(msg, f);
      if (n == 0) continue;
      LocEntry& e = node.fields[f->number()];
      SourceLoc last{file, 0, 0};
      for (int k = 0; k < n; ++k) {
        const auto p = tree->GetLocation(f, k);
        if (p.line >= 0) last = SourceLoc{file, p.line + 1, p.column + 1};
        e.locs.push_back(last);
        e.nested.emplace_back();
        if (is_msg) text_locs(r->GetRepeatedMessage(msg, f, k), tree->GetTreeForNested(f, k), file, e.nested.back());
      }
    } else {
      const auto p = tree->GetLocation(f, -1);
      if (p.line < 0) continue;
      LocEntry& e = node.fields[f->number()];
      e.locs = {SourceLoc{file, p.line + 1, p.column + 1}};
      e.nested.assign(1, LocNode{});
      if (is_msg) text_locs(r->GetMessage(msg, f), tree->GetTreeForNested(f, -1), file, e.nested[0]);
    }
  }
}

// Where each field of a JSON scenario was written. The protobuf JSON parser gives no positions,
// so this scans the text (already accepted by that parser) for the keys and list elements.
class JsonLocator {
 public:
  JsonLocator(const std::string& text, int file) : text_(text), file_(file) {}
  // The first key that repeats a field of its object (the JSON parser keeps one of them silently).
  std::optional<Diagnostic> duplicate;

  void object(const pb::Descriptor* d, LocNode& node) {
    skip_ws();
    if (!eat('{')) return skip_value();
    skip_ws();
    if (eat('}')) return;
    std::map<int, SourceLoc> seen;  // field number -> where its key first appeared
    while (i_ < text_.size()) {
      skip_ws();
      const SourceLoc key_loc = here();
      const std::string key = string();
      skip_ws();
      if (!eat(':')) return;
      skip_ws();
      const pb::FieldDescriptor* f = d != nullptr ? d->FindFieldByName(key) : nullptr;
      for (int k = 0; d != nullptr && f == nullptr && k < d->field_count(); ++k) {
        if (d->field(k)->json_name() == key) f = d->field(k);
      }
      if (f != nullptr && !seen.emplace(f->number(), key_loc).second && !duplicate) {
        const SourceLoc& first = seen[f->number()];
        duplicate = Diagnostic{"", key_loc.line, key_loc.column, "",
                               "field \"" + f->name() + "\" is specified twice in one object (first at line " +
                                   std::to_string(first.line) + ", column " + std::to_string(first.column) +
                                   "); state each field once"};
      }
      if (f == nullptr || peek() == 'n') {  // unknown (the parser would have refused it) or null
        skip_value();
      } else {
        field(f, key_loc, node);
      }
      skip_ws();
      if (eat(',')) continue;
      eat('}');
      return;
    }
  }

 private:
  const std::string& text_;
  int file_;
  std::size_t i_ = 0;
  int line_ = 1, col_ = 1;

  void field(const pb::FieldDescriptor* f, SourceLoc key_loc, LocNode& node) {
    const bool is_msg = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    LocEntry& e = node.fields[f->number()];
    e = LocEntry{};
    if (f->is_repeated() && peek() == '[') {
      eat('[');
      skip_ws();
      if (eat(']')) return;
      while (i_ < text_.size()) {
        skip_ws();
        e.locs.push_back(here());
        e.nested.emplace_back();
        if (is_msg) object(f->message_type(), e.nested.back());
        else skip_value();
        skip_ws();
        if (eat(',')) continue;
        eat(']');
        return;
      }
      return;
    }
    e.locs = {key_loc};
    e.nested.assign(1, LocNode{});
    if (is_msg) object(f->message_type(), e.nested[0]);
    else skip_value();
  }

  SourceLoc here() const { return SourceLoc{file_, line_, col_}; }
  char peek() const { return i_ < text_.size() ? text_[i_] : '\0'; }
  void advance() {
    if (i_ >= text_.size()) return;
    if (text_[i_] == '\n') ++line_, col_ = 1;
    else if ((static_cast<unsigned char>(text_[i_]) & 0xC0) != 0x80) ++col_;  // count characters, not bytes
    ++i_;
  }
  bool eat(char c) {
    if (peek() != c) return false;
    advance();
    return true;
  }
  void skip_ws() {
    while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') advance();
  }
  std::string string() {
    std::string out;
    if (!eat('"')) return out;
    while (i_ < text_.size() && peek() != '"') {
      if (peek() == '\\') advance();
      out += peek();
      advance();
    }
    eat('"');
    return out;
  }
  // Skips one value of any kind, nested ones included.
  void skip_value() {
    skip_ws();
    int depth = 0;
    while (i_ < text_.size()) {
      const char c = peek();
      if (c == '"') {
        string();
      } else if (c == '{' || c == '[') {
        ++depth;
        advance();
      } else if (c == '}' || c == ']') {
        if (depth == 0) return;
        --depth;
        advance();
      } else if (c == ',' && depth == 0) {
        return;
      } else {
        advance();
      }
      if (depth == 0 && (peek() == ',' || peek() == '}' || peek() == ']')) return;
    }
  }
};

// A JSON parser error names a path ("(team.cohorts[0].role): invalid value ...", "(team) cnt: Cannot
// find field."): resolved against the scanned text, it gives the error a position and a field path.
Diagnostic json_error(const std::string& file, int file_index, const std::string& text, const std::string& raw);

// The deepest recorded location along `path` (the field itself, or the nearest enclosing message
// that a file wrote).
SourceLoc locate(const LocNode& root, const FieldPath& path) {
  SourceLoc best;
  const LocNode* node = &root;
  for (const PathStep& step : path) {
    auto it = node->fields.find(step.field->number());
    if (it == node->fields.end()) break;
    const std::size_t k = step.index < 0 ? 0 : static_cast<std::size_t>(step.index);
    if (k >= it->second.locs.size()) break;
    if (it->second.locs[k].file >= 0) best = it->second.locs[k];
    if (k >= it->second.nested.size()) break;
    node = &it->second.nested[k];
  }
  return best;
}

// Records that `path` was set by `loc` (an override): the leaf gets the location, its old
// sub-tree is dropped (the value replaced it).
void mark(LocNode& root, const FieldPath& path, SourceLoc loc) {
  LocNode* node = &root;
  for (std::size_t s = 0; s < path.size(); ++s) {
    LocEntry& e = node->fields[path[s].field->number()];
    const std::size_t k = path[s].index < 0 ? 0 : static_cast<std::size_t>(path[s].index);
    if (e.locs.size() <= k) e.locs.resize(k + 1);
    if (e.nested.size() <= k) e.nested.resize(k + 1);
    if (s + 1 == path.size()) {
      e.locs[k] = loc;
      e.nested[k] = LocNode{};
    }
    node = &e.nested[k];
  }
}

// ---- overlay merge --------------------------------------------------------------------------

std::string element_name(const pb::Message& m) {
  const auto* f = m.GetDescriptor()->FindFieldByName("name");
  if (f == nullptr || f->is_repeated() || f->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) return {};
  return m.GetReflection()->GetString(m, f);
}

bool keyed_by_name(const pb::FieldDescriptor* f) {
  if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) return false;
  const auto* name = f->message_type()->FindFieldByName("name");
  return name != nullptr && !name->is_repeated() && name->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING;
}

void copy_scalar(const pb::Message& src, pb::Message& dst, const pb::FieldDescriptor* f) {
  using FD = pb::FieldDescriptor;
  const pb::Reflection* rs = src.GetReflection();
  const pb::Reflection* rd = dst.GetReflection();
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE: rd->SetDouble(&dst, f, rs->GetDouble(src, f)); break;
    case FD::CPPTYPE_FLOAT: rd->SetFloat(&dst, f, rs->GetFloat(src, f)); break;
    case FD::CPPTYPE_INT32: rd->SetInt32(&dst, f, rs->GetInt32(src, f)); break;
    case FD::CPPTYPE_INT64: rd->SetInt64(&dst, f, rs->GetInt64(src, f)); break;
    case FD::CPPTYPE_UINT32: rd->SetUInt32(&dst, f, rs->GetUInt32(src, f)); break;
    case FD::CPPTYPE_UINT64: rd->SetUInt64(&dst, f, rs->GetUInt64(src, f)); break;
    case FD::CPPTYPE_BOOL: rd->SetBool(&dst, f, rs->GetBool(src, f)); break;
    case FD::CPPTYPE_ENUM: rd->SetEnumValue(&dst, f, rs->GetEnumValue(src, f)); break;
    case FD::CPPTYPE_STRING: rd->SetString(&dst, f, rs->GetString(src, f)); break;
    case FD::CPPTYPE_MESSAGE: break;
  }
}

// Overlays `src` (only the fields its file wrote, per `sl`) onto `dst`:
//  - a scalar the overlay wrote replaces the base value, even when it is 0 or false;
//  - a message field merges field by field, recursively; setting one member of a oneof (e.g. a
//    Distribution's kind) drops the base's other member;
//  - a repeated message with a `name` merges element by element by name (new names append);
//  - any other repeated field the overlay wrote replaces the base list as a whole.
void merge(pb::Message& dst, LocNode& dl, const pb::Message& src, const LocNode& sl) {
  const pb::Descriptor* d = dst.GetDescriptor();
  const pb::Reflection* rs = src.GetReflection();
  const pb::Reflection* rd = dst.GetReflection();
  for (const auto& [number, se] : sl.fields) {
    const pb::FieldDescriptor* f = d->FindFieldByNumber(number);
    if (f == nullptr) continue;
    if (const pb::OneofDescriptor* o = f->containing_oneof()) {
      for (int i = 0; i < o->field_count(); ++i) {
        if (o->field(i) != f) dl.fields.erase(o->field(i)->number());
      }
    }
    if (f->is_repeated()) {
      const int n = rs->FieldSize(src, f);
      if (keyed_by_name(f)) {
        LocEntry& de = dl.fields[number];
        for (int k = 0; k < n; ++k) {
          const pb::Message& item = rs->GetRepeatedMessage(src, f, k);
          const std::string name = element_name(item);
          int j = -1;
          const int dn = rd->FieldSize(dst, f);
          for (int i = 0; i < dn && !name.empty(); ++i) {
            if (element_name(rd->GetRepeatedMessage(dst, f, i)) == name) {
              j = i;
              break;
            }
          }
          const SourceLoc loc = k < int(se.locs.size()) ? se.locs[k] : SourceLoc{};
          const LocNode empty;
          const LocNode& sub = k < int(se.nested.size()) ? se.nested[k] : empty;
          if (de.locs.size() < std::size_t(dn)) de.locs.resize(dn);
          if (de.nested.size() < std::size_t(dn)) de.nested.resize(dn);
          if (j >= 0) {
            merge(*rd->MutableRepeatedMessage(&dst, f, j), de.nested[j], item, sub);
            de.locs[j] = loc;
          } else {
            rd->AddMessage(&dst, f)->CopyFrom(item);
            de.locs.resize(dn + 1);
            de.nested.resize(dn + 1);
            de.locs[dn] = loc;
            de.nested[dn] = sub;
          }
        }
      } else {
        rd->ClearField(&dst, f);
        for (int k = 0; k < n; ++k) {
          using FD = pb::FieldDescriptor;
          switch (f->cpp_type()) {
            case FD::CPPTYPE_DOUBLE: rd->AddDouble(&dst, f, rs->GetRepeatedDouble(src, f, k)); break;
            case FD::CPPTYPE_FLOAT: rd->AddFloat(&dst, f, rs->GetRepeatedFloat(src, f, k)); break;
            case FD::CPPTYPE_INT32: rd->AddInt32(&dst, f, rs->GetRepeatedInt32(src, f, k)); break;
            case FD::CPPTYPE_INT64: rd->AddInt64(&dst, f, rs->GetRepeatedInt64(src, f, k)); break;
            case FD::CPPTYPE_UINT32: rd->AddUInt32(&dst, f, rs->GetRepeatedUInt32(src, f, k)); break;
            case FD::CPPTYPE_UINT64: rd->AddUInt64(&dst, f, rs->GetRepeatedUInt64(src, f, k)); break;
            case FD::CPPTYPE_BOOL: rd->AddBool(&dst, f, rs->GetRepeatedBool(src, f, k)); break;
            case FD::CPPTYPE_ENUM: rd->AddEnumValue(&dst, f, rs->GetRepeatedEnumValue(src, f, k)); break;
            case FD::CPPTYPE_STRING: rd->AddString(&dst, f, rs->GetRepeatedString(src, f, k)); break;
            case FD::CPPTYPE_MESSAGE: rd->AddMessage(&dst, f)->CopyFrom(rs->GetRepeatedMessage(src, f, k)); break;
          }
        }
        dl.fields[number] = se;
      }
    } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      LocEntry& de = dl.fields[number];
      if (de.locs.empty()) de.locs.resize(1);
      if (de.nested.empty()) de.nested.resize(1);
      const LocNode empty;
      merge(*rd->MutableMessage(&dst, f), de.nested[0], rs->GetMessage(src, f), se.nested.empty() ? empty : se.nested[0]);
      if (!se.locs.empty()) de.locs[0] = se.locs[0];
    } else {
      copy_scalar(src, dst, f);
      dl.fields[number] = se;
    }
  }
}

// ---- parsing one file -----------------------------------------------------------------------

// The field path at a position of a text-format file (0-based line and column, as protobuf's
// tokenizer counts them), from the tokens before it: the messages opened and not yet closed (an
// element of a list by its name when it gave one before the position, else by its index), plus
// the field whose value the position is in. `field` is that field's descriptor, or null.
struct TextPosition {
  std::string path;
  const pb::FieldDescriptor* field = nullptr;
  std::string token;  // the token at the position, as written
};

TextPosition text_path_at(const std::string& text, int line, int column) {
  struct Frame {
    const pb::Descriptor* type;
    std::string base, label;  // path = base + label
    std::map<std::string, int> elements;  // per repeated field: elements opened so far
    std::string path() const { return base + label; }
  };
  auto field_of = [](const Frame& f, const std::string& name) {
    return f.type == nullptr ? nullptr : f.type->FindFieldByName(name);
  };
  std::vector<Frame> stack{{v1::Scenario::descriptor(), "", "", {}}};
  std::string last, pending, list;  // last identifier; field after ':'; repeated field of an open '['
  std::string token;
  struct Quiet : pb::io::ErrorCollector {  // the parser has reported the error already
    void AddError(int, int, const std::string&) override {}
  } quiet;
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  pb::io::Tokenizer tokens(&input, &quiet);
  tokens.set_comment_style(pb::io::Tokenizer::SH_COMMENT_STYLE);
  for (tokens.Next(); tokens.current().type != pb::io::Tokenizer::TYPE_END; tokens.Next()) {
    const auto& t = tokens.current();
    // At the position, or an unterminated string that runs into it.
    const bool open_string = t.type == pb::io::Tokenizer::TYPE_STRING && t.line == line &&
                             (t.text.size() < 2 || t.text.back() != t.text.front());
    if (t.line > line || (t.line == line && t.column >= column) || open_string) {
      token = t.text;
      break;
    }
    const std::string& x = t.text;
    if (x == "{" || x == "<") {
      const std::string name = !list.empty() ? list : !pending.empty() ? pending : last;
      Frame& top = stack.back();
      const pb::FieldDescriptor* f = field_of(top, name);
      Frame child{f == nullptr ? nullptr : f->message_type(), top.path() + (top.path().empty() ? "" : ".") + name, "", {}};
      if (f != nullptr && f->is_repeated()) child.label = "[" + std::to_string(top.elements[name]++) + "]";
      stack.push_back(std::move(child));
      pending.clear(), last.clear();
    } else if (x == "}" || x == ">") {
      if (stack.size() > 1) stack.pop_back();
      pending.clear(), last.clear();
    } else if (x == ":") {
      pending = last;
    } else if (x == "[" && !pending.empty()) {
      list = pending;
    } else if (x == "]") {
      list.clear(), pending.clear();
    } else if (t.type == pb::io::Tokenizer::TYPE_SYMBOL) {
      // ',' ';' '-': nothing to track
    } else if (!pending.empty()) {  // a scalar value
      if (pending == "name" && t.type == pb::io::Tokenizer::TYPE_STRING && stack.size() > 1 && !stack.back().label.empty()) {
        std::string value;
        pb::io::Tokenizer::ParseString(x, &value);
        stack.back().label = "[" + value + "]";
      }
      if (list.empty()) pending.clear();
    } else {
      last = x;
    }
  }
  TextPosition at{stack.back().path(), nullptr, token};
  if (!pending.empty()) {
    at.field = field_of(stack.back(), pending);
    at.path += (at.path.empty() ? "" : ".") + pending;
  }
  return at;
}

class TextErrorCollector : public pb::io::ErrorCollector {
 public:
  TextErrorCollector(LoadState& st, std::string file, const std::string& text) : st_(st), file_(std::move(file)), text_(text) {}
  void AddError(int line, int column, const std::string& message) override {
    if (line >= 0 && column >= 0) column = token_column(line_text(line), column, message);
    TextPosition at;
    if (line >= 0 && column >= 0) at = text_path_at(text_, line, column);
    std::string what = explain_parse_error(message);
    // A bool written as something else reads like --set's message.
    if (at.field != nullptr && at.field->cpp_type() == pb::FieldDescriptor::CPPTYPE_BOOL && !at.token.empty())
      what = "'" + at.token + "' is not a boolean; write true or false";
    st_.add({file_, line >= 0 ? line + 1 : 0, column >= 0 ? column + 1 : 0, at.path, what});
    ++errors;
  }
  void AddWarning(int, int, const std::string&) override {}
  int errors = 0;

 private:
  LoadState& st_;
  std::string file_;
  const std::string& text_;

  std::string line_text(int line) const {
    std::size_t start = 0;
    for (int l = 0; l < line && start != std::string::npos; ++l) {
      start = text_.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos) return {};
    return text_.substr(start, text_.find('\n', start) - start);
  }
};

Diagnostic json_error(const std::string& file, int file_index, const std::string& text, const std::string& raw) {
  std::string path_text, key, rest = raw;
  if (!rest.empty() && rest.front() == '(') {
    if (const auto close = rest.find(')'); close != std::string::npos) {
      path_text = rest.substr(1, close - 1);
      rest = rest.substr(close + 1);
    }
  }
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  if (!rest.empty() && rest.front() == ':') {
    rest.erase(0, 1);
  } else if (const auto colon = rest.find(": "); colon != std::string::npos && colon > 0 &&
                                                  rest.find(' ') > colon && rest.find('.') > colon) {
    key = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
    if (rest.find("Cannot find field") == std::string::npos) {  // a known field: part of the path
      path_text += (path_text.empty() ? "" : ".") + key;
      key.clear();
    }
  }
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  // Walk the path ("a.b[2].c") through the schema and the positions the scan found.
  LocNode locs;
  JsonLocator(text, file_index).object(v1::Scenario::descriptor(), locs);
  FieldPath path;
  const pb::Descriptor* d = v1::Scenario::descriptor();
  std::size_t i = 0;
  while (d != nullptr && i < path_text.size()) {
    std::size_t end = path_text.find_first_of(".[", i);
    const std::string name = path_text.substr(i, end == std::string::npos ? std::string::npos : end - i);
    const pb::FieldDescriptor* f = d->FindFieldByName(name);
    if (f == nullptr) break;
    int index = -1;
    if (end != std::string::npos && path_text[end] == '[') {
      const auto close = path_text.find(']', end);
      if (close == std::string::npos) break;
      index = std::atoi(path_text.substr(end + 1, close - end - 1).c_str());
      end = close + 1;
    }
    path.push_back({f, index});
    d = f->message_type();
    if (end == std::string::npos || end >= path_text.size()) break;
    i = end + 1;
  }
  SourceLoc loc = locate(locs, path);
  std::string message = rest;
  if (!key.empty()) {
    // An unknown key: its own position, the first occurrence at or after its object's.
    const std::string quoted = "\"" + key + "\"";
    for (std::size_t at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + 1)) {
      const auto [line, col] = position(text, at);
      if (line > loc.line || (line == loc.line && col >= loc.column)) {
        loc = SourceLoc{file_index, line, col};
        break;
      }
    }
    message = "unknown field '" + key + "'";
    if (d != nullptr) message += ". " + suggest_field(d, key);
  } else if (const auto t = rest.find("for type type.googleapis.com/"); t != std::string::npos) {
    const std::string type = rest.substr(t + 29);
    if (const auto* e = pb::DescriptorPool::generated_pool()->FindEnumTypeByName(type)) {
      std::string names;
      for (int k = 0; k < e->value_count(); ++k) {
        if (e->value(k)->number() != 0) names += (names.empty() ? "" : ", ") + e->value(k)->name();
      }
      message = rest.substr(0, t) + "for " + e->name() + "; one of: " + names;
    }
  }
  if (path_text.empty() && key.empty()) message = "invalid JSON: " + message;
  return Diagnostic{file, loc.file >= 0 ? loc.line : 0, loc.file >= 0 ? loc.column : 0, path_text, message};
}

bool is_json(const std::string& file) {
  const std::string ext = fs::path(file).extension().string();
  return ext == ".json" || ext == ".JSON";
}

// Parses one file's text into `out` and records which fields it wrote. False on a syntax error.
bool parse_text(const std::string& text, int file_index, bool json, LoadState& st, v1::Scenario& out, LocNode& locs) {
  const std::string& file = st.files[file_index];
  if (text.size() > Limits::max_file_bytes) {
    st.add({file, 0, 0, "", "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                               std::to_string(Limits::max_file_bytes) + " bytes"});
    return false;
  }
  if (const std::size_t bad = invalid_utf8(text); bad != std::string::npos) {
    auto [line, col] = position(text, bad);
    st.add({file, line, col, "", "file is not valid UTF-8 text (a binary file?)"});
    return false;
  }
  if (json) {
    if (!check_json_shape(text, file, st)) return false;
    pb::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto status = pb::util::JsonStringToMessage(text, &out, options);
    // A repeated key: the parser keeps one value silently, or fails on it obscurely; refused here
    // with its position, as the text format refuses it.
    JsonLocator locator(text, file_index);
    locator.object(out.GetDescriptor(), locs);
    if (!status.ok() && !locator.duplicate) {
      std::string msg(status.message());
      if (const auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
      st.add(json_error(file, file_index, text, msg));
      return false;
    }
    if (locator.duplicate) {
      locator.duplicate->file = file;
      st.add(std::move(*locator.duplicate));
      return false;
    }
    return true;
  }
  if (!check_text_depth(text, file, st)) return false;
  pb::TextFormat::Parser parser;
  TextErrorCollector errors(st, file, text);
  pb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  parser.SetRecursionLimit(Limits::max_nesting_depth);
  if (!parser.ParseFromString(text, &out)) {
    if (errors.errors == 0) st.add({file, 0, 0, "", "could not parse the file as a Protobuf text scenario"});
    return false;
  }
  text_locs(out, &tree, file_index, locs);
  return true;
}

std::string read_file(const std::string& display, const fs::path& path, LoadState& st, bool& ok) {
  ok = false;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    st.add({display, 0, 0, "", "cannot read the file: it does not exist"});
    return {};
  }
  if (!fs::is_regular_file(status)) {
    st.add({display, 0, 0, "", "cannot read the file: not a regular file"});
    return {};
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > Limits::max_file_bytes) {
    st.add({display, 0, 0, "", "file is " + std::to_string(size) + " bytes; the limit is " +
                                  std::to_string(Limits::max_file_bytes) + " bytes"});
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    st.add({display, 0, 0, "", "cannot read the file: permission denied or I/O error"});
    return {};
  }
  std::string text;
  text.resize(static_cast<std::size_t>(Limits::max_file_bytes) + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  ok = true;
  return text;
}

// For a relative file that was not found: which search folders were tried too (search.h), or "".
std::string searched_note(const fs::path& tried) {
  std::error_code ec;
  if (fs::exists(tried, ec)) return "";
  std::string dirs;
  for (const fs::path& dir : scenario_search_dirs()) dirs += (dirs.empty() ? "" : ", ") + dir.string();
  return dirs.empty() ? "" : "; not in " + dirs + " either";
}

struct Resolved {
  v1::Scenario scenario;
  LocNode locs;
};

// Paths to the `name` of every element of a name-keyed list whose name an earlier element of the
// same list already has, anywhere in `m`.
void duplicate_names(const pb::Message& m, FieldPath& path, std::vector<FieldPath>& out) {
  const pb::Descriptor* d = m.GetDescriptor();
  const pb::Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!f->is_repeated()) {
      if (!r->HasField(m, f)) continue;
      path.push_back({f, -1});
      duplicate_names(r->GetMessage(m, f), path, out);
      path.pop_back();
      continue;
    }
    std::set<std::string> seen;
    for (int k = 0; k < r->FieldSize(m, f); ++k) {
      const pb::Message& item = r->GetRepeatedMessage(m, f, k);
      path.push_back({f, k});
      if (keyed_by_name(f)) {
        const std::string name = element_name(item);
        if (!name.empty() && !seen.insert(name).second) {
          path.push_back({item.GetDescriptor()->FindFieldByName("name"), -1});
          out.push_back(path);
          path.pop_back();
        }
      }
      duplicate_names(item, path, out);
      path.pop_back();
    }
  }
}

// One link of the overlay chain: display name, canonical path (for cycle detection).
struct ChainLink {
  std::string display;
  fs::path canonical;
};

// Parses `text` (the file `display`), then, if it names a base, resolves the base first and
// overlays this file onto it. False when any problem stops the load.
bool resolve(const std::string& text, const std::string& display, const fs::path& real_path, bool json,
             std::vector<ChainLink>& chain, LoadState& st, Resolved& out) {
  const int file_index = st.add_file(display);
  v1::Scenario parsed;
  LocNode locs;
  // A UTF-8 byte-order mark (Windows editors write one) is not part of the text; editors do not
  // show it, so positions count from after it.
  const bool bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (!parse_text(bom ? text.substr(3) : text, file_index, json, st, parsed, locs)) return false;
  if (parsed.base().empty()) {
    out.scenario = std::move(parsed);
    out.locs = std::move(locs);
    return true;
  }
  // Within one overlay a name may appear once per list: merging by name would silently keep the
  // last of two (a file without a base gets the same error from the validator).
  {
    std::vector<FieldPath> duplicates;
    FieldPath walk;
    duplicate_names(parsed, walk, duplicates);
    for (const FieldPath& p : duplicates) {
      const SourceLoc loc = locate(locs, p);
      const pb::Message* list_owner = &parsed;
      for (std::size_t i = 0; i + 2 < p.size(); ++i) {
        list_owner = p[i].index >= 0 ? &list_owner->GetReflection()->GetRepeatedMessage(*list_owner, p[i].field, p[i].index)
                                     : &list_owner->GetReflection()->GetMessage(*list_owner, p[i].field);
      }
      const pb::FieldDescriptor* list = p[p.size() - 2].field;
      const pb::Message& item = list_owner->GetReflection()->GetRepeatedMessage(*list_owner, list, p[p.size() - 2].index);
      st.add({display, loc.line, loc.column, path_string(parsed, p),
              "duplicate name '" + element_name(item) + "'; names in " + list->name() + " must be unique"});
    }
    if (!duplicates.empty()) return false;
  }
  const auto* base_field = parsed.GetDescriptor()->FindFieldByName("base");
  const SourceLoc base_loc = locate(locs, {PathStep{base_field, -1}});
  auto here = [&](std::string message) {
    st.add({display, base_loc.line, base_loc.column, "base", std::move(message)});
    return false;
  };
  const fs::path base_rel(parsed.base());
  fs::path base_real = base_rel.is_absolute() ? base_rel : (real_path.parent_path() / base_rel);
  std::string base_display =
      base_rel.is_absolute() ? base_rel.string() : (fs::path(display).parent_path() / base_rel).lexically_normal().string();
  std::error_code ec;
  if (!base_rel.is_absolute() && !fs::exists(base_real, ec)) {
    // Not beside this file: the scenario search folders (search.h), e.g. the shipped scenarios.
    if (const auto found = find_scenario(base_rel, real_path.parent_path())) {
      base_real = *found;
      base_display = found->string();
    }
  }
  const fs::path canonical = fs::weakly_canonical(base_real, ec);
  for (const ChainLink& link : chain) {
    if (link.canonical == canonical) {
      std::string cycle;
      bool in_cycle = false;
      for (const ChainLink& l : chain) {
        if (l.canonical == canonical) in_cycle = true;
        if (in_cycle) cycle += l.display + " -> ";
      }
      return here("overlay cycle: " + cycle + base_display + "; a scenario cannot be its own base");
    }
  }
  if (static_cast<int>(chain.size()) >= Limits::max_overlay_depth) {
    return here("overlay chain longer than " + std::to_string(Limits::max_overlay_depth) + " files");
  }
  bool ok = false;
  LoadState probe;  // read errors are reported at the base: line of this file
  const std::string base_text = read_file(base_display, base_real, probe, ok);
  if (!ok) {
    return here("base file '" + parsed.base() + "' (" + base_display + "): " + probe.diagnostics.front().message +
                (base_rel.is_absolute() ? "" : searched_note(base_real)));
  }
  chain.push_back(ChainLink{base_display, canonical});
  Resolved base;
  const bool base_ok = resolve(base_text, base_display, base_real, is_json(base_display), chain, st, base);
  chain.pop_back();
  if (!base_ok) return false;
  // name and description belong to the file that states them: an overlay does not inherit them.
  base.scenario.clear_name();
  base.scenario.clear_description();
  for (const char* own : {"name", "description"}) {
    base.locs.fields.erase(base.scenario.GetDescriptor()->FindFieldByName(own)->number());
  }
  merge(base.scenario, base.locs, parsed, locs);
  base.scenario.clear_base();
  base.locs.fields.erase(base_field->number());
  out = std::move(base);
  return true;
}

[[noreturn]] void throw_all(LoadState& st) {
  if (st.full()) {
    st.diagnostics.push_back({st.files.empty() ? "" : st.files.front(), 0, 0, "",
                              "stopped after " + std::to_string(Limits::max_diagnostics) + " problems"});
  }
  throw ScenarioError(std::move(st.diagnostics));
}

// A --set on a field the file's sweep varies would be overridden at every design point: refused.
void refuse_swept_overrides(const v1::Scenario& s, const std::vector<FieldPath>& set_paths, LoadState& st) {
  std::vector<std::string> swept;
  for (const auto& axis : s.experiment().sweep().grid().axes()) swept.push_back(axis.path());
  for (const auto& range : s.experiment().sweep().latin_hypercube().ranges()) swept.push_back(range.path());
  for (const std::string& axis : swept) {
    FieldPath axis_path;
    try {
      axis_path = resolve_path(s, axis);
    } catch (const ScenarioError&) {
      continue;  // validation reports a bad axis path
    }
    for (const FieldPath& set : set_paths) {
      if (!overlaps(set, axis_path)) continue;
      st.add({kSetLabel, 0, 0, path_string(s, set),
              "experiment.sweep varies " + axis + " at every design point, which would override this --set; "
              "change the sweep's values instead"});
    }
  }
}

// The paths of the fields `node` says the file wrote in `m` with their zero value (0, false, "")
// where the field has no presence: the message alone cannot show them.
void zero_paths(const pb::Message& m, const LocNode& node, const pb::Message& root, FieldPath& path,
                std::vector<std::string>& out) {
  const pb::Reflection* r = m.GetReflection();
  for (const auto& [number, e] : node.fields) {
    const pb::FieldDescriptor* f = m.GetDescriptor()->FindFieldByNumber(number);
    if (f == nullptr) continue;
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      const int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
      for (int k = 0; k < n && k < int(e.nested.size()); ++k) {
        path.push_back({f, f->is_repeated() ? k : -1});
        zero_paths(f->is_repeated() ? r->GetRepeatedMessage(m, f, k) : r->GetMessage(m, f), e.nested[k], root, path, out);
        path.pop_back();
      }
    } else if (!f->is_repeated() && !f->has_presence() && !r->HasField(m, f)) {
      path.push_back({f, -1});
      out.push_back(path_string(root, path));
      path.pop_back();
    }
  }
}

// A phase's `set` is an overlay: what it writes as 0 or false must survive the file, so the
// loader lists those fields in the phase's zero_fields (phases.cpp reads them).
void record_zero_fields(Resolved& r) {
  const auto it = r.locs.fields.find(v1::Scenario::kPhasesFieldNumber);
  if (it == r.locs.fields.end()) return;
  for (int k = 0; k < r.scenario.phases_size() && k < int(it->second.nested.size()); ++k) {
    const auto set = it->second.nested[k].fields.find(v1::Phase::kSetFieldNumber);
    if (set == it->second.nested[k].fields.end() || set->second.nested.empty()) continue;
    v1::Phase& phase = *r.scenario.mutable_phases(k);
    std::vector<std::string> zeros;
    FieldPath path;
    zero_paths(phase.set(), set->second.nested[0], phase.set(), path, zeros);
    for (const std::string& z : zeros) {
      if (std::find(phase.zero_fields().begin(), phase.zero_fields().end(), z) == phase.zero_fields().end()) {
        phase.add_zero_fields(z);
      }
    }
  }
}

v1::Scenario finish(Resolved& r, const std::string& top_display, const LoadOptions& options, LoadState& st) {
  if (r.scenario.name().empty()) r.scenario.set_name(fs::path(top_display).stem().string());
  const int set_file = st.add_file(kSetLabel);
  std::vector<FieldPath> set_paths;
  for (const std::string& assignment : options.overrides) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      st.add({kSetLabel, 0, 0, "", "'" + assignment + "' is not an assignment; write path=value, e.g. team.cohorts[pm].count=4"});
      continue;
    }
    try {
      v1::Scenario copy = r.scenario;
      const FieldPath path = set_field_path(copy, assignment.substr(0, eq), assignment.substr(eq + 1));
      r.scenario = std::move(copy);
      mark(r.locs, path, SourceLoc{set_file, 0, 0});
      set_paths.push_back(path);
    } catch (const ScenarioError& e) {
      for (const auto& d : e.diagnostics()) st.add(d);
    }
  }
  refuse_swept_overrides(r.scenario, set_paths, st);
  record_zero_fields(r);
  model::fill_defaults(r.scenario);
  std::vector<Issue> issues;
  for (Issue& issue : validate_issues(r.scenario)) issues.push_back(std::move(issue));
  for (const Issue& issue : issues) {
    const SourceLoc loc = locate(r.locs, issue.path);
    const std::string file = loc.file >= 0 ? st.files[loc.file] : top_display;
    st.add({file, loc.line, loc.column, path_string(r.scenario, issue.path), issue.message});
  }
  if (!st.diagnostics.empty()) throw_all(st);
  if (options.files_read != nullptr) options.files_read->assign(st.files.begin(), st.files.begin() + set_file);
  return std::move(r.scenario);
}

}  // namespace

v1::Scenario load_scenario(const std::string& name, const LoadOptions& options) {
  // A relative name not found from here is looked for in the scenario search folders (search.h).
  const auto found = find_scenario(name, {});
  const std::string path = found ? found->string() : name;
  LoadState st;
  bool ok = false;
  const std::string text = read_file(path, fs::path(path), st, ok);
  if (!ok) {
    if (!fs::path(path).is_absolute()) st.diagnostics.back().message += searched_note(path);
    throw_all(st);
  }
  std::error_code ec;
  std::vector<ChainLink> chain{{path, fs::weakly_canonical(fs::path(path), ec)}};
  Resolved r;
  if (!resolve(text, path, fs::path(path), is_json(path), chain, st, r)) throw_all(st);
  return finish(r, path, options, st);
}

v1::Scenario load_scenario_from_string(const std::string& text, const std::string& file_name, bool json,
                                       const LoadOptions& options) {
  LoadState st;
  std::error_code ec;
  std::vector<ChainLink> chain{{file_name, fs::weakly_canonical(fs::path(file_name), ec)}};
  Resolved r;
  if (!resolve(text, file_name, fs::path(file_name), json, chain, st, r)) throw_all(st);
  return finish(r, file_name, options, st);
}

void detail::overlay(pb::Message& dst, const pb::Message& src, const LocNode& written) {
  LocNode ignored;  // where dst's fields came from: not needed here
  merge(dst, ignored, src, written);
}

std::vector<Diagnostic> validate(const v1::Scenario& scenario) {
  std::vector<Diagnostic> out;
  for (const Issue& issue : validate_issues(scenario)) {
    out.push_back({"", 0, 0, path_string(scenario, issue.path), issue.message});
  }
  return out;
}

std::string to_text(const v1::Scenario& scenario) {
  pb::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);  // names as written (项目经理), not octal escapes
  std::string out;
  printer.PrintToString(scenario, &out);
  return out;
}

}  // namespace salesim::scenario
