// Policy phases (scenario.phases): which fields a phase's `set` writes, the scenario in force after
// each phase (the loader's overlay merge, applied in start_day order), and what each phase changes.
#include <algorithm>
#include <numeric>

#include "sim/model/defaults.h"
#include "sim/scenario/internal.h"

namespace salesim::scenario {

using namespace detail;

namespace {

using FD = pb::FieldDescriptor;

// Every field `m` holds: a value other than its zero (or, with presence, any set value), a
// non-empty list, a present message (recursively).
void present_fields(const pb::Message& m, LocNode& node) {
  const pb::Reflection* r = m.GetReflection();
  std::vector<const FD*> fields;
  r->ListFields(m, &fields);
  for (const FD* f : fields) {
    LocEntry& e = node.fields[f->number()];
    const int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
    e.locs.assign(static_cast<std::size_t>(n), SourceLoc{});
    e.nested.assign(static_cast<std::size_t>(n), LocNode{});
    if (f->cpp_type() != FD::CPPTYPE_MESSAGE) continue;
    for (int k = 0; k < n; ++k) {
      present_fields(f->is_repeated() ? r->GetRepeatedMessage(m, f, k) : r->GetMessage(m, f), e.nested[k]);
    }
  }
}

// Marks `path` (and the messages on the way) as written in `root`.
void add_path(LocNode& root, const FieldPath& path) {
  LocNode* node = &root;
  for (const PathStep& step : path) {
    LocEntry& e = node->fields[step.field->number()];
    const std::size_t k = step.index < 0 ? 0 : static_cast<std::size_t>(step.index);
    if (e.locs.size() <= k) e.locs.resize(k + 1);
    if (e.nested.size() <= k) e.nested.resize(k + 1);
    node = &e.nested[k];
  }
}

// The leaves of what `node` says was written in `m`, as paths: values, whole lists that are not
// merged by name, distributions; named lists and other messages are walked into.
void leaves(const pb::Message& m, const LocNode& node, const pb::Message& root, FieldPath& path,
            std::vector<FieldPath>& out) {
  const pb::Reflection* r = m.GetReflection();
  for (const auto& [number, e] : node.fields) {
    const FD* f = m.GetDescriptor()->FindFieldByNumber(number);
    if (f == nullptr || f->name() == "name") continue;  // a label or an element's key, not a change
    const bool message = f->cpp_type() == FD::CPPTYPE_MESSAGE;
    const bool named = message && f->message_type()->FindFieldByName("name") != nullptr;
    const bool distribution = message && f->message_type()->full_name() == "salesim.v1.Distribution";
    if (f->is_repeated() && named) {
      for (int k = 0; k < r->FieldSize(m, f) && k < int(e.nested.size()); ++k) {
        path.push_back({f, k});
        leaves(r->GetRepeatedMessage(m, f, k), e.nested[k], root, path, out);
        path.pop_back();
      }
    } else if (message && !f->is_repeated() && !distribution) {
      path.push_back({f, -1});
      if (!e.nested.empty()) leaves(r->GetMessage(m, f), e.nested[0], root, path, out);
      path.pop_back();
    } else {
      path.push_back({f, -1});
      out.push_back(path);
      path.pop_back();
    }
  }
}

// A field's value for a change list: as get_field prints it, a list in brackets.
std::string value_at(const v1::Scenario& s, const std::string& path) {
  try {
    return get_field(s, path);
  } catch (const ScenarioError&) {
  }
  try {  // a list (get_field reads one element): its elements
    std::string out;
    for (const std::string& k : element_keys(s, path)) out += (out.empty() ? "" : ", ") + get_field(s, path + "[" + k + "]");
    return "[" + out + "]";
  } catch (const ScenarioError&) {
    return "?";
  }
}

}  // namespace

namespace detail {

std::vector<int> phase_order(const v1::Scenario& scenario) {
  std::vector<int> order(static_cast<std::size_t>(scenario.phases_size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return scenario.phases(a).start_day() < scenario.phases(b).start_day();
  });
  return order;
}

LocNode phase_writes(const v1::Phase& phase) {
  LocNode written;
  present_fields(phase.set(), written);
  for (const std::string& path : phase.zero_fields()) {
    try {
      add_path(written, resolve_path(phase.set(), path));
    } catch (const ScenarioError&) {
      // validate() reports a zero_fields path that names no field
    }
  }
  return written;
}

v1::Scenario scenario_after_phases(const v1::Scenario& scenario, std::size_t count) {
  v1::Scenario out = scenario;
  out.clear_phases();
  const std::vector<int> order = phase_order(scenario);
  for (std::size_t i = 0; i < count && i < order.size(); ++i) {
    const v1::Phase& phase = scenario.phases(order[i]);
    overlay(out, phase.set(), phase_writes(phase));
  }
  out.clear_base();
  model::fill_defaults(out);
  return out;
}

}  // namespace detail

std::vector<PhaseScenario> phase_scenarios(const v1::Scenario& scenario) {
  std::vector<PhaseScenario> out;
  const std::vector<int> order = phase_order(scenario);
  v1::Scenario before = scenario_after_phases(scenario, 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const v1::Phase& phase = scenario.phases(order[i]);
    PhaseScenario p{phase.name(), phase.start_day(), scenario_after_phases(scenario, i + 1), {}};
    std::vector<FieldPath> written;
    FieldPath path;
    leaves(phase.set(), phase_writes(phase), phase.set(), path, written);
    for (const FieldPath& w : written) {
      const std::string at = path_string(phase.set(), w);
      p.changes.push_back(at + ": " + value_at(before, at) + " -> " + value_at(p.scenario, at));
    }
    before = p.scenario;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace salesim::scenario
