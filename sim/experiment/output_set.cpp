// Checked file operations and all-or-nothing output sets; see output_set.h.
#include "sim/experiment/output_set.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <streambuf>

namespace salesim::experiment {

namespace fs = std::filesystem;

namespace checked_io {

namespace {

std::atomic<std::uint64_t> g_ops{0};
std::atomic<std::uint64_t> g_fault_at{0};  // operation number that fails (0: none)
std::atomic<int> g_fault_errno{ENOSPC};
std::once_flag g_env_once;

// Counts one operation; false (errno set) when the test hook says this one fails.
bool proceed() {
  std::call_once(g_env_once, [] {
    if (const char* n = std::getenv("SALESIM_FAULT_AFTER_OPS")) g_fault_at = std::strtoull(n, nullptr, 10);
  });
  const std::uint64_t op = ++g_ops;
  std::uint64_t at = g_fault_at.load();
  if (at != 0 && op == at && g_fault_at.compare_exchange_strong(at, 0)) {
    errno = g_fault_errno.load();
    return false;
  }
  return true;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw WriteError("cannot " + what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

void set_fault_after(std::uint64_t n, int err) {
  std::call_once(g_env_once, [] {});  // the explicit setting wins over the environment
  g_fault_errno = err;
  g_fault_at = n == 0 ? 0 : g_ops.load() + n;
}

std::uint64_t operations() { return g_ops.load(); }

int open(const std::string& path, int flags, unsigned mode) {
  int fd = -1;
  if (proceed()) {
    do fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
    while (fd < 0 && errno == EINTR);
  }
  if (fd < 0) fail((flags & O_CREAT) ? "create" : "open", path);
  return fd;
}

void write_all(int fd, const void* data, std::size_t n, const std::string& path) {
  if (!proceed()) fail("write", path);
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("write", path);
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void fsync(int fd, const std::string& path) {
  if (!proceed() || ::fsync(fd) != 0) fail("sync", path);
}

void close(int fd, const std::string& path) {
  if (!proceed()) {
    const int err = errno;
    ::close(fd);  // the descriptor must not leak; the failure is the hook's
    errno = err;
    fail("close", path);
  }
  if (::close(fd) != 0 && errno != EINTR) fail("close", path);
}

void truncate(int fd, std::uint64_t size, const std::string& path) {
  if (!proceed() || ::ftruncate(fd, static_cast<off_t>(size)) != 0 ||
      ::lseek(fd, static_cast<off_t>(size), SEEK_SET) < 0)
    fail("truncate", path);
}

void rename(const std::string& from, const std::string& to) {
  if (!proceed() || ::rename(from.c_str(), to.c_str()) != 0) fail("rename " + from + " to", to);
}

void link(const std::string& from, const std::string& to) {
  if (!proceed() || ::link(from.c_str(), to.c_str()) != 0) fail("link " + from + " to", to);
}

void unlink(const std::string& path) {
  if (!proceed() || ::unlink(path.c_str()) != 0) fail("remove", path);
}

void mkdir(const std::string& path) {
  if (!proceed() || ::mkdir(path.c_str(), 0755) != 0) fail("create directory", path);
}

void sync_dir(const std::string& path) {
  const int fd = checked_io::open(path, O_RDONLY | O_DIRECTORY);
  if (!proceed() || ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    errno = err;
    fail("sync directory", path);
  }
  ::close(fd);  // read-only descriptor: nothing to lose
}

}  // namespace checked_io

namespace {

// A stream buffer over a file descriptor whose writes are checked; the first failure is kept
// (the stream then sets badbit) and rethrown by finish().
class FdBuf : public std::streambuf {
 public:
  FdBuf(int fd, std::string path) : fd_(fd), path_(std::move(path)), buf_(1 << 16) {
    setp(buf_.data(), buf_.data() + buf_.size());
  }
  void check() const {
    if (error_) std::rethrow_exception(error_);
  }
  // Writes what is buffered and rethrows the first failure.
  void finish() {
    drain();
    if (error_) std::rethrow_exception(error_);
  }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    if (error_) return false;
    const std::size_t n = static_cast<std::size_t>(pptr() - pbase());
    try {
      if (n) checked_io::write_all(fd_, pbase(), n, path_);
    } catch (...) {
      error_ = std::current_exception();
      return false;
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return true;
  }
  int fd_;
  std::string path_;
  std::vector<char> buf_;
  std::exception_ptr error_;
};

constexpr const char* kStaging = ".salesim-staging";
constexpr const char* kPrevious = ".previous";

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

class OutputSet::File {
 public:
  File(std::string name, const std::string& path)
      : name_(std::move(name)), path_(path),
        fd_(checked_io::open(path, O_WRONLY | O_CREAT | O_TRUNC)),
        buf_(fd_, path),
        stream_(&buf_) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);  // not finished: the staged file is discarded anyway
  }
  const std::string& name() const { return name_; }
  std::ostream& stream() { return stream_; }
  void check() const { buf_.check(); }
  // Flushes, syncs and closes, all checked.
  void finish() {
    buf_.finish();
    checked_io::fsync(fd_, path_);
    const int fd = fd_;
    fd_ = -1;
    checked_io::close(fd, path_);
  }

 private:
  std::string name_, path_;
  int fd_;
  FdBuf buf_;
  std::ostream stream_;
};

OutputSet::OutputSet(std::string dir) : dir_(std::move(dir)), staging_((fs::path(dir_) / kStaging).string()) {
  std::error_code ec;
  fs::remove_all(staging_, ec);  // a killed run's leftovers
  checked_io::mkdir(staging_);
}

OutputSet::~OutputSet() {
  files_.clear();
  std::error_code ec;
  fs::remove_all(staging_, ec);  // published: only the replaced files; else the unpublished set
}

std::ostream& OutputSet::create(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
    throw std::logic_error("OutputSet: bad file name '" + name + "'");
  files_.push_back(std::make_unique<File>(name, (fs::path(staging_) / name).string()));
  return files_.back()->stream();
}

void OutputSet::add(const std::string& name, const std::string& content) {
  create(name).write(content.data(), static_cast<std::streamsize>(content.size()));
}

void OutputSet::check() const {
  for (const auto& f : files_) f->check();
}

void OutputSet::remove(const std::string& name) { removals_.push_back(name); }

void OutputSet::publish() {
  if (published_) throw std::logic_error("OutputSet: published twice");
  // Only files are ever replaced: a folder (or anything but a regular file or a link to one) under
  // an output's name is the user's, and moving it aside would delete it with the staging area
  // (`salesim schema --out FOLDER` once did). Checked before anything moves.
  for (const auto& f : files_) {
    const fs::path t = fs::path(dir_) / f->name();
    std::error_code ec;
    const fs::file_status st = fs::status(t, ec);
    if (fs::exists(st) && !fs::is_regular_file(st))
      throw WriteError("cannot write " + t.string() + ": " +
                       (fs::is_directory(st) ? "a folder of that name is in the way" : "something that is not a file is in the way") +
                       " (salesim replaces only files); nothing in " + dir_ + " was changed");
  }
  for (auto& f : files_) f->finish();
  checked_io::sync_dir(staging_);
  const std::string previous = (fs::path(staging_) / kPrevious).string();
  checked_io::mkdir(previous);

  // Each step moves a file; undoing it in reverse order restores the directory.
  struct Step {
    std::string name;
    bool had_old = false;  // DIR/name was moved to .previous/name
    bool placed = false;   // a staged file was renamed to DIR/name
  };
  std::vector<Step> steps;
  const auto target = [&](const std::string& n) { return (fs::path(dir_) / n).string(); };
  const auto backup = [&](const std::string& n) { return (fs::path(previous) / n).string(); };
  try {
    for (auto& f : files_) {
      Step s{f->name()};
      if (exists(target(s.name))) {
        checked_io::rename(target(s.name), backup(s.name));
        s.had_old = true;
      }
      steps.push_back(s);
      checked_io::rename((fs::path(staging_) / s.name).string(), target(s.name));
      steps.back().placed = true;
    }
    for (const auto& name : removals_) {
      if (!exists(target(name))) continue;
      checked_io::rename(target(name), backup(name));
      steps.push_back({name, true, false});
    }
    checked_io::sync_dir(dir_);
  } catch (const WriteError& e) {
    std::string undo_errors;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      try {
        if (it->placed && !it->had_old) checked_io::unlink(target(it->name));
        if (it->had_old) checked_io::rename(backup(it->name), target(it->name));
      } catch (const WriteError& u) {
        undo_errors += std::string("; ") + u.what();
      }
    }
    throw WriteError(std::string(e.what()) +
                     (undo_errors.empty() ? "; nothing in " + dir_ + " was changed"
                                          : "; restoring the previous files also failed" + undo_errors));
  }
  published_ = true;
}

}  // namespace salesim::experiment
