// Values to feed one checked command-line option (sim/experiment/command_line.h), by class:
// negative, zero, huge, non-numeric, fractional, the range's ends, and malformed tuples. Each
// sample says whether the option must accept it, judged from the option's declared range only.
// Used by tests/cli/numeric_options_test.cpp (salesim) and tests/viz/command_line_test.cpp.
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/experiment/command_line.h"

namespace salesim::testing {

struct OptionSample {
  std::string kind;   // "negative", "zero", "huge", "non-numeric", "fractional", "boundary", "malformed"
  std::string value;  // the option's value as typed
  bool accepted;
};

inline std::string number_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Samples for one number under `rule`.
inline std::vector<OptionSample> number_samples(const experiment::NumberRule& rule) {
  std::vector<OptionSample> s;
  const std::vector<std::string> not_numbers = {"abc", "", "nan", "inf", "0x10", "+1", " 1", "1 ", "1,000", "1_000", "4O",
                                                "\xd9\xa1" /* Arabic-Indic one */};
  for (const auto& t : not_numbers) s.push_back({"non-numeric", t, false});
  if (rule.whole) {
    const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
    for (const char* t : {"-1", "-5", "-4294967295", "-18446744073709551616"}) s.push_back({"negative", t, false});
    s.push_back({"zero", "0", rule.min == 0});
    if (rule.max < top) s.push_back({"huge", std::to_string(rule.max + 1), false});
    for (const char* t : {"18446744073709551616", "99999999999999999999999999999", "1e400"}) s.push_back({"huge", t, false});
    for (const char* t : {"0.5", "1.5", "2.0", "1e3", "-0.5"}) s.push_back({"fractional", t, false});
    s.push_back({"boundary", std::to_string(rule.min), true});
    s.push_back({"boundary", std::to_string(rule.max), true});
    if (rule.min > 0) s.push_back({"boundary", std::to_string(rule.min - 1), false});
  } else {
    for (const char* t : {"-inf", "-0x1p3", ".5e", "1e", "--1"}) s.push_back({"non-numeric", t, false});
    for (double v : {-1.0, -0.5, -1e300}) s.push_back({"negative", number_text(v), rule.contains(v)});
    s.push_back({"zero", "0", rule.contains(0)});
    s.push_back({"huge", "1e308", rule.contains(1e308)});
    s.push_back({"huge", "1e400", false});
    s.push_back({"huge", "99999999999999999999999999999", rule.contains(1e29)});
    for (const char* t : {"0.5", "0.01", "1e-2", "1.5"}) s.push_back({"fractional", t, rule.contains(std::stod(t))});
    s.push_back({"boundary", number_text(rule.low), !rule.low_open});
    s.push_back({"boundary", number_text(rule.high), !rule.high_open});
  }
  return s;
}

// Samples for a tuple: every number sample in each position of the example, and broken shapes.
inline std::vector<OptionSample> tuple_samples(const experiment::TupleFormat& f) {
  const std::string key = f.keyed ? f.key_example + "=" : "";
  const std::string sep = !f.separator.empty() ? f.separator : std::string(1, f.separators.empty() ? '/' : f.separators[0]);
  auto compose = [&](const std::vector<std::string>& numbers) {
    std::string v = key;
    for (std::size_t i = 0; i < numbers.size(); ++i) v += (i ? sep : "") + numbers[i];
    return v;
  };
  std::vector<OptionSample> s;
  s.push_back({"boundary", compose(f.number_examples), true});
  for (std::size_t i = 0; i < f.numbers.size(); ++i) {
    for (OptionSample n : number_samples(f.numbers[i])) {
      std::vector<std::string> numbers = f.number_examples;
      numbers[i] = n.value;
      n.value = compose(numbers);
      s.push_back(n);
    }
  }
  std::string joined = key;
  for (const auto& n : f.number_examples) joined += n;
  if (f.numbers.size() > 1) s.push_back({"malformed", joined, false});
  s.push_back({"malformed", compose(f.number_examples) + sep + "1", false});
  if (!f.keyed) s.push_back({"malformed", sep + compose(f.number_examples), false});  // a key is free text
  s.push_back({"malformed", "", false});
  for (const std::string& w : f.words) {  // a word stands alone, exactly as declared
    std::string upper = w;
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    s.push_back({"malformed", w + sep + f.number_examples.back(), false});
    if (upper != w) s.push_back({"malformed", upper, false});
  }
  if (f.keyed) {
    s.push_back({"malformed", compose(f.number_examples).substr(key.size() - 1), false});  // "=4"
    s.push_back({"malformed", compose(f.number_examples).substr(key.size()), false});      // "4"
  }
  return s;
}

inline std::vector<OptionSample> option_samples(const experiment::CheckedValue& v) {
  if (v.number_rule()) return number_samples(*v.number_rule());
  if (v.tuple_format()) return tuple_samples(*v.tuple_format());
  return {};
}

}  // namespace salesim::testing
