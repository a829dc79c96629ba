// Rank 0's journal of a run: replay, then append; see run_journal.h.
#include "sim/experiment/run_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/experiment/output_set.h"

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

void put_u64(std::string& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t get_u64(const std::string& b, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}
std::uint64_t checksum_of(const std::string& s) {
  return journal_checksum(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

// journal.weeks's header: the records of journal.bin before its first record.
std::string weeks_header(std::uint64_t base) {
  std::string h;
  put_u64(h, base);
  return h;
}

constexpr char kBandsMagic[] = "SALESIMB";

}  // namespace

void write_band_checkpoint(const std::string& path, std::uint64_t tag, std::uint64_t records, const std::string& state) {
  std::string b;
  b.reserve(40 + state.size());
  b.append(kBandsMagic, 8);
  put_u64(b, tag);
  put_u64(b, records);
  put_u64(b, state.size());
  b += state;
  put_u64(b, checksum_of(state));
  const std::string tmp = path + ".tmp";
  const int fd = checked_io::open(tmp, O_WRONLY | O_CREAT | O_TRUNC);
  try {
    checked_io::write_all(fd, b.data(), b.size(), tmp);
    checked_io::fsync(fd, tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  checked_io::close(fd, tmp);
  checked_io::rename(tmp, path);
}

bool read_band_checkpoint(const std::string& path, std::uint64_t tag, std::uint64_t& records, std::string& state) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (b.size() < 40 || b.compare(0, 8, kBandsMagic, 8) != 0 || get_u64(b, 8) != tag) return false;
  const std::uint64_t n = get_u64(b, 24);
  if (n != b.size() - 40) return false;
  std::string s = b.substr(32, n);
  if (checksum_of(s) != get_u64(b, 32 + n)) return false;
  records = get_u64(b, 16);
  state = std::move(s);
  return true;
}

RunJournal::RunJournal(const std::string& dir, bool resume, const std::string& header, bool bands)
    : dir_(dir),
      path_(journal_path(dir)),
      bands_path_((std::filesystem::path(dir) / "journal.bands").string()),
      weeks_path_((std::filesystem::path(dir) / "journal.weeks").string()),
      bands_(bands),
      tag_(checksum_of(header)) {
  if (const char* e = std::getenv("SALESIM_JOURNAL_CHECKPOINT_EVERY")) every_ = std::strtoull(e, nullptr, 10);
  if (resume && std::filesystem::exists(path_) && !torn_before_first_record(path_, header)) {
    reader_ = std::make_unique<JournalReader>(path_);
    if (reader_->header() != header)
      throw std::runtime_error("the journal in " + dir_ +
                               " belongs to a different run (scenario, seed or options differ); "
                               "rerun with the original arguments, or use --force to start over");
    if (!bands_) return;
    if (!read_band_checkpoint(bands_path_, tag_, checkpoint_, restore_)) checkpoint_ = 0, restore_.clear();
    // journal.weeks holds the records from its base on; those before the checkpoint are skipped
    // (a run stopped between writing the checkpoint and starting journal.weeks afresh).
    try {
      weeks_reader_ = std::make_unique<JournalReader>(weeks_path_);
    } catch (const std::exception&) {
      return;  // missing or torn: every record after the checkpoint is recomputed
    }
    const std::string& h = weeks_reader_->header();
    std::uint64_t base = h.size() == 8 ? get_u64(h, 0) : checkpoint_ + 1;
    JournalRecord skipped;
    while (base < checkpoint_ && weeks_reader_->next(skipped)) ++base;
    if (base != checkpoint_) weeks_reader_.reset();
  } else {
    writer_ = JournalWriter::create(path_, header);
    if (!bands_) return;
    if (std::filesystem::exists(bands_path_)) checked_io::unlink(bands_path_);  // an older run's
    weeks_writer_ = JournalWriter::create(weeks_path_, weeks_header(0));
  }
}

std::uint64_t RunJournal::replay(const Round& round, Aggregator& agg, RunStats& stats) {
  if (!restore_.empty()) {
    agg.restore_band_state(restore_);
    restore_.clear();
  }
  const std::uint64_t items = round.items();
  std::uint64_t replayed = 0;
  while (reader_ && replayed < items) {
    const std::uint64_t before = reader_->valid_bytes();
    JournalRecord rec;
    if (!reader_->next(rec)) {
      end_replay(reader_->valid_bytes());
      break;
    }
    const auto [cell, rep] = round.item(replayed);
    if (rec.cell != cell || rec.replication != rep)
      throw std::runtime_error("the journal in " + dir_ + " is out of order; use --force to start over");
    if (bands_) {
      const bool after = records_ >= checkpoint_;  // its weekly series are not in the checkpoint
      JournalRecord week;
      if (after && !(weeks_reader_ && weeks_reader_->next(week) && week.cell == cell && week.replication == rep)) {
        end_replay(before);  // its weekly series are lost: recomputed from this item on
        break;
      }
      agg.add_row(cell, rep, rec.output.kpis, rec.years);
      if (after) agg.add_weekly(cell, week.output.weekly);
    } else {
      agg.add(cell, rep, rec.output);
    }
    ++records_;
    ++replayed;
    ++stats.replications_replayed;
  }
  return replayed;
}

void RunJournal::end_replay(std::uint64_t journal_bytes) {
  if (bands_ && records_ < checkpoint_)
    throw std::runtime_error("the journal in " + dir_ +
                             " ends before its weekly-band checkpoint (journal.bands); use --force to start over");
  writer_ = JournalWriter::append(path_, journal_bytes);
  reader_.reset();
  if (!bands_) return;
  if (weeks_reader_)  // after the weekly series of the records replayed
    weeks_writer_ = JournalWriter::append(weeks_path_, weeks_reader_->valid_bytes());
  else  // nothing after the checkpoint was replayed
    weeks_writer_ = JournalWriter::create(weeks_path_, weeks_header(records_));
  weeks_reader_.reset();
}

void RunJournal::write(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out,
                       const Aggregator& agg) {
  write(encode(cell, replication, out, bands_ ? agg.yearly_of(out.weekly) : std::vector<std::vector<double>>{}), agg);
}

RunJournal::Encoded RunJournal::encode(std::uint32_t cell, std::uint32_t replication,
                                       const model::ReplicationOutput& out,
                                       const std::vector<std::vector<double>>& years) const {
  Encoded e;
  if (!bands_) {
    append_record(e.record, cell, replication, out);
    return e;
  }
  static const std::vector<double> no_kpis;
  static const std::vector<std::vector<double>> none;
  append_record(e.record, cell, replication, out.events, out.kpis, none, years);
  append_record(e.weeks, cell, replication, 0, no_kpis, out.weekly, none);
  for (const auto& s : out.weekly) e.weekly_bytes += 8 * s.size();
  return e;
}

void RunJournal::write(const Encoded& item, const Aggregator& agg, const std::function<void()>& before_checkpoint) {
  writer_.write_encoded(item.record);
  if (!bands_) {
    ++records_;
    return;
  }
  weeks_writer_.write_encoded(item.weeks);
  ++records_;
  weeks_bytes_ += item.weekly_bytes;
  if (every_ ? records_ - checkpoint_ >= every_ : weeks_bytes_ >= agg.band_state_size()) {
    if (before_checkpoint) before_checkpoint();
    checkpoint(agg);
  }
}

void RunJournal::checkpoint(const Aggregator& agg) {
  writer_.sync();  // the records the checkpoint covers are on disk before it
  write_band_checkpoint(bands_path_, tag_, records_, agg.band_state());
  weeks_writer_.close();
  weeks_writer_ = JournalWriter::create(weeks_path_, weeks_header(records_));
  checkpoint_ = records_;
  weeks_bytes_ = 0;
}

void RunJournal::close() {
  reader_.reset();  // fully replayed with nothing left to do: the journal stays as it is
  weeks_reader_.reset();
  writer_.close();
  weeks_writer_.close();
}

}  // namespace salesim::experiment
