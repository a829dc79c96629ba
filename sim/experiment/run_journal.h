// Rank 0's journal of a run (internal to run_spec; the file format is journal.h's). Started
// fresh, it records every committed item. On --resume it first replays what the earlier run
// committed, round by round as the rounds ask for it, then appends after the last intact record.
//
//   RunJournal journal(dir, resume, header, bands);      // header: the serialized RunManifest
//   std::uint64_t start = journal.replay(round, agg, stats);
//   ...commit items [start, round.items()) through journal.write()...
//   journal.close();
//
// Weekly series. A shard's journal keeps each item's weekly series in its record: merge_journals
// must feed them to one aggregator interleaved with the other shards'. An unsharded run (`bands`)
// keeps its journal at the KPIs and yearly values of each item, and the weekly series apart, in
// what resume needs of them, which is bounded: journal.bands, a checkpoint of the aggregator's
// weekly bands (Aggregator::band_state(): sums and P-square markers, fixed in size) covering the
// first C records, written atomically (temp, fsync, rename) once the weekly series written since
// the last one are as large as that state (or every SALESIM_JOURNAL_CHECKPOINT_EVERY records, a
// test hook); and journal.weeks, the weekly series of the records after C, started afresh at each
// checkpoint (a journal-format file whose header is C). Resume restores the checkpoint, replays
// the rows of every record and the weekly series of those after C, and cuts the journal back at
// the first record after C whose weekly series are missing (that item and the ones after it are
// recomputed).
#pragma once

#include <cstdint>
#include <functional>
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
  // `header`. `bands`: keep the weekly series apart (above). Throws std::runtime_error if it
  // cannot, or if the journal to replay has another header (a different run).
  RunJournal(const std::string& dir, bool resume, const std::string& header, bool bands);

  // Feeds the journaled items at the start of `round` (in item order) to `agg`, counts them in
  // stats.replications_replayed and returns how many. When the journal runs out it is opened for
  // appending after its last intact record. Throws std::runtime_error for a record that is not the
  // item expected, or if the journal cannot be reopened.
  std::uint64_t replay(const Round& round, Aggregator& agg, RunStats& stats);

  // Whether committed items are written: a new journal, or the old one once its replay has ended.
  bool writing() const { return writer_.is_open(); }
  // Appends a committed item, which `agg` has just added; may write a band checkpoint of `agg`.
  // Throws WriteError. The same as write(encode(...), agg).
  void write(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out,
             const Aggregator& agg);

  // An item's journal records, encoded ahead of its commit (by the thread that computed it).
  struct Encoded {
    std::vector<unsigned char> record;  // for journal.bin
    std::vector<unsigned char> weeks;   // for journal.weeks (bands only)
    std::uint64_t weekly_bytes = 0;     // the weekly values' bytes, for the checkpoint rule
  };
  // Encodes what write() appends for the item; `years` is agg.yearly_of(out.weekly). Reads only
  // what is fixed once the journal is open, so any thread may call it while another writes.
  Encoded encode(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out,
                 const std::vector<std::vector<double>>& years) const;
  // Appends an encoded item, which `agg` has just added; may write a band checkpoint of `agg`,
  // calling `before_checkpoint` first (when set: it completes agg's weekly bands). Throws WriteError.
  void write(const Encoded& item, const Aggregator& agg, const std::function<void()>& before_checkpoint = {});

  void close();

 private:
  void end_replay(std::uint64_t journal_bytes);
  void checkpoint(const Aggregator& agg);

  std::string dir_, path_, bands_path_, weeks_path_;
  std::unique_ptr<JournalReader> reader_;  // set while replaying
  JournalWriter writer_;
  bool bands_ = false;
  std::uint64_t tag_ = 0;            // ties journal.bands to the header
  std::uint64_t records_ = 0;        // records in the journal: replayed, then written
  std::uint64_t checkpoint_ = 0;     // records journal.bands covers
  std::string restore_;              // its band state, restored at the first replay
  std::unique_ptr<JournalReader> weeks_reader_;  // while replaying; null if journal.weeks is unusable
  JournalWriter weeks_writer_;
  std::uint64_t weeks_bytes_ = 0;    // weekly bytes written since the checkpoint
  std::uint64_t every_ = 0;          // test hook: a checkpoint every this many records
};

// The weekly-band checkpoint file: "SALESIMB", u64 tag, u64 records, u64 length, the state, u64
// checksum. write_band_checkpoint writes PATH.tmp, fsyncs it and renames it to PATH (throws
// WriteError); read_band_checkpoint is false when PATH is missing, torn or has another tag.
void write_band_checkpoint(const std::string& path, std::uint64_t tag, std::uint64_t records, const std::string& state);
bool read_band_checkpoint(const std::string& path, std::uint64_t tag, std::uint64_t& records, std::string& state);

}  // namespace salesim::experiment
