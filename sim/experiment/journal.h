// The run journal: DIR/journal.bin records every committed replication, in commit order, so a
// killed run can resume and shards can be merged.
//
// Layout: "SALESIMJ" magic, u64 header length, header bytes (a serialized v1::RunManifest: what is
// being run), then records: u32 payload length, u64 checksum of the payload, payload =
// u32 cell, u32 replication, u64 events, u32 kpi count, u32 series count, u32 weeks, u32 years,
// u32 yearly KPIs, then the KPI values, the weekly values and the yearly values as little-endian
// IEEE doubles. Any part may be empty: an unsharded run's journal holds the KPIs and yearly values
// and keeps the weekly series apart (run_journal.h), a shard's journal and the MPI messages hold
// the KPIs and the weekly series. A torn tail record (killed while
// writing) fails its checksum and is dropped on resume. Writes go straight to the file descriptor
// through checked_io (output_set.h): a SIGKILL loses nothing that write() returned for, and a
// failed write throws WriteError with the OS reason.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/model/model.h"

namespace salesim::experiment {

struct JournalRecord {
  std::uint32_t cell = 0;
  std::uint32_t replication = 0;
  model::ReplicationOutput output;
  std::vector<std::vector<double>> years;  // [year][yearly KPI] (Aggregator::yearly_of), or empty
};

class JournalWriter {
 public:
  // Creates (truncating) `path` and writes the header.
  static JournalWriter create(const std::string& path, const std::string& header);
  // Opens an existing journal for appending after `valid_bytes` (truncating any torn tail).
  static JournalWriter append(const std::string& path, std::uint64_t valid_bytes);
  JournalWriter() = default;
  JournalWriter(JournalWriter&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
  JournalWriter& operator=(JournalWriter&& o) noexcept;
  ~JournalWriter();

  bool is_open() const { return fd_ >= 0; }
  // Throw WriteError.
  void write(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out);
  void write(std::uint32_t cell, std::uint32_t replication, std::uint64_t events, const std::vector<double>& kpis,
             const std::vector<std::vector<double>>& weekly, const std::vector<std::vector<double>>& years);
  // Writes records encoded by append_record (one or several). Throws WriteError.
  void write_encoded(const std::vector<unsigned char>& records);
  // fsync: what was written survives a power loss.
  void sync();
  void close();

 private:
  void release() noexcept;  // closes without checking (the writer is being replaced or destroyed)
  int fd_ = -1;
  std::string path_;
  std::vector<unsigned char> buf_;
};

class JournalReader {
 public:
  // Throws std::runtime_error if the file cannot be opened or is not a journal.
  explicit JournalReader(const std::string& path);
  ~JournalReader();
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

  const std::string& header() const { return header_; }
  // Reads the next intact record; false at the end or at a torn/corrupt tail.
  bool next(JournalRecord& record);
  // Bytes up to the end of the last record next() returned (or the header).
  std::uint64_t valid_bytes() const { return valid_; }

 private:
  std::FILE* f_ = nullptr;
  std::string header_;
  std::uint64_t valid_ = 0;
  std::vector<unsigned char> buf_;
};

// The record encoding (length, checksum, payload), shared with the MPI backend's messages.
void append_record(std::vector<unsigned char>& buf, std::uint32_t cell, std::uint32_t replication,
                   const model::ReplicationOutput& out);
void append_record(std::vector<unsigned char>& buf, std::uint32_t cell, std::uint32_t replication, std::uint64_t events,
                   const std::vector<double>& kpis, const std::vector<std::vector<double>>& weekly,
                   const std::vector<std::vector<double>>& years);
// Decodes one record at `p` (at most `n` bytes); sets `used`. False when torn or corrupt.
bool parse_record(const unsigned char* p, std::size_t n, std::size_t& used, JournalRecord& record);

// The records' checksum of `n` bytes.
std::uint64_t journal_checksum(const unsigned char* p, std::size_t n);

// Reads only the header of a journal (empty string if `path` is not a readable journal).
std::string read_journal_header(const std::string& path);

}  // namespace salesim::experiment
