// libFuzzer target over `--set PATH=VALUE` (scripts/fuzz.sh builds and runs it): the input is up
// to eight assignments, one per line, applied in order to the golden-triangle baseline. Each must
// apply or throw ScenarioError; anything else is a finding. A scenario that still validates must
// print, and its text must load back as a valid scenario.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/scenario/loader.h"

namespace {

const salesim::v1::Scenario& baseline() {
  static const salesim::v1::Scenario s = salesim::scenario::load_scenario("scenarios/golden_triangle.txtpb");
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sc = salesim::scenario;
  const std::string input(reinterpret_cast<const char*>(data), size);
  salesim::v1::Scenario s = baseline();
  bool changed = false;
  std::size_t start = 0;
  for (int line = 0; line < 8 && start <= input.size(); ++line) {
    const std::size_t nl = input.find('\n', start);
    const std::string assignment = input.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    try {
      sc::apply_override(s, assignment);
      changed = true;
    } catch (const sc::ScenarioError&) {
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (!changed || !sc::validate(s).empty()) return 0;  // the baseline itself is valid
  const std::string text = sc::to_text(s);
  try {
    (void)sc::load_scenario_from_string(text, "scenarios/fuzz_set.txtpb");  // validates too
  } catch (const sc::ScenarioError&) {
    __builtin_trap();  // a valid scenario printed as text must load back
  }
  return 0;
}
