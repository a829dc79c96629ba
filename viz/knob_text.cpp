#include "viz/knob_text.h"

#include <QCoreApplication>

namespace salesim::viz {
namespace {

// For lupdate: the labels, groups and units of the knobs in kWhatIfKnobPaths as the schema
// (sim/proto/salesim/v1/scenario.proto) and whatif.cpp word them. Never read: translate() looks
// the text up by itself.
[[maybe_unused]] const char* const kKnobWords[] = {
    QT_TRANSLATE_NOOP("Knobs", "Head count"),
    QT_TRANSLATE_NOOP("Knobs", "Offside"),
    QT_TRANSLATE_NOOP("Knobs", "Misplaced"),
    QT_TRANSLATE_NOOP("Knobs", "Covering"),
    QT_TRANSLATE_NOOP("Knobs", "Competitor utility at close"),
    QT_TRANSLATE_NOOP("Knobs", "enabled"),
    QT_TRANSLATE_NOOP("Knobs", "AM does the stage himself"),
    QT_TRANSLATE_NOOP("Knobs", "Queue length that triggers offside"),
    QT_TRANSLATE_NOOP("Knobs", "PM hours spent hunting"),
    QT_TRANSLATE_NOOP("Knobs", "Wait before the manager covers"),
    QT_TRANSLATE_NOOP("Knobs", "Scenario"),
    QT_TRANSLATE_NOOP("Knobs", "people"),
    QT_TRANSLATE_NOOP("Knobs", "share"),
    QT_TRANSLATE_NOOP("Knobs", "deals"),
    QT_TRANSLATE_NOOP("Knobs", "days"),
    QT_TRANSLATE_NOOP("Knobs", "utility"),
};

}  // namespace

QString knob_text(const std::string& text) {
  return QCoreApplication::translate("Knobs", text.c_str());
}

}  // namespace salesim::viz
