#include "viz/whatif.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#ifdef SALESIM_VIZ_HAS_RUNNER
#include "sim/experiment/runner.h"
#endif
#ifdef SALESIM_VIZ_HAS_LOADER
#include "salesim/v1/param.pb.h"
#include "sim/model/defaults.h"
#include "sim/scenario/loader.h"
#endif

namespace salesim::viz {
namespace {

// "pm_hunting_share" -> "pm hunting share".
std::string words(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// A knob's value as set_field takes it and plan labels show it: "true"/"false" for a switch,
// whole numbers without a point, others in shortest round-trip form.
std::string value_text(const Knob& k, double v) {
  if (k.toggle) return v != 0 ? "true" : "false";
  char buf[64];
  const auto res = k.integer || v == std::floor(v)
                       ? std::to_chars(buf, buf + sizeof buf, std::llround(v))
                       : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// A path's segments: "team.cohorts[pm].count" -> {"team", "cohorts[pm]", "count"}.
std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  for (std::size_t i = 0, depth = 0; i <= path.size(); ++i) {
    if (i == path.size() || (path[i] == '.' && depth == 0)) {
      out.push_back(path.substr(begin, i - begin));
      begin = i + 1;
    } else if (path[i] == '[') {
      ++depth;
    } else if (path[i] == ']' && depth > 0) {
      --depth;
    }
  }
  return out;
}

// "cohorts[pm]" -> "cohorts" and "pm"; "offside" -> "offside" and "".
std::pair<std::string, std::string> split_key(const std::string& segment) {
  const auto open = segment.find('[');
  if (open == std::string::npos || segment.back() != ']') return {segment, {}};
  return {segment.substr(0, open), segment.substr(open + 1, segment.size() - open - 2)};
}

#ifdef SALESIM_VIZ_HAS_LOADER
std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// The scenario as the knobs show it and compare with: every absent parameter at its default.
v1::Scenario with_defaults(v1::Scenario s) {
  model::fill_defaults(s);
  return s;
}

double read_value(const v1::Scenario& filled, const std::string& path) {
  const std::string text = scenario::get_field(filled, path);
  if (text == "true") return 1;
  if (text == "false") return 0;
  double v = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size())
    throw std::runtime_error(path + ": a knob needs a number or a switch, not '" + text + "'");
  return v;
}

// Fewest decimals (2 to 6) that show `v` as it is, so an untouched knob reads back unchanged.
int decimals_for(double v) {
  for (int d = 2; d < 6; ++d) {
    const double scale = std::pow(10.0, d);
    if (std::fabs(std::round(v * scale) / scale - v) <= 1e-12 * std::max(1.0, std::fabs(v))) return d;
  }
  return 6;
}

// What a knob shows, from the schema. Grouping: a field of a list element ("team.cohorts[pm].count")
// sits under its label ("Head count") with the element's key as its row, so the list's elements
// line up; any other field sits under its parent ("Offside") with its own label as its row.
Knob make_knob(const v1::Scenario& filled, const std::string& path) {
  using FD = google::protobuf::FieldDescriptor;
  const FD* field = scenario::field_at(filled, path);
  const v1::Param& param = model::param_of(field);
  Knob k;
  k.path = path;
  k.unit = param.unit() == "-" ? "" : param.unit();
  switch (field->cpp_type()) {
    case FD::CPPTYPE_BOOL: k.toggle = k.integer = true; break;
    case FD::CPPTYPE_INT32:
    case FD::CPPTYPE_INT64:
    case FD::CPPTYPE_UINT32:
    case FD::CPPTYPE_UINT64: k.integer = true; break;
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT: k.integer = param.integer(); break;
    default: throw std::runtime_error(path + ": a knob needs a number or a switch, not a " + field->cpp_type_name());
  }
  k.value = read_value(filled, path);

  const std::vector<std::string> segs = segments(path);
  const std::string field_words = words(field->name());
  const std::string schema_label = param.label().empty() ? field_words : param.label();
  const auto [parent, key] = segs.size() > 1 ? split_key(segs[segs.size() - 2]) : std::pair<std::string, std::string>{};
  if (!key.empty()) {
    k.group = capitalised(schema_label);
    k.label = key;
    k.subject = key;
    k.element = true;
  } else {
    k.group = parent.empty() ? "Scenario" : capitalised(words(parent));
    k.label = k.toggle ? field_words : capitalised(schema_label);
    k.subject = parent.empty() ? field_words : words(parent);
  }

  if (k.toggle) {
    k.min = 0, k.max = 1, k.step = 1, k.decimals = 0;
    return k;
  }
  const bool is_unsigned = field->cpp_type() == FD::CPPTYPE_UINT32 || field->cpp_type() == FD::CPPTYPE_UINT64;
  k.decimals = k.integer ? 0 : decimals_for(k.value);
  const double tick = k.integer ? 1 : std::pow(10.0, -k.decimals);
  k.min = param.has_min() ? param.min() + (param.min_exclusive() ? tick : 0) : is_unsigned ? 0 : -kOpenBound;
  k.max = param.has_max() ? param.max() - (param.max_exclusive() ? tick : 0) : kOpenBound;
  k.min = std::clamp(k.min, -kOpenBound, kOpenBound);
  k.max = std::clamp(k.max, k.min, kOpenBound);
  k.step = k.integer ? 1 : param.has_min() && param.has_max() ? (k.max - k.min) / 20 : param.has_min() ? 1 : 0.1;
  return k;
}

// Adds the knobs of `path`, expanding its first "[*]" into each element's key (recursively).
void add_knobs(const v1::Scenario& filled, const std::string& path, Knobs& out) {
  const auto star = path.find("[*]");
  if (star == std::string::npos) {
    out.push_back(make_knob(filled, path));
    return;
  }
  const std::string list = path.substr(0, star);
  for (const std::string& key : scenario::element_keys(filled, list))
    add_knobs(filled, list + "[" + key + "]" + path.substr(star + 3), out);
}
#endif

}  // namespace

Knobs knobs_from_scenario(const v1::Scenario& s, const std::vector<std::string>& paths) {
  Knobs knobs;
#ifdef SALESIM_VIZ_HAS_LOADER
  const v1::Scenario filled = with_defaults(s);
  for (const std::string& path : paths) add_knobs(filled, path, knobs);
#else
  (void)s, (void)paths;
#endif
  return knobs;
}

Knob* find_knob(Knobs& knobs, std::string_view path) {
  auto it = std::find_if(knobs.begin(), knobs.end(), [path](const Knob& k) { return k.path == path; });
  return it == knobs.end() ? nullptr : &*it;
}

const Knob* find_knob(const Knobs& knobs, std::string_view path) {
  return find_knob(const_cast<Knobs&>(knobs), path);
}

void apply_knobs(const Knobs& knobs, v1::Scenario& s) {
#ifdef SALESIM_VIZ_HAS_LOADER
  const v1::Scenario filled = with_defaults(s);
  for (const Knob& k : knobs)
    if (read_value(filled, k.path) != k.value) scenario::set_field(s, k.path, value_text(k, k.value));
#else
  (void)s;
  if (!knobs.empty()) throw std::runtime_error("this salesim-viz was built without the scenario layer");
#endif
}

std::string describe_change(const Knobs& base, const Knobs& changed) {
  std::string out;
  for (const Knob& k : changed) {
    const Knob* was = find_knob(base, k.path);
    if (was == nullptr || was->value == k.value) continue;
    // Name the field too unless it is its subject's only knob ("pm 3→5") or its switch ("offside on").
    const auto alone = std::count_if(changed.begin(), changed.end(), [&k](const Knob& o) { return o.subject == k.subject; }) == 1;
    const std::string field = split_key(segments(k.path).back()).first;
    if (!out.empty()) out += ", ";
    out += k.subject;
    if (!alone && !(k.toggle && field == "enabled")) out.append(" ").append(words(field));
    if (k.toggle) out += k.value != 0 ? " on" : " off";
    else out.append(" ").append(value_text(k, was->value)).append("→").append(value_text(k, k.value));
  }
  return out.empty() ? "no change" : out;
}

bool simulation_available() {
#ifdef SALESIM_VIZ_HAS_RUNNER
  return true;
#else
  return false;
#endif
}

PlanRunner default_runner() {
  return [](const std::vector<v1::Scenario>& plans, const std::vector<std::string>& names,
            const RunSettings& settings) -> v1::Results {
#ifdef SALESIM_VIZ_HAS_RUNNER
    experiment::RunOptions options;
    options.replications = settings.replications;
    options.seed = settings.seed;
    options.threads = settings.threads;
    if (settings.on_progress) {
      auto report = settings.on_progress;
      options.on_progress = [report](const experiment::Progress& p) { report(p.done, p.total); };
    }
    options.cancel = settings.cancel;
    try {
      return experiment::run_plans(plans, names, options);
    } catch (const experiment::Cancelled&) {
      throw RunCancelled();
    }
#else
    (void)plans, (void)names, (void)settings;
    throw std::runtime_error("this salesim-viz was built without the experiment layer: it can show "
                             "results.pb files but not run scenarios");
#endif
  };
}

v1::Results run_scenario_file(const std::string& path, const RunSettings& settings, const PlanRunner& runner) {
#ifdef SALESIM_VIZ_HAS_LOADER
  v1::Scenario scenario = scenario::load_scenario(path);  // ScenarioError is a runtime_error
  return runner({scenario}, {}, settings);
#else
  (void)settings, (void)runner;
  throw std::runtime_error(path + ": this salesim-viz was built without the scenario loader");
#endif
}

std::uint32_t replications_of(const v1::Results& r) {
  if (r.plans_size() == 0 || r.plans(0).points_size() == 0) return 0;
  const auto& point = r.plans(0).points(0);
  if (point.summaries_size() > 0) return static_cast<std::uint32_t>(point.summaries(0).n());
  return static_cast<std::uint32_t>(point.replications_size());
}

v1::Results merge_what_if(const v1::Results& baseline, const v1::Results& fresh, const std::string& label) {
  if (fresh.plans_size() < 2) throw std::runtime_error("what-if run returned no second plan");
  v1::Results merged = baseline;
  // Drop an earlier what-if plan and its comparison: the panel shows one at a time.
  auto* plans = merged.mutable_plans();
  for (int i = plans->size() - 1; i >= 1; --i)
    if (plans->Get(i).name() == label) plans->DeleteSubrange(i, 1);
  auto* comparisons = merged.mutable_comparisons();
  for (int i = comparisons->size() - 1; i >= 0; --i)
    if (comparisons->Get(i).plan() == label) comparisons->DeleteSubrange(i, 1);

  v1::PlanResult plan = fresh.plans(1);
  plan.set_name(label);
  *merged.add_plans() = std::move(plan);
  for (const auto& c : fresh.comparisons()) {
    if (c.plan() != fresh.plans(1).name()) continue;
    v1::Comparison copy = c;
    copy.set_plan(label);
    copy.set_base_plan(baseline.plans(0).name());
    *merged.add_comparisons() = std::move(copy);
  }
  if (merged.kind() == v1::Results::RUN) merged.set_kind(v1::Results::COMPARE);
  // A compare's rankings (Results.rankings) ranked the baseline's plans only; with the what-if
  // plan added they would be stale, and the viewer does not draw them: drop them.
  merged.clear_rankings();
  return merged;
}

v1::Results run_what_if(const v1::Results& baseline, const Knobs& knobs, const RunSettings& settings,
                        const PlanRunner& runner) {
  if (baseline.plans_size() == 0) throw std::runtime_error("no baseline loaded");
  if (baseline.kind() == v1::Results::SWEEP)
    throw std::runtime_error("the what-if panel works on a run or a compare, not a sweep");
  v1::Scenario base = baseline.plans(0).scenario();
  base.mutable_experiment()->clear_sweep();
  v1::Scenario changed = base;
  apply_knobs(knobs, changed);
  RunSettings s = settings;
  // Common random numbers: the baseline's seed and replication count, so both plans see the
  // same market and the paired deltas have small variance.
  if (!s.seed) s.seed = baseline.seed();
  if (s.replications == 0) s.replications = replications_of(baseline);
  const std::string base_name = baseline.plans(0).name().empty() ? "base" : baseline.plans(0).name();
  const v1::Results fresh = runner({base, changed}, {base_name, kWhatIfPlanName}, s);
  return merge_what_if(baseline, fresh, kWhatIfPlanName);
}

}  // namespace salesim::viz
