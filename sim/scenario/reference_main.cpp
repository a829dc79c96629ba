// Writes docs/scenario-reference.md (the path given, or stdout) from the compiled-in descriptors.
#include <fstream>
#include <iostream>

#include "sim/scenario/loader.h"

int main(int argc, char** argv) {
  const std::string md = salesim::scenario::reference_markdown();
  if (argc < 2) {
    std::cout << md;
    return 0;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << md;
  if (!out) {
    std::cerr << "cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
