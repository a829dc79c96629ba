// Checked command-line options for both front ends (`salesim` and `salesim-viz`): every value an
// option takes is declared here as a number with its range, a tuple of numbers ("0/4", "800x600",
// "pm=3") or free text, and is parsed strictly before anything runs. A bad value is a
// CommandLineError (exit 2) that names the option and says what is allowed:
//
//   --threads: '-1' is out of range: must be in [0, 1024] (0: all cores)
//
//   po::options_description d("Options");
//   add_number(d, "threads,j", &threads, NumberRule::whole_in(0, 1024, "0: all cores"), "worker threads");
//   add_tuple(d, "shard", &shard, shard_format, "run only shard I of N");
//   add_text(d, "out,o", &out, "output directory");
//   add_choice(d, "progress", &mode, {"bar", "lines", "none"}, "how to show progress");
//   add_switch(d, "quiet,q", &quiet, "no progress bar");
//   po::variables_map vm = parse_arguments(args, d, &positional);   // throws CommandLineError
//
// Numbers: whole numbers are digits only (no sign, no spaces, no exponent, no fraction); real
// numbers are decimal ("0.01", "1e-3"), finite; both must lie in the rule's range. Limits that a
// scenario file also has are taken from sim/scenario/loader.h (Limits), never restated.
//
// Every option added through these functions carries a CheckedValue, so tests can enumerate the
// options of a command and feed each numeric one bad values (tests/cli/numeric_options_test.cpp);
// an option added with plain po::value() is reported there as unchecked.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <boost/program_options.hpp>

namespace salesim::experiment {

namespace po = boost::program_options;

// A bad command line; what() is the whole message, e.g. "--limit: '0' is out of range: ...".
struct CommandLineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// User text for a message: control and non-ASCII bytes as \xNN, cut after 48 bytes.
inline std::string escape_argument(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 48) return out + "...";
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f) out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
    else out += static_cast<char>(c);
  }
  return out;
}
inline std::string quote_argument(std::string_view text) {
  std::string out(1, '\'');
  out += escape_argument(text);
  return out += '\'';
}

// The values one number may take.
struct NumberRule {
  bool whole = true;
  std::uint64_t min = 0, max = 0;             // whole numbers: [min, max]
  double low = 0, high = 0;                   // real numbers: from low to high,
  bool low_open = false, high_open = false;   // each end included unless open
  std::string note;                           // what a special value means, e.g. "0: all cores"

  static NumberRule whole_in(std::uint64_t min, std::uint64_t max, std::string note = {}) {
    NumberRule r;
    r.min = min, r.max = max, r.note = std::move(note);
    return r;
  }
  static NumberRule real_in(double low, double high, bool low_open, bool high_open, std::string note = {}) {
    NumberRule r;
    r.whole = false, r.low = low, r.high = high, r.low_open = low_open, r.high_open = high_open, r.note = std::move(note);
    return r;
  }
  // "[0, 1024]", "(0, 1)"
  std::string range() const {
    if (whole) return "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
    auto num = [](double v) {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, v);
      return std::string(buf, r.ptr);
    };
    return (low_open ? "(" : "[") + num(low) + ", " + num(high) + (high_open ? ")" : "]");
  }
  bool contains(double v) const {
    return (low_open ? v > low : v >= low) && (high_open ? v < high : v <= high);
  }
};

// One parsed number: `whole` or `real` per the rule, or `error` saying why the text is refused.
struct ParsedNumber {
  std::uint64_t whole = 0;
  double real = 0;
  std::string error;  // e.g. "'-1' is out of range: must be in [0, 1024]"
  explicit operator bool() const { return error.empty(); }
};

// The one number parser behind every numeric option.
inline ParsedNumber parse_number(std::string_view text, const NumberRule& rule) {
  ParsedNumber p;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const std::string out_of_range =
      quote_argument(text) + " is out of range: must be in " + rule.range() + (rule.note.empty() ? "" : " (" + rule.note + ")");
  // As a real number first: it tells a negative or fractional whole number from text.
  double real = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, real, std::chars_format::general);
  const bool is_number = !text.empty() && ptr == end && (ec == std::errc() || ec == std::errc::result_out_of_range);
  if (!is_number) {
    p.error = quote_argument(text) + (rule.whole ? " is not a whole number (digits only)" : " is not a number");
    return p;
  }
  if (rule.whole) {
    if (text.find_first_not_of("0123456789") != std::string_view::npos) {
      const bool negative_whole = text[0] == '-' && text.size() > 1 &&
                                  text.find_first_not_of("0123456789", 1) == std::string_view::npos &&
                                  text.find_first_not_of('0', 1) != std::string_view::npos;
      p.error = negative_whole ? out_of_range : quote_argument(text) + " is not a whole number (digits only)";
      return p;
    }
    const auto [wptr, wec] = std::from_chars(begin, end, p.whole);
    if (wec != std::errc() || wptr != end || p.whole < rule.min || p.whole > rule.max) p.error = out_of_range;
    return p;
  }
  if (ec == std::errc::result_out_of_range) {  // beyond the double range, either way
    const auto e = text.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < text.size() && text[e + 1] == '-';
    p.error = tiny ? quote_argument(text) + " is too close to 0 to represent" : out_of_range;
    return p;
  }
  if (!std::isfinite(real)) {
    p.error = quote_argument(text) + " is not a finite number";
    return p;
  }
  if (!rule.contains(real)) p.error = out_of_range;
  p.real = real;
  return p;
}

// Several numbers in one value, with fixed separators and an optional leading "KEY=": "0/4",
// "800x600", "pm=3". `check` may refuse a combination (returns the reason; empty when fine).
struct TupleFormat {
  std::string syntax;                  // for messages, e.g. "I/N"
  bool keyed = false;                  // a "KEY=" text part comes first
  std::string separators;              // characters accepted between numbers, e.g. "/" or "xX"
  std::string separator;               // or, when set, this exact text between numbers, e.g. ".."
  std::vector<NumberRule> numbers;     // one rule per number
  std::function<std::string(const std::vector<std::uint64_t>&)> check;
  // A valid value in which any one number may be replaced by any value its rule allows (tests
  // build their bad and boundary values from it).
  std::string key_example;
  std::vector<std::string> number_examples;
  // Whole values accepted in place of the numbers (not with `keyed`), e.g. "auto": parsed as a Tuple
  // whose key is the word and which has no numbers.
  std::vector<std::string> words;
};

// A tuple value as parsed.
struct Tuple {
  std::string key;
  std::vector<std::uint64_t> numbers;
};

// Parses a tuple; throws CommandLineError naming `option`.
inline Tuple parse_tuple(const std::string& option, std::string_view text, const TupleFormat& f) {
  auto refuse = [&](const std::string& why) -> CommandLineError {
    return CommandLineError(option + ": " + why);
  };
  Tuple t;
  for (const std::string& w : f.words)
    if (!f.keyed && text == w) {
      t.key = w;
      return t;
    }
  std::string_view rest = text;
  if (f.keyed) {
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos || eq == 0)
      throw refuse(quote_argument(text) + " is not " + f.syntax);
    t.key = std::string(rest.substr(0, eq));
    rest.remove_prefix(eq + 1);
  }
  for (std::size_t i = 0; i < f.numbers.size(); ++i) {
    std::string_view part = rest;
    if (i + 1 < f.numbers.size()) {
      const auto sep = f.separator.empty() ? rest.find_first_of(f.separators) : rest.find(f.separator);
      if (sep == std::string_view::npos) throw refuse(quote_argument(text) + " is not " + f.syntax);
      part = rest.substr(0, sep);
      rest.remove_prefix(sep + (f.separator.empty() ? 1 : f.separator.size()));
    }
    const ParsedNumber n = parse_number(part, f.numbers[i]);
    if (!n) throw refuse(quote_argument(text) + " is not " + f.syntax + ": " + n.error);
    t.numbers.push_back(n.whole);
  }
  if (f.check) {
    if (const std::string why = f.check(t.numbers); !why.empty())
      throw refuse(quote_argument(text) + " is not " + f.syntax + ": " + why);
  }
  return t;
}

// What tests (and nothing else) ask of an option declared here.
class CheckedValue {
 public:
  enum class Kind { number, tuple, text };
  virtual ~CheckedValue() = default;
  virtual Kind kind() const = 0;
  const std::string& option() const { return option_; }  // "--threads"
  // number: its rule; tuple: the format; text: neither.
  virtual const NumberRule* number_rule() const { return nullptr; }
  virtual const TupleFormat* tuple_format() const { return nullptr; }
  // text that must be one of a few words (add_choice): the words; other text: null.
  virtual const std::vector<std::string>* choices() const { return nullptr; }

 protected:
  explicit CheckedValue(std::string option) : option_(std::move(option)) {}

 private:
  std::string option_;
};

namespace detail {

// "threads,j" -> "--threads"
inline std::string long_name(const char* names) {
  const std::string n(names);
  return "--" + n.substr(0, n.find(','));
}

// The value semantic behind every checked option: one token per occurrence, converted by
// convert(); T is the element type (given once) or a std::vector of it (repeatable).
template <class T, class Element>
class CheckedSemantic : public po::value_semantic_codecvt_helper<char>, public CheckedValue {
 public:
  std::string name() const override { return value_name_; }
  unsigned min_tokens() const override { return 1; }
  unsigned max_tokens() const override { return 1; }
  bool is_composing() const override { return kRepeatable; }
  bool is_required() const override { return false; }
  bool apply_default(boost::any&) const override { return false; }
  void notify(const boost::any& value) const override {
    if (target_ && !value.empty()) *target_ = boost::any_cast<const T&>(value);
  }
  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    if (tokens.size() != 1) throw CommandLineError(option() + ": expected one value");
    if constexpr (kRepeatable) {
      if (store.empty()) store = T{};
      boost::any_cast<T&>(store).push_back(convert(tokens[0]));
    } else {
      if (!store.empty()) throw CommandLineError(option() + ": given more than once");
      store = convert(tokens[0]);
    }
  }

 protected:
  static constexpr bool kRepeatable = !std::is_same_v<T, Element>;
  CheckedSemantic(std::string option, T* target, std::string value_name)
      : CheckedValue(std::move(option)), target_(target), value_name_(std::move(value_name)) {}
  virtual Element convert(const std::string& text) const = 0;

 private:
  T* target_;
  std::string value_name_;
};

template <class T>
class NumberValue final : public CheckedSemantic<T, T> {
  static_assert(std::is_same_v<T, double> || (std::is_integral_v<T> && std::is_unsigned_v<T>),
                "numeric options are unsigned whole numbers or doubles");

 public:
  NumberValue(std::string option, T* target, NumberRule rule)
      : CheckedSemantic<T, T>(std::move(option), target, rule.whole ? "N" : "X"), rule_(std::move(rule)) {
    if (std::is_integral_v<T> != rule_.whole || (rule_.whole && rule_.max > std::numeric_limits<T>::max()))
      throw std::logic_error(this->option() + ": the rule does not fit the option's type");
  }
  CheckedValue::Kind kind() const override { return CheckedValue::Kind::number; }
  const NumberRule* number_rule() const override { return &rule_; }

 private:
  T convert(const std::string& text) const override {
    const ParsedNumber n = parse_number(text, rule_);
    if (!n) throw CommandLineError(this->option() + ": " + n.error);
    if constexpr (std::is_integral_v<T>) return static_cast<T>(n.whole);
    else return n.real;
  }
  NumberRule rule_;
};

// T is Tuple (once) or std::vector<Tuple> (repeatable).
template <class T>
class TupleValue final : public CheckedSemantic<T, Tuple> {
 public:
  TupleValue(std::string option, T* target, TupleFormat format)
      : CheckedSemantic<T, Tuple>(std::move(option), target, format.syntax.substr(0, format.syntax.find_first_of(" ,"))),
        format_(std::move(format)) {
    for (const NumberRule& r : format_.numbers)
      if (!r.whole) throw std::logic_error(this->option() + ": tuples hold whole numbers");
  }
  CheckedValue::Kind kind() const override { return CheckedValue::Kind::tuple; }
  const TupleFormat* tuple_format() const override { return &format_; }

 private:
  Tuple convert(const std::string& text) const override { return parse_tuple(this->option(), text, format_); }
  TupleFormat format_;
};

// T is std::string (once) or std::vector<std::string> (repeatable).
template <class T>
class TextValue final : public CheckedSemantic<T, std::string> {
 public:
  TextValue(std::string option, T* target) : CheckedSemantic<T, std::string>(std::move(option), target, "arg") {}
  CheckedValue::Kind kind() const override { return CheckedValue::Kind::text; }

 private:
  std::string convert(const std::string& text) const override { return text; }
};

// Text that must be one of `choices` (exactly, case-sensitive).
class ChoiceValue final : public CheckedSemantic<std::string, std::string> {
 public:
  ChoiceValue(std::string option, std::string* target, std::vector<std::string> choices)
      : CheckedSemantic<std::string, std::string>(std::move(option), target, "WORD"), choices_(std::move(choices)) {}
  CheckedValue::Kind kind() const override { return CheckedValue::Kind::text; }
  const std::vector<std::string>* choices() const override { return &choices_; }

 private:
  std::string convert(const std::string& text) const override {
    for (const std::string& c : choices_)
      if (text == c) return text;
    std::string allowed;
    for (const std::string& c : choices_) allowed.append(allowed.empty() ? "" : ", ").append(c);
    throw CommandLineError(option() + ": " + quote_argument(text) + " is not one of " + allowed);
  }
  std::vector<std::string> choices_;
};

// Reads the parts of a Boost error without its what(): Boost expands placeholders such as
// %canonical_option% in a loop that never ends when the user's own text contains one
// (`--%canonical_option%`, `-n %value%`), so its messages are rebuilt here in one pass.
struct ErrorParts : po::error_with_option_name {
  explicit ErrorParts(const po::error_with_option_name& e) : po::error_with_option_name(e) {}
  std::string message() const {
    std::string tmpl = m_error_template;
    std::map<std::string, std::string> values = m_substitutions;
    values["canonical_option"] = get_canonical_option_name();
    for (const auto& [name, from_to] : m_substitution_defaults) {
      if (values.count(name) && !values[name].empty()) continue;
      // Boost's own wording for a missing part; its text holds no user input.
      if (const auto at = tmpl.find(from_to.first); at != std::string::npos)
        tmpl.replace(at, from_to.first.size(), from_to.second);
    }
    std::string out;
    for (std::size_t i = 0; i < tmpl.size();) {
      const auto close = tmpl[i] == '%' ? tmpl.find('%', i + 1) : std::string::npos;
      const auto it = close == std::string::npos ? values.end() : values.find(tmpl.substr(i + 1, close - i - 1));
      if (it == values.end()) {
        out += tmpl[i++];
      } else {
        out += escape_argument(it->second);
        i = close + 1;
      }
    }
    return out;
  }
};

}  // namespace detail

// Declarations: each adds one option whose value is checked as it is parsed.
template <class T>
void add_number(po::options_description& d, const char* names, T* target, NumberRule rule, const char* help) {
  d.add_options()(names, new detail::NumberValue<T>(detail::long_name(names), target, std::move(rule)), help);
}
template <class T>  // T: Tuple or std::vector<Tuple>
void add_tuple(po::options_description& d, const char* names, T* target, TupleFormat format, const char* help) {
  d.add_options()(names, new detail::TupleValue<T>(detail::long_name(names), target, std::move(format)), help);
}
template <class T>  // T: std::string or std::vector<std::string>
void add_text(po::options_description& d, const char* names, T* target, const char* help) {
  d.add_options()(names, new detail::TextValue<T>(detail::long_name(names), target), help);
}
// One of a few words, e.g. --progress bar|lines|none; anything else is refused.
inline void add_choice(po::options_description& d, const char* names, std::string* target,
                       std::vector<std::string> choices, const char* help) {
  d.add_options()(names, new detail::ChoiceValue(detail::long_name(names), target, std::move(choices)), help);
}
inline void add_switch(po::options_description& d, const char* names, bool* target, const char* help) {
  d.add_options()(names, po::bool_switch(target), help);
}

// Parses `args` (without the program name) against `options`; positional arguments go to
// `positional` (refused when it is null). Throws CommandLineError with a message that names the
// option; never lets a Boost message through unescaped (see detail::ErrorParts).
inline po::variables_map parse_arguments(const std::vector<std::string>& args, const po::options_description& options,
                                         std::vector<std::string>* positional) {
  po::options_description all;
  all.add(options);
  std::vector<std::string> rest;
  po::positional_options_description pos;
  if (positional) {
    all.add_options()("positional", po::value(&rest)->composing(), "");
    pos.add("positional", -1);
  }
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error_with_option_name& e) {
    throw CommandLineError(detail::ErrorParts(e).message());
  } catch (const po::too_many_positional_options_error&) {
    throw CommandLineError("takes no arguments besides its options");
  } catch (const po::error& e) {
    throw CommandLineError(e.what());  // fixed texts, no user input
  }
  if (positional) *positional = std::move(rest);
  return vm;
}

}  // namespace salesim::experiment
