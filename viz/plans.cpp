#include "viz/plans.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <algorithm>
#include <filesystem>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

#ifdef SALESIM_VIZ_HAS_LOADER
#include "sim/scenario/loader.h"
#include "viz/file_output.h"
#endif

namespace salesim::viz {
namespace fs = std::filesystem;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

// User-visible messages go through QCoreApplication::translate("salesim", "...") written out,
// so that lupdate finds them.
std::string str(const QString& s) { return s.toStdString(); }
QString q(const std::string& s) { return QString::fromStdString(s); }

std::string pad(int indent) { return std::string(static_cast<std::size_t>(indent) * 2, ' '); }

std::string value_of(const Message& m, const FieldDescriptor* f, int index) {
  std::string text;
  google::protobuf::TextFormat::PrintFieldValueToString(m, f, index, &text);
  return text;
}

// The repeated message field's element type has a string `name` (merged by name in overlays).
const FieldDescriptor* name_field(const FieldDescriptor* f) {
  if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return nullptr;
  const FieldDescriptor* n = f->message_type()->FindFieldByName("name");
  return n && !n->is_repeated() && n->cpp_type() == FieldDescriptor::CPPTYPE_STRING ? n : nullptr;
}

bool has_value(const Message& m, const FieldDescriptor* f) {
  return f->has_presence() ? m.GetReflection()->HasField(m, f) : true;
}

void print_all(const Message& m, int indent, std::string& out);

// One field of `m` written out whole (every element of a list; a scalar even at its default).
void print_field(const Message& m, const FieldDescriptor* f, int indent, std::string& out) {
  const Reflection* r = m.GetReflection();
  const int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
  for (int i = 0; i < n; ++i) {
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Message& sub = f->is_repeated() ? r->GetRepeatedMessage(m, f, i) : r->GetMessage(m, f);
      out += pad(indent) + f->name() + " {\n";
      print_all(sub, indent + 1, out);
      out += pad(indent) + "}\n";
    } else {
      out += pad(indent) + f->name() + ": " + value_of(m, f, f->is_repeated() ? i : -1) + "\n";
    }
  }
}

// Every field `m` has: with presence when set, without presence always (so a 0 or false that
// differs from a model default is written, not left to the default).
void print_all(const Message& m, int indent, std::string& out) {
  const auto* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated() ? m.GetReflection()->FieldSize(m, f) == 0 : !has_value(m, f)) continue;
    print_field(m, f, indent, out);
  }
}

// The fields of `plan` that differ from `base` (same type), as overlay text at `indent`.
void diff(const Message& base, const Message& plan, int indent, std::string& out,
          const std::vector<std::string>& skip) {
  using google::protobuf::util::MessageDifferencer;
  const auto* d = plan.GetDescriptor();
  const Reflection* r = plan.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (std::find(skip.begin(), skip.end(), f->name()) != skip.end()) continue;
    if (f->is_repeated()) {
      const int np = r->FieldSize(plan, f), nb = r->FieldSize(base, f);
      if (const FieldDescriptor* key = name_field(f)) {
        // Merged by name: each element of the plan with what differs from the base element of
        // its name, or whole when the base has none. (An overlay cannot remove an element.)
        for (int e = 0; e < np; ++e) {
          const Message& pe = r->GetRepeatedMessage(plan, f, e);
          const std::string name = pe.GetReflection()->GetString(pe, key);
          const Message* be = nullptr;
          for (int j = 0; j < nb && !be; ++j) {
            const Message& c = r->GetRepeatedMessage(base, f, j);
            if (c.GetReflection()->GetString(c, key) == name) be = &c;
          }
          std::string inner;
          if (be == nullptr) print_all(pe, indent + 1, inner);
          else diff(*be, pe, indent + 1, inner, {"name"});
          if (inner.empty()) continue;
          out += pad(indent) + f->name() + " {\n" + pad(indent + 1) + "name: " + value_of(pe, key, -1) + "\n" + inner;
          out += pad(indent) + "}\n";
        }
        continue;
      }
      // Any other list is replaced as a whole.
      bool same = np == nb;
      for (int e = 0; same && e < np; ++e)
        same = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
                   ? MessageDifferencer::Equals(r->GetRepeatedMessage(plan, f, e), r->GetRepeatedMessage(base, f, e))
                   : value_of(plan, f, e) == value_of(base, f, e);
      if (!same) print_field(plan, f, indent, out);
      continue;
    }
    if (!has_value(plan, f)) continue;  // absent in the plan: an overlay cannot unset it
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Message& pm = r->GetMessage(plan, f);
      if (!has_value(base, f)) {  // new, or another member of a oneof: whole
        print_field(plan, f, indent, out);
        continue;
      }
      std::string inner;
      diff(r->GetMessage(base, f), pm, indent + 1, inner, {});
      if (!inner.empty()) out += pad(indent) + f->name() + " {\n" + inner + pad(indent) + "}\n";
      continue;
    }
    if (has_value(base, f) && value_of(base, f, -1) == value_of(plan, f, -1)) continue;
    print_field(plan, f, indent, out);
  }
}

// A string as a text-format literal.
std::string value_of_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

// "a/b/c.txtpb" -> "c".
std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

std::string absolute_normal(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  return (ec ? fs::absolute(path).lexically_normal() : p).string();
}

void write_file(const std::string& path, const std::string& text) {
  QString error;
  if (!write_file_bytes(QString::fromStdString(path), QByteArray(text.data(), static_cast<qsizetype>(text.size())), &error))
    throw std::runtime_error(error.toStdString());
}

v1::Scenario load(const std::string& path, std::vector<std::string>* files_read = nullptr) {
#ifdef SALESIM_VIZ_HAS_LOADER
  scenario::LoadOptions options;
  options.files_read = files_read;
  return scenario::load_scenario(path, options);
#else
  (void)files_read;
  throw std::runtime_error(path + ": this salesim-viz was built without the scenario loader");
#endif
}

}  // namespace

std::string overlay_diff(const v1::Scenario& base, const v1::Scenario& plan, const std::vector<std::string>& skip_top) {
  std::string out;
  diff(base, plan, 0, out, skip_top);
  return out;
}

void PlanBook::reset(const v1::Scenario& base, const std::string& base_file, const std::vector<std::string>& knob_paths) {
  base_ = base;
  base_.mutable_experiment()->clear_sweep();
  base_.clear_base();
  base_file_ = base_file;
  knob_paths_ = knob_paths;
  base_knobs_ = knobs_from_scenario(base_, knob_paths_);
  plans_.clear();
}

const Plan& PlanBook::plan(std::size_t i) const {
  if (i >= plans_.size()) throw PlanError(str(QCoreApplication::translate("salesim", "no plan %1").arg(i)));
  return plans_[i];
}

Knobs& PlanBook::knobs(std::size_t i) {
  if (i >= plans_.size()) throw PlanError(str(QCoreApplication::translate("salesim", "no plan %1").arg(i)));
  return plans_[i].knobs;
}

std::string PlanBook::free_name(const std::string& stem) const {
  auto taken = [this](const std::string& n) {
    return std::any_of(plans_.begin(), plans_.end(), [&n](const Plan& p) { return p.name == n; });
  };
  if (!taken(stem)) return stem;
  for (int k = 2;; ++k)
    if (const std::string n = stem + " " + std::to_string(k); !taken(n)) return n;
}

std::size_t PlanBook::add(const std::string& name) {
  std::string n = name;
  if (n.empty())
    for (std::size_t k = plans_.size() + 1;; ++k)
      if (n = str(QCoreApplication::translate("salesim", "Plan %1").arg(k)); free_name(n) == n) break;
  if (free_name(n) != n) throw PlanError(str(QCoreApplication::translate("salesim", "a plan named '%1' exists already").arg(q(n))));
  plans_.push_back({n, base_, base_knobs_, {}});
  return plans_.size() - 1;
}

std::size_t PlanBook::duplicate(std::size_t i, const std::string& name) {
  Plan copy = plan(i);
  const std::string n = name.empty() ? free_name(str(QCoreApplication::translate("salesim", "%1 copy").arg(q(copy.name)))) : name;
  if (free_name(n) != n) throw PlanError(str(QCoreApplication::translate("salesim", "a plan named '%1' exists already").arg(q(n))));
  copy.name = n;
  copy.file.clear();
  plans_.push_back(std::move(copy));
  return plans_.size() - 1;
}

void PlanBook::rename(std::size_t i, const std::string& name) {
  plan(i);
  if (name.find_first_not_of(" \t") == std::string::npos) throw PlanError(str(QCoreApplication::translate("salesim", "a plan needs a name")));
  for (std::size_t j = 0; j < plans_.size(); ++j)
    if (j != i && plans_[j].name == name) throw PlanError(str(QCoreApplication::translate("salesim", "a plan named '%1' exists already").arg(q(name))));
  plans_[i].name = name;
}

void PlanBook::remove(std::size_t i) {
  plan(i);
  plans_.erase(plans_.begin() + static_cast<std::ptrdiff_t>(i));
}

v1::Scenario PlanBook::scenario_of(std::size_t i) const {
  const Plan& p = plan(i);
  v1::Scenario s = p.scenario;
  apply_knobs(p.knobs, s);
  s.set_name(p.name);
  return s;
}

std::string PlanBook::overlay_text(std::size_t i, const std::string& overlay_path) const {
  const fs::path dir = fs::path(absolute_normal(overlay_path)).parent_path();
  const std::string base_rel = fs::proximate(fs::path(absolute_normal(base_file_)), dir).generic_string();
  std::string text = "# " + str(QCoreApplication::translate("salesim", "Plan \"%1\", saved by salesim-viz: the base scenario and what this plan changes.").arg(q(plan(i).name))) + "\n";
  text += "base: " + value_of_string(base_rel) + "\n";
  text += "name: " + value_of_string(plan(i).name) + "\n";
  text += overlay_diff(base_, scenario_of(i));
  return text;
}

void PlanBook::save(std::size_t i, const std::string& path) {
  plan(i);
  if (base_file_.empty()) {
    // Opened from results.pb: the base scenario goes beside the plan, once.
    const std::string stem = base_.name().empty() ? std::string("base") : base_.name();
    const std::string base_path = (fs::path(absolute_normal(path)).parent_path() / (stem + ".base.txtpb")).string();
    std::string text;
    google::protobuf::TextFormat::PrintToString(base_, &text);
    write_file(base_path, "# " + str(QCoreApplication::translate("salesim", "The base scenario of the plans beside it, as salesim-viz loaded it.")) + "\n" + text);
    base_file_ = base_path;
  }
  write_file(path, overlay_text(i, path));
  plans_[i].file = path;
}

std::size_t PlanBook::open(const std::string& path) {
  v1::Scenario s = load(path);
  s.mutable_experiment()->clear_sweep();
  Plan p;
  p.name = free_name(stem_of(path));
  p.knobs = knobs_from_scenario(s, knob_paths_);
  p.scenario = std::move(s);
  p.file = path;
  plans_.push_back(std::move(p));
  return plans_.size() - 1;
}

v1::Results run_plan_book(const PlanBook& book, const std::string& base_name, const RunSettings& settings,
                          const PlanRunner& runner) {
  if (book.size() == 0) throw std::runtime_error(str(QCoreApplication::translate("salesim", "no plans to run: add a plan first")));
  std::vector<v1::Scenario> plans = {book.base()};
  std::vector<std::string> names = {base_name.empty() ? std::string("base") : base_name};
  for (std::size_t i = 0; i < book.size(); ++i) {
    plans.push_back(book.scenario_of(i));
    names.push_back(book.plan(i).name);
  }
  return runner(plans, names, settings);
}

namespace {

// "experiment.F" for each plain field of the run settings in which `team` differs from `base`
// (the sweep is cleared for both and not compared): teams share the base's run, as
// `salesim compare` requires (sim/experiment/plans.cpp).
std::vector<std::string> experiment_differences(const v1::Scenario& base, const v1::Scenario& team) {
  std::vector<std::string> out;
  const google::protobuf::Descriptor* d = v1::Experiment::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string path = "experiment." + f->name();
    const std::string a = scenario::get_field(base, path), b = scenario::get_field(team, path);
    if (a != b) out.push_back(path + " " + b + " (" + str(QCoreApplication::translate("salesim", "the base has %1").arg(q(a))) + ")");
  }
  return out;
}

}  // namespace

WorkshopFolder load_workshop_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error(dir + ": " + str(QCoreApplication::translate("salesim", "not a folder")));
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    // Hidden files are an editor's locks and backups (.#team_c.txtpb, .team_c.txtpb.swp): not teams.
    if (entry.path().filename().string().rfind('.', 0) == 0) continue;
    const std::string ext = entry.path().extension().string();
    if (ext == ".txtpb" || ext == ".textproto" || ext == ".pbtxt" || ext == ".json") files.push_back(entry.path().string());
  }
  if (ec) throw std::runtime_error(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  WorkshopFolder out;
  out.dir = dir;
  out.file_count = files.size();
  struct Loaded {
    std::string file;
    v1::Scenario scenario;
    std::string base;  // absolute, normalised; empty: none
  };
  std::vector<Loaded> loaded;
  for (const auto& f : files) {
    try {
      std::vector<std::string> read;
      Loaded l{f, load(f, &read), {}};
      if (read.size() > 1) l.base = absolute_normal(read[1]);
      loaded.push_back(std::move(l));
    } catch (const std::exception& e) {
      // A broken file that several overlay (their base) fails each of them with the same message:
      // listed once.
      if (std::find(out.problems.begin(), out.problems.end(), e.what()) == out.problems.end()) out.problems.push_back(e.what());
    }
  }
  // The base is the file of this folder that most files overlay (their `base:`); a tie is no base.
  std::vector<std::string> in_folder;
  for (const auto& l : loaded) in_folder.push_back(absolute_normal(l.file));
  std::vector<std::pair<std::string, std::size_t>> votes;  // in file-name order of first vote
  for (const auto& l : loaded) {
    if (l.base.empty() || std::find(in_folder.begin(), in_folder.end(), l.base) == in_folder.end()) continue;
    auto it = std::find_if(votes.begin(), votes.end(), [&](const auto& v) { return v.first == l.base; });
    if (it == votes.end()) votes.emplace_back(l.base, 1);
    else ++it->second;
  }
  std::stable_sort(votes.begin(), votes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (votes.size() > 1 && votes[0].second == votes[1].second) {
    out.problems.push_back(dir + ": " + str(QCoreApplication::translate("salesim", "%1 files overlay %2 and %3 files overlay %4: which one is the workshop's base? Leave one base in the folder, or point every team file's base: at the same file")
                                                 .arg(votes[0].second).arg(q(fs::path(votes[0].first).filename().string())).arg(votes[1].second).arg(q(fs::path(votes[1].first).filename().string()))));
    return out;
  }
  if (votes.empty()) return out;  // no team: run_workshop says so
  out.base_file = votes[0].first;
  const Loaded& base = *std::find_if(loaded.begin(), loaded.end(), [&](const Loaded& l) { return absolute_normal(l.file) == out.base_file; });
  out.base = base.scenario;
  out.base.mutable_experiment()->clear_sweep();
  out.base_name = out.base.name().empty() ? stem_of(out.base_file) : out.base.name();
  const std::string base_label = fs::path(out.base_file).filename().string();
  std::vector<std::pair<Loaded*, std::string>> candidates;  // teams and their names
  for (auto& l : loaded) {
    if (absolute_normal(l.file) == out.base_file) continue;
    if (l.base.empty()) {
      out.problems.push_back(l.file + ": " + str(QCoreApplication::translate("salesim", "not a team file: it has no base: (the teams' base is %1)").arg(q(base_label))));
      continue;
    }
    if (l.base != out.base_file) {
      out.problems.push_back(l.file + ": " + str(QCoreApplication::translate("salesim", "its base: is %1, the other teams' is %2; left out").arg(q(l.base), q(base_label))));
      continue;
    }
    l.scenario.mutable_experiment()->clear_sweep();
    // Teams run on the base's settings: a team file that changes them is left out, not the run.
    const std::vector<std::string> diff = experiment_differences(out.base, l.scenario);
    if (!diff.empty()) {
      std::string fields;
      for (const auto& d : diff) fields.append(fields.empty() ? "" : ", ").append(d);
      out.problems.push_back(l.file + ": " + str(QCoreApplication::translate("salesim", "sets the run settings %1; every team runs on the base's (the same market for all), so remove the experiment block from this file; left out").arg(q(fields))));
      continue;
    }
    // Named by its name: when it sets one (the base's name is inherited, not set), else by its file.
    std::string name = (l.scenario.name().empty() || l.scenario.name() == base.scenario.name()) ? stem_of(l.file) : l.scenario.name();
    candidates.push_back({&l, std::move(name)});
  }
  // One plan per name: the file named like the plan keeps it (a copy "team_c copy.txtpb" of
  // team_c.txtpb is the one left out), else the first by file name.
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string& name = candidates[i].second;
    std::size_t keeper = i;
    for (std::size_t j = 0; j < candidates.size(); ++j)
      if (candidates[j].second == name && (stem_of(candidates[j].first->file) == name || j < keeper) &&
          stem_of(candidates[keeper].first->file) != name)
        keeper = j;
    if (name == out.base_name || keeper != i) {
      out.problems.push_back(candidates[i].first->file + ": " + str(QCoreApplication::translate("salesim", "name %1 is taken by another plan; give this team another name:; left out").arg(q(name))));
      continue;
    }
    Loaded& l = *candidates[i].first;
    l.scenario.set_name(name);
    out.team_files.push_back(l.file);
    out.team_names.push_back(name);
    out.teams.push_back(std::move(l.scenario));
  }
  return out;
}

std::string no_team_reason(const WorkshopFolder& folder) {
  if (folder.file_count == 0) return folder.dir + ": " + str(QCoreApplication::translate("salesim", "no .txtpb files in this folder"));
  if (folder.teams.empty())
    return folder.dir + ": " + str(QCoreApplication::translate("salesim", "no team files to run (a team file's base: names the base file of this folder, e.g. base: \"branch.txtpb\")"));
  return {};
}

v1::Results run_workshop(const WorkshopFolder& folder, const RunSettings& settings, const PlanRunner& runner) {
  if (const std::string why = no_team_reason(folder); !why.empty()) throw std::runtime_error(why);
  std::vector<v1::Scenario> plans = {folder.base};
  std::vector<std::string> names = {folder.base_name};
  for (std::size_t i = 0; i < folder.teams.size(); ++i) {
    plans.push_back(folder.teams[i]);
    names.push_back(folder.team_names[i]);
  }
  return runner(plans, names, settings);
}

}  // namespace salesim::viz
