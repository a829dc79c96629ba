// The validator: every rule a resolved scenario must meet, found through protobuf reflection. The
// range of each number is its (salesim.v1.param) option in the schema (param.proto), so a field
// added there is checked by what it declares; cross-field rules (names, references, totals,
// staffing) are written out below.
#include <cmath>
#include <limits>
#include <set>

#include "salesim/v1/param.pb.h"
#include "sim/model/config.h"
#include "sim/model/defaults.h"
#include "sim/scenario/internal.h"

namespace salesim::scenario::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using FD = pb::FieldDescriptor;

bool in_distribution(const pb::Descriptor* d) {
  for (; d != nullptr; d = d->containing_type()) {
    if (d->full_name() == "salesim.v1.Distribution") return true;
  }
  return false;
}

}  // namespace

bool Range::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::describe() const {
  if (hi == kInf) return std::string(lo_open ? "> " : ">= ") + format_number(lo);
  if (lo == -kInf) return std::string(hi_open ? "< " : "<= ") + format_number(hi);
  return std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) + (hi_open ? ")" : "]");
}

bool is_number(const FD* f) {
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT:
    case FD::CPPTYPE_INT32:
    case FD::CPPTYPE_INT64:
    case FD::CPPTYPE_UINT32:
    case FD::CPPTYPE_UINT64: return true;
    default: return false;
  }
}

std::optional<Range> param_range(const FD* f) {
  const v1::Param& p = model::param_of(f);
  if (!p.has_min() && !p.has_max()) return std::nullopt;
  return Range{p.has_min() ? p.min() : -kInf, p.has_max() ? p.max() : kInf, p.min_exclusive(), p.max_exclusive()};
}

std::optional<Range> range_for(const FD* f) {
  if (!is_number(f)) return std::nullopt;
  if (in_distribution(f->containing_type())) return std::nullopt;  // checked per distribution kind
  return param_range(f);
}

namespace {

// The values a Distribution field may produce: the holder's (param) range (>= 0 when it states
// none).
Range distribution_domain(const FD* holder) { return param_range(holder).value_or(Range{0, kInf}); }

// How the holder's values are named in messages: "a skill in [0, 1]", "a quantity >= 0".
std::string domain_name(const FD* holder) {
  const Range d = distribution_domain(holder);
  return (holder->containing_type()->full_name() == "salesim.v1.Skills" ? "a skill " : "a quantity ") + d.describe();
}

}  // namespace

std::string rule_note(const FD* f) {
  const std::string full = f->full_name();
  if (f->cpp_type() == FD::CPPTYPE_MESSAGE && f->message_type()->full_name() == "salesim.v1.Distribution") {
    const Range d = distribution_domain(f);
    return model::param_of(f).bounded_kinds() ? "draws must lie " + d.describe() + " (bounded kinds only)"
                                              : "draws must be " + d.describe() + " (clamped there)";
  }
  if (full == "salesim.v1.Scenario.competitors") return "at most " + std::to_string(model::kMaxCompetitors) + " (the model's limit)";
  static const std::pair<const char*, const char*> notes[] = {
      {"salesim.v1.Segment.name", "required, unique, letters/digits/_/-"},
      {"salesim.v1.Cohort.name", "required, unique, letters/digits/_/-"},
      {"salesim.v1.Competitor.name", "required, unique, letters/digits/_/-"},
      {"salesim.v1.Cohort.role", "required"},
      {"salesim.v1.Cohort.count", "sum over cohorts <= 10000"},
      {"salesim.v1.Cohort.segment", "empty or a market segment's name"},
      {"salesim.v1.CompetitorPresence.segment", "a market segment's name, once per competitor"},
      {"salesim.v1.Segment.accounts", "sum over segments <= 1000000"},
      {"salesim.v1.Segment.quarterly_seasonality", "none or 4 values, each >= 0"},
      {"salesim.v1.RoleEfficiency.role", "required; each (role, task) pair once"},
      {"salesim.v1.RoleEfficiency.task", "required"},
      {"salesim.v1.Holiday.end_day", "> start_day"},
      {"salesim.v1.Experiment.horizon_days", "(people + accounts) x (warm-up + horizon days) <= 2e9"},
      {"salesim.v1.Offside.enabled", "needs an ACCOUNT_MANAGER"},
      {"salesim.v1.Misplaced.enabled", "needs a PROJECT_MANAGER"},
      {"salesim.v1.Covering.enabled", "needs a MANAGER"},
      {"salesim.v1.GridAxis.path", "a --set path; every value must set and validate"},
      {"salesim.v1.Range.path", "a --set path; min and max must set and validate"},
      {"salesim.v1.Range.max", ">= min"},
      {"salesim.v1.Deals.discount_max_share", ">= discount_base_share"},
      {"salesim.v1.Phase.name", "required, unique, letters/digits/_/-"},
      {"salesim.v1.Phase.start_day", "a phase at or after the horizon's end never starts"},
      {"salesim.v1.Phase.set", "no experiment, calendar, phases or base; no new segment, competitor or cohort; the scenario it makes must validate"},
      {"salesim.v1.Phase.zero_fields", "--set paths of fields of set"},
  };
  for (const auto& [field, note] : notes) {
    if (full == field) return note;
  }
  return {};
}

namespace {

std::string enum_choices(const pb::EnumDescriptor* e) {
  std::string out;
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->number() == 0) continue;
    if (!out.empty()) out += ", ";
    out += e->value(i)->name();
  }
  return out;
}

// A name usable as a --set key (team.cohorts[KEY].count) and in outputs: ASCII letters, digits,
// '_' and '-', and letters of other scripts written in UTF-8 (项目经理, 东区): any well-formed
// non-ASCII code point except spaces and punctuation (U+0080-U+00BF, U+2000-U+206F general
// punctuation, U+3000-U+303F CJK punctuation and the ideographic space, U+FE30-U+FE4F, U+FF00-
// U+FF0F, U+FF1A-U+FF20 fullwidth punctuation, U+FEFF), so a key never holds a path delimiter.
bool valid_key(const std::string& s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (!(std::isalnum(b) || b == '_' || b == '-')) return false;
      ++i;
      continue;
    }
    const int extra = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size())
      return false;
    char32_t c = extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k <= extra; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cont & 0xC0) != 0x80) return false;
      c = (c << 6) | (cont & 0x3F);
    }
    const bool overlong = (extra == 1 && c < 0x80) || (extra == 2 && c < 0x800) || (extra == 3 && c < 0x10000);
    const bool punctuation = c < 0xC0 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
                             (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
                             (c >= 0xFF1A && c <= 0xFF20) || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF;
    if (overlong || punctuation) return false;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// Enum fields that must be chosen explicitly (UNSPECIFIED is an error).
bool enum_required(const FD* f) {
  const std::string full = f->full_name();
  return full == "salesim.v1.Cohort.role" || full == "salesim.v1.RoleEfficiency.role" ||
         full == "salesim.v1.RoleEfficiency.task";
}

class Validator {
 public:
  explicit Validator(const v1::Scenario& s) : root_(s) {}

  std::vector<Issue> run() {
    FieldPath path;
    walk(root_, path);
    cross_checks();
    check_phases();
    return std::move(issues_);
  }

 private:
  const v1::Scenario& root_;
  std::vector<Issue> issues_;

  void add(FieldPath path, std::string message) {
    if (issues_.size() < Limits::max_diagnostics) issues_.push_back({std::move(path), std::move(message)});
  }
  static FieldPath child(FieldPath p, const FD* f, int index = -1) {
    p.push_back({f, index});
    return p;
  }

  // ---- per-field rules, by reflection ----

  void check_number(const FD* f, double v, const FieldPath& path) {
    if (!std::isfinite(v)) {
      add(path, "must be a finite number, got " + format_number(v));
      return;
    }
    if (auto r = range_for(f); r && !r->contains(v)) {
      add(path, format_number(v) + " is out of range: must be " + r->describe());
    } else if (model::param_of(f).integer() && v != std::floor(v)) {
      add(path, format_number(v) + " is not a whole number");
    }
  }

  void walk(const pb::Message& m, FieldPath& path) {
    const pb::Descriptor* d = m.GetDescriptor();
    const pb::Reflection* r = m.GetReflection();
    if (d->full_name() == "salesim.v1.Distribution") {
      check_distribution(m, path);
    }
    for (int i = 0; i < d->field_count(); ++i) {
      const FD* f = d->field(i);
      if (f->is_repeated()) {
        const int n = r->FieldSize(m, f);
        for (int k = 0; k < n; ++k) {
          FieldPath p = child(path, f, k);
          switch (f->cpp_type()) {
            case FD::CPPTYPE_DOUBLE: check_number(f, r->GetRepeatedDouble(m, f, k), p); break;
            case FD::CPPTYPE_FLOAT: check_number(f, r->GetRepeatedFloat(m, f, k), p); break;
            case FD::CPPTYPE_INT32: check_number(f, r->GetRepeatedInt32(m, f, k), p); break;
            case FD::CPPTYPE_INT64: check_number(f, static_cast<double>(r->GetRepeatedInt64(m, f, k)), p); break;
            case FD::CPPTYPE_UINT32: check_number(f, r->GetRepeatedUInt32(m, f, k), p); break;
            case FD::CPPTYPE_UINT64: check_number(f, static_cast<double>(r->GetRepeatedUInt64(m, f, k)), p); break;
            case FD::CPPTYPE_ENUM: check_enum(f, r->GetRepeatedEnumValue(m, f, k), p); break;
            case FD::CPPTYPE_MESSAGE: walk(r->GetRepeatedMessage(m, f, k), p); break;
            default: break;
          }
        }
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE) check_names(m, f, path);
        continue;
      }
      const bool present = !f->has_presence() || r->HasField(m, f);
      if (!present) continue;
      if (model::param_of(f).overlay()) continue;  // Phase.set: check_phases checks what it makes
      FieldPath p = child(path, f);
      switch (f->cpp_type()) {
        case FD::CPPTYPE_DOUBLE: check_number(f, r->GetDouble(m, f), p); break;
        case FD::CPPTYPE_FLOAT: check_number(f, r->GetFloat(m, f), p); break;
        case FD::CPPTYPE_INT32: check_number(f, r->GetInt32(m, f), p); break;
        case FD::CPPTYPE_INT64: check_number(f, static_cast<double>(r->GetInt64(m, f)), p); break;
        case FD::CPPTYPE_UINT32: check_number(f, r->GetUInt32(m, f), p); break;
        case FD::CPPTYPE_UINT64: check_number(f, static_cast<double>(r->GetUInt64(m, f)), p); break;
        case FD::CPPTYPE_ENUM: check_enum(f, r->GetEnumValue(m, f), p); break;
        case FD::CPPTYPE_MESSAGE: walk(r->GetMessage(m, f), p); break;
        default: break;
      }
    }
  }

  void check_enum(const FD* f, int value, const FieldPath& path) {
    const pb::EnumDescriptor* e = f->enum_type();
    if (e->FindValueByNumber(value) == nullptr) {
      add(path, "unknown " + e->name() + " value " + std::to_string(value) + "; one of: " + enum_choices(e));
    } else if (value == 0 && enum_required(f)) {
      add(path, "is required: one of " + enum_choices(e));
    }
  }

  // Repeated messages keyed by name: names present, usable in --set paths, unique.
  void check_names(const pb::Message& m, const FD* f, const FieldPath& path) {
    const auto* name_field = f->message_type()->FindFieldByName("name");
    if (name_field == nullptr || name_field->cpp_type() != FD::CPPTYPE_STRING || name_field->is_repeated()) return;
    const pb::Reflection* r = m.GetReflection();
    std::set<std::string> seen;
    for (int k = 0; k < r->FieldSize(m, f); ++k) {
      const pb::Message& item = r->GetRepeatedMessage(m, f, k);
      const std::string name = item.GetReflection()->GetString(item, name_field);
      FieldPath p = child(child(path, f, k), name_field);
      if (name.empty()) {
        add(p, "is required (it names this " + f->message_type()->name() + " in --set paths and outputs)");
      } else if (!valid_key(name)) {
        add(p, "'" + name + "' may only contain letters (of any script), digits, '_' and '-' (it is used in --set paths)");
      } else if (!seen.insert(name).second) {
        add(p, "duplicate name '" + name + "'; names in " + f->name() + " must be unique");
      }
    }
  }

  void check_distribution(const pb::Message& m, const FieldPath& path) {
    const pb::Descriptor* d = m.GetDescriptor();
    const pb::Reflection* r = m.GetReflection();
    const pb::OneofDescriptor* kind = d->FindOneofByName("kind");
    if (kind == nullptr) return;
    const FD* set = r->GetOneofFieldDescriptor(m, kind);
    if (set == nullptr) {
      std::string kinds;
      for (int i = 0; i < kind->field_count(); ++i) kinds += (i ? ", " : "") + kind->field(i)->name();
      add(path, "empty distribution: give one of " + kinds);
      return;
    }
    const Range domain = path.empty() ? Range{0, kInf} : distribution_domain(path.back().field);
    const bool unit = !path.empty() && model::param_of(path.back().field).bounded_kinds();
    const std::string what = path.empty() ? "a quantity >= 0" : domain_name(path.back().field);
    FieldPath kp = child(path, set);
    const pb::Message* p = set->cpp_type() == FD::CPPTYPE_MESSAGE ? &r->GetMessage(m, set) : nullptr;
    auto num = [&](const char* name) {
      const FD* f = p->GetDescriptor()->FindFieldByName(name);
      return f ? p->GetReflection()->GetDouble(*p, f) : 0.0;
    };
    auto has = [&](const char* name) {
      const FD* f = p->GetDescriptor()->FindFieldByName(name);
      return f && p->GetReflection()->HasField(*p, f);
    };
    auto at = [&](const char* name) { return child(kp, p->GetDescriptor()->FindFieldByName(name)); };
    auto finite = [&](std::initializer_list<const char*> names) {
      bool ok = true;
      for (const char* n : names) {
        if (!std::isfinite(num(n))) ok = false;
      }
      return ok;  // non-finite values are reported by walk()
    };
    auto in_domain = [&](double v, FieldPath where, const char* label) {
      if (!domain.contains(v)) {
        add(std::move(where), std::string(label) + " " + format_number(v) + " is outside the values of " + what);
      }
    };
    const std::string& k = set->name();
    // The kind's own parameters (shape, scale, sd, cv, ...) against their (param) ranges; the
    // unbounded ones, in the holder's units, are checked against the holder's domain below.
    auto parameters_ok = [&] {
      bool ok = true;
      const pb::Descriptor* pd = p->GetDescriptor();
      for (int i = 0; i < pd->field_count(); ++i) {
        const FD* f = pd->field(i);
        if (f->is_repeated() || f->cpp_type() != FD::CPPTYPE_DOUBLE) continue;
        const std::optional<Range> r = param_range(f);
        const double v = p->GetReflection()->GetDouble(*p, f);
        if (r && !r->contains(v)) {
          add(child(kp, f), k + " needs " + f->name() + " " + r->describe() + ", got " + format_number(v));
          ok = false;
        }
      }
      return ok;
    };
    if (k == "fixed") {
      in_domain(r->GetDouble(m, set), kp, "value");
    } else if (k == "uniform") {
      if (!finite({"min", "max"})) return;
      if (num("min") > num("max")) add(at("max"), "uniform needs min <= max, got min " + format_number(num("min")) + " > max " + format_number(num("max")));
      in_domain(num("min"), at("min"), "min");
      in_domain(num("max"), at("max"), "max");
    } else if (k == "exponential") {
      if (!finite({"mean"})) return;
      if (parameters_ok() && unit) {
        add(kp, "exponential is unbounded; " + what + " needs beta, uniform, triangular, fixed or a clamped normal");
      } else if (!unit) {
        in_domain(num("mean"), at("mean"), "mean");  // draws are clamped to the domain: the mean must lie in it
      }
    } else if (k == "normal") {
      if (!finite({"mean", "sd"})) return;
      parameters_ok();
      if (has("min") && has("max") && num("min") > num("max")) add(at("max"), "normal needs min <= max, got min " + format_number(num("min")) + " > max " + format_number(num("max")));
      in_domain(num("mean"), at("mean"), "mean");
      if (has("min")) in_domain(num("min"), at("min"), "min");
      if (has("max")) in_domain(num("max"), at("max"), "max");
    } else if (k == "lognormal") {
      if (!finite({"mean", "cv"})) return;
      if (parameters_ok() && !unit) in_domain(num("mean"), at("mean"), "mean");
      if (unit) add(kp, "lognormal is unbounded; " + what + " needs beta, uniform, triangular, fixed or a clamped normal");
    } else if (k == "gamma") {
      if (!finite({"shape", "scale"})) return;
      if (parameters_ok() && !unit) in_domain(num("shape") * num("scale"), at("scale"), "mean (shape x scale)");
      if (unit) add(kp, "gamma is unbounded; " + what + " needs beta, uniform, triangular, fixed or a clamped normal");
    } else if (k == "beta") {
      if (!finite({"alpha", "beta", "min", "max"})) return;
      parameters_ok();
      const bool unit_default = num("min") == 0 && num("max") == 0;
      if (!unit_default) {
        if (!(num("min") < num("max"))) add(at("max"), "beta needs min < max (or both 0 for [0, 1]), got min " + format_number(num("min")) + ", max " + format_number(num("max")));
        in_domain(num("min"), at("min"), "min");
        in_domain(num("max"), at("max"), "max");
      }
    } else if (k == "triangular") {
      if (!finite({"min", "mode", "max"})) return;
      if (!(num("min") <= num("mode") && num("mode") <= num("max"))) {
        add(at("mode"), "triangular needs min <= mode <= max, got " + format_number(num("min")) + ", " + format_number(num("mode")) + ", " + format_number(num("max")));
      }
      in_domain(num("min"), at("min"), "min");
      in_domain(num("max"), at("max"), "max");
    } else if (k == "empirical") {
      const FD* vf = p->GetDescriptor()->FindFieldByName("values");
      const FD* wf = p->GetDescriptor()->FindFieldByName("weights");
      const pb::Reflection* pr = p->GetReflection();
      const int nv = vf ? pr->FieldSize(*p, vf) : 0;
      const int nw = wf ? pr->FieldSize(*p, wf) : 0;
      if (nv == 0) add(at("values"), "empirical needs at least one value");
      if (nv > 10000) add(at("values"), "empirical has " + std::to_string(nv) + " values; at most 10000");
      if (nw != 0 && nw != nv) add(at("weights"), "empirical has " + std::to_string(nw) + " weights for " + std::to_string(nv) + " values; give one weight per value or none");
      double sum = 0;
      bool bad_weight = false;
      for (int i = 0; i < nw; ++i) {
        const double w = pr->GetRepeatedDouble(*p, wf, i);
        if (!std::isfinite(w)) continue;
        if (w < 0) {
          add(child(kp, wf, i), "weight " + format_number(w) + " is negative; weights must be >= 0");
          bad_weight = true;
        }
        sum += w;
      }
      if (nw > 0 && !bad_weight && !(sum > 0)) add(at("weights"), "weights sum to 0; at least one must be > 0");
      for (int i = 0; i < nv && i < 10000; ++i) {
        const double v = pr->GetRepeatedDouble(*p, vf, i);
        if (std::isfinite(v)) in_domain(v, child(kp, vf, i), "value");
      }
    }
  }

  // ---- cross-field rules (tolerant of schema changes: a missing field skips its rule) ----

  static const FD* field(const pb::Message& m, const char* name) { return m.GetDescriptor()->FindFieldByName(name); }

  static double number(const pb::Message& m, const char* name, double fallback = 0) {
    const FD* f = field(m, name);
    if (f == nullptr || f->is_repeated()) return fallback;
    const pb::Reflection* r = m.GetReflection();
    if (f->has_presence() && !r->HasField(m, f)) return fallback;
    switch (f->cpp_type()) {
      case FD::CPPTYPE_DOUBLE: return r->GetDouble(m, f);
      case FD::CPPTYPE_FLOAT: return r->GetFloat(m, f);
      case FD::CPPTYPE_INT32: return r->GetInt32(m, f);
      case FD::CPPTYPE_INT64: return static_cast<double>(r->GetInt64(m, f));
      case FD::CPPTYPE_UINT32: return r->GetUInt32(m, f);
      case FD::CPPTYPE_UINT64: return static_cast<double>(r->GetUInt64(m, f));
      case FD::CPPTYPE_BOOL: return r->GetBool(m, f) ? 1 : 0;
      case FD::CPPTYPE_ENUM: return r->GetEnumValue(m, f);
      default: return fallback;
    }
  }
  static std::string text(const pb::Message& m, const char* name) {
    const FD* f = field(m, name);
    if (f == nullptr || f->is_repeated() || f->cpp_type() != FD::CPPTYPE_STRING) return {};
    return m.GetReflection()->GetString(m, f);
  }
  static bool has(const pb::Message& m, const char* name) {
    const FD* f = field(m, name);
    return f != nullptr && !f->is_repeated() && f->has_presence() && m.GetReflection()->HasField(m, f);
  }
  static const pb::Message* message(const pb::Message& m, const char* name) {
    const FD* f = field(m, name);
    if (f == nullptr || f->is_repeated() || f->cpp_type() != FD::CPPTYPE_MESSAGE) return nullptr;
    return &m.GetReflection()->GetMessage(m, f);
  }
  static int count(const pb::Message& m, const char* name) {
    const FD* f = field(m, name);
    return f != nullptr && f->is_repeated() ? m.GetReflection()->FieldSize(m, f) : 0;
  }
  static const pb::Message& item(const pb::Message& m, const char* name, int i) {
    return m.GetReflection()->GetRepeatedMessage(m, field(m, name), i);
  }
  // Path to a field of `m`, where `m` sits at `base`.
  static FieldPath at(FieldPath base, const pb::Message& m, const char* name, int index = -1) {
    if (const FD* f = field(m, name)) base.push_back({f, index});
    return base;
  }

  void cross_checks() {
    const pb::Message& s = root_;
    const FieldPath top;
    // Segments: names for references, account totals.
    std::set<std::string> segments;
    double accounts = 0;
    double largest_segment = 0;
    FieldPath largest_segment_path;
    bool projects = false;
    bool big_projects = false;
    const pb::Message* market = message(s, "market");
    const FieldPath market_path = at(top, s, "market");
    if (market != nullptr) {
      for (int i = 0; i < count(*market, "segments"); ++i) {
        const pb::Message& seg = item(*market, "segments", i);
        const FieldPath sp = at(market_path, *market, "segments", i);
        segments.insert(text(seg, "name"));
        const double n = number(seg, "accounts");
        accounts += n;
        if (n >= largest_segment) largest_segment = n, largest_segment_path = at(sp, seg, "accounts");
        if (n > 0 && number(seg, "projects_per_account_per_year", 1) > 0) {
          projects = true;
          const FD* sf = field(seg, "strategy");
          const pb::EnumValueDescriptor* land_value =
              sf != nullptr && sf->cpp_type() == FD::CPPTYPE_ENUM ? sf->enum_type()->FindValueByName("LAND_AND_EXPAND") : nullptr;
          const bool land = land_value != nullptr && number(seg, "strategy") == land_value->number();
          if (!land && number(seg, "big_project_share", 0.35) > 0) big_projects = true;
        }
        const int q = count(seg, "quarterly_seasonality");
        if (q != 0 && q != 4) {
          add(at(sp, seg, "quarterly_seasonality"), "has " + std::to_string(q) + " values; give 4 (one per quarter) or none");
        }
      }
    }
    if (accounts > Limits::max_accounts) {
      add(largest_segment_path, "the market has " + format_number(accounts) + " accounts in all; the limit is " + format_number(Limits::max_accounts));
    }
    // Competitors: the model's limit, presence references.
    if (count(s, "competitors") > model::kMaxCompetitors) {
      add(at(top, s, "competitors", model::kMaxCompetitors), "the model takes at most " + std::to_string(model::kMaxCompetitors) +
                                                              " competitors; this scenario has " + std::to_string(count(s, "competitors")));
    }
    for (int c = 0; c < count(s, "competitors"); ++c) {
      const pb::Message& comp = item(s, "competitors", c);
      const FieldPath cp = at(top, s, "competitors", c);
      std::set<std::string> seen;
      for (int i = 0; i < count(comp, "presence"); ++i) {
        const pb::Message& pres = item(comp, "presence", i);
        const FieldPath pp = at(at(cp, comp, "presence", i), pres, "segment");
        const std::string seg = text(pres, "segment");
        if (!segments.count(seg)) {
          add(pp, "unknown segment '" + seg + "'; market segments are: " + join(segments));
        } else if (!seen.insert(seg).second) {
          add(pp, "segment '" + seg + "' is listed twice for this competitor");
        }
      }
    }
    // Team: people by role, segment references.
    double by_role[5] = {0, 0, 0, 0, 0};
    FieldPath role_path[5];  // the count of the last cohort of each role: where "nobody" is reported
    double people = 0;
    double largest_cohort = 0;
    FieldPath largest_cohort_path;
    const pb::Message* team = message(s, "team");
    const FieldPath team_path = at(top, s, "team");
    if (team != nullptr) {
      for (int i = 0; i < count(*team, "cohorts"); ++i) {
        const pb::Message& co = item(*team, "cohorts", i);
        const FieldPath cp = at(team_path, *team, "cohorts", i);
        const double n = number(co, "count");
        people += n;
        if (n >= largest_cohort) largest_cohort = n, largest_cohort_path = at(cp, co, "count");
        const int role = static_cast<int>(number(co, "role"));
        if (role >= 0 && role < 5) by_role[role] += n, role_path[role] = at(cp, co, "count");
        const std::string seg = text(co, "segment");
        if (!seg.empty() && !segments.count(seg)) {
          add(at(cp, co, "segment"), "unknown segment '" + seg + "'; market segments are: " + join(segments) + " (or leave it empty for all)");
        }
      }
    }
    // A scenario with no market or no team runs and reports zeros that look like results.
    if (market == nullptr || count(*market, "segments") == 0) {
      add(market_path, "a scenario needs at least one market segment (market { segments { name: \"...\" } })");
    }
    if (team == nullptr || count(*team, "cohorts") == 0) {
      add(team_path, "a scenario needs at least one cohort (team { cohorts { name: \"...\" role: ... count: ... } })");
    }
    if (people > Limits::max_people) {
      add(largest_cohort_path, "the team has " + format_number(people) + " people in all; the limit is " + format_number(Limits::max_people));
    }
    enum { AM = 1, PM = 2, PRESALES = 3, MANAGER = 4 };
    const pb::Message* formation = message(s, "formation");
    const FieldPath fp = at(top, s, "formation");
    auto enabled = [&](const char* name) {
      const pb::Message* m = formation ? message(*formation, name) : nullptr;
      return m != nullptr && number(*m, "enabled") != 0;
    };
    auto enabled_path = [&](const char* name) { return at(at(fp, *formation, name), *message(*formation, name), "enabled"); };
    const bool offside = enabled("offside"), misplaced = enabled("misplaced"), covering = enabled("covering");
    if (offside && by_role[AM] == 0) add(enabled_path("offside"), "offside needs an ACCOUNT_MANAGER cohort with count > 0 (the AM is who plays offside)");
    if (misplaced && by_role[PM] == 0) add(enabled_path("misplaced"), "misplaced needs a PROJECT_MANAGER cohort with count > 0 (the PM is who hunts)");
    if (covering && by_role[MANAGER] == 0) add(enabled_path("covering"), "covering needs a MANAGER cohort with count > 0 (the manager is who covers)");
    auto nobody = [&](int role) { return role_path[role].empty() ? at(team_path, *team, "cohorts") : role_path[role]; };
    if (team != nullptr && projects) {
      if (by_role[AM] == 0 && !(misplaced && by_role[PM] > 0)) {
        add(nobody(AM), "the market has buying projects but nobody hunts: add an ACCOUNT_MANAGER cohort with count > 0");
      }
      if (big_projects && by_role[PM] == 0 && !(covering && by_role[MANAGER] > 0) && !(offside && by_role[AM] > 0)) {
        add(nobody(PM), "a GO_BIG segment sells big projects but nobody runs them: add a PROJECT_MANAGER cohort with count > 0, enable formation.covering with a MANAGER or formation.offside, or set the segments' big_project_share to 0");
      }
      if (by_role[PRESALES] == 0 && !(offside && by_role[AM] > 0) && needs_presales()) {
        add(nobody(PRESALES), "deals need demo and solution hours but nobody does them: add a PRESALES cohort with count > 0, enable formation.offside, or set the deals' demo_hours and solution_hours to 0");
      }
    }
    // Role-efficiency matrix: one entry per (role, task).
    if (formation != nullptr) {
      std::set<std::pair<int, int>> pairs;
      for (int i = 0; i < count(*formation, "efficiency"); ++i) {
        const pb::Message& e = item(*formation, "efficiency", i);
        const auto key = std::make_pair(int(number(e, "role")), int(number(e, "task")));
        if (key.first != 0 && key.second != 0 && !pairs.insert(key).second) {
          add(at(fp, *formation, "efficiency", i), "duplicate entry for this (role, task) pair; give each pair once");
        }
      }
    }
    // Holidays.
    if (const pb::Message* cal = message(s, "calendar")) {
      for (int i = 0; i < count(*cal, "holidays"); ++i) {
        const pb::Message& h = item(*cal, "holidays", i);
        if (!(number(h, "end_day") > number(h, "start_day"))) {
          add(at(at(at(top, s, "calendar"), *cal, "holidays", i), h, "end_day"),
              "end_day " + format_number(number(h, "end_day")) + " must be after start_day " + format_number(number(h, "start_day")));
        }
      }
    }
    // Deals: discount cap.
    if (const pb::Message* deals = message(s, "deals")) {
      if (has(*deals, "discount_base_share") && has(*deals, "discount_max_share") &&
          number(*deals, "discount_max_share") < number(*deals, "discount_base_share")) {
        add(at(at(top, s, "deals"), *deals, "discount_max_share"), "discount_max_share " + format_number(number(*deals, "discount_max_share")) +
                                                                      " is below discount_base_share " + format_number(number(*deals, "discount_base_share")));
      }
    }
    // Assessment: the weights of a role are ratios, so all zero says nothing.
    if (const pb::Message* as = message(s, "assessment")) {
      const FieldPath ap = at(top, s, "assessment");
      // The issue points at the weight that is positive by default: writing it 0 is what zeroes them.
      const std::pair<const char*, std::vector<const char*>> roles[] = {
          {"am", {"basic_business", "new_opportunities", "opportunity_stock"}}, {"pm", {"win_rate", "big_deal_rate"}}};
      for (const auto& [role, weights] : roles) {
        const pb::Message* m = message(*as, role);
        if (m == nullptr) continue;
        double sum = 0;
        bool written = false;
        for (const char* w : weights) sum += number(*m, w), written = written || has(*m, w);
        if (written && sum == 0) {
          add(at(at(ap, *as, role), *m, weights[0]),
              std::string("the ") + role + " assessment weights are all 0; give at least one a positive weight (only their ratios matter)");
        }
      }
    }
    // Experiment: limits and sweeps.
    if (const pb::Message* ex = message(s, "experiment")) {
      const FieldPath ep = at(top, s, "experiment");
      // Work of one replication: everyone and every account, every simulated day (the warm-up,
      // rounded up to whole weeks as the model does, included); of the run: times replications
      // and design points.
      const double horizon = number(*ex, "horizon_days");
      const pb::Message* cal = message(s, "calendar");
      const double warmup = cal != nullptr ? std::ceil(number(*cal, "warmup_days") / 7.0 - 1e-9) * 7.0 : 0.0;
      const double days = warmup + horizon;
      const double work = (people + accounts) * days;
      if (std::isfinite(days) && horizon > 0 && work > Limits::max_work_estimate) {
        add(at(ep, *ex, "horizon_days"), "work estimate (people + accounts) x (warm-up + horizon days) = " + format_number(people + accounts) +
                                            " x " + format_number(days) + " = " + format_number(work) + " exceeds the limit of " +
                                            format_number(Limits::max_work_estimate) +
                                            "; shorten the horizon or calendar.warmup_days, or shrink the team or market");
      } else if (std::isfinite(work)) {
        const double replications = has(*ex, "target_ci_share") ? number(*ex, "max_replications") : number(*ex, "replications");
        const double total = work * replications * design_points(*ex);
        if (total > Limits::max_run_work_estimate) {
          add(at(ep, *ex, "replications"), "work estimate of the run " + format_number(work) + " x " + format_number(replications) +
                                              " replications x " + format_number(design_points(*ex)) + " design points = " + format_number(total) +
                                              " exceeds the limit of " + format_number(Limits::max_run_work_estimate) +
                                              "; run fewer replications or design points (or split the run with --shard)");
        }
      }
      if (const pb::Message* sweep = message(*ex, "sweep")) check_sweep(*sweep, at(ep, *ex, "sweep"));
      if (const pb::Message* sens = message(*ex, "sensitivity"); sens && has(*ex, "sensitivity")) check_sensitivity(*sens, at(ep, *ex, "sensitivity"));
    }
  }

  // ---- policy phases ----

  // A phase's set may change policy, not the run's frame: these fields are refused in it.
  static const char* frozen_reason(const std::string& field) {
    if (field == "experiment") return "a phase cannot change experiment: the horizon, replications, seed and sweep are one setting for the whole run";
    if (field == "calendar") return "a phase cannot change calendar: working days, quarters, holidays and the warm-up are fixed for the whole run";
    if (field == "phases") return "phases cannot be nested: give each change its own entry in the scenario's phases";
    if (field == "base") return "a phase's set cannot name a base: it overlays the scenario it is in";
    return nullptr;
  }

  // The path into `set` of an issue found in the scenario a phase makes (`made`), as far as the set
  // holds the elements on the way; `complete` is false when it stopped short.
  static FieldPath into_set(const pb::Message& made, const pb::Message& set, const FieldPath& path, bool& complete) {
    FieldPath out;
    const pb::Message* pm = &made;
    const pb::Message* sm = &set;
    complete = true;
    for (const PathStep& step : path) {
      if (step.index < 0) {
        out.push_back(step);
        if (step.field->cpp_type() != FD::CPPTYPE_MESSAGE) continue;
        pm = &pm->GetReflection()->GetMessage(*pm, step.field);
        sm = &sm->GetReflection()->GetMessage(*sm, step.field);
        continue;
      }
      const int size = sm->GetReflection()->FieldSize(*sm, step.field);
      int j = -1;
      if (step.field->cpp_type() == FD::CPPTYPE_MESSAGE && step.field->message_type()->FindFieldByName("name") != nullptr) {
        const std::string name = text(pm->GetReflection()->GetRepeatedMessage(*pm, step.field, step.index), "name");
        for (int k = 0; k < size && !name.empty(); ++k) {
          if (text(sm->GetReflection()->GetRepeatedMessage(*sm, step.field, k), "name") == name) j = k;
        }
      } else if (step.index < size) {
        j = step.index;  // a list the set replaced whole
      }
      if (j < 0) {
        complete = false;
        return out;
      }
      out.push_back({step.field, j});
      if (step.field->cpp_type() != FD::CPPTYPE_MESSAGE) continue;
      pm = &pm->GetReflection()->GetRepeatedMessage(*pm, step.field, step.index);
      sm = &sm->GetReflection()->GetRepeatedMessage(*sm, step.field, j);
    }
    return out;
  }

  void check_phases() {
    const v1::Scenario& s = root_;
    if (s.phases_size() == 0) return;
    const pb::Descriptor* sd = v1::Scenario::descriptor();
    const FD* phases_f = sd->FindFieldByName("phases");
    // Issues the scenario itself has are not repeated for each phase.
    std::set<std::string> seen;
    for (const Issue& i : issues_) seen.insert(path_string(root_, i.path) + ": " + i.message);
    // Which segments, competitors and cohorts exist: a phase changes them, it does not add any.
    struct Named {
      const char* owner;  // "market", "" (the scenario) or "team"
      const char* list;
      const char* what;
      std::set<std::string> names;
    };
    std::vector<Named> named = {{"market", "segments", "segment", {}}, {"", "competitors", "competitor", {}}, {"team", "cohorts", "cohort", {}}};
    auto owner_of = [&](const pb::Message& m, const char* owner) -> const pb::Message* {
      return *owner == 0 ? &m : message(m, owner);
    };
    for (Named& n : named) {
      if (const pb::Message* o = owner_of(s, n.owner)) {
        for (int k = 0; k < count(*o, n.list); ++k) n.names.insert(text(item(*o, n.list, k), "name"));
      }
    }
    const std::vector<int> order = phase_order(s);
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      const int i = order[pos];
      const v1::Phase& phase = s.phases(i);
      const FieldPath pp{{phases_f, i}};
      const FieldPath sp = at(pp, phase, "set");
      const pb::Message& set = phase.set();
      bool frozen = false;
      for (const char* name : {"base", "calendar", "experiment", "phases"}) {
        const FD* f = field(set, name);
        if (f == nullptr) continue;
        const bool written = f->is_repeated() ? count(set, name) > 0 : set.GetReflection()->HasField(set, f);
        if (!written) continue;
        add(at(sp, set, name, f->is_repeated() ? 0 : -1), frozen_reason(name));
        frozen = true;
      }
      for (int k = 0; k < phase.zero_fields_size(); ++k) {
        const FieldPath zp = at(pp, phase, "zero_fields", k);
        try {
          const FieldPath z = resolve_path(set, phase.zero_fields(k));
          if (const char* why = frozen_reason(z.front().field->name())) {
            add(zp, why);
            frozen = true;
          }
        } catch (const ScenarioError& e) {
          add(zp, "'" + phase.zero_fields(k) + "' names no field of this phase's set: " + e.diagnostics().front().message);
          frozen = true;
        }
      }
      for (const Named& n : named) {
        const pb::Message* o = owner_of(set, n.owner);
        if (o == nullptr) continue;
        const FieldPath op = *n.owner == 0 ? sp : at(sp, set, n.owner);
        for (int k = 0; k < count(*o, n.list); ++k) {
          const pb::Message& e = item(*o, n.list, k);
          const std::string name = text(e, "name");
          if (n.names.count(name)) continue;
          add(at(at(op, *o, n.list, k), e, "name"), (name.empty() ? std::string("a ") + n.what + " without a name" : "'" + name + "' names no " + n.what + " of the scenario") +
                                                       " (" + n.list + ": " + join(n.names) + "); a phase changes a " + n.what + "'s fields, it cannot add one");
          frozen = true;
        }
      }
      if (frozen) continue;
      // The scenario in force from this phase on must be valid as a whole.
      v1::Scenario made = scenario_after_phases(s, pos + 1);
      made.mutable_experiment()->clear_sweep();  // checked once, on the scenario itself
      made.mutable_experiment()->clear_sensitivity();
      for (const Issue& issue : Validator(made).run()) {
        const std::string full = path_string(made, issue.path);
        if (!seen.insert(full + ": " + issue.message).second) continue;
        bool complete = true;
        FieldPath p = sp;
        for (const PathStep& step : into_set(made, set, issue.path, complete)) p.push_back(step);
        add(std::move(p), complete ? issue.message : "in the scenario this phase makes, " + full + ": " + issue.message);
      }
    }
  }

  // Whether `path` names a text field (a name, a description): a design cannot vary it, though a
  // number would be stored in it as text. False when it does not resolve (check_point says why).
  bool text_field(const std::string& path) const {
    v1::Scenario copy = root_;
    copy.mutable_experiment()->clear_sweep();
    copy.mutable_experiment()->clear_sensitivity();
    try {
      const FieldPath p = set_field_path(copy, path, "1");
      const FD* f = p.empty() ? nullptr : p.back().field;
      return f != nullptr && f->cpp_type() == FD::CPPTYPE_STRING;
    } catch (const ScenarioError&) {
      return false;
    }
  }

  // Whether `path` names a field that is not a number (a name, a switch, an enum); false when it
  // does not resolve (check_point says why).
  bool non_numeric_field(const std::string& path) const {
    v1::Scenario copy = root_;
    copy.mutable_experiment()->clear_sweep();
    copy.mutable_experiment()->clear_sensitivity();
    try {
      const FieldPath p = set_field_path(copy, path, "1");
      const FD* f = p.empty() ? nullptr : p.back().field;
      if (f == nullptr) return false;
      switch (f->cpp_type()) {
        case FD::CPPTYPE_DOUBLE: case FD::CPPTYPE_FLOAT: case FD::CPPTYPE_INT32: case FD::CPPTYPE_INT64:
        case FD::CPPTYPE_UINT32: case FD::CPPTYPE_UINT64: return false;
        default: return true;
      }
    } catch (const ScenarioError&) {
      return false;
    }
  }

  // Whether `path` names an integer field (a whole number: a count); false when it does not resolve.
  bool whole_number_field(const std::string& path) const {
    v1::Scenario copy = root_;
    copy.mutable_experiment()->clear_sweep();
    copy.mutable_experiment()->clear_sensitivity();
    try {
      const FieldPath p = set_field_path(copy, path, "1");
      const FD* f = p.empty() ? nullptr : p.back().field;
      return f != nullptr && (f->cpp_type() == FD::CPPTYPE_UINT32 || f->cpp_type() == FD::CPPTYPE_UINT64 ||
                              f->cpp_type() == FD::CPPTYPE_INT32 || f->cpp_type() == FD::CPPTYPE_INT64);
    } catch (const ScenarioError&) {
      return false;  // reported by check_point
    }
  }

  // Design points of the experiment's sweep or sensitivity analysis (1 without one).
  static double design_points(const pb::Message& ex) {
    if (const pb::Message* sens = message(ex, "sensitivity"); sens && has(ex, "sensitivity")) {
      // sim/experiment/sensitivity.h: Sobol N (k + 2) (N default 1024), Morris r (k + 1) (r default 20).
      const double k = count(*sens, "factors");
      const bool morris = number(*sens, "method") == v1::Sensitivity::MORRIS;
      const double n = number(*sens, morris ? "trajectories" : "base_samples");
      return std::max(1.0, (n > 0 ? n : morris ? 20.0 : 1024.0) * (k + (morris ? 1 : 2)));
    }
    const pb::Message* sweep = message(ex, "sweep");
    if (sweep == nullptr) return 1;
    if (const FD* gf = field(*sweep, "grid"); gf && sweep->GetReflection()->HasField(*sweep, gf)) {
      const pb::Message& grid = sweep->GetReflection()->GetMessage(*sweep, gf);
      double points = 1;
      for (int a = 0; a < count(grid, "axes"); ++a) points *= std::max(count(item(grid, "axes", a), "values"), 1);
      return points;
    }
    if (const FD* lf = field(*sweep, "latin_hypercube"); lf && sweep->GetReflection()->HasField(*sweep, lf)) {
      return std::max(1.0, number(sweep->GetReflection()->GetMessage(*sweep, lf), "points"));
    }
    return 1;
  }

  bool needs_presales() const {
    const pb::Message* deals = message(root_, "deals");
    if (deals == nullptr) return true;
    for (const char* name : {"basic_module_hours", "big_project_hours", "expansion_hours"}) {
      const FD* f = field(*deals, name);
      if (f == nullptr) continue;
      if (!deals->GetReflection()->HasField(*deals, f)) return true;  // default hours need presales
      const pb::Message& h = deals->GetReflection()->GetMessage(*deals, f);
      if (number(h, "demo_hours") > 0 || number(h, "solution_hours") > 0) return true;
    }
    return false;
  }

  static std::string join(const std::set<std::string>& names) {
    if (names.empty()) return "(none defined)";
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  }

  // A sweep value must be settable at its path and leave a valid scenario.
  // `path_at` is where a bad path is reported, `where` where a bad value is.
  void check_point(const std::string& path, double value, const FieldPath& path_at, const FieldPath& where) {
    v1::Scenario copy = root_;
    copy.mutable_experiment()->clear_sweep();
    copy.mutable_experiment()->clear_sensitivity();
    bool value_error = false;  // the path resolved; the value did not fit
    try {
      const FieldPath path_steps = set_field_path(copy, path, format_number(value), &value_error);
      for (const PathStep& step : path_steps) {
        if (model::param_of(step.field).per_run()) {
          add(path_at, "'" + path + "' is " + (&step == &path_steps.back() ? "" : "inside experiment." + step.field->name() + ", ") +
                           "one value for the whole run, so a sweep cannot vary it; run once per value instead");
          return;
        }
      }
    } catch (const ScenarioError& e) {
      add(value_error ? where : path_at, e.diagnostics().front().field_path.empty() ? e.diagnostics().front().message
                                                            : e.diagnostics().front().field_path + ": " + e.diagnostics().front().message);
      return;
    }
    std::vector<Issue> issues = Validator(copy).run();
    if (!issues.empty()) {
      add(where, "at " + path + " = " + format_number(value) + ": " + path_string(copy, issues.front().path) + ": " + issues.front().message);
    }
  }

  // A sensitivity analysis: each factor a settable numeric field, low < high, listed once.
  void check_sensitivity(const pb::Message& sens, const FieldPath& sp) {
    if (count(sens, "factors") == 0) add(sp, "a sensitivity analysis needs at least one factor");
    std::set<std::string> paths;
    for (int a = 0; a < count(sens, "factors"); ++a) {
      const pb::Message& factor = item(sens, "factors", a);
      const FieldPath fp = at(sp, sens, "factors", a);
      const std::string path = text(factor, "path");
      if (path.empty()) {
        add(at(fp, factor, "path"), "is required: a --set path such as formation.offside.am_share");
        continue;
      }
      if (!paths.insert(path).second) add(at(fp, factor, "path"), "'" + path + "' is listed twice");
      if (non_numeric_field(path)) {
        add(at(fp, factor, "path"), "'" + path + "' is not a numeric field; a factor varies a number over [low, high]");
        continue;
      }
      double lo = number(factor, "low"), hi = number(factor, "high");
      if (!std::isfinite(lo) || !std::isfinite(hi)) continue;
      if (!(lo < hi)) {
        add(at(fp, factor, "high"), "the range is empty: high " + format_number(hi) + " must be above low " + format_number(lo));
        continue;
      }
      if (number(factor, "integer") != 0) {
        lo = std::round(lo), hi = std::round(hi);
      } else if (whole_number_field(path)) {
        add(at(fp, factor, "path"), "'" + path + "' takes whole numbers, but the design samples fractions; add integer: true to this factor");
        continue;
      }
      const std::size_t before = issues_.size();
      check_point(path, lo, at(fp, factor, "path"), at(fp, factor, "low"));
      if (issues_.size() == before) check_point(path, hi, at(fp, factor, "path"), at(fp, factor, "high"));
    }
    {
      const bool morris = number(sens, "method") == v1::Sensitivity::MORRIS;
      const double k = count(sens, "factors"), n = number(sens, morris ? "trajectories" : "base_samples");
      const double points = (n > 0 ? n : morris ? 20.0 : 1024.0) * (k + (morris ? 1 : 2));
      if (points > Limits::max_design_points)
        add(at(sp, sens, morris ? "trajectories" : "base_samples"),
            std::string(morris ? "r (k + 1) = " : "N (k + 2) = ") + format_number(points) + " design points; the limit is " +
                format_number(Limits::max_design_points));
    }
    const int levels = static_cast<int>(number(sens, "levels"));
    if (levels % 2 != 0) add(at(sp, sens, "levels"), "Morris needs an even number of levels");
    if (number(sens, "base_samples") == 1) add(at(sp, sens, "base_samples"), "Sobol needs at least 2 base samples (a variance)");
    if (number(sens, "trajectories") == 1) add(at(sp, sens, "trajectories"), "Morris needs at least 2 trajectories (sigma)");
  }

  void check_sweep(const pb::Message& sweep, const FieldPath& sp) {
    if (const FD* gf = field(sweep, "grid"); gf && sweep.GetReflection()->HasField(sweep, gf)) {
      const pb::Message& grid = sweep.GetReflection()->GetMessage(sweep, gf);
      const FieldPath gp = at(sp, sweep, "grid");
      if (count(grid, "axes") == 0) add(gp, "a grid needs at least one axis");
      double points = 1;
      std::set<std::string> paths;
      for (int a = 0; a < count(grid, "axes"); ++a) {
        const pb::Message& axis = item(grid, "axes", a);
        const FieldPath ap = at(gp, grid, "axes", a);
        const std::string path = text(axis, "path");
        const FD* vf = field(axis, "values");
        const int n = count(axis, "values");
        points *= std::max(n, 1);
        if (path.empty()) {
          add(at(ap, axis, "path"), "is required: a --set path such as team.cohorts[pm].count");
          continue;
        }
        if (!paths.insert(path).second) add(at(ap, axis, "path"), "'" + path + "' is swept by two axes");
        if (text_field(path)) {
          add(at(ap, axis, "path"), "'" + path + "' is a text field, not a number; a sweep varies numbers");
          continue;
        }
        if (n == 0) add(at(ap, axis, "values"), "a grid axis needs at least one value");
        const std::size_t before = issues_.size();
        for (int k = 0; k < n && k < 1000 && issues_.size() == before; ++k) {
          check_point(path, axis.GetReflection()->GetRepeatedDouble(axis, vf, k), at(ap, axis, "path"), at(ap, axis, "values", k));
        }
      }
      if (points > Limits::max_design_points) add(at(gp, grid, "axes"), "the grid has " + format_number(points) + " design points; the limit is " + format_number(Limits::max_design_points));
    }
    if (const FD* lf = field(sweep, "latin_hypercube"); lf && sweep.GetReflection()->HasField(sweep, lf)) {
      const pb::Message& lhs = sweep.GetReflection()->GetMessage(sweep, lf);
      const FieldPath lp = at(sp, sweep, "latin_hypercube");
      if (count(lhs, "ranges") == 0) add(lp, "a Latin hypercube needs at least one range");
      std::set<std::string> paths;
      for (int a = 0; a < count(lhs, "ranges"); ++a) {
        const pb::Message& range = item(lhs, "ranges", a);
        const FieldPath rp = at(lp, lhs, "ranges", a);
        const std::string path = text(range, "path");
        if (path.empty()) {
          add(at(rp, range, "path"), "is required: a --set path such as formation.offside.am_share");
          continue;
        }
        if (!paths.insert(path).second) add(at(rp, range, "path"), "'" + path + "' is swept by two ranges");
        if (text_field(path)) {
          add(at(rp, range, "path"), "'" + path + "' is a text field, not a number; a sweep varies numbers");
          continue;
        }
        double lo = number(range, "min"), hi = number(range, "max");
        if (!std::isfinite(lo) || !std::isfinite(hi)) continue;
        if (lo > hi) {
          add(at(rp, range, "max"), "max " + format_number(hi) + " is below min " + format_number(lo));
          continue;
        }
        if (number(range, "integer") != 0) {
          lo = std::round(lo), hi = std::round(hi);
        } else if (whole_number_field(path)) {
          add(at(rp, range, "path"), "'" + path + "' takes whole numbers, but the Latin hypercube samples fractions; add integer: true to this range");
          continue;
        }
        const std::size_t before = issues_.size();
        check_point(path, lo, at(rp, range, "path"), at(rp, range, "min"));
        if (issues_.size() == before) check_point(path, hi, at(rp, range, "path"), at(rp, range, "max"));
      }
    }
  }
};

}  // namespace

std::vector<Issue> validate_issues(const v1::Scenario& scenario) { return Validator(scenario).run(); }

}  // namespace salesim::scenario::detail
