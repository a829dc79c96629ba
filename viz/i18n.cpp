#include "viz/i18n.h"

#include <QApplication>
#include <QFont>
#include <QLocale>
#include <QTranslator>

#include <cstdlib>
#include <memory>

#include "viz/chart_style.h"

namespace salesim::viz {

bool language_known(const std::string& lang) {
  return lang == "zh_CN" || lang == "zh" || lang == "en" || lang == "en_US" || lang == "en_GB" || lang == "C";
}

std::string resolve_language(const std::string& lang) {
  if (!lang.empty()) return lang.rfind("zh", 0) == 0 ? "zh_CN" : "en";
  // POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG (QLocale::system() reads them too,
  // but a test or a user may set only LANGUAGE-less values; keep the rule explicit).
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    return std::string(v).rfind("zh", 0) == 0 ? "zh_CN" : "en";
  }
  return QLocale::system().language() == QLocale::Chinese ? "zh_CN" : "en";
}

std::string install_language(const std::string& requested) {
  if (!requested.empty() && !language_known(requested))
    return "unknown language '" + requested + "': use zh_CN or en";
  static std::unique_ptr<QTranslator> translator;
  if (translator) {
    QCoreApplication::removeTranslator(translator.get());
    translator.reset();
  }
  static const QFont original = QApplication::font();
  const std::string lang = resolve_language(requested);
  if (lang == "en") {
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QApplication::setFont(original);
    return {};
  }
  auto t = std::make_unique<QTranslator>();
  if (!t->load(QStringLiteral(":/i18n/salesim_zh_CN.qm")))
    return "the zh_CN translation is missing from this build (:/i18n/salesim_zh_CN.qm)";
  QCoreApplication::installTranslator(t.get());
  translator = std::move(t);
  QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
  QFont font = original;
  font.setFamily(chart_font_family());
  QApplication::setFont(font);
  return {};
}

}  // namespace salesim::viz
