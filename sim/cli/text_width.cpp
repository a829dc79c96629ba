#include "sim/cli/text_width.h"

namespace salesim::cli {

int code_point_width(char32_t c) {
  // Zero width: combining diacritical marks, zero-width space/joiners, variation selectors.
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || (c >= 0xFE00 && c <= 0xFE0F) ||
      (c >= 0x20D0 && c <= 0x20FF) || c == 0x2060 || c == 0xFEFF)
    return 0;
  // East Asian Wide (W) and Fullwidth (F), UAX #11.
  if ((c >= 0x1100 && c <= 0x115F) ||   // Hangul Jamo initials
      (c >= 0x2E80 && c <= 0x303E) ||   // CJK radicals, Kangxi, CJK symbols and punctuation (、。「」)
      (c >= 0x3041 && c <= 0x33FF) ||   // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
      (c >= 0x3400 && c <= 0x4DBF) ||   // CJK Unified Ideographs Extension A
      (c >= 0x4E00 && c <= 0x9FFF) ||   // CJK Unified Ideographs
      (c >= 0xA000 && c <= 0xA4CF) ||   // Yi
      (c >= 0xAC00 && c <= 0xD7A3) ||   // Hangul syllables
      (c >= 0xF900 && c <= 0xFAFF) ||   // CJK Compatibility Ideographs
      (c >= 0xFE10 && c <= 0xFE19) ||   // vertical forms
      (c >= 0xFE30 && c <= 0xFE6F) ||   // CJK compatibility forms, small form variants
      (c >= 0xFF00 && c <= 0xFF60) ||   // fullwidth ASCII and punctuation (（），：)
      (c >= 0xFFE0 && c <= 0xFFE6) ||   // fullwidth signs (￥)
      (c >= 0x1F300 && c <= 0x1F64F) || // emoji: symbols and pictographs, emoticons
      (c >= 0x1F900 && c <= 0x1F9FF) ||  // supplemental symbols and pictographs
      (c >= 0x20000 && c <= 0x2FFFD) || // CJK Extensions B-F, compatibility supplement
      (c >= 0x30000 && c <= 0x3FFFD))   // CJK Extension G
    return 2;
  return 1;
}

std::size_t display_width(std::string_view s) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    char32_t c = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
    bool valid = extra >= 0 && i + static_cast<std::size_t>(extra) < s.size();
    for (int k = 1; valid && k <= extra; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      valid = (cont & 0xC0) == 0x80;
      c = (c << 6) | (cont & 0x3F);
    }
    if (!valid) {
      columns += 1;  // one replacement character
      ++i;
      continue;
    }
    columns += static_cast<std::size_t>(code_point_width(c));
    i += static_cast<std::size_t>(extra) + 1;
  }
  return columns;
}

std::string pad_right(std::string_view s, std::size_t columns) {
  std::string out(s);
  const std::size_t w = display_width(s);
  if (w < columns) out.append(columns - w, ' ');
  return out;
}

std::string pad_left(std::string_view s, std::size_t columns) {
  const std::size_t w = display_width(s);
  std::string out(w < columns ? columns - w : 0, ' ');
  return out.append(s);
}

}  // namespace salesim::cli
