// Every file salesim writes goes through this header: results.pb, replications.pb, the CSVs,
// the scenario echoes, run.json, `schema --out` and the run journal. Two parts:
//
//   checked_io   thin wrappers over open/write/fsync/close/rename/link/unlink/mkdir that throw
//                WriteError("cannot write PATH: No space left on device") on failure; no other
//                file-system call that changes a file is made outside them.
//   OutputSet    a set of files that appear together or not at all. Files are written into
//                DIR/.salesim-staging, then published by renames only after every one of them was
//                written, flushed and fsynced. A failure while publishing restores what was there
//                before (the replaced files are kept as hard links until the end).
//
//   OutputSet out(dir);
//   out.create("summary.csv") << "plan,kpi,...\n";   // a stream; errors surface at publish()
//   out.add("run.json", text);
//   out.remove("journal.bin");                        // removed with the publish, restored if it fails
//   out.publish();                                    // throws WriteError; then nothing changed
//
// A test hook makes the N-th checked operation of the process fail (set_fault_after, or the
// environment variable SALESIM_FAULT_AFTER_OPS=N read at the first operation), so tests can fail
// each write in turn and check that nothing half-written is ever published.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace salesim::experiment {

// An output directory or file that cannot be used (exit status 1 in the CLI).
struct OutputDirError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A write, flush, sync, close or rename that failed; the message names the path and the OS reason.
struct WriteError : OutputDirError {
  using OutputDirError::OutputDirError;
};

namespace checked_io {

// Open flags as for ::open; returns the descriptor.
int open(const std::string& path, int flags, unsigned mode = 0644);
// Writes all `n` bytes (retrying short writes and EINTR).
void write_all(int fd, const void* data, std::size_t n, const std::string& path);
void fsync(int fd, const std::string& path);
void close(int fd, const std::string& path);
void truncate(int fd, std::uint64_t size, const std::string& path);
void rename(const std::string& from, const std::string& to);
void link(const std::string& from, const std::string& to);
void unlink(const std::string& path);
void mkdir(const std::string& path);
// fsync of a directory (makes renames in it durable).
void sync_dir(const std::string& path);

// Test hook: the `n`-th checked operation from now on (1-based) fails with `err`; 0 disables.
void set_fault_after(std::uint64_t n, int err);
// Checked operations performed so far by this process.
std::uint64_t operations();

}  // namespace checked_io

class OutputSet {
 public:
  // Stages into DIR/.salesim-staging (a leftover one from a killed run is removed first).
  explicit OutputSet(std::string dir);
  // Not published: removes the staging directory; the directory is as it was.
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // A new file NAME (no directory part); write to the stream until publish(). A failed write
  // stops the stream (badbit) and is reported, with its OS reason, by publish().
  std::ostream& create(const std::string& name);
  void add(const std::string& name, const std::string& content);
  // Throws the first write failure of any file so far (a serializer that stopped early).
  void check() const;
  // Removes DIR/NAME, if it exists, as part of the publish.
  void remove(const std::string& name);

  // Closes every file (checked flush, fsync, close), then replaces the files in DIR by renames
  // and removes the files marked for removal. Only regular files are replaced: a folder (or any
  // non-file) under an output's name is refused with WriteError before anything moves. Throws WriteError; on failure DIR is left as it was
  // before (as far as the undo itself succeeds; the message says if it did not).
  void publish();

  const std::string& dir() const { return dir_; }

 private:
  class File;
  std::string dir_, staging_;
  std::vector<std::unique_ptr<File>> files_;
  std::vector<std::string> removals_;
  bool published_ = false;
};

}  // namespace salesim::experiment
