// docs/scenario-reference.md, generated from the schema's descriptor set (compiled in with its
// comments by embed.cmake), plus the rules the validator applies to each field, so the reference
// never drifts from the schema or the checks.
#include <deque>
#include <memory>
#include <set>
#include <sstream>

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>

#include "salesim/v1/param.pb.h"
#include "sim/model/defaults.h"
#include "sim/scenario/internal.h"

extern const unsigned char salesim_scenario_descriptor_set[];
extern const std::size_t salesim_scenario_descriptor_set_size;

namespace salesim::scenario {

using namespace detail;

namespace {

using FD = pb::FieldDescriptor;

// A comment as one line for a table cell (or a paragraph): trimmed lines joined by spaces.
std::string one_line(const std::string& comment) {
  std::string out, line;
  std::istringstream in(comment);
  while (std::getline(in, line)) {
    const auto b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    const auto e = line.find_last_not_of(" \t");
    if (!out.empty()) out += ' ';
    out += line.substr(b, e - b + 1);
  }
  std::string escaped;
  for (char c : out) {
    if (c == '|') escaped += "\\|";
    else escaped += c;
  }
  return escaped;
}

template <typename D>
std::string leading(const D* d) {
  pb::SourceLocation loc;
  if (!d->GetSourceLocation(&loc)) return {};
  return one_line(loc.leading_comments.empty() ? loc.trailing_comments : loc.leading_comments);
}

std::string anchor(const std::string& name) {
  std::string out;
  for (char c : name) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string type_name(const FD* f) {
  std::string t;
  if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
    t = "[" + f->message_type()->name() + "](#" + anchor(f->message_type()->name()) + ")";
  } else if (f->cpp_type() == FD::CPPTYPE_ENUM) {
    t = "[" + f->enum_type()->name() + "](#" + anchor(f->enum_type()->name()) + ")";
  } else {
    t = f->type_name();
  }
  if (f->is_repeated()) return "repeated " + t;
  if (f->has_optional_keyword()) return "optional " + t;
  return t;
}

std::string rules(const FD* f) {
  std::string out;
  const v1::Param& p = model::param_of(f);
  if (auto r = range_for(f)) out = r->describe();
  if (p.integer()) out += (out.empty() ? "" : ", ") + std::string("whole");
  const std::string note = rule_note(f);
  if (!note.empty()) out += (out.empty() ? "" : "; ") + note;
  if (f->cpp_type() == FD::CPPTYPE_DOUBLE || f->cpp_type() == FD::CPPTYPE_FLOAT) {
    if (out.empty()) out = "finite";
  }
  if (p.descriptive()) out += (out.empty() ? "" : "; ") + std::string("descriptive: the model reads nothing from it");
  if (p.file_only()) out += (out.empty() ? "" : "; ") + std::string("file only: --set and sweeps refuse it");
  if (p.per_run()) out += (out.empty() ? "" : "; ") + std::string("one per run: not a sweep axis; compared plans agree on it");
  return out;
}

// "lognormal(mean 400000, cv 0.5)", "fixed 24"; a message of numbers: "6, 10, 6, 8, 6".
std::string short_text(const pb::Message& m) {
  std::vector<const FD*> fields;
  m.GetReflection()->ListFields(m, &fields);
  std::string out;
  for (const FD* f : fields) {
    std::string v;
    if (f->cpp_type() == FD::CPPTYPE_MESSAGE && !f->is_repeated()) {
      const pb::Message& sub = m.GetReflection()->GetMessage(m, f);
      if (f->real_containing_oneof() != nullptr) {
        std::vector<const FD*> inner;
        sub.GetReflection()->ListFields(sub, &inner);
        std::string args;
        for (const FD* g : inner) {
          std::string x;
          pb::TextFormat::PrintFieldValueToString(sub, g, -1, &x);
          args += (args.empty() ? "" : ", ") + g->name() + " " + x;
        }
        v = f->name() + "(" + args + ")";
      } else {
        v = short_text(sub);
      }
    } else if (f->is_repeated()) {
      v = std::to_string(m.GetReflection()->FieldSize(m, f)) + " entries";
    } else {
      pb::TextFormat::PrintFieldValueToString(m, f, -1, &v);
      if (f->real_containing_oneof() != nullptr) v = f->name() + " " + v;
    }
    out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

const char* kPrelude = R"(# Scenario reference

<!-- Generated from sim/proto/salesim/v1/*.proto by `salesim schema` (or
     `cmake --build build --target scenario-reference`); do not edit by hand.
     tests/scenario checks that this file is current. -->

A scenario is one `salesim.v1.Scenario` message, written by hand in Protobuf text format
(`.txtpb`, the main format) or in the Protobuf JSON mapping (`.json`). Shipped examples are in
`scenarios/` (see `scenarios/README.md`). Load and check one with `salesim validate FILE`;
print the fully resolved scenario with `salesim validate --print FILE`.

```
# scenarios/my_branch.txtpb: what if we had a fourth PM?
base: "golden_triangle.txtpb"
team { cohorts { name: "pm" count: 4 } }
```

## Overlays (`base:`)

A file with `base: "other.txtpb"` states only what differs from its base. Bases may have bases
(up to 16 files), and a cycle is reported with its chain (`a.txtpb -> b.txtpb -> a.txtpb`). An
absolute path is used as it is; a relative one is looked for in this order, and the first
existing file wins:

1. beside the file that names it;
2. in each folder of the environment variable `SALESIM_SCENARIO_PATH` (colon-separated), left to
   right;
3. in the installed scenarios beside the binary, `<bin>/../share/salesim/scenarios` (wherever
   the installed tree was put or moved);
4. in the scenarios folder of the configured install prefix (e.g. `/usr/share/salesim/scenarios`).

So your own file with `base: "golden_triangle.txtpb"` finds the shipped baseline when no
`golden_triangle.txtpb` lies beside it. A scenario FILE on the command line is found the same way,
with the current folder as step 1 (`salesim run golden_triangle.txtpb` works from any folder).
`salesim validate --print` starts with comment lines naming the files it read, in chain order.

Merge rules, applied field by field for every field the overlay *writes* (even when it writes
`0` or `false`):

- **Scalars** (numbers, strings, booleans, enums) replace the base value.
- **Messages** merge recursively by the same rules.
- **One-of members** (e.g. a `Distribution`'s kind): writing one member drops the base's other
  member; writing the same member merges into it (`lognormal { cv: 0.8 }` keeps the base's mean).
- **Repeated messages with a `name`** (segments, competitors, cohorts) merge by name: an element
  whose name matches a base element merges into it; a new name is appended. To remove a cohort,
  set its `count: 0`.
- **Other repeated fields** (holidays, efficiency entries, presence lists, seasonality, sweep
  axes) are replaced as a whole when the overlay writes them.
- `base`, `name` and `description` are never inherited: `name` defaults to the top file's name
  without extension.

Errors point into the file that set the field, so a bad value inherited from a base is reported
at the base's line.

## Overrides (`--set path=value`)

`salesim run|compare|validate|sweep --set path=value` (repeatable) and sweep axes set one field by
path, after overlays and before validation:

- Fields are separated by `.`: `formation.offside.am_share=0.3`.
- Repeated elements by index or, for elements with a `name`, by name:
  `team.cohorts[pm].count=4`, `competitors[0].strength=1.2`,
  `market.segments[large].quarterly_seasonality[3]=1.4`. An element must already exist.
- Values are type-checked: whole numbers for counts (`4` or `4.0`, not `4.5`), `true`/`false`,
  enums by name (`PROJECT_MANAGER`), finite numbers.
- A `Distribution` field given a number becomes `fixed`; any message field accepts text format in
  braces: `team.cohorts[am].tenure_months={ uniform { min: 6 max: 24 } }`.

## Errors

Every problem is reported as `file:line:col: field.path: what is wrong and what is allowed`
(syntax errors: `file:line:col: message`; JSON positions come from scanning the text, as the
JSON parser gives none, and its syntax errors name only the file; `--set` errors name `--set`). All problems of a load are reported at once (at most 50), and the
command exits non-zero. Checks, beyond each field's range in the tables below:

- every number is finite (no `nan`, `inf`);
- distributions: parameters in range (`uniform` min <= max, `exponential`/`lognormal` mean > 0,
  `gamma` shape, scale > 0, `beta` alpha, beta > 0, `triangular` min <= mode <= max, `empirical`
  values given and weights matching), and their draws within the field's values (skills in
  [0, 1]: bounded kinds only; every other quantity >= 0);
- names of segments, competitors and cohorts present, unique and usable in paths;
  references to segments exist;
- a role with work has people: buying projects need someone hunting (an ACCOUNT_MANAGER, or a
  misplaced PROJECT_MANAGER), big projects a PROJECT_MANAGER (or covering by a MANAGER), demo and
  solution hours a PRESALES (or offside AMs); offside/misplaced/covering need the role they move;
- sweeps: every axis path is a valid `--set` path and every value leaves a valid scenario.

## Limits

Against hostile or mistaken files: )";

}  // namespace

std::string reference_markdown() {
  pb::FileDescriptorSet set;
  if (!set.ParseFromArray(salesim_scenario_descriptor_set, static_cast<int>(salesim_scenario_descriptor_set_size))) {
    return "# Scenario reference\n\n(descriptor set missing)\n";
  }
  pb::DescriptorPool pool;
  for (const auto& file : set.file()) pool.BuildFile(file);
  const pb::Descriptor* root = pool.FindMessageTypeByName("salesim.v1.Scenario");
  if (root == nullptr) return "# Scenario reference\n\n(salesim.v1.Scenario missing)\n";

  std::ostringstream md;
  md << kPrelude;
  md << "a file is at most " << Limits::max_file_bytes << " bytes and nests at most "
     << Limits::max_nesting_depth << " levels; an overlay chain has at most " << Limits::max_overlay_depth
     << " files; a team at most " << format_number(Limits::max_people) << " people; a market at most "
     << format_number(Limits::max_accounts) << " accounts; an experiment at most "
     << format_number(Limits::max_replications) << " replications and " << format_number(Limits::max_horizon_days)
     << " days; the work estimate of a replication, (people + accounts) x (warm-up + horizon days), at most "
     << format_number(Limits::max_work_estimate) << ", and of the run (that times replications and design points) at most "
     << format_number(Limits::max_run_work_estimate) << ".\n\n";

  // Messages in the order they are reached from Scenario, then the enums they use.
  std::vector<const pb::Descriptor*> messages;
  std::vector<const pb::EnumDescriptor*> enums;
  std::set<const void*> seen{root};
  std::deque<const pb::Descriptor*> queue{root};
  while (!queue.empty()) {
    const pb::Descriptor* d = queue.front();
    queue.pop_front();
    messages.push_back(d);
    for (int i = 0; i < d->field_count(); ++i) {
      const FD* f = d->field(i);
      if (f->cpp_type() == FD::CPPTYPE_MESSAGE && seen.insert(f->message_type()).second) queue.push_back(f->message_type());
      if (f->cpp_type() == FD::CPPTYPE_ENUM && seen.insert(f->enum_type()).second) enums.push_back(f->enum_type());
    }
  }
  md << "## Messages\n\n";
  for (const pb::Descriptor* d : messages) {
    md << "### " << d->name() << "\n\n";
    if (const std::string c = leading(d); !c.empty()) md << c << "\n\n";
    md << "| field | type | default | unit | allowed | meaning |\n|---|---|---|---|---|---|\n";
    for (int i = 0; i < d->field_count(); ++i) {
      const FD* f = d->field(i);
      std::string meaning = leading(f);
      // A field without its own comment borrows its message type's (Distribution's kinds).
      if (meaning.empty() && f->cpp_type() == FD::CPPTYPE_MESSAGE) meaning = leading(f->message_type());
      if (const pb::OneofDescriptor* o = f->real_containing_oneof()) {
        meaning = "(one of `" + o->name() + "`)" + (meaning.empty() ? "" : " " + meaning);
      }
      const v1::Param& p = model::param_of(f);
      md << "| `" << f->name() << "` | " << type_name(f) << " | " << escape_cell(default_string(f)) << " | "
         << escape_cell(p.unit()) << " | " << rules(f) << " | " << meaning << " |\n";
    }
    md << "\n";
  }
  md << "## Enums\n\n";
  for (const pb::EnumDescriptor* e : enums) {
    md << "### " << e->name() << "\n\n";
    if (const std::string c = leading(e); !c.empty()) md << c << "\n\n";
    md << "| value | meaning |\n|---|---|\n";
    for (int i = 0; i < e->value_count(); ++i) {
      const pb::EnumValueDescriptor* v = e->value(i);
      std::string meaning = leading(v);
      if (v->number() == 0) meaning = meaning.empty() ? "not set" : meaning;
      md << "| `" << v->name() << "` | " << meaning << " |\n";
    }
    md << "\n";
  }
  return md.str();
}

namespace detail {

std::string default_string(const pb::FieldDescriptor* field) {
  const v1::Param& p = model::param_of(field);
  if (p.has_default_value()) {
    return field->cpp_type() == FD::CPPTYPE_BOOL ? (p.default_value() != 0 ? "true" : "false") : format_number(p.default_value());
  }
  if (!p.default_text().empty()) {
    const FD* g = model::generated_field(field);  // the reference reads another pool, for comments
    if (field->cpp_type() == FD::CPPTYPE_ENUM || g == nullptr) return p.default_text();
    std::unique_ptr<pb::Message> holder(pb::MessageFactory::generated_factory()->GetPrototype(g->containing_type())->New());
    if (!pb::TextFormat::ParseFromString(g->name() + ": " + p.default_text(), holder.get())) return p.default_text();
    const pb::Reflection* r = holder->GetReflection();
    if (g->is_repeated()) {
      const int n = r->FieldSize(*holder, g);
      if (g->cpp_type() == FD::CPPTYPE_MESSAGE || n > 6) return std::to_string(n) + " entries";
      std::string out;
      for (int k = 0; k < n; ++k) {
        std::string x;
        pb::TextFormat::PrintFieldValueToString(*holder, g, k, &x);
        out += (k ? ", " : "") + x;
      }
      return "[" + out + "]";
    }
    return short_text(r->GetMessage(*holder, g));
  }
  if (!p.default_note().empty()) return p.default_note();
  if (field->is_repeated() || field->cpp_type() == FD::CPPTYPE_MESSAGE || field->cpp_type() == FD::CPPTYPE_STRING) return "";
  if (field->cpp_type() == FD::CPPTYPE_BOOL) return "false";
  if (field->cpp_type() == FD::CPPTYPE_ENUM) return "";
  return "0";
}

std::string escape_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

}  // namespace detail

}  // namespace salesim::scenario
