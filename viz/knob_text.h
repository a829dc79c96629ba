// The what-if panel's words for scenario fields (group headings, field labels, units), in the
// interface language. They come from the schema's (salesim.v1.param) labels at run time, so
// lupdate cannot see them: viz/knob_text.cpp lists the ones the panel shows
// (kWhatIfKnobPaths) for translation; any other text is shown as it is.
//
//   knob_text("Head count")  // "人数" under zh_CN, "Head count" otherwise
#pragma once

#include <QString>
#include <string>

namespace salesim::viz {

QString knob_text(const std::string& text);

}  // namespace salesim::viz
