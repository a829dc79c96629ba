// `salesim fit`: see fit_command.cpp and sim/calibration/fit_output.h.
#pragma once

#include "sim/cli/options.h"

namespace salesim::cli {

// Exit status: 0 fitted; 1 a problem in the mapping, the data, the base scenario or the output
// directory (OutputDirError is thrown for the last, as the other commands do).
int cmd_fit(const Invocation& inv);

}  // namespace salesim::cli
