// Test helpers over the scenario schema's descriptors.
#pragma once

#include <algorithm>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "salesim/v1/scenario.pb.h"

namespace salesim::scenario::testing {

// Every field of every message reachable from Scenario (Experiment and Distribution included),
// each once.
inline std::vector<const google::protobuf::FieldDescriptor*> all_fields() {
  std::vector<const google::protobuf::FieldDescriptor*> out;
  std::vector<const google::protobuf::Descriptor*> todo{v1::Scenario::descriptor()}, seen;
  while (!todo.empty()) {
    const google::protobuf::Descriptor* d = todo.back();
    todo.pop_back();
    if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
    seen.push_back(d);
    for (int i = 0; i < d->field_count(); ++i) {
      out.push_back(d->field(i));
      if (d->field(i)->message_type() != nullptr) todo.push_back(d->field(i)->message_type());
    }
  }
  return out;
}

inline bool is_number(const google::protobuf::FieldDescriptor* f) {
  using FD = google::protobuf::FieldDescriptor;
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE: case FD::CPPTYPE_FLOAT: case FD::CPPTYPE_INT32: case FD::CPPTYPE_INT64:
    case FD::CPPTYPE_UINT32: case FD::CPPTYPE_UINT64: return true;
    default: return false;
  }
}

}  // namespace salesim::scenario::testing
