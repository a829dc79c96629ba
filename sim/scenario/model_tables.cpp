// The parameter tables of docs/model.md, generated from the schema's (salesim.v1.param) options
// so the model reference never restates a default, unit or range by hand. A block in the Markdown
//
//   <!-- params: market.* deals.slip_mean_days -->
//   ...generated table...
//   <!-- /params -->
//
// lists leaf paths (or prefixes ending in ".*"); `<!-- matrix: formation.efficiency -->` renders
// the role x task default matrix. Everything between a marker and its end is rewritten.
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include <google/protobuf/text_format.h>

#include "salesim/v1/param.pb.h"
#include "salesim/v1/scenario.pb.h"
#include "sim/model/defaults.h"
#include "sim/scenario/internal.h"

namespace salesim::scenario {

using namespace detail;

namespace {

using FD = pb::FieldDescriptor;

bool is_leaf(const FD* f) {
  if (f->cpp_type() != FD::CPPTYPE_MESSAGE) return true;
  const v1::Param& p = model::param_of(f);
  return !p.default_text().empty() || p.keep_absent() || f->message_type()->full_name() == "salesim.v1.Distribution";
}

void collect(const pb::Descriptor* d, const std::string& prefix, std::vector<ParamLeaf>& out, int depth) {
  if (depth > 8) return;
  for (int i = 0; i < d->field_count(); ++i) {
    const FD* f = d->field(i);
    if (model::param_of(f).overlay()) continue;  // Phase.set: the same parameters again
    const std::string path = prefix + f->name() + (f->is_repeated() && f->cpp_type() == FD::CPPTYPE_MESSAGE && !is_leaf(f) ? "[]" : "");
    if (is_leaf(f)) {
      out.push_back({path, f});
    } else {
      collect(f->message_type(), path + ".", out, depth + 1);
    }
  }
}

bool matches(const std::string& pattern, const std::string& path) {
  if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
    return path.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  }
  return pattern == path;
}

std::string params_table(const std::vector<ParamLeaf>& leaves, const std::vector<std::string>& patterns) {
  std::ostringstream md;
  md << "| field | unit | default | allowed | meaning |\n|---|---|---|---|---|\n";
  for (const ParamLeaf& leaf : leaves) {
    bool listed = false;
    for (const std::string& p : patterns) listed = listed || matches(p, leaf.path);
    if (!listed) continue;
    const v1::Param& p = model::param_of(leaf.field);
    std::string allowed;
    if (leaf.field->cpp_type() == FD::CPPTYPE_BOOL) allowed = "true, false";
    else if (leaf.field->cpp_type() == FD::CPPTYPE_ENUM) allowed = "enum";
    else if (p.has_min() || p.has_max()) {
      allowed = Range{p.has_min() ? p.min() : -std::numeric_limits<double>::infinity(),
                      p.has_max() ? p.max() : std::numeric_limits<double>::infinity(), p.min_exclusive(), p.max_exclusive()}
                    .describe();
    } else if (p.unbounded()) {
      allowed = "finite";
    }
    md << "| `" << leaf.path << "` | " << escape_cell(p.unit()) << " | " << escape_cell(default_string(leaf.field)) << " | "
       << allowed << " | " << escape_cell(p.label()) << " |\n";
  }
  return md.str();
}

// The default role x task matrix of a repeated RoleEfficiency field.
std::string matrix_table(const std::vector<ParamLeaf>& leaves, const std::string& path) {
  const FD* f = nullptr;
  for (const ParamLeaf& leaf : leaves) {
    if (leaf.path == path) f = leaf.field;
  }
  if (f == nullptr || f->cpp_type() != FD::CPPTYPE_MESSAGE) return "(no matrix at " + path + ")\n";
  std::unique_ptr<pb::Message> holder(pb::MessageFactory::generated_factory()->GetPrototype(f->containing_type())->New());
  pb::TextFormat::ParseFromString(f->name() + ": " + model::param_of(f).default_text(), holder.get());
  const pb::Reflection* r = holder->GetReflection();
  const pb::Descriptor* e = f->message_type();
  const FD* role = e->FindFieldByName("role");
  const FD* task = e->FindFieldByName("task");
  const FD* value = e->FindFieldByName("efficiency");
  std::map<int, std::map<int, double>> m;
  for (int k = 0; k < r->FieldSize(*holder, f); ++k) {
    const pb::Message& x = r->GetRepeatedMessage(*holder, f, k);
    m[x.GetReflection()->GetEnumValue(x, role)][x.GetReflection()->GetEnumValue(x, task)] = x.GetReflection()->GetDouble(x, value);
  }
  std::ostringstream md;
  md << "| role \\ task |";
  for (int t = 1; t < task->enum_type()->value_count(); ++t) md << " " << task->enum_type()->value(t)->name() << " |";
  md << "\n|---|";
  for (int t = 1; t < task->enum_type()->value_count(); ++t) md << "---|";
  md << "\n";
  for (const auto& [ro, row] : m) {
    md << "| " << role->enum_type()->FindValueByNumber(ro)->name() << " |";
    for (int t = 1; t < task->enum_type()->value_count(); ++t) {
      const auto it = row.find(task->enum_type()->value(t)->number());
      md << " " << (it == row.end() ? std::string("—") : format_number(it->second)) << " |";
    }
    md << "\n";
  }
  return md.str();
}

}  // namespace

std::vector<ParamLeaf> model_parameters() {
  std::vector<ParamLeaf> out;
  const pb::Descriptor* root = v1::Scenario::descriptor();
  for (int i = 0; i < root->field_count(); ++i) {
    const FD* f = root->field(i);
    if (f->cpp_type() != FD::CPPTYPE_MESSAGE || f->message_type()->full_name() == "salesim.v1.Experiment") continue;
    const std::string path = f->name() + (f->is_repeated() ? "[]" : "");
    collect(f->message_type(), path + ".", out, 1);
  }
  return out;
}

std::string model_tables(const std::string& markdown, std::vector<std::string>* unknown_patterns) {
  const std::vector<ParamLeaf> leaves = model_parameters();  // the schema walk, once
  std::istringstream in(markdown);
  std::ostringstream out;
  std::string line;
  bool skipping = false;
  while (std::getline(in, line)) {
    if (skipping) {
      if (line == "<!-- /params -->") {
        out << line << "\n";
        skipping = false;
      }
      continue;
    }
    out << line << "\n";
    for (const std::string kind : {"params", "matrix"}) {
      const std::string open = "<!-- " + kind + ": ";
      if (line.rfind(open, 0) != 0 || line.size() < open.size() + 4 || line.compare(line.size() - 4, 4, " -->") != 0) continue;
      std::istringstream words(line.substr(open.size(), line.size() - open.size() - 4));
      std::vector<std::string> patterns;
      for (std::string w; words >> w;) {
        patterns.push_back(w);
        bool any = false;
        for (const ParamLeaf& leaf : leaves) any = any || matches(w, leaf.path);
        if (!any && unknown_patterns != nullptr) unknown_patterns->push_back(w);
      }
      out << (kind == "params" ? params_table(leaves, patterns) : matrix_table(leaves, patterns.empty() ? "" : patterns.front()));
      skipping = true;
    }
  }
  return out.str();
}

}  // namespace salesim::scenario
