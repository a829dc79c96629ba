// The viewer's language: English (the source strings) or Simplified Chinese (zh_CN), whose
// translations are compiled from viz/translations/salesim_zh_CN.ts into the binary (a Qt
// resource, ":/i18n/salesim_zh_CN.qm"), so an installed viewer needs no data files.
//
//   QApplication app(argc, argv);
//   if (auto error = install_language(args.lang); !error.empty()) ...   // "" = system locale
//
// Chinese also sets the default QLocale (number formats, 万/亿 in the charts: wan_numbers())
// and the application font to a CJK family (chart_font_family()), so nothing draws as boxes.
#pragma once

#include <string>

namespace salesim::viz {

// "zh_CN", "zh" or "en" (also "C"): the languages --lang takes.
bool language_known(const std::string& lang);

// The language for `lang`, or for the system locale (LC_ALL, LC_MESSAGES, LANG) when empty:
// "zh_CN" for any Chinese locale, else "en".
std::string resolve_language(const std::string& lang);

// Installs `lang` (resolved as above) in the running QCoreApplication: the translator, the
// default locale and, for Chinese, the font. Returns an error message (an unknown language, a
// translation missing from the binary), empty on success. Calling it again switches language.
std::string install_language(const std::string& lang);

}  // namespace salesim::viz
