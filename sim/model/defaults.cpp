#include "sim/model/defaults.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "salesim/v1/param.pb.h"
#include "salesim/v1/scenario.pb.h"

namespace salesim::model {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

// `field: <default_text>` parsed into a fresh message of the field's containing type.
std::unique_ptr<pb::Message> parse_default(const pb::Message& holder, const FD* f) {
  std::unique_ptr<pb::Message> m(holder.New());
  if (!pb::TextFormat::ParseFromString(f->name() + ": " + param_of(f).default_text(), m.get())) {
    throw std::logic_error("salesim.v1.param: default_text of " + f->full_name() + " does not parse");
  }
  return m;
}

// Copies field `f` of `src` into `dst`: a singular field is set, element `k` of a repeated one
// is appended.
void copy_value(const pb::Message& src, pb::Message& dst, const FD* f, int k = -1) {
  const pb::Reflection* s = src.GetReflection();
  const pb::Reflection* d = dst.GetReflection();
  if (k >= 0) {
    switch (f->cpp_type()) {
      case FD::CPPTYPE_DOUBLE: d->AddDouble(&dst, f, s->GetRepeatedDouble(src, f, k)); break;
      case FD::CPPTYPE_FLOAT: d->AddFloat(&dst, f, s->GetRepeatedFloat(src, f, k)); break;
      case FD::CPPTYPE_INT32: d->AddInt32(&dst, f, s->GetRepeatedInt32(src, f, k)); break;
      case FD::CPPTYPE_INT64: d->AddInt64(&dst, f, s->GetRepeatedInt64(src, f, k)); break;
      case FD::CPPTYPE_UINT32: d->AddUInt32(&dst, f, s->GetRepeatedUInt32(src, f, k)); break;
      case FD::CPPTYPE_UINT64: d->AddUInt64(&dst, f, s->GetRepeatedUInt64(src, f, k)); break;
      case FD::CPPTYPE_BOOL: d->AddBool(&dst, f, s->GetRepeatedBool(src, f, k)); break;
      case FD::CPPTYPE_ENUM: d->AddEnumValue(&dst, f, s->GetRepeatedEnumValue(src, f, k)); break;
      case FD::CPPTYPE_STRING: d->AddString(&dst, f, s->GetRepeatedString(src, f, k)); break;
      case FD::CPPTYPE_MESSAGE: d->AddMessage(&dst, f)->CopyFrom(s->GetRepeatedMessage(src, f, k)); break;
    }
    return;
  }
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE: d->SetDouble(&dst, f, s->GetDouble(src, f)); break;
    case FD::CPPTYPE_FLOAT: d->SetFloat(&dst, f, s->GetFloat(src, f)); break;
    case FD::CPPTYPE_INT32: d->SetInt32(&dst, f, s->GetInt32(src, f)); break;
    case FD::CPPTYPE_INT64: d->SetInt64(&dst, f, s->GetInt64(src, f)); break;
    case FD::CPPTYPE_UINT32: d->SetUInt32(&dst, f, s->GetUInt32(src, f)); break;
    case FD::CPPTYPE_UINT64: d->SetUInt64(&dst, f, s->GetUInt64(src, f)); break;
    case FD::CPPTYPE_BOOL: d->SetBool(&dst, f, s->GetBool(src, f)); break;
    case FD::CPPTYPE_ENUM: d->SetEnumValue(&dst, f, s->GetEnumValue(src, f)); break;
    case FD::CPPTYPE_STRING: d->SetString(&dst, f, s->GetString(src, f)); break;
    case FD::CPPTYPE_MESSAGE: d->MutableMessage(&dst, f)->CopyFrom(s->GetMessage(src, f)); break;
  }
}

// Each field `def` sets and `m` lacks takes the default's value. A one-of that `m` has set is
// left alone (writing `lognormal {...}` replaces the default kind; it does not merge into it),
// and a non-empty list is kept whole.
void merge_under(pb::Message& m, const pb::Message& def) {
  const pb::Reflection* r = m.GetReflection();
  const pb::Reflection* dr = def.GetReflection();
  std::vector<const FD*> fields;
  dr->ListFields(def, &fields);
  for (const FD* f : fields) {
    if (f->is_repeated()) {
      if (r->FieldSize(m, f) == 0) {
        for (int k = 0; k < dr->FieldSize(def, f); ++k) copy_value(def, m, f, k);
      }
    } else if (const pb::OneofDescriptor* o = f->containing_oneof(); o != nullptr && r->HasOneof(m, o)) {
      continue;
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (r->HasField(m, f)) merge_under(*r->MutableMessage(&m, f), dr->GetMessage(def, f));
      else copy_value(def, m, f);
    } else if (!f->has_presence()) {
      throw std::logic_error("salesim.v1.param: " + f->full_name() +
                             " is given by a default_text but has no presence; make it optional");
    } else if (!r->HasField(m, f)) {
      copy_value(def, m, f);
    }
  }
}

// Whether element `a` of a keyed list has the same key fields as `b`.
bool same_key(const pb::Message& a, const pb::Message& b) {
  const pb::Descriptor* d = a.GetDescriptor();
  bool keyed = false;
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    if (!param_of(f).key()) continue;
    keyed = true;
    std::string x, y;
    pb::TextFormat::PrintFieldValueToString(a, f, -1, &x);
    pb::TextFormat::PrintFieldValueToString(b, f, -1, &y);
    if (x != y) return false;
  }
  return keyed;
}

bool has_key_fields(const pb::Descriptor* d) {
  for (int i = 0; i < d->field_count(); ++i) {
    if (param_of(d->field(i)).key()) return true;
  }
  return false;
}

void fill_list(pb::Message& m, const FD* f) {
  const pb::Reflection* r = m.GetReflection();
  const std::unique_ptr<pb::Message> def = parse_default(m, f);
  const pb::Reflection* dr = def->GetReflection();
  const int given = r->FieldSize(m, f);
  if (f->cpp_type() == FD::CPPTYPE_MESSAGE && has_key_fields(f->message_type())) {
    for (int k = 0; k < dr->FieldSize(*def, f); ++k) {
      const pb::Message& entry = dr->GetRepeatedMessage(*def, f, k);
      bool listed = false;
      for (int i = 0; i < given && !listed; ++i) listed = same_key(r->GetRepeatedMessage(m, f, i), entry);
      if (!listed) copy_value(*def, m, f, k);
    }
  } else if (given == 0) {
    for (int k = 0; k < dr->FieldSize(*def, f); ++k) copy_value(*def, m, f, k);
  }
}

// Whether a message of type `d` has anything to fill (so an absent one is worth creating).
bool has_defaults(const pb::Descriptor* d, int depth = 0) {
  if (depth > 16) return false;
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    const v1::Param& p = param_of(f);
    if (p.has_default_value() || !p.default_text().empty()) return true;
    if (f->cpp_type() == FD::CPPTYPE_MESSAGE && !f->is_repeated() && !p.keep_absent() &&
        f->containing_oneof() == nullptr && has_defaults(f->message_type(), depth + 1)) {
      return true;
    }
  }
  return false;
}

void set_number(pb::Message& m, const FD* f, double v) {
  const pb::Reflection* r = m.GetReflection();
  switch (f->cpp_type()) {
    case FD::CPPTYPE_DOUBLE: r->SetDouble(&m, f, v); break;
    case FD::CPPTYPE_FLOAT: r->SetFloat(&m, f, static_cast<float>(v)); break;
    case FD::CPPTYPE_INT32: r->SetInt32(&m, f, static_cast<std::int32_t>(v)); break;
    case FD::CPPTYPE_INT64: r->SetInt64(&m, f, static_cast<std::int64_t>(v)); break;
    case FD::CPPTYPE_UINT32: r->SetUInt32(&m, f, static_cast<std::uint32_t>(v)); break;
    case FD::CPPTYPE_UINT64: r->SetUInt64(&m, f, static_cast<std::uint64_t>(v)); break;
    case FD::CPPTYPE_BOOL: r->SetBool(&m, f, v != 0); break;
    default: throw std::logic_error("salesim.v1.param: default_value on non-numeric field " + f->full_name());
  }
}

void fill(pb::Message& m) {
  const pb::Descriptor* d = m.GetDescriptor();
  const pb::Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    const v1::Param& p = param_of(f);
    if (f->is_repeated()) {
      if (!p.default_text().empty()) fill_list(m, f);
      if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
        for (int k = 0; k < r->FieldSize(m, f); ++k) fill(*r->MutableRepeatedMessage(&m, f, k));
      }
      continue;
    }
    if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (p.overlay()) continue;  // Phase.set states only what differs
      if (f->containing_oneof() != nullptr) {
        if (r->HasField(m, f)) fill(*r->MutableMessage(&m, f));
        continue;
      }
      if (!r->HasField(m, f) && (p.keep_absent() || (p.default_text().empty() && !has_defaults(f->message_type())))) {
        continue;
      }
      pb::Message* sub = r->MutableMessage(&m, f);
      if (!p.default_text().empty()) merge_under(*sub, r->GetMessage(*parse_default(m, f), f));
      fill(*sub);
      continue;
    }
    if (f->cpp_type() == FD::CPPTYPE_ENUM) {
      if (!p.default_text().empty() && r->GetEnumValue(m, f) == 0) {
        const pb::EnumValueDescriptor* v = f->enum_type()->FindValueByName(p.default_text());
        if (v == nullptr) throw std::logic_error("salesim.v1.param: default_text of " + f->full_name() + " names no enum value");
        r->SetEnumValue(&m, f, v->number());
      }
      continue;
    }
    if (p.has_default_value() && f->has_presence() && !r->HasField(m, f)) set_number(m, f, p.default_value());
  }
}

}  // namespace

const FD* generated_field(const FD* field) {
  if (field->file()->pool() == pb::DescriptorPool::generated_pool()) return field;
  return pb::DescriptorPool::generated_pool()->FindFieldByName(field->full_name());
}

const v1::Param& param_of(const FD* field) {
  const FD* generated = generated_field(field);
  return generated == nullptr ? v1::Param::default_instance() : generated->options().GetExtension(v1::param);
}

void fill_defaults(pb::Message& message) { fill(message); }

void fill_defaults(v1::Scenario& scenario) { fill(scenario); }

}  // namespace salesim::model
