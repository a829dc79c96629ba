// Model: the contract of model.h over World (one World per replication).
#include "sim/model/model.h"

#include <cmath>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/config.h"
#include "sim/model/world.h"
#include "sim/scenario/loader.h"

namespace salesim::model {

struct Model::Impl {
  Config config;
  std::vector<PhaseConfig> phases;  // in start_day order; each Config built once, here
};

Model::Model(const v1::Scenario& scenario) : impl_(std::make_unique<Impl>(Impl{Config::from_scenario(scenario), {}})) {
  for (const scenario::PhaseScenario& p : scenario::phase_scenarios(scenario)) {
    std::string changes;
    for (const std::string& c : p.changes) changes += (changes.empty() ? "" : ", ") + c;
    impl_->phases.push_back(PhaseConfig{p.name, p.start_day, std::move(changes), Config::from_scenario(p.scenario)});
  }
}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

ReplicationOutput Model::run(const ReplicationKey& key, Observer* observer, CrmRecord* record) const {
  World world(impl_->config, key, observer, impl_->phases, record);
  return world.run();
}

double Model::horizon_days() const { return impl_->config.horizon_days; }

std::size_t Model::weeks() const {
  return static_cast<std::size_t>(std::ceil(impl_->config.horizon_days / 7.0 - 1e-9));
}

}  // namespace salesim::model
