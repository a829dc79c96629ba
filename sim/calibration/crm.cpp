#include "sim/calibration/crm.h"

namespace salesim::calibration {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::open: return "open";
    case Outcome::won: return "won";
    case Outcome::lost: return "lost";
    case Outcome::no_decision: return "no_decision";
  }
  return "open";
}

const char* kind_name(DealKind kind) {
  switch (kind) {
    case DealKind::basic_module: return "basic_module";
    case DealKind::expansion: return "expansion";
    case DealKind::big_project: return "big_project";
    case DealKind::unknown: return "unknown";
  }
  return "unknown";
}

const char* role_name(PersonRole role) {
  switch (role) {
    case PersonRole::am: return "am";
    case PersonRole::pm: return "pm";
    case PersonRole::presales: return "presales";
    case PersonRole::manager: return "manager";
  }
  return "am";
}

}  // namespace salesim::calibration
