// Rank 0's journal of a run (internal to run_spec; the file format is journal.h's). Started
// fresh, it records every committed item. On --resume it first replays what the earlier run
// committed, round by round as the rounds ask for it, then appends after the last intact record.
//
//   RunJournal journal(dir, resume, header);             // header: the serialized RunManifest
//   std::uint64_t start = journal.replay(round, agg, stats);
//   ...commit items [start, round.items()) through journal.writer()...
//   journal.close();
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/experiment/aggregator.h"
#include "sim/experiment/journal.h"
#include "sim/experiment/rounds.h"

namespace salesim::experiment {

class RunJournal {
 public:
  // No journal: replays nothing, writes nothing.
  RunJournal() = default;
  // Opens journal_path(dir): for replay when `resume` and it exists, else creates it with
  // `header`. Throws std::runtime_error if it cannot, or if the journal to replay has another
  // header (a different run).
  RunJournal(const std::string& dir, bool resume, const std::string& header);

  // Feeds the journaled items at the start of `round` (in item order) to `agg`, counts them in
  // stats.replications_replayed and returns how many. When the journal runs out it is opened for
  // appending after its last intact record. Throws std::runtime_error for a record that is not the
  // item expected, or if the journal cannot be reopened.
  std::uint64_t replay(const Round& round, Aggregator& agg, RunStats& stats);

  // Where committed items go: the new journal, or the old one once its replay has ended (closed
  // while replaying, or without a journal).
  JournalWriter& writer() { return writer_; }

  void close();

 private:
  std::string dir_, path_;
  std::unique_ptr<JournalReader> reader_;  // set while replaying
  JournalWriter writer_;
};

}  // namespace salesim::experiment
