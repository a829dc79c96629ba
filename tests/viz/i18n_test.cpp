// The Chinese interface (issue 15, item 5): under zh_CN the chart strings come from the compiled
// translation (not the English source), the font the charts use has a glyph for every character
// of them (no boxes), money is in 万元, and the language follows the locale or --lang.
#include <gtest/gtest.h>

#include <QFontDatabase>
#include <QFontInfo>
#include <QLocale>
#include <QRawFont>
#include <QTextDocument>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QValueAxis>

#include <cstdlib>
#include <string>

#include "tests/viz/viz_test_support.h"
#include "viz/chart_style.h"
#include "viz/charts.h"
#include "viz/i18n.h"
#include "viz/knob_text.h"
#include "viz/main_window.h"

#include <QDockWidget>
#include <QMenuBar>
#include "viz/page_view.h"

namespace salesim::viz {
namespace {

QString plain(const QString& html) {
  QTextDocument doc;
  doc.setHtml(html);
  return doc.toPlainText();
}

// Characters of `text` that `font` has no glyph for (spaces and line breaks aside).
QString missing_glyphs(const QFont& font, const QString& text) {
  const QRawFont raw = QRawFont::fromFont(font);
  QString missing;
  for (const QChar c : text)
    if (!c.isSpace() && !raw.supportsCharacter(c)) missing += c;
  return missing;
}

class Chinese : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ensure_app();
    ASSERT_EQ(install_language("zh_CN"), "");
  }
  void TearDown() override { install_language("en"); }
};

TEST_F(Chinese, TitlesComeFromTheTranslationAndTheChartFontHasEveryGlyph) {
  ASSERT_NE(VizCharts::tr("Hours by role and activity"), "Hours by role and activity") << "no translation loaded";
  ChartPage page = build_page(ChartKind::team, testing::synthetic_compare(2, 40));
  ChartPageView view(std::move(page));
  render_page_image(view, kDefaultRenderSize);
  const QList<QChart*> charts = view.charts();
  ASSERT_EQ(charts.size(), 3);
  const QString title = plain(charts[0]->title());
  EXPECT_TRUE(title.startsWith(QString::fromUtf8("各角色的工时分配"))) << title.toStdString();
  EXPECT_TRUE(title.contains(QString::fromUtf8("越位、错位、补位"))) << title.toStdString();
  EXPECT_TRUE(plain(charts[1]->title()).startsWith(QString::fromUtf8("项目经理与售前顾问利用率")));
  // The font the titles, axes and legends are drawn in has the glyphs of what they say.
  EXPECT_EQ(charts[0]->titleFont().family(), chart_font_family());
  EXPECT_TRUE(QFontDatabase::families(QFontDatabase::SimplifiedChinese).contains(chart_font_family()))
      << chart_font_family().toStdString();
  for (QChart* chart : charts) {
    EXPECT_EQ(missing_glyphs(chart->titleFont(), plain(chart->title())), "") << plain(chart->title()).toStdString();
    for (QAbstractAxis* axis : chart->axes()) {
      EXPECT_EQ(missing_glyphs(axis->titleFont(), axis->titleText()), "") << axis->titleText().toStdString();
      if (auto* categories = qobject_cast<QBarCategoryAxis*>(axis)) {
        for (const QString& c : categories->categories()) {
          EXPECT_EQ(missing_glyphs(axis->labelsFont(), c), "") << c.toStdString();
        }
      }
    }
    for (QLegendMarker* m : chart->legend()->markers()) {
      EXPECT_EQ(missing_glyphs(chart->legend()->font(), m->label()), "") << m->label().toStdString();
    }
  }
  // The activity legend speaks the trainers' words.
  QStringList legend;
  for (QLegendMarker* m : charts[0]->legend()->markers()) legend << m->label();
  EXPECT_TRUE(legend.contains(QString::fromUtf8("越位"))) << legend.join(",").toStdString();
  EXPECT_TRUE(legend.contains(QString::fromUtf8("经营老客户"))) << legend.join(",").toStdString();
  // The box chart's categories are the roles in Chinese.
  auto* roles = qobject_cast<QBarCategoryAxis*>(charts[1]->axes(Qt::Horizontal).value(0));
  ASSERT_NE(roles, nullptr);
  EXPECT_EQ(roles->categories(), (QStringList{QString::fromUtf8("项目经理"), QString::fromUtf8("售前顾问")}));
}

TEST_F(Chinese, MoneyIsIn10kCny) {
  const v1::Results r = testing::synthetic_compare(2, 40);
  ChartPage page = build_page(ChartKind::revenue, r);
  QChart* box = page.charts.at(1).get();
  QValueAxis* y = nullptr;
  for (QAbstractAxis* a : box->axes(Qt::Vertical)) y = qobject_cast<QValueAxis*>(a);
  ASSERT_NE(y, nullptr);
  EXPECT_TRUE(y->titleText().contains(QString::fromUtf8("万元"))) << y->titleText().toStdString();
  // The axis spans the boxes in units of 10^4 CNY: P90 of the base plan's revenue lies inside.
  const double p90 = r.plans(0).points(0).summaries(0).p90();
  ASSERT_EQ(r.kpis(0).name(), "revenue");
  EXPECT_LE(y->min(), p90 / 1e4);
  EXPECT_GE(y->max(), p90 / 1e4);
  EXPECT_LT(y->max(), p90 / 1e4 * 3);  // not M CNY (100x smaller) nor CNY
  // Back in English: M CNY.
  install_language("en");
  ChartPage english = build_page(ChartKind::revenue, r);
  for (QAbstractAxis* a : english.charts.at(1)->axes(Qt::Vertical))
    EXPECT_TRUE(a->titleText().contains("M CNY")) << a->titleText().toStdString();
}

// The window's own strings (contexts salesim::viz::MainWindow, WorkshopWindow, ...) and the
// what-if panel's schema words come from the translation too: lupdate named their contexts as
// tr() looks them up at run time.
TEST_F(Chinese, TheWindowAndThePanelSpeakChinese) {
  EXPECT_EQ(MainWindow::tr("Run all"), QString::fromUtf8("全部运行"));
  EXPECT_EQ(knob_text("Head count"), QString::fromUtf8("人数"));
  EXPECT_EQ(knob_text("AM does the stage himself"), QString::fromUtf8("客户经理亲自做该阶段的比例"));
  EXPECT_EQ(knob_text("pm"), "pm");  // a cohort's name is shown as written
  MainWindow window;
  window.set_dialogs_enabled(false);
  QStringList menus;
  for (QAction* a : window.menuBar()->actions()) menus << a->text();
  EXPECT_TRUE(menus.contains(QString::fromUtf8("文件(&F)"))) << menus.join(",").toStdString();
  QDockWidget* dock = window.findChild<QDockWidget*>();
  ASSERT_NE(dock, nullptr);
  EXPECT_EQ(dock->windowTitle(), QString::fromUtf8("假设分析"));
}

TEST(Language, FollowsTheLocaleUnlessGiven) {
  testing::ensure_app();
  const char* saved[] = {std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG")};
  const std::string keep[] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "", saved[2] ? saved[2] : ""};
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  setenv("LANG", "zh_CN.UTF-8", 1);
  EXPECT_EQ(resolve_language(""), "zh_CN");
  EXPECT_EQ(resolve_language("en"), "en");
  setenv("LANG", "en_GB.UTF-8", 1);
  EXPECT_EQ(resolve_language(""), "en");
  EXPECT_EQ(resolve_language("zh_CN"), "zh_CN");
  setenv("LC_ALL", "zh_TW.UTF-8", 1);  // LC_ALL wins over LANG
  EXPECT_EQ(resolve_language(""), "zh_CN");
  EXPECT_FALSE(language_known("fr"));
  EXPECT_NE(install_language("fr"), "");
  const char* names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (int i = 0; i < 3; ++i) {
    if (saved[i]) setenv(names[i], keep[i].c_str(), 1);
    else unsetenv(names[i]);
  }
  // English: the source strings.
  ASSERT_EQ(install_language("en"), "");
  EXPECT_EQ(VizCharts::tr("Hours by role and activity"), "Hours by role and activity");
  EXPECT_EQ(QLocale().language(), QLocale::English);
}

}  // namespace
}  // namespace salesim::viz
