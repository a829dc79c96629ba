// The `salesim` command line: run, compare, sweep, validate, trace, merge, schema.
//
//   salesim run scenarios/golden_triangle.txtpb --replications 1000 --seed 7 --out out/gt
//
// Exit codes: 0 ok; 1 a problem with an input file or the output directory; 2 a bad command line;
// 130 / 143 interrupted by SIGINT / SIGTERM (finished work is journaled; rerun with --resume).
#pragma once

namespace salesim::cli {

int main_entry(int argc, char** argv);

}  // namespace salesim::cli
