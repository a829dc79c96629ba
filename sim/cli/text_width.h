// Terminal column widths of UTF-8 text, for the tables `salesim` prints: a CJK plan or cohort
// name (东区团队, 项目经理) takes two columns a character, so padding by bytes (printf's %-22s)
// or by code points misaligns every column after it.
//
//   std::printf("%s %s\n", pad_right("项目经理", 10).c_str(), "4");   // "项目经理   4": 8 + 2 columns
//
// Widths follow Unicode Standard Annex #11 (East Asian Width): characters of the Wide (W) and
// Fullwidth (F) classes are 2 columns, combining marks and zero-width characters 0, all others 1
// (Ambiguous counts as 1, the narrow-context rule of UAX #11 section 5). The ranges are those of
// UAX #11 for the scripts a plan name uses (Hangul, CJK, kana, fullwidth forms, emoji
// presentation); nothing here depends on the C locale, unlike wcwidth().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace salesim::cli {

// Columns of one code point: 0, 1 or 2.
int code_point_width(char32_t c);

// Columns `utf8` takes in a terminal. An invalid byte counts one column (it prints as one
// replacement character).
std::size_t display_width(std::string_view utf8);

// `utf8` followed by spaces up to `columns` display columns (unchanged when already as wide).
std::string pad_right(std::string_view utf8, std::size_t columns);
// Spaces, then `utf8`, up to `columns` display columns.
std::string pad_left(std::string_view utf8, std::size_t columns);

}  // namespace salesim::cli
