// Scenario loading for experiments; see scenario_io.h.
#include "sim/experiment/scenario_io.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#if defined(SALESIM_HAVE_SCENARIO_LOADER)
#include "sim/scenario/loader.h"
#endif

namespace salesim::experiment {

namespace pb = google::protobuf;

namespace {

std::string format_double(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Fallback when the scenario layer is absent: plain text format, first error only.
class Collector : public pb::io::ErrorCollector {
 public:
  explicit Collector(std::string file) : file_(std::move(file)) {}
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty())
      first_ = file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
  }
  std::string first_;

 private:
  std::string file_;
};

[[maybe_unused]] v1::Scenario parse_plain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioLoadError(path + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Scenario s;
  if (path.size() > 5 && path.substr(path.size() - 5) == ".json") {
    auto st = pb::util::JsonStringToMessage(ss.str(), &s);
    if (!st.ok()) throw ScenarioLoadError(path + ": " + std::string(st.message()));
    return s;
  }
  pb::TextFormat::Parser parser;
  Collector errors(path);
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(ss.str(), &s)) throw ScenarioLoadError(errors.first_);
  return s;
}

[[maybe_unused]] void set_by_reflection(pb::Message& root, const std::string& path, double value) {
  pb::Message* msg = &root;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = path.find('.', pos);
    std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    std::string key;
    if (auto lb = part.find('['); lb != std::string::npos) {
      if (part.back() != ']') throw ScenarioLoadError(path + ": unbalanced '['");
      key = part.substr(lb + 1, part.size() - lb - 2);
      part = part.substr(0, lb);
    }
    const pb::Descriptor* desc = msg->GetDescriptor();
    const pb::FieldDescriptor* f = desc->FindFieldByName(part);
    if (!f) throw ScenarioLoadError(path + ": " + desc->name() + " has no field '" + part + "'");
    const pb::Reflection* refl = msg->GetReflection();
    const bool last = dot == std::string::npos;
    if (f->is_repeated()) {
      if (key.empty()) throw ScenarioLoadError(path + ": '" + part + "' is a list; add [index] or [name]");
      int index = -1;
      if (auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
          ec != std::errc() || p != key.data() + key.size()) {
        index = -1;
        if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
          for (int i = 0; i < refl->FieldSize(*msg, f); ++i) {
            const pb::Message& el = refl->GetRepeatedMessage(*msg, f, i);
            const pb::FieldDescriptor* nf = el.GetDescriptor()->FindFieldByName("name");
            if (nf && nf->type() == pb::FieldDescriptor::TYPE_STRING && el.GetReflection()->GetString(el, nf) == key) {
              index = i;
              break;
            }
          }
        }
        if (index < 0) throw ScenarioLoadError(path + ": no element named '" + key + "' in " + part);
      }
      if (index < 0 || index >= refl->FieldSize(*msg, f))
        throw ScenarioLoadError(path + ": index " + key + " out of range (" + part + " has " +
                                std::to_string(refl->FieldSize(*msg, f)) + " elements)");
      if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
        if (last) throw ScenarioLoadError(path + ": is a message, not a number");
        msg = refl->MutableRepeatedMessage(msg, f, index);
        pos = dot + 1;
        continue;
      }
      if (!last) throw ScenarioLoadError(path + ": '" + part + "' has no sub-fields");
      switch (f->cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_DOUBLE: refl->SetRepeatedDouble(msg, f, index, value); return;
        case pb::FieldDescriptor::CPPTYPE_FLOAT: refl->SetRepeatedFloat(msg, f, index, static_cast<float>(value)); return;
        default: throw ScenarioLoadError(path + ": only repeated floating-point fields can be set by index");
      }
    }
    if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      if (last) throw ScenarioLoadError(path + ": is a message, not a number");
      msg = refl->MutableMessage(msg, f);
      pos = dot + 1;
      continue;
    }
    if (!last) throw ScenarioLoadError(path + ": '" + part + "' has no sub-fields");
    const bool integral = std::floor(value) == value;
    auto need_int = [&](double lo, double hi) {
      if (!integral || value < lo || value > hi)
        throw ScenarioLoadError(path + ": " + format_double(value) + " is not a valid " + f->type_name());
    };
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: refl->SetDouble(msg, f, value); return;
      case pb::FieldDescriptor::CPPTYPE_FLOAT: refl->SetFloat(msg, f, static_cast<float>(value)); return;
      case pb::FieldDescriptor::CPPTYPE_INT32: need_int(-2147483648.0, 2147483647.0); refl->SetInt32(msg, f, static_cast<std::int32_t>(value)); return;
      case pb::FieldDescriptor::CPPTYPE_UINT32: need_int(0, 4294967295.0); refl->SetUInt32(msg, f, static_cast<std::uint32_t>(value)); return;
      case pb::FieldDescriptor::CPPTYPE_INT64: need_int(-9.2e18, 9.2e18); refl->SetInt64(msg, f, static_cast<std::int64_t>(value)); return;
      case pb::FieldDescriptor::CPPTYPE_UINT64: need_int(0, 1.8e19); refl->SetUInt64(msg, f, static_cast<std::uint64_t>(value)); return;
      case pb::FieldDescriptor::CPPTYPE_BOOL: refl->SetBool(msg, f, value != 0.0); return;
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        need_int(-2147483648.0, 2147483647.0);
        const auto* ev = f->enum_type()->FindValueByNumber(static_cast<int>(value));
        if (!ev) throw ScenarioLoadError(path + ": " + format_double(value) + " is not a value of " + f->enum_type()->name());
        refl->SetEnum(msg, f, ev);
        return;
      }
      default: throw ScenarioLoadError(path + ": is not a numeric field");
    }
  }
}

}  // namespace

v1::Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  v1::Scenario s;
#if defined(SALESIM_HAVE_SCENARIO_LOADER)
  try {
    s = scenario::load_scenario(path, scenario::LoadOptions{.overrides = overrides});
  } catch (const scenario::ScenarioError& e) {
    throw ScenarioLoadError(e.what());
  }
#else
  s = parse_plain(path);
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos) throw ScenarioLoadError("--set " + o + ": expected path=value");
    const std::string value = o.substr(eq + 1);
    double v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size())
      throw ScenarioLoadError("--set " + o + ": '" + value + "' is not a number");
    set_by_reflection(s, o.substr(0, eq), v);
  }
#endif
  if (s.name().empty()) s.set_name(std::filesystem::path(path).stem().string());
  return s;
}

void set_numeric_field(v1::Scenario& scenario, const std::string& path, double value) {
#if defined(SALESIM_HAVE_SCENARIO_LOADER)
  try {
    scenario::set_field(scenario, path, format_double(value));
  } catch (const scenario::ScenarioError& e) {
    throw ScenarioLoadError(e.what());
  }
#else
  set_by_reflection(scenario, path, value);
#endif
}

void prepare_for_run(v1::Scenario& scenario) {
#if defined(SALESIM_HAVE_SCENARIO_LOADER)
  const std::vector<scenario::Diagnostic> problems = scenario::validate(scenario);
  if (!problems.empty()) {
    std::string msg;
    for (const auto& d : problems) {
      if (!msg.empty()) msg += '\n';
      msg += d.to_string();
    }
    throw ScenarioLoadError(msg);
  }
#endif
  auto* e = scenario.mutable_experiment();
  if (e->replications() == 0) e->set_replications(200);
  if (e->horizon_days() == 0) e->set_horizon_days(365);
  if (e->max_replications() == 0) e->set_max_replications(100000);
}

std::string scenario_to_text(const v1::Scenario& scenario) {
#if defined(SALESIM_HAVE_SCENARIO_LOADER)
  return scenario::to_text(scenario);
#endif
  std::string out;
  pb::TextFormat::Printer printer;
  printer.PrintToString(scenario, &out);
  return out;
}

bool scenario_schema_markdown([[maybe_unused]] std::string& out) {
#if defined(SALESIM_HAVE_SCENARIO_LOADER)
  out = scenario::reference_markdown();
  return true;
#else
  return false;
#endif
}

}  // namespace salesim::experiment
