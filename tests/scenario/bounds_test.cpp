// Every number a scenario can hold is bounded by its (salesim.v1.param) range, and every value in
// range is either refused at once (by a cross-field rule such as the work estimate) or runs to
// finite KPIs: no overflow, no endless loop, no allocation failure. Enumerated: each numeric
// field and Distribution field of a filled scenario, at its lower and at its upper bound.
#include <cmath>
#include <limits>

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "salesim/v1/param.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/model/model.h"
#include "sim/scenario/loader.h"
#include "tests/scenario/schema_fields.h"

namespace salesim::scenario {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

using testing::is_number;

// Fields that are deliberately without an upper bound, and why.
bool unbounded_on_purpose(const FD* f) {
  const std::string n = f->full_name();
  return n == "salesim.v1.Experiment.seed"                      // any 64-bit key
         || n.rfind("salesim.v1.GridAxis.", 0) == 0             // checked where applied
         || n.rfind("salesim.v1.Range.", 0) == 0                // checked where applied
         || n.rfind("salesim.v1.Factor.", 0) == 0               // checked where applied (check_sensitivity)
         || n.rfind("salesim.v1.Distribution", 0) == 0;         // in the holder's units: its range
}

TEST(Bounds, EveryNumberAndDistributionHasAnUpperBound) {
  for (const FD* f : testing::all_fields()) {
    const bool distribution = f->message_type() == v1::Distribution::descriptor();
    if ((!is_number(f) && !distribution) || unbounded_on_purpose(f)) continue;
    EXPECT_TRUE(model::param_of(f).has_max()) << f->full_name() << " has no upper bound in its (param) option";
  }
}

// "team.cohorts[am].hours_per_week"-style paths of every number and Distribution in `m`
// (repeated elements by name, or [0]), with the bounds of each.
struct Case {
  std::string path;
  double lo, hi;
  bool integral;
};
void collect(const pb::Message& m, const std::string& prefix, std::vector<Case>& out) {
  const pb::Descriptor* d = m.GetDescriptor();
  const pb::Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    const std::string path = prefix + f->name();
    if (f->message_type() == v1::Distribution::descriptor() || (is_number(f) && !f->is_repeated())) {
      if (unbounded_on_purpose(f) || f->containing_type() == v1::Experiment::descriptor()) {
        if (f->name() != "horizon_days") continue;  // replications and seed do not reach the model
      }
      const v1::Param& p = model::param_of(f);
      const double step = f->cpp_type() == FD::CPPTYPE_DOUBLE ? 1e-9 : 1;
      const double lo = p.has_min() ? p.min() + (p.min_exclusive() ? std::max(step, std::abs(p.min()) * 1e-9) : 0) : -1;
      const double hi = p.has_max() ? p.max() - (p.max_exclusive() ? std::max(step, std::abs(p.max()) * 1e-9) : 0) : 1;
      out.push_back({path, lo, hi, f->cpp_type() != FD::CPPTYPE_DOUBLE && f->cpp_type() != FD::CPPTYPE_FLOAT});
      continue;
    }
    if (f->cpp_type() != FD::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      if (r->FieldSize(m, f) == 0) continue;
      const pb::Message& e = r->GetRepeatedMessage(m, f, 0);
      const FD* name = e.GetDescriptor()->FindFieldByName("name");
      const std::string key = name != nullptr && name->cpp_type() == FD::CPPTYPE_STRING ? e.GetReflection()->GetString(e, name) : "0";
      collect(e, path + "[" + key + "].", out);
    } else if (r->HasField(m, f)) {
      collect(r->GetMessage(m, f), path + ".", out);
    }
  }
}

std::string number_text(double v, bool integral) {
  if (integral) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

TEST(Bounds, EveryValueInRangeIsRefusedAtOnceOrRunsToFiniteKpis) {
  const std::string base = "tests/scenario/fixtures/team.txtpb";
  const v1::Scenario filled = load_scenario(base);
  std::vector<Case> cases;
  collect(filled, "", cases);
  ASSERT_GT(cases.size(), 80u);
  int ran = 0, refused = 0;
  for (const Case& c : cases) {
    for (const double v : {c.lo, c.hi}) {
      LoadOptions o;
      o.overrides = {"experiment.horizon_days=60", "calendar.warmup_days=0", c.path + "=" + number_text(v, c.integral)};
      v1::Scenario s;
      try {
        s = load_scenario(base, o);
      } catch (const ScenarioError& e) {
        ++refused;  // a cross-field rule refused it at load: that is the other allowed outcome
        EXPECT_EQ(std::string(e.what()).find("is out of range: must be"), std::string::npos) << c.path << "=" << v << " is in range:\n" << e.what();
        continue;
      }
      SCOPED_TRACE(c.path + "=" + number_text(v, c.integral));
      const model::Model m(s);
      const model::ReplicationOutput out = m.run({.seed = 3, .design_point = 0, .replication = 0});
      for (std::size_t k = 0; k < out.kpis.size(); ++k) {
        EXPECT_TRUE(std::isfinite(out.kpis[k])) << model::kpi_catalog()[k].name;
      }
      ++ran;
    }
  }
  EXPECT_GT(ran, refused);  // most bounds are usable values, not refusals
  std::printf("%zu fields at 2 bounds: %d ran to finite KPIs, %d refused at load\n", cases.size(), ran, refused);
}

}  // namespace
}  // namespace salesim::scenario
