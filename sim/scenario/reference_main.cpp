// Writes docs/scenario-reference.md (the path given, or stdout) from the compiled-in descriptors;
// with --model-tables FILE, regenerates the parameter tables of docs/model.md in place.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "sim/scenario/loader.h"

namespace {

int write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "cannot write " << path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--model-tables") {
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "cannot read " << argv[2] << "\n";
      return 1;
    }
    std::vector<std::string> unknown;
    const std::string out = salesim::scenario::model_tables(text.str(), &unknown);
    for (const auto& p : unknown) std::cerr << argv[2] << ": no parameter matches '" << p << "'\n";
    return unknown.empty() ? write(argv[2], out) : 1;
  }
  const std::string md = salesim::scenario::reference_markdown();
  if (argc < 2) {
    std::cout << md;
    return 0;
  }
  return write(argv[1], md);
}
