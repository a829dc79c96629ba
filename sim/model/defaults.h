// Defaults of every model parameter, read from the schema: each field's (salesim.v1.param) option
// (sim/proto/salesim/v1/param.proto) is the one place a default is stated.
//
//   v1::Scenario s = ...;            // parsed, overlays applied
//   model::fill_defaults(s);         // every absent parameter gets its schema default
//
// Rules (by descriptor, no hand list):
//  - a numeric or enum field with a default is set when absent (`optional` fields) or, for an
//    enum, when UNSPECIFIED; an explicit value, 0 included, is kept;
//  - a message field with `default_text` has that default merged under what was written (each
//    absent sub-field, or an unset one-of, takes the default's);
//  - a repeated field with `default_text` takes it when empty, or, when its elements have `key`
//    fields, gets each default element whose key it lacks appended (the role-efficiency matrix);
//  - an absent message field is created only when something in it has a default and it is not
//    marked `keep_absent`.
// Idempotent. Throws std::logic_error when a default_text does not parse (a schema bug, caught
// by tests/scenario/param_test.cpp).
#pragma once

namespace google::protobuf {
class FieldDescriptor;
class Message;
}  // namespace google::protobuf
namespace salesim::v1 {
class Scenario;
class Param;
}  // namespace salesim::v1

namespace salesim::model {

void fill_defaults(v1::Scenario& scenario);
// The same rules for any message of the schema (e.g. one Cohort). Throws std::logic_error.
void fill_defaults(google::protobuf::Message& message);

// The (salesim.v1.param) option of a field (the empty Param when it has none). Works for
// descriptors from any pool: a field of another pool is looked up by name in the generated one.
const v1::Param& param_of(const google::protobuf::FieldDescriptor* field);
// The same field in the generated pool (whose messages can be made), or nullptr when it has none.
const google::protobuf::FieldDescriptor* generated_field(const google::protobuf::FieldDescriptor* field);

}  // namespace salesim::model
