// libFuzzer target over the scenario loader and validator (scripts/fuzz.sh builds and runs it).
// The input is a scenario file's text; a first line "#set PATH=VALUE" is also applied as an
// override. Inputs starting with '{' are read as JSON. Any outcome but a clean load or a
// ScenarioError (a crash, a sanitizer report, another exception) is a finding. `base:` paths
// resolve against scenarios/, so seeds from there overlay the real baseline.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  salesim::scenario::LoadOptions options;
  if (text.rfind("#set ", 0) == 0) {
    const auto nl = text.find('\n');
    options.overrides.push_back(text.substr(5, nl == std::string::npos ? std::string::npos : nl - 5));
  }
  const bool json = !text.empty() && text.front() == '{';
  try {
    salesim::v1::Scenario s =
        salesim::scenario::load_scenario_from_string(text, json ? "scenarios/fuzz.json" : "scenarios/fuzz.txtpb", json, options);
    // A loaded scenario must print, re-validate cleanly, and accept a sweep-style set.
    (void)salesim::scenario::to_text(s);
    if (!salesim::scenario::validate(s).empty()) __builtin_trap();
    try {
      salesim::scenario::set_field(s, "experiment.horizon_days", "100");
    } catch (const salesim::scenario::ScenarioError&) {
    }
  } catch (const salesim::scenario::ScenarioError&) {
  }
  return 0;
}
