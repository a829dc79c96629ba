#include "sim/calibration/fit_output.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "sim/calibration/moments.h"
#include "sim/scenario/loader.h"

namespace salesim::calibration {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;

std::string num(double v) {
  if (std::isnan(v)) return "";
  std::ostringstream s;
  s << std::setprecision(6) << v;
  return s.str();
}

std::string quote_text(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string comment_of(double value, const Interval& ci, std::uint64_t n, const std::string& method) {
  std::string s = "# estimate " + num(value);
  if (!std::isnan(ci.lo) && !std::isnan(ci.hi)) s += ", 95% CI [" + num(ci.lo) + ", " + num(ci.hi) + "]";
  s += ", n = " + std::to_string(n) + ", method: " + method;
  return s;
}

// A text-format overlay under construction: nested messages, elements of named lists, leaves.
struct Node {
  std::string key, name;  // name: the element's `name` for a named list element
  std::vector<std::string> comments;
  std::string value;      // a leaf's text value
  bool leaf = false;
  std::vector<std::string> raw;  // extra text lines (already formatted)
  std::vector<Node> children;

  Node& child(const std::string& k, const std::string& n) {
    for (auto& c : children)
      if (c.key == k && c.name == n && !c.leaf) return c;
    children.push_back({k, n, {}, {}, false, {}, {}});
    return children.back();
  }
  // path "a.b[name].c": sets the leaf c.
  void set(const std::string& path, const std::string& v, std::vector<std::string> cmts) {
    Node* n = this;
    std::size_t pos = 0;
    while (true) {
      const std::size_t dot = path.find('.', pos);
      std::string tok = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
      std::string nm;
      if (const auto br = tok.find('['); br != std::string::npos) {
        nm = tok.substr(br + 1, tok.size() - br - 2);
        tok.resize(br);
      }
      if (dot == std::string::npos) {
        for (auto& c : n->children)
          if (c.key == tok && c.leaf) {
            c.value = v;
            c.comments = std::move(cmts);
            return;
          }
        n->children.push_back({tok, "", std::move(cmts), v, true, {}, {}});
        return;
      }
      n = &n->child(tok, nm);
      pos = dot + 1;
    }
  }
  void emit(std::ostream& out, int depth) const {
    const std::string ind(static_cast<std::size_t>(depth) * 2, ' ');
    for (const auto& c : comments) out << ind << c << "\n";
    if (leaf) {
      out << ind << key << ": " << value << "\n";
      return;
    }
    out << ind << key << " {\n";
    if (!name.empty()) out << ind << "  name: " << quote_text(name) << "\n";
    for (const auto& r : raw) out << ind << "  " << r << "\n";
    for (const auto& c : children) c.emit(out, depth + 1);
    out << ind << "}\n";
  }
};

struct Row {  // one line of the parameter report
  std::string parameter, status, value, lo, hi, n, unit, method, reason;
};

const char* role_enum(PersonRole r) {
  switch (r) {
    case PersonRole::pm: return "PROJECT_MANAGER";
    case PersonRole::presales: return "PRESALES";
    case PersonRole::manager: return "MANAGER";
    default: return "ACCOUNT_MANAGER";
  }
}
v1::Role role_of(PersonRole r) {
  switch (r) {
    case PersonRole::pm: return v1::PROJECT_MANAGER;
    case PersonRole::presales: return v1::PRESALES;
    case PersonRole::manager: return v1::MANAGER;
    default: return v1::ACCOUNT_MANAGER;
  }
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// The base's value of a parameter by its generic path ("market.segments[].accounts"): the value,
// or one "key: value" per element of a list ("large: 40; small: 200"); "" when the base has no
// element or the path does not read.
std::string base_value_of(const v1::Scenario& base, const std::string& generic) {
  const auto br = generic.find("[]");
  try {
    if (br == std::string::npos) return scenario::get_field(base, generic);
    const std::string list = generic.substr(0, br), rest = generic.substr(br + 2);
    std::string out;
    for (const auto& key : scenario::element_keys(base, list)) {
      const std::string v = base_value_of(base, list + "[" + key + "]" + rest);
      if (!v.empty()) out.append(out.empty() ? "" : "; ").append(key).append(": ").append(v);
    }
    return out;
  } catch (const scenario::ScenarioError&) {
    return "";
  }
}
bool contains(const std::string& s, const std::string& p) { return s.find(p) != std::string::npos; }

}  // namespace

std::string default_reason(const std::string& g, const CrmExport& d) {
  const std::string latent =
      "latent: only discovered projects become opportunities and conversion depends on skills and hours; fitted by the "
      "simulated-moments step (run without --no-simulation)";
  if (g == "market.segments[].projects_per_account_per_year" || g == "deals.win_base_utility" || g == "deals.no_decision_utility")
    return latent;
  if (g.size() > 5 && g.compare(g.size() - 5, 5, ".name") == 0)
    return "names come from the base (the export's segments, cohorts and competitors are matched to them by name)";
  if (g == "market.segments[].strategy") return "how we sell in a segment is a choice, not data";
  if (contains(g, "skills")) return "skills are not in a CRM export";
  if (contains(g, "hours")) return "hours worked are not in a CRM export";
  if (starts_with(g, "costs.") || contains(g, "loaded_cost")) return "costs and commissions are finance data, not in a CRM export";
  if (starts_with(g, "formation.")) return "how the team is organised (offside, misplaced, covering, role efficiency) is policy, not in a CRM export";
  if (starts_with(g, "people.") || contains(g, "time_to_fill")) return "ramp, learning, attrition and hiring need HR history, not in a CRM export";
  if (starts_with(g, "assessment.")) return "how people are assessed is policy, not in a CRM export";
  if (starts_with(g, "targets.") || contains(g, "annual_target")) return "targets are set by management, not in a CRM export";
  if (starts_with(g, "calendar.")) return "the working calendar is not in a CRM export";
  if (starts_with(g, "market.prospecting.") || g == "market.coverage_accounts_per_hunting_hour" || g == "market.hunting_response_exponent")
    return "how projects are found is latent (the export shows only the projects that were found)";
  if (starts_with(g, "competitors[]."))
    return d.has_competitors ? "competitor strengths and speeds are latent; the competitor rows give the collision share (a target)"
                             : "the export has no competitors file";
  if (g == "market.segments[].accounts") return "the pool of potential accounts is not in a CRM export (only accounts that had an opportunity)";
  if (g == "market.segments[].quarterly_seasonality") return "the period does not cover all four calendar quarters, or too few opportunities";
  if (contains(g, "_size_cny")) return "too few opportunities of this type with an amount in this segment (or no segment matches)";
  if (g == "market.segments[].big_project_share") return "too few basic modules and big projects, or the segment sells LAND_AND_EXPAND";
  if (starts_with(g, "market.segments[].")) return "an account-level behaviour (windows, farming, churn, renewals) not in a CRM export";
  if (starts_with(g, "deals.") && contains(g, "_days") && g != "deals.slip_mean_days" && g != "deals.cooling_off_days")
    return d.has_stage_history
               ? "elapsed stage durations include waiting for people; the customer's minimum pace is not identifiable (stage_days_mean are targets)"
               : "the export has no stage history";
  if (g == "deals.slip_mean_days" || g == "deals.shrink_scope_factor")
    return d.has_stage_history ? "too few slips or cuts in the stage history" : "the export has no stage history";
  if (g == "deals.slip_base_probability" || g == "deals.shrink_base_probability")
    return "the model's base probability before skill and competition effects; the observed share is a target";
  if (starts_with(g, "deals.")) return "a utility or discount weight of the close: latent, not identifiable from outcomes alone";
  if (starts_with(g, "team.cohorts[].")) return "not in a CRM export; new cohorts copy it from the base's cohort of the same role";
  if (starts_with(g, "team.")) return "capacity rules of the team are policy, not in a CRM export";
  if (starts_with(g, "phases")) return "policy phases are not in a CRM export";
  return "the export holds no information on it";
}

FitOutputs run_fit(const FitRequest& rq) {
  FitOutputs out;
  const v1::CrmMapping mapping = load_mapping(rq.mapping_path);
  const CrmExport data = read_export(rq.export_dir, mapping, {.strict = rq.strict}, &out.problems);
  for (const auto& p : out.problems) (p.severity == DataProblem::Severity::error ? out.rows_skipped : out.warnings) += 1;
  if (rq.on_read) rq.on_read(out.problems);
  if (data.opportunities.empty()) {
    // Nothing to fit: every estimate would be a default or nonsense (and the team would be emptied).
    std::vector<DataProblem> all = out.problems;
    const std::string file = (fs::path(rq.export_dir) / mapping.opportunities().file()).string();
    all.push_back({DataProblem::Severity::error, ProblemKind::no_opportunities, file, 0, "(file)",
                   out.rows_skipped == 0 ? std::string("no opportunities to fit: the file has a header and no rows")
                                         : "no opportunities to fit: every row was skipped (" + std::to_string(out.rows_skipped) +
                                               " row error" + (out.rows_skipped == 1 ? "" : "s") + ")"});
    throw DataError(std::move(all));
  }

  std::vector<std::string> files_read;
  scenario::LoadOptions lo;
  lo.files_read = &files_read;
  const v1::Scenario base = scenario::load_scenario(rq.base_path, lo);
  const std::string base_file = files_read.empty() ? rq.base_path : files_read.front();

  // User overrides: checked against the base, kept as path -> value text.
  std::vector<std::pair<std::string, std::string>> overrides;
  if (!rq.overrides.empty()) {
    // The values as `salesim run --set` checks them: applied to the base and validated (ranges,
    // cross-field rules); diagnostics name "--set".
    scenario::LoadOptions with_sets;
    with_sets.overrides = rq.overrides;
    (void)scenario::load_scenario(rq.base_path, with_sets);
  }
  {
    v1::Scenario probe = base;
    for (const auto& a : rq.overrides) {
      scenario::apply_override(probe, a);
      const auto eq = a.find('=');
      std::string path = a.substr(0, eq), value = a.substr(eq + 1);
      if (!path.empty() && path.back() == ']' && std::isdigit(static_cast<unsigned char>(path[path.find_last_of('[') + 1])))
        throw scenario::ScenarioError({{"--set", 0, 0, path, "fit writes an overlay, which cannot set one list entry by index; set the whole list"}});
      const pb::FieldDescriptor* f = scenario::field_at(base, path);
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) value = quote_text(value);
      else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && (value.empty() || value.front() != '{')) value = "{ fixed: " + value + " }";
      overrides.emplace_back(path, value);
    }
  }
  std::set<std::string> overridden;
  for (const auto& [p, v] : overrides) overridden.insert(p);
  auto is_overridden = [&](const std::string& field) {
    for (const auto& p : overridden)
      if (field == p || starts_with(field, p + ".") || starts_with(field, p + "[")) return true;
    return false;
  };

  if (mapping.period_start().empty() || mapping.period_end().empty())
    out.notes.push_back(std::string("the mapping states no ") +
                        (mapping.period_start().empty() && mapping.period_end().empty() ? "period_start or period_end"
                         : mapping.period_start().empty()                                 ? "period_start"
                                                                                          : "period_end") +
                        ": the period is taken from the data (the earliest created date to the day after the latest date); "
                        "state it in the mapping when the export holds deals opened before the period or was taken later");
  out.direct = fit_export(data, base);
  const FitResult& fr = out.direct;
  out.notes.insert(out.notes.end(), fr.notes.begin(), fr.notes.end());

  // ---- The overlay ------------------------------------------------------------------------
  // Every estimate written must be a value the schema allows: each is tried on the base with the
  // ones accepted before it (set_field, then validate); one that breaks a rule is not written, the
  // field keeps the base's value, and the report and a note say which rule. Fields the base does not
  // have (a new cohort's) are checked by the final load of the overlay instead.
  v1::Scenario admitted = base;
  std::map<std::string, std::string> rejected;  // field -> why (with the estimate)
  auto admissible = [&](const std::vector<std::pair<std::string, std::string>>& sets, const std::string& shown_value) {
    v1::Scenario trial = admitted;
    try {
      for (const auto& [field, value] : sets) {
        (void)scenario::field_at(trial, field);
      }
    } catch (const scenario::ScenarioError&) {
      return true;  // not in the base: see above
    }
    std::string why;
    try {
      for (const auto& [field, value] : sets) scenario::set_field(trial, field, value);
      if (const auto d = scenario::validate(trial); !d.empty()) why = d.front().field_path + ": " + d.front().message;
    } catch (const scenario::ScenarioError& e) {
      why = e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().front().message;
    }
    const std::string field = sets.front().first.substr(0, sets.size() > 1 ? sets.front().first.rfind('[') : std::string::npos);
    if (why.empty()) {
      admitted = std::move(trial);
      return true;
    }
    rejected[field] = "the estimate " + shown_value + " is outside what the schema allows (" + why + "); the base's value is kept";
    out.notes.push_back(field + ": not written: " + rejected[field]);
    return false;
  };
  Node root;
  std::map<std::string, std::vector<const Estimate*>> seasonality;  // field prefix -> 4 estimates
  for (const auto& e : fr.estimates) {
    if (!e.sets_field || e.field.empty()) continue;
    if (contains(e.field, "quarterly_seasonality[")) {
      seasonality[e.field.substr(0, e.field.find('[', e.field.find("quarterly_seasonality")))].push_back(&e);
      continue;
    }
    if (is_overridden(e.field)) continue;
    std::string value = e.quantity == "head_count" ? std::to_string(static_cast<long long>(e.value)) : num(e.value);
    std::string field = e.field;
    if (e.quantity == "tenure_months") value = "{ fixed: " + value + " }";
    if (!std::isfinite(e.value)) {
      rejected[field] = "the estimate is not a finite number; the base's value is kept";
      out.notes.push_back(field + ": not written: " + rejected[field]);
      continue;
    }
    if (!admissible({{field, value}}, num(e.value))) continue;
    root.set(field, value, {comment_of(e.value, e.ci, e.n, e.method)});
    ++out.fitted_fields;
  }
  for (const auto& [field, es] : seasonality) {
    if (es.size() != 4 || is_overridden(field)) continue;
    std::vector<std::pair<std::string, std::string>> sets;
    for (std::size_t q = 0; q < 4; ++q) sets.emplace_back(field + "[" + std::to_string(q) + "]", num(es[q]->value));
    if (!admissible(sets, "[" + num(es[0]->value) + ", " + num(es[1]->value) + ", " + num(es[2]->value) + ", " + num(es[3]->value) + "]"))
      continue;
    std::vector<std::string> comments;
    std::string list = "[";
    for (std::size_t q = 0; q < 4; ++q) {
      comments.push_back(comment_of(es[q]->value, es[q]->ci, es[q]->n, es[q]->method) + " (Q" + std::to_string(q + 1) + ")");
      list.append(q ? ", " : "").append(num(es[q]->value));
    }
    root.set(field, list + "]", comments);
    ++out.fitted_fields;
  }
  // Cohorts: new ones copy what the export cannot say from the base's cohort of the same role;
  // base cohorts the export does not have are emptied (count 0).
  if (!fr.cohorts.empty()) {
    std::set<std::string> fitted_names;
    for (const auto& c : fr.cohorts) fitted_names.insert(c.name);
    for (const auto& c : fr.cohorts) {
      const std::string path = "team.cohorts[" + c.name + "]";
      bool in_base = false;
      for (const auto& bc : base.team().cohorts()) in_base |= bc.name() == c.name;
      if (in_base) continue;
      root.set(path + ".role", role_enum(c.role), {});
      for (const auto& bc : base.team().cohorts()) {
        if (bc.role() != role_of(c.role)) continue;
        v1::Cohort copy = bc;
        copy.clear_name();
        copy.clear_count();
        copy.clear_tenure_months();
        copy.clear_role();
        copy.clear_start_day();
        pb::TextFormat::Printer printer;
        printer.SetSingleLineMode(true);
        std::string text;
        printer.PrintToString(copy, &text);
        while (!text.empty() && text.back() == ' ') text.pop_back();
        Node& n = root.child("team", "").child("cohorts", c.name);
        n.raw.push_back("# not in the export: copied from the base's cohort " + quote_text(bc.name()));
        out.notes.push_back("cohort " + quote_text(c.name) + " (" + std::to_string(c.count) + " " + v1::Role_Name(role_of(c.role)) +
                            (c.owners_not_in_roster > 0 ? ", " + std::to_string(c.owners_not_in_roster) + " of them opportunity owners not in the roster" : std::string()) +
                            ") is not in the base: its skills, hours and other fields the export cannot show are copied from the base's cohort " +
                            quote_text(bc.name()) + " (the base's first cohort of that role)" +
                            (std::isnan(c.tenure_months) ? "; no hire dates: its tenure is the schema default, not fitted" : ""));
        if (!text.empty()) n.raw.push_back(text);
        break;
      }
    }
    // A base cohort of a role the export has people of is replaced by the fitted ones (emptied);
    // one of a role the export has nobody of (e.g. no presales in the CRM) is kept as it is.
    std::set<v1::Role> fitted_roles;
    for (const auto& c : fr.cohorts) fitted_roles.insert(role_of(c.role));
    for (const auto& bc : base.team().cohorts()) {
      if (fitted_names.count(bc.name()) || is_overridden("team.cohorts[" + bc.name() + "]")) continue;
      if (fitted_roles.count(bc.role())) {
        root.set("team.cohorts[" + bc.name() + "].count", "0", {"# replaced by the export's people of this role: emptied"});
        out.notes.push_back("cohort " + quote_text(bc.name()) + " (" + v1::Role_Name(bc.role()) + ", " + std::to_string(bc.count()) +
                            " in the base) is emptied (count 0): the export's people of this role replace it (the fitted cohorts)");
      } else {
        out.notes.push_back("cohort " + quote_text(bc.name()) + " (" + v1::Role_Name(bc.role()) +
                            ") kept from the base: the export names nobody in this role");
      }
    }
  }
  for (const auto& [p, v] : overrides) root.set(p, v, {"# overridden by --set"});
  out.overridden_fields = static_cast<std::uint32_t>(overrides.size());
  if (fr.period_days > 0 && !is_overridden("experiment.horizon_days"))
    root.set("experiment.horizon_days", num(fr.period_days), {"# the export's period (" + num(fr.period_days) + " days)"});

  const fs::path out_dir = fs::absolute(rq.out_dir);
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(base_file), out_dir, ec);
  if (ec || rel.empty()) rel = fs::absolute(base_file);
  // The file names its base relative to DIR; the checks here load it with the absolute path, as DIR
  // may not exist yet (a relative path through it would not resolve).
  auto render = [&](const Node& r, bool absolute_base = false) {
    std::ostringstream s;
    s << "# Fitted by `salesim fit` from the CRM export " << quote_text(rq.export_dir) << " read with the mapping "
      << quote_text(mapping.name().empty() ? rq.mapping_path : mapping.name()) << ".\n"
      << "# Each fitted field carries its estimate, 95% CI, sample size and method; fit_report.md lists every parameter.\n"
      << "base: " << quote_text(absolute_base ? fs::absolute(base_file).lexically_normal().generic_string() : rel.generic_string())
      << "\n";
    for (const auto& c : r.children) c.emit(s, 0);
    return s.str();
  };
  const std::string overlay_name = (out_dir / "fitted.txtpb").string();

  // ---- The simulated-moments step ---------------------------------------------------------
  if (rq.simulator) {
    v1::Scenario start = scenario::load_scenario_from_string(render(root, true), overlay_name);
    const ExportMoments observed = export_moments(data);
    MsmOptions mo;
    mo.budget = rq.budget;
    mo.progress = rq.progress;
    out.msm = fit_msm(start, observed, rq.simulator, mo);
    out.simulated = true;
    // Exactly identified: at the solution the distance is about 0; above the 95% point of
    // chi-square(1) the model does not reproduce the moments within their standard errors.
    if (out.msm.objective > 3.84)
      out.notes.push_back("the simulated moments miss the observed ones (distance " + num(out.msm.objective) +
                          ", above 3.84): the model with this team cannot reproduce the export's volume and outcomes "
                          "together; see the moments table and consider the team and capacity fields");
    for (const auto& p : out.msm.parameters) {
      if (is_overridden(p.field)) continue;
      if (!p.identified) {
        // Not identified: a value the data do not pin down is not written (the base's stays).
        rejected[p.field] = "not identified: the simulated-moments estimate " + num(p.value) +
                            (std::isnan(p.se) ? std::string(" has no standard error")
                                              : " has a 95% CI [" + num(p.lo) + ", " + num(p.hi) + "] past the search bounds " + p.bounds) +
                            "; not written, the base's value is kept";
        out.notes.push_back(p.field + ": " + rejected[p.field]);
        continue;
      }
      root.set(p.field, num(p.value),
               {comment_of(p.value, {p.lo, p.hi}, observed.closed,
                           "method of simulated moments (NLopt BOBYQA, common random numbers, " +
                               std::to_string(out.msm.replications) + " replications), " +
                               (std::isnan(p.se) ? std::string("no standard error (the moments did not move with it)")
                                                 : "sandwich standard error " + num(p.se)))});
      ++out.fitted_fields;
    }
  }
  out.overlay = render(root);
  // The overlay must load from where it will be written. The checks above make a failure here a
  // bug; it is reported as one about the overlay not written, not as a file on disk.
  try {
    (void)scenario::load_scenario_from_string(render(root, true), overlay_name);
  } catch (const scenario::ScenarioError& e) {
    std::vector<scenario::Diagnostic> d = e.diagnostics();
    for (auto& x : d) {
      x.file = "salesim fit: the fitted overlay (not written)";
      x.line = x.column = 0;
    }
    throw scenario::ScenarioError(std::move(d));
  }

  // ---- The report -------------------------------------------------------------------------
  std::vector<Row> rows;
  std::set<std::string> fitted_generic;
  auto add_row = [&](const std::string& field, const std::string& status, double v, Interval ci, std::uint64_t n,
                     const std::string& unit, const std::string& method, const std::string& reason) {
    rows.push_back({field, status, num(v), num(ci.lo), num(ci.hi), n ? std::to_string(n) : "", unit, method, reason});
  };
  for (const auto& e : fr.estimates) {
    if (!e.sets_field || e.field.empty()) continue;
    const bool pinned = is_overridden(e.field.substr(0, e.field.find("quarterly_seasonality[") == std::string::npos
                                                            ? e.field.size()
                                                            : e.field.find('[', e.field.find("quarterly_seasonality"))));
    if (pinned) continue;
    const std::string list_field = e.field.find("quarterly_seasonality[") == std::string::npos
                                       ? e.field
                                       : e.field.substr(0, e.field.find('[', e.field.find("quarterly_seasonality")));
    if (const auto rj = rejected.find(list_field); rj != rejected.end()) {
      std::string base_value;
      try {
        base_value = scenario::get_field(base, e.field);
      } catch (const scenario::ScenarioError&) {
      }
      rows.push_back({e.field, "defaulted", base_value, "", "", std::to_string(e.n), e.unit, e.method, rj->second});
    } else {
      add_row(e.field, "fitted", e.value, e.ci, e.n, e.unit, e.method, "");
    }
    std::string g = generic_path(e.field);
    for (const char* suffix : {".lognormal.mean", ".lognormal.cv"})
      if (g.size() > std::string(suffix).size() && g.compare(g.size() - std::string(suffix).size(), std::string::npos, suffix) == 0)
        g.resize(g.size() - std::string(suffix).size());
    if (const auto br = g.find("quarterly_seasonality["); br != std::string::npos) g.resize(br + std::string("quarterly_seasonality").size());
    fitted_generic.insert(g);
  }
  if (out.simulated)
    for (const auto& p : out.msm.parameters) {
      if (is_overridden(p.field)) continue;
      if (const auto rj = rejected.find(p.field); rj != rejected.end()) {
        std::string base_value;
        try {
          base_value = scenario::get_field(base, p.field);
        } catch (const scenario::ScenarioError&) {
        }
        rows.push_back({p.field, "defaulted", base_value, "", "", std::to_string(out.msm.replications), "", "method of simulated moments",
                        rj->second});
        fitted_generic.insert(generic_path(p.field));
        continue;
      }
      add_row(p.field, "fitted", p.value, {p.lo, p.hi}, out.msm.replications, "",
              "method of simulated moments" + (std::isnan(p.se) ? std::string(", no standard error") : ", sandwich standard error " + num(p.se)), "");
      fitted_generic.insert(generic_path(p.field));
    }
  for (const auto& [p, v] : overrides) {
    rows.push_back({p, "overridden", v, "", "", "", "", "set by the user (--set)", ""});
    fitted_generic.insert(generic_path(p));
  }
  std::uint32_t defaulted = 0;
  for (const auto& leaf : scenario::model_parameters()) {
    if (fitted_generic.count(leaf.path)) continue;
    bool child_fitted = false;  // e.g. a cohort's count fitted under team.cohorts[]
    for (const auto& g : fitted_generic) child_fitted |= starts_with(g, leaf.path + ".");
    if (child_fitted) continue;
    std::string value = base_value_of(base, leaf.path);
    if (value.empty()) {
      bool none = false;
      try {
        none = leaf.path.find("[]") != std::string::npos && scenario::element_keys(base, leaf.path.substr(0, leaf.path.find("[]"))).empty();
      } catch (const scenario::ScenarioError&) {
      }
      value = none ? "(the base has none)" : "(unset in the base: the schema default)";
    }
    rows.push_back({leaf.path, "defaulted", value, "", "", "", "", "", default_reason(leaf.path, data)});
    ++defaulted;
  }
  out.defaulted_parameters = defaulted;

  std::ostringstream csv;
  csv << "parameter,status,value,ci_low,ci_high,n,unit,method,reason\n";
  for (const auto& r : rows)
    csv << csv_cell(r.parameter) << ',' << r.status << ',' << csv_cell(r.value) << ',' << r.lo << ',' << r.hi << ',' << r.n << ','
        << csv_cell(r.unit) << ',' << csv_cell(r.method) << ',' << csv_cell(r.reason) << "\n";
  for (const auto& e : fr.estimates) {
    if (!e.target) continue;
    csv << csv_cell(e.quantity + " (" + e.group + ")") << ",target," << num(e.value) << ',' << num(e.ci.lo) << ',' << num(e.ci.hi) << ','
        << e.n << ',' << csv_cell(e.unit) << ',' << csv_cell(e.method) << ','
        << csv_cell(e.field.empty() ? "an outcome to reproduce" : "an outcome to reproduce; informs " + e.field) << "\n";
  }
  out.report_csv = csv.str();

  std::ostringstream md;
  md << "# Fit report\n\n"
     << "- Export: `" << rq.export_dir << "`, mapping `" << rq.mapping_path << "`"
     << (mapping.name().empty() ? "" : " (" + mapping.name() + ")") << "\n"
     << "- Base scenario: `" << base_file << "`; overlay: `fitted.txtpb`\n"
     << "- Period: " << iso_date(days_from_civil(data.epoch_year, data.epoch_month, data.epoch_day) + static_cast<std::int64_t>(data.period_start_day))
     << " to " << iso_date(days_from_civil(data.epoch_year, data.epoch_month, data.epoch_day) + static_cast<std::int64_t>(data.period_end_day))
     << " (end exclusive, " << num(fr.period_days) << " days)\n"
     << "- Read: " << data.opportunities.size() << " opportunities (" << fr.closed << " closed), " << data.stage_history.size()
     << " stage changes, " << data.roster.size() << " people, " << data.competitors.size() << " competitor rows\n"
     << "- Data problems: " << out.rows_skipped << " rows skipped, " << out.warnings << " warnings (below)\n"
     << "- Deal sizes from: " << fr.size_source << "\n\n";
  md << "## Data problems\n\n";
  if (out.problems.empty()) {
    md << "None.\n\n";
  } else {
    std::map<std::string, std::pair<std::uint64_t, std::string>> by_kind;
    for (const auto& p : out.problems) {
      auto& k = by_kind[std::string(p.severity == DataProblem::Severity::error ? "error (row skipped)" : "warning (row kept)") + " | " +
                        problem_kind_name(p.kind)];
      if (k.first++ == 0) k.second = p.to_string();
    }
    md << "| severity | kind | count | first |\n|---|---|---:|---|\n";
    for (const auto& [k, v] : by_kind) md << "| " << k << " | " << v.first << " | " << md_cell(v.second) << " |\n";
    md << "\n";
  }
  if (!out.notes.empty()) {
    md << "## Notes\n\n";
    for (const auto& n : out.notes) md << "- " << n << "\n";
    md << "\n";
  }
  md << "## Parameters\n\nEvery model parameter of the scenario schema: fitted from the export, overridden by `--set`, or "
        "defaulted (the base's value) with the reason.\n\n"
     << "| parameter | status | value | 95% CI | n | method or reason |\n|---|---|---:|---|---:|---|\n";
  for (const auto& r : rows)
    md << "| `" << r.parameter << "` | " << r.status << " | " << md_cell(r.value) << " | "
       << (r.lo.empty() ? std::string() : "[" + r.lo + ", " + r.hi + "]") << " | " << r.n << " | "
       << md_cell(r.reason.empty() ? r.method : r.reason) << " |\n";
  md << "\n## Targets\n\nOutcomes of the whole model: the fitted scenario should reproduce them (`salesim backtest`).\n\n"
     << "| quantity | group | value | 95% CI | n | method |\n|---|---|---:|---|---:|---|\n";
  for (const auto& e : fr.estimates)
    if (e.target)
      md << "| " << e.quantity << " | " << e.group << " | " << num(e.value) << " | "
         << (std::isnan(e.ci.lo) ? std::string() : "[" + num(e.ci.lo) + ", " + num(e.ci.hi) + "]") << " | " << e.n << " | "
         << md_cell(e.method) << " |\n";
  md << "\n## Simulated moments\n\n";
  if (!out.simulated) {
    md << "Not run (--no-simulation): the latent parameters keep the base's values.\n";
  } else {
    const auto& m = out.msm;
    md << "NLopt LN_BOBYQA on the weighted distance between simulated and observed moments, " << m.evaluations << " evaluations of "
       << m.replications_per_evaluation << " replications (" << m.replications
       << " in all, the same replication keys each time: common random numbers); distance " << num(m.objective)
       << ". Standard errors: the MSM sandwich formula (1 + 1/R) G^-1 S G^-T.\n\n"
       << "| moment | observed | SE | simulated |\n|---|---:|---:|---:|\n";
    for (std::size_t i = 0; i < m.moment_names.size(); ++i)
      md << "| " << m.moment_names[i] << " | " << num(m.observed[i]) << " | " << num(m.observed_se[i]) << " | "
         << (i < m.simulated.size() ? num(m.simulated[i]) : "") << " |\n";
    md << "\n| parameter | value | SE | 95% CI | written |\n|---|---:|---:|---|---|\n";
    for (const auto& p : m.parameters)
      md << "| `" << p.field << "` | " << num(p.value) << " | " << num(p.se) << " | "
         << (std::isnan(p.lo) || std::isnan(p.hi) ? std::string() : "[" + num(p.lo) + ", " + num(p.hi) + "]") << " | "
         << (is_overridden(p.field) ? "no: --set" : p.identified ? "yes" : "no: not identified (search bounds " + p.bounds + ")") << " |\n";
    if (!m.note.empty()) md << "\nNote: " << m.note << "\n";
  }
  out.report_md = md.str();
  return out;
}

}  // namespace salesim::calibration
