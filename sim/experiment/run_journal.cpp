// Rank 0's journal of a run: replay, then append; see run_journal.h.
#include "sim/experiment/run_journal.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace salesim::experiment {

namespace {

// True when the journal at `path` is a strict prefix of the start a journal with `header` would
// have: a run that failed (or was killed) while writing its header, with nothing recorded yet.
bool torn_before_first_record(const std::string& path, const std::string& header) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const std::size_t full = 16 + header.size();
  if (ec || size >= full) return false;
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return false;
  std::string start = "SALESIMJ";
  for (int i = 0; i < 8; ++i) start += static_cast<char>(static_cast<std::uint64_t>(header.size()) >> (8 * i));
  start += header;
  return start.compare(0, bytes.size(), bytes) == 0;
}

}  // namespace

RunJournal::RunJournal(const std::string& dir, bool resume, const std::string& header)
    : dir_(dir), path_(journal_path(dir)) {
  if (resume && std::filesystem::exists(path_) && !torn_before_first_record(path_, header)) {
    reader_ = std::make_unique<JournalReader>(path_);
    if (reader_->header() != header)
      throw std::runtime_error("the journal in " + dir_ +
                               " belongs to a different run (scenario, seed or options differ); "
                               "rerun with the original arguments, or use --force to start over");
  } else {
    writer_ = JournalWriter::create(path_, header);
  }
}

std::uint64_t RunJournal::replay(const Round& round, Aggregator& agg, RunStats& stats) {
  const std::uint64_t items = round.items();
  std::uint64_t replayed = 0;
  while (reader_ && replayed < items) {
    JournalRecord rec;
    if (!reader_->next(rec)) {
      writer_ = JournalWriter::append(path_, reader_->valid_bytes());
      reader_.reset();
      break;
    }
    const auto [cell, rep] = round.item(replayed);
    if (rec.cell != cell || rec.replication != rep)
      throw std::runtime_error("the journal in " + dir_ + " is out of order; use --force to start over");
    agg.add(cell, rep, rec.output);
    ++replayed;
    ++stats.replications_replayed;
  }
  return replayed;
}

void RunJournal::close() {
  reader_.reset();  // fully replayed with nothing left to do: the journal stays as it is
  writer_.close();
}

}  // namespace salesim::experiment
