// The run journal; see journal.h.
#include "sim/experiment/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "sim/experiment/output_set.h"
#include "sim/kernel/random.h"

namespace salesim::experiment {

namespace {
constexpr char kMagic[8] = {'S', 'A', 'L', 'E', 'S', 'I', 'M', 'J'};

void put_u32(std::vector<unsigned char>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void put_u64(std::vector<unsigned char>& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void put_f64(std::vector<unsigned char>& b, double d) {
  std::uint64_t v;
  std::memcpy(&v, &d, 8);
  put_u64(b, v);
}
std::uint32_t get_u32(const unsigned char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
  return v;
}
std::uint64_t get_u64(const unsigned char* p) {
  if constexpr (std::endian::native == std::endian::little) {  // one load (the checksum's hot loop)
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}
double get_f64(const unsigned char* p) {
  const std::uint64_t v = get_u64(p);
  double d;
  std::memcpy(&d, &v, 8);
  return d;
}
std::uint64_t checksum(const unsigned char* p, std::size_t n) {
  std::uint64_t h = 0x6a6f75726e616cULL ^ n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) h = kernel::hash_combine(h, get_u64(p + i));
  std::uint64_t tail = 0;
  for (std::size_t j = 0; i + j < n; ++j) tail |= static_cast<std::uint64_t>(p[i + j]) << (8 * j);
  return kernel::hash_combine(h, tail);
}
}  // namespace

JournalWriter JournalWriter::create(const std::string& path, const std::string& header) {
  JournalWriter w;
  w.path_ = path;
  w.fd_ = checked_io::open(path, O_WRONLY | O_CREAT | O_TRUNC);
  std::vector<unsigned char> b(kMagic, kMagic + 8);
  put_u64(b, header.size());
  b.insert(b.end(), header.begin(), header.end());
  checked_io::write_all(w.fd_, b.data(), b.size(), path);
  return w;
}

JournalWriter JournalWriter::append(const std::string& path, std::uint64_t valid_bytes) {
  JournalWriter w;
  w.path_ = path;
  w.fd_ = checked_io::open(path, O_WRONLY);
  checked_io::truncate(w.fd_, valid_bytes, path);
  return w;
}

JournalWriter& JournalWriter::operator=(JournalWriter&& o) noexcept {
  if (this != &o) {
    release();
    fd_ = o.fd_;
    path_ = std::move(o.path_);
    o.fd_ = -1;
  }
  return *this;
}

JournalWriter::~JournalWriter() { release(); }

void JournalWriter::release() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void JournalWriter::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  checked_io::close(fd, path_);
}

void JournalWriter::write(std::uint32_t cell, std::uint32_t replication, const model::ReplicationOutput& out) {
  write(cell, replication, out.events, out.kpis, out.weekly, {});
}

void JournalWriter::write(std::uint32_t cell, std::uint32_t replication, std::uint64_t events,
                          const std::vector<double>& kpis, const std::vector<std::vector<double>>& weekly,
                          const std::vector<std::vector<double>>& years) {
  buf_.clear();
  append_record(buf_, cell, replication, events, kpis, weekly, years);
  checked_io::write_all(fd_, buf_.data(), buf_.size(), path_);
}

void JournalWriter::write_encoded(const std::vector<unsigned char>& records) {
  checked_io::write_all(fd_, records.data(), records.size(), path_);
}

void JournalWriter::sync() { checked_io::fsync(fd_, path_); }

void append_record(std::vector<unsigned char>& buf, std::uint32_t cell, std::uint32_t replication,
                   const model::ReplicationOutput& out) {
  append_record(buf, cell, replication, out.events, out.kpis, out.weekly, {});
}

void append_record(std::vector<unsigned char>& buf, std::uint32_t cell, std::uint32_t replication, std::uint64_t events,
                   const std::vector<double>& kpis, const std::vector<std::vector<double>>& weekly,
                   const std::vector<std::vector<double>>& years) {
  const std::size_t start = buf.size();
  buf.resize(start + 12);  // length + checksum, filled below
  put_u32(buf, cell);
  put_u32(buf, replication);
  put_u64(buf, events);
  put_u32(buf, static_cast<std::uint32_t>(kpis.size()));
  put_u32(buf, static_cast<std::uint32_t>(weekly.size()));
  const std::size_t weeks = weekly.empty() ? 0 : weekly[0].size();
  put_u32(buf, static_cast<std::uint32_t>(weeks));
  put_u32(buf, static_cast<std::uint32_t>(years.size()));
  const std::size_t per_year = years.empty() ? 0 : years[0].size();
  put_u32(buf, static_cast<std::uint32_t>(per_year));
  for (double v : kpis) put_f64(buf, v);
  for (const auto& s : weekly)
    for (std::size_t w = 0; w < weeks; ++w) put_f64(buf, w < s.size() ? s[w] : 0.0);
  for (const auto& y : years)
    for (std::size_t k = 0; k < per_year; ++k) put_f64(buf, k < y.size() ? y[k] : 0.0);
  const std::size_t payload = buf.size() - start - 12;
  const std::uint64_t sum = checksum(buf.data() + start + 12, payload);
  for (int i = 0; i < 4; ++i) buf[start + static_cast<std::size_t>(i)] = static_cast<unsigned char>(payload >> (8 * i));
  for (int i = 0; i < 8; ++i) buf[start + 4 + static_cast<std::size_t>(i)] = static_cast<unsigned char>(sum >> (8 * i));
}

namespace {
constexpr std::uint32_t kFixed = 36;  // the payload's counts before its values

bool parse_payload(const unsigned char* p, std::uint32_t n, JournalRecord& r) {
  if (n < kFixed) return false;
  r.cell = get_u32(p);
  r.replication = get_u32(p + 4);
  r.output.events = get_u64(p + 8);
  const std::uint32_t nk = get_u32(p + 16), ns = get_u32(p + 20), nw = get_u32(p + 24);
  const std::uint32_t ny = get_u32(p + 28), nyk = get_u32(p + 32);
  if (kFixed + 8 * (static_cast<std::uint64_t>(nk) + static_cast<std::uint64_t>(ns) * nw +
                    static_cast<std::uint64_t>(ny) * nyk) != n)
    return false;
  p += kFixed;
  r.output.kpis.resize(nk);
  for (auto& v : r.output.kpis) v = get_f64(p), p += 8;
  r.output.weekly.assign(ns, std::vector<double>(nw));
  for (auto& s : r.output.weekly)
    for (auto& v : s) v = get_f64(p), p += 8;
  r.years.assign(ny, std::vector<double>(nyk));
  for (auto& y : r.years)
    for (auto& v : y) v = get_f64(p), p += 8;
  return true;
}
}  // namespace

bool parse_record(const unsigned char* p, std::size_t n, std::size_t& used, JournalRecord& record) {
  if (n < 12) return false;
  const std::uint32_t len = get_u32(p);
  if (n - 12 < len) return false;
  if (checksum(p + 12, len) != get_u64(p + 4)) return false;
  if (!parse_payload(p + 12, len, record)) return false;
  used = 12 + len;
  return true;
}

JournalReader::JournalReader(const std::string& path) {
  f_ = std::fopen(path.c_str(), "rb");
  if (!f_) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  unsigned char head[16];
  if (std::fread(head, 1, 16, f_) != 16 || std::memcmp(head, kMagic, 8) != 0)
    throw std::runtime_error(path + ": not a salesim journal");
  const std::uint64_t n = get_u64(head + 8);
  if (n > (std::uint64_t{1} << 30)) throw std::runtime_error(path + ": corrupt journal header");
  header_.resize(n);
  if (n && std::fread(header_.data(), 1, n, f_) != n) throw std::runtime_error(path + ": truncated journal header");
  valid_ = 16 + n;
}

JournalReader::~JournalReader() {
  if (f_) std::fclose(f_);
}

bool JournalReader::next(JournalRecord& r) {
  unsigned char head[12];
  if (std::fread(head, 1, 12, f_) != 12) return false;
  const std::uint32_t n = get_u32(head);
  const std::uint64_t sum = get_u64(head + 4);
  if (n < kFixed || n > (1u << 30)) return false;
  buf_.resize(n);
  if (std::fread(buf_.data(), 1, n, f_) != n) return false;
  if (checksum(buf_.data(), n) != sum) return false;
  if (!parse_payload(buf_.data(), n, r)) return false;
  valid_ += 12 + n;
  return true;
}

std::uint64_t journal_checksum(const unsigned char* p, std::size_t n) { return checksum(p, n); }

std::string read_journal_header(const std::string& path) {
  try {
    JournalReader r(path);
    return r.header();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace salesim::experiment
