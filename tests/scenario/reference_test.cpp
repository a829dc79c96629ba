// docs/scenario-reference.md is generated from the .proto descriptors: the committed file must be
// what the generator writes now (regenerate: cmake --build <build> --target scenario-reference).
#include <fstream>
#include <sstream>

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "salesim/v1/scenario.pb.h"
#include "sim/scenario/loader.h"

namespace salesim::scenario {
namespace {

TEST(Reference, TheCommittedDocMatchesTheSchema) {
  std::ifstream in("docs/scenario-reference.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/scenario-reference.md is missing";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == reference_markdown())
      << "docs/scenario-reference.md is stale: run cmake --build <build> --target scenario-reference";
}

TEST(Reference, DocumentsEveryFieldOfEveryMessageReachableFromScenario) {
  const std::string md = reference_markdown();
  std::vector<const google::protobuf::Descriptor*> todo{v1::Scenario::descriptor()};
  std::vector<const google::protobuf::Descriptor*> seen;
  while (!todo.empty()) {
    const auto* d = todo.back();
    todo.pop_back();
    if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
    seen.push_back(d);
    EXPECT_NE(md.find("### " + d->name() + "\n"), std::string::npos) << d->name();
    for (int i = 0; i < d->field_count(); ++i) {
      EXPECT_NE(md.find("| `" + d->field(i)->name() + "` |"), std::string::npos) << d->field(i)->full_name();
      if (d->field(i)->message_type() != nullptr) todo.push_back(d->field(i)->message_type());
    }
  }
}

TEST(Reference, CarriesTheProtoCommentsAndTheValidatedRanges) {
  const std::string md = reference_markdown();
  EXPECT_NE(md.find("| `hours_per_week` | optional double | 45 | h/wk | in (0, 168] | Contracted hours per week"), std::string::npos);
  EXPECT_NE(md.find("| `PROJECT_MANAGER` | PM, 项目经理: runs big deals |"), std::string::npos);
}

}  // namespace
}  // namespace salesim::scenario
