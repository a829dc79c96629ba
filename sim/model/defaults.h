// Documented defaults of every model parameter (docs/model.md lists them with their meaning).
//
//   v1::Scenario s = ...;            // parsed, overlays applied
//   model::fill_defaults(s);         // every unset (zero/empty/absent) parameter gets its default
//
// Idempotent. Fields that are `optional` in scenario.proto are filled only when absent, so an
// explicit 0 stays 0; plain scalar fields are filled when 0. Repeated lists that a scenario must
// state (segments, cohorts, competitors) are not invented; their members' unset fields are filled.
#pragma once

namespace salesim::v1 {
class Scenario;
}

namespace salesim::model {

void fill_defaults(v1::Scenario& scenario);

}  // namespace salesim::model
