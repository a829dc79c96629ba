// The `salesim` command; the subcommands live in commands.cpp.
#include "sim/cli/commands.h"

int main(int argc, char** argv) { return salesim::cli::main_entry(argc, argv); }
