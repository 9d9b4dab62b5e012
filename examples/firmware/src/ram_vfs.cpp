// The VFS behind SQLITE_OS_OTHER. SQLite calls sqlite3_os_init() from
// sqlite3_initialize(); it registers this VFS as the default, so
// sqlite3_open("app.db") and every file SQLite opens for it land here.
//
// Single-threaded and single-process (SQLITE_THREADSAFE=0), so locks are
// no-ops. No shared memory (xShmMap), so WAL is unavailable and
// `PRAGMA journal_mode = WAL` answers with the journal mode it keeps.
// Temporary files never reach a VFS: SQLITE_TEMP_STORE=3 keeps them in memory.
#include "ram_vfs.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <cstring>

#include "board.hpp"

#ifndef FIRMWARE_DATABASE_BYTES
#error "FIRMWARE_DATABASE_BYTES must be defined by the build"
#endif
#ifndef FIRMWARE_JOURNAL_BYTES
#error "FIRMWARE_JOURNAL_BYTES must be defined by the build"
#endif

namespace firmware {
namespace {

constexpr int max_path = 64;

// The board has no real-time clock: time starts at 2025-01-01T00:00:00Z at
// reset and advances with SysTick. In SQLite's unit, milliseconds since noon
// of 4714-11-24 BC (Julian day number 0): 2440587.5 days to the Unix epoch,
// plus 1735689600 s to 2025.
constexpr sqlite3_int64 boot_time_julian_ms = 210866760000000LL + 1735689600000LL;

alignas(8) unsigned char database_bytes[FIRMWARE_DATABASE_BYTES];
alignas(8) unsigned char journal_bytes[FIRMWARE_JOURNAL_BYTES];

struct RamRegion {
  RamFileUsage usage;
  int open_kind;  // SQLITE_OPEN_MAIN_DB or SQLITE_OPEN_MAIN_JOURNAL
  unsigned char* data;
  bool exists;
  char name[max_path + 1];
};

RamRegion regions[] = {
    {{"database", sizeof database_bytes, 0, 0, 0}, SQLITE_OPEN_MAIN_DB, database_bytes, false, {}},
    {{"journal", sizeof journal_bytes, 0, 0, 0}, SQLITE_OPEN_MAIN_JOURNAL, journal_bytes, false, {}},
};
RamFileUsage usage_copy[sizeof regions / sizeof regions[0]];
ChangeHook change_hook = nullptr;

void before_change(const RamRegion& region, const char* change) noexcept {
  if (change_hook != nullptr) change_hook(region.usage.role, change);
}

/// An open file: SQLite allocates szOsFile bytes and we fill them.
struct RamFile {
  sqlite3_file base;
  RamRegion* region;
};

RamRegion* region_of(sqlite3_file* file) noexcept { return reinterpret_cast<RamFile*>(file)->region; }

RamRegion* find_by_name(const char* name) noexcept {
  for (RamRegion& region : regions) {
    if (region.exists && name != nullptr && std::strcmp(region.name, name) == 0) return &region;
  }
  return nullptr;
}

void set_size(RamRegion& region, std::size_t size) noexcept {
  region.usage.size = size;
  if (size > region.usage.peak) region.usage.peak = size;
}

// ---- sqlite3_io_methods -------------------------------------------------------------------

int ram_close(sqlite3_file* file) {
  reinterpret_cast<RamFile*>(file)->region = nullptr;
  return SQLITE_OK;
}

int ram_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  const RamRegion& region = *region_of(file);
  const auto want = static_cast<std::size_t>(amount);
  const auto from = static_cast<std::size_t>(offset);
  const std::size_t available = from < region.usage.size ? region.usage.size - from : 0;
  const std::size_t copied = available < want ? available : want;
  std::memcpy(buffer, region.data + from, copied);
  if (copied == want) return SQLITE_OK;
  // SQLite requires the rest zero-filled on a short read.
  std::memset(static_cast<unsigned char*>(buffer) + copied, 0, want - copied);
  return SQLITE_IOERR_SHORT_READ;
}

int ram_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  RamRegion& region = *region_of(file);
  const auto from = static_cast<std::size_t>(offset);
  const std::size_t end = from + static_cast<std::size_t>(amount);
  if (end > region.usage.capacity) return SQLITE_FULL;
  before_change(region, "write");
  if (from > region.usage.size) std::memset(region.data + region.usage.size, 0, from - region.usage.size);
  std::memcpy(region.data + from, buffer, static_cast<std::size_t>(amount));
  region.usage.written += static_cast<std::size_t>(amount);
  if (end > region.usage.size) set_size(region, end);
  return SQLITE_OK;
}

int ram_truncate(sqlite3_file* file, sqlite3_int64 size) {
  RamRegion& region = *region_of(file);
  before_change(region, "truncate");
  if (static_cast<std::size_t>(size) < region.usage.size) region.usage.size = static_cast<std::size_t>(size);
  return SQLITE_OK;
}

int ram_sync(sqlite3_file*, int) { return SQLITE_OK; }

int ram_file_size(sqlite3_file* file, sqlite3_int64* size) {
  *size = static_cast<sqlite3_int64>(region_of(file)->usage.size);
  return SQLITE_OK;
}

int ram_lock(sqlite3_file*, int) { return SQLITE_OK; }
int ram_unlock(sqlite3_file*, int) { return SQLITE_OK; }

int ram_check_reserved_lock(sqlite3_file*, int* reserved) {
  *reserved = 0;
  return SQLITE_OK;
}

int ram_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int ram_sector_size(sqlite3_file*) { return 512; }
int ram_device_characteristics(sqlite3_file*) { return SQLITE_IOCAP_POWERSAFE_OVERWRITE; }

const sqlite3_io_methods ram_io_methods = {
    1,  // iVersion: no shared memory, no memory mapping
    ram_close,
    ram_read,
    ram_write,
    ram_truncate,
    ram_sync,
    ram_file_size,
    ram_lock,
    ram_unlock,
    ram_check_reserved_lock,
    ram_file_control,
    ram_sector_size,
    ram_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- sqlite3_vfs ----------------------------------------------------------------------------

int ram_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* ram_file = reinterpret_cast<RamFile*>(file);
  ram_file->base.pMethods = nullptr;  // tells SQLite not to call xClose if we fail
  RamRegion* region = nullptr;
  for (RamRegion& candidate : regions) {
    if ((flags & candidate.open_kind) != 0) region = &candidate;
  }
  if (region == nullptr || name == nullptr || std::strlen(name) > max_path) return SQLITE_CANTOPEN;
  if (region->exists && std::strcmp(region->name, name) != 0) return SQLITE_CANTOPEN;  // one database per board
  if (!region->exists) {
    if ((flags & SQLITE_OPEN_CREATE) == 0) return SQLITE_CANTOPEN;
    std::strcpy(region->name, name);
    region->exists = true;
    region->usage.size = 0;
  }
  ram_file->region = region;
  ram_file->base.pMethods = &ram_io_methods;
  if (out_flags != nullptr) *out_flags = flags;
  return SQLITE_OK;
}

int ram_delete(sqlite3_vfs*, const char* name, int) {
  if (RamRegion* region = find_by_name(name)) {
    before_change(*region, "delete");
    region->exists = false;
    region->usage.size = 0;
  }
  return SQLITE_OK;
}

int ram_access(sqlite3_vfs*, const char* name, int flags, int* result) {
  const RamRegion* region = find_by_name(name);
  // Like the unix VFS, an empty file does not "exist": SQLite asks this of
  // journals to find hot ones, and an empty journal is not one.
  *result = region != nullptr && (flags != SQLITE_ACCESS_EXISTS || region->usage.size > 0);
  return SQLITE_OK;
}

int ram_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  if (static_cast<int>(std::strlen(name)) >= size) return SQLITE_CANTOPEN;
  std::strcpy(out, name);
  return SQLITE_OK;
}

int ram_randomness(sqlite3_vfs*, int size, char* out) {
  // SQLite wants randomness for temporary names and rowids after INT64_MAX;
  // nothing here needs it unpredictable. xorshift32, seeded by the clock.
  static std::uint32_t state = 0x9E3779B9u;
  state ^= board::uptime_ms();
  for (int i = 0; i < size; ++i) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    out[i] = static_cast<char>(state);
  }
  return size;
}

int ram_sleep(sqlite3_vfs*, int microseconds) {
  const std::uint32_t start = board::uptime_ms();
  const auto wait_ms = static_cast<std::uint32_t>((microseconds + 999) / 1000);
  while (board::uptime_ms() - start < wait_ms) {
    asm volatile("wfi");
  }
  return microseconds;
}

int ram_current_time_int64(sqlite3_vfs*, sqlite3_int64* now) {
  *now = boot_time_julian_ms + board::uptime_ms();
  return SQLITE_OK;
}

int ram_current_time(sqlite3_vfs* vfs, double* now) {
  sqlite3_int64 ms = 0;
  ram_current_time_int64(vfs, &ms);
  *now = static_cast<double>(ms) / 86400000.0;
  return SQLITE_OK;
}

int ram_get_last_error(sqlite3_vfs*, int, char*) { return 0; }

sqlite3_vfs ram_vfs = {
    2,  // iVersion: has xCurrentTimeInt64, which migbundle reads for durations
    sizeof(RamFile),
    max_path,
    nullptr,  // pNext
    "ram",
    nullptr,  // pAppData
    ram_open,
    ram_delete,
    ram_access,
    ram_full_pathname,
    nullptr,
    nullptr,
    nullptr,
    nullptr,  // no loadable extensions
    ram_randomness,
    ram_sleep,
    ram_current_time,
    ram_get_last_error,
    ram_current_time_int64,
    nullptr,
    nullptr,
    nullptr,  // no system-call overrides
};

}  // namespace

const RamFileUsage* ram_file_usage(std::size_t& count) noexcept {
  count = 0;
  for (const RamRegion& region : regions) usage_copy[count++] = region.usage;
  return usage_copy;
}

RamFileUsage database_file_usage() noexcept { return regions[0].usage; }  // regions[0]: the database

std::size_t ram_file_count() noexcept { return sizeof regions / sizeof regions[0]; }

RamFileContents ram_file_contents(std::size_t index) noexcept {
  RamRegion& region = regions[index];
  return {region.name, sizeof region.name, &region.exists, region.data, region.usage.capacity, region.usage.size};
}

void set_ram_file_size(std::size_t index, std::size_t size) noexcept { set_size(regions[index], size); }

void set_change_hook(ChangeHook hook) noexcept { change_hook = hook; }

}  // namespace firmware

// SQLITE_OS_OTHER: SQLite leaves these two to the application.
extern "C" int sqlite3_os_init(void) { return sqlite3_vfs_register(&firmware::ram_vfs, 1); }
extern "C" int sqlite3_os_end(void) { return SQLITE_OK; }
