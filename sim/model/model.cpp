// Model: the contract of model.h over World (one World per replication).
#include "sim/model/model.h"

#include <cmath>

#include "salesim/v1/scenario.pb.h"
#include "sim/model/config.h"
#include "sim/model/world.h"

namespace salesim::model {

struct Model::Impl {
  Config config;
};

Model::Model(const v1::Scenario& scenario) : impl_(std::make_unique<Impl>(Impl{Config::from_scenario(scenario)})) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

ReplicationOutput Model::run(const ReplicationKey& key, Observer* observer) const {
  World world(impl_->config, key, observer);
  return world.run();
}

double Model::horizon_days() const { return impl_->config.horizon_days; }

std::size_t Model::weeks() const {
  return static_cast<std::size_t>(std::ceil(impl_->config.horizon_days / 7.0 - 1e-9));
}

}  // namespace salesim::model
