#include "test_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace migbundle_reliability {
namespace {

enum class Mode { fault, power };

/// What the operating system holds of one file: its bytes as the processes
/// see them, and which of them differ from the real (durable) file.
struct Image {
  std::vector<unsigned char> bytes;
  std::size_t dirty_lo = SIZE_MAX;  ///< written but not synced: [dirty_lo, dirty_hi)
  std::size_t dirty_hi = 0;
  bool resized = false;  ///< truncated (or extended) since the last sync

  void mark_dirty(std::size_t lo, std::size_t hi) {
    dirty_lo = std::min(dirty_lo, lo);
    dirty_hi = std::max(dirty_hi, hi);
  }
  void mark_clean() {
    dirty_lo = SIZE_MAX;
    dirty_hi = 0;
    resized = false;
  }
};

struct Counter {
  bool armed = false;
  std::int64_t calls = 0;
  IoCallCounts by_kind{};

  void start() {
    armed = true;
    calls = 0;
    by_kind.fill(0);
  }
  void count(IoCall call) {
    ++calls;
    ++by_kind[static_cast<int>(call)];
  }
};

struct FaultState {
  Counter counter;
  fault_vfs::Plan plan;
  bool fired = false;
  IoCall fired_call = IoCall::open;
  int fired_code = 0;
  std::int64_t failed_calls = 0;
};

struct PowerState {
  Counter counter;
  std::int64_t cut_at = 0;
  bool cut = false;
  IoCall cut_call = IoCall::open;
  /// Keyed by the full path SQLite opens: one image per file, shared by its handles.
  std::map<std::string, std::shared_ptr<Image>> images;
};

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs fault_vfs_object{};
sqlite3_vfs power_vfs_object{};
FaultState fault_state;
PowerState power_state;
int fault_tag = 0;  // pAppData of each VFS points at one of these, telling the modes apart
int power_tag = 0;

/// Our file: the real VFS's file lives right behind it in the same allocation.
struct TestFile {
  sqlite3_file base;  // first: SQLite sees a TestFile as a sqlite3_file
  Mode mode;
  sqlite3_file* real;
  std::shared_ptr<Image> image;  ///< power mode, for the main database, journal and WAL
};
constexpr std::size_t test_file_size = (sizeof(TestFile) + 15) & ~static_cast<std::size_t>(15);

TestFile* as_test(sqlite3_file* file) { return reinterpret_cast<TestFile*>(file); }

int error_for(IoCall call) {
  switch (call) {
    case IoCall::open:
      return SQLITE_CANTOPEN;
    case IoCall::remove:
      return SQLITE_IOERR_DELETE;
    case IoCall::access:
      return SQLITE_IOERR_ACCESS;
    case IoCall::read:
      return SQLITE_IOERR_READ;
    case IoCall::write:
      return SQLITE_IOERR_WRITE;
    case IoCall::truncate:
      return SQLITE_IOERR_TRUNCATE;
    case IoCall::sync:
      return SQLITE_IOERR_FSYNC;
    case IoCall::file_size:
      return SQLITE_IOERR_FSTAT;
    case IoCall::lock:
      return SQLITE_IOERR_LOCK;
    case IoCall::unlock:
      return SQLITE_IOERR_UNLOCK;
    case IoCall::check_reserved_lock:
      return SQLITE_IOERR_CHECKRESERVEDLOCK;
    case IoCall::shm_map:
      return SQLITE_IOERR_SHMMAP;
    case IoCall::shm_lock:
      return SQLITE_IOERR_SHMLOCK;
  }
  return SQLITE_IOERR;
}

/// Counts one call of a file or VFS in `mode` and decides its fate: the
/// error code to return instead of doing it, or SQLITE_OK to go ahead.
int gate(Mode mode, IoCall call) {
  if (mode == Mode::fault) {
    FaultState& s = fault_state;
    if (!s.counter.armed) return SQLITE_OK;
    s.counter.count(call);
    const fault_vfs::Plan& plan = s.plan;
    if (plan.fail_at == 0) return SQLITE_OK;
    if (s.counter.calls == plan.fail_at || (plan.persistent && s.counter.calls > plan.fail_at)) {
      const int code = call == IoCall::write && plan.full_on_write ? SQLITE_FULL : error_for(call);
      if (!s.fired) {
        s.fired = true;
        s.fired_call = call;
        s.fired_code = code;
      }
      ++s.failed_calls;
      return code;
    }
    return SQLITE_OK;
  }
  PowerState& s = power_state;
  if (s.cut) return error_for(call);
  if (!s.counter.armed) return SQLITE_OK;
  s.counter.count(call);
  if (s.cut_at != 0 && s.counter.calls == s.cut_at) {
    s.cut = true;
    s.cut_call = call;
    // Everything not synced is gone. Handles still open keep their (now
    // orphaned) images, but every call they make fails from here on.
    s.images.clear();
    return error_for(call);
  }
  return SQLITE_OK;
}

// ---- I/O methods ---------------------------------------------------------------------------

int x_close(sqlite3_file* file) {
  TestFile* t = as_test(file);
  int rc = SQLITE_OK;
  // Always closed for real, even after a fault or a power cut: that releases the locks.
  if (t->real->pMethods != nullptr) rc = t->real->pMethods->xClose(t->real);
  t->~TestFile();
  return rc;
}

int x_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::read)) return rc;
  if (!t->image) return t->real->pMethods->xRead(t->real, buffer, amount, offset);
  const std::vector<unsigned char>& bytes = t->image->bytes;
  const auto start = static_cast<std::size_t>(offset);
  const auto wanted = static_cast<std::size_t>(amount);
  const std::size_t available = start < bytes.size() ? std::min(wanted, bytes.size() - start) : 0;
  if (available > 0) std::memcpy(buffer, bytes.data() + start, available);
  if (available < wanted) {
    // SQLite's contract for a short read: zero the rest.
    std::memset(static_cast<unsigned char*>(buffer) + available, 0, wanted - available);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int x_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::write)) return rc;
  if (!t->image) return t->real->pMethods->xWrite(t->real, data, amount, offset);
  Image& image = *t->image;
  const auto start = static_cast<std::size_t>(offset);
  const std::size_t end = start + static_cast<std::size_t>(amount);
  if (end > image.bytes.size()) image.bytes.resize(end, 0);
  std::memcpy(image.bytes.data() + start, data, static_cast<std::size_t>(amount));
  image.mark_dirty(start, end);
  return SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::truncate)) return rc;
  if (!t->image) return t->real->pMethods->xTruncate(t->real, size);
  Image& image = *t->image;
  const std::size_t old_size = image.bytes.size();
  const auto new_size = static_cast<std::size_t>(size);
  image.bytes.resize(new_size, 0);
  image.resized = true;
  if (new_size > old_size) image.mark_dirty(old_size, new_size);
  if (image.dirty_hi > new_size) image.dirty_hi = new_size;
  if (image.dirty_lo >= image.dirty_hi) {
    image.dirty_lo = SIZE_MAX;
    image.dirty_hi = 0;
  }
  return SQLITE_OK;
}

/// Makes the image durable: what fsync does for every dirty page of an inode.
int flush_image(TestFile* t) {
  Image& image = *t->image;
  sqlite3_file* real = t->real;
  if (image.dirty_lo < image.dirty_hi) {
    constexpr std::size_t chunk = 1u << 20;
    for (std::size_t at = image.dirty_lo; at < image.dirty_hi; at += chunk) {
      const std::size_t n = std::min(chunk, image.dirty_hi - at);
      const int rc =
          real->pMethods->xWrite(real, image.bytes.data() + at, static_cast<int>(n), static_cast<sqlite3_int64>(at));
      if (rc != SQLITE_OK) return rc;
    }
  }
  if (image.resized) {
    sqlite3_int64 real_size = 0;
    int rc = real->pMethods->xFileSize(real, &real_size);
    if (rc == SQLITE_OK && static_cast<std::size_t>(real_size) > image.bytes.size()) {
      rc = real->pMethods->xTruncate(real, static_cast<sqlite3_int64>(image.bytes.size()));
    }
    if (rc != SQLITE_OK) return rc;
  }
  image.mark_clean();
  return SQLITE_OK;
}

int x_sync(sqlite3_file* file, int flags) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::sync)) return rc;
  if (t->image) {
    if (const int rc = flush_image(t)) return rc;
  }
  return t->real->pMethods->xSync(t->real, flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::file_size)) return rc;
  if (!t->image) return t->real->pMethods->xFileSize(t->real, size);
  *size = static_cast<sqlite3_int64>(t->image->bytes.size());
  return SQLITE_OK;
}

int x_lock(sqlite3_file* file, int level) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::lock)) return rc;
  return t->real->pMethods->xLock(t->real, level);
}

int x_unlock(sqlite3_file* file, int level) {
  TestFile* t = as_test(file);
  // A failed unlock keeps the lock, as with a real fcntl() failure; xClose releases it.
  if (const int rc = gate(t->mode, IoCall::unlock)) return rc;
  return t->real->pMethods->xUnlock(t->real, level);
}

int x_check_reserved_lock(sqlite3_file* file, int* result) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::check_reserved_lock)) {
    *result = 0;
    return rc;
  }
  return t->real->pMethods->xCheckReservedLock(t->real, result);
}

int x_file_control(sqlite3_file* file, int op, void* argument) {
  TestFile* t = as_test(file);
  // Size hints and chunk sizes make the unix VFS grow the real file itself,
  // behind the image's back; they are only hints, so ignore them there.
  if (t->image && (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE)) return SQLITE_OK;
  return t->real->pMethods->xFileControl(t->real, op, argument);
}

int x_sector_size(sqlite3_file* file) {
  TestFile* t = as_test(file);
  return t->real->pMethods->xSectorSize(t->real);
}

int x_device_characteristics(sqlite3_file* file) {
  TestFile* t = as_test(file);
  const int real = t->real->pMethods->xDeviceCharacteristics(t->real);
  // The power model drops whole unsynced writes and never tears one: claim
  // nothing stronger than that (no atomic or batch-atomic writes).
  return t->mode == Mode::power ? (real & SQLITE_IOCAP_POWERSAFE_OVERWRITE) : real;
}

int x_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** mapped) {
  TestFile* t = as_test(file);
  if (const int rc = gate(t->mode, IoCall::shm_map)) {
    *mapped = nullptr;
    return rc;
  }
  if (t->real->pMethods->iVersion < 2 || t->real->pMethods->xShmMap == nullptr) return SQLITE_IOERR_SHMMAP;
  return t->real->pMethods->xShmMap(t->real, page, page_size, extend, mapped);
}

int x_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  TestFile* t = as_test(file);
  // Only taking a lock can fail; releasing one always works (as fcntl() does in practice).
  if ((flags & SQLITE_SHM_LOCK) != 0) {
    if (const int rc = gate(t->mode, IoCall::shm_lock)) return rc;
  }
  return t->real->pMethods->xShmLock(t->real, offset, n, flags);
}

void x_shm_barrier(sqlite3_file* file) {
  TestFile* t = as_test(file);
  t->real->pMethods->xShmBarrier(t->real);
}

int x_shm_unmap(sqlite3_file* file, int delete_flag) {
  TestFile* t = as_test(file);
  return t->real->pMethods->xShmUnmap(t->real, delete_flag);
}

// Version 2: shared memory for WAL, but no xFetch, so SQLite never maps the
// file and every read is an xRead we see.
const sqlite3_io_methods io_methods = {
    2,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    x_shm_map,
    x_shm_lock,
    x_shm_barrier,
    x_shm_unmap,
    nullptr,
    nullptr,
};

// ---- VFS methods -----------------------------------------------------------------------------

Mode mode_of(sqlite3_vfs* vfs) { return vfs->pAppData == &power_tag ? Mode::power : Mode::fault; }

std::shared_ptr<Image> image_for(const char* path, sqlite3_file* real) {
  std::shared_ptr<Image>& slot = power_state.images[path];
  if (!slot) {
    // First open since the last cut: the page cache starts as the durable file.
    slot = std::make_shared<Image>();
    sqlite3_int64 size = 0;
    if (real->pMethods->xFileSize(real, &size) == SQLITE_OK && size > 0) {
      slot->bytes.resize(static_cast<std::size_t>(size));
      if (real->pMethods->xRead(real, slot->bytes.data(), static_cast<int>(size), 0) != SQLITE_OK) {
        slot->bytes.clear();
      }
    }
  }
  return slot;
}

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  const Mode mode = mode_of(vfs);
  TestFile* t = new (file) TestFile{};
  t->base.pMethods = nullptr;
  t->mode = mode;
  t->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + test_file_size);
  int rc = gate(mode, IoCall::open);
  if (rc == SQLITE_OK) rc = real_vfs->xOpen(real_vfs, name, t->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    t->~TestFile();
    file->pMethods = nullptr;  // tells SQLite not to call xClose
    return rc;
  }
  const int durable_kinds = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL;
  if (mode == Mode::power && name != nullptr && (flags & durable_kinds) != 0) t->image = image_for(name, t->real);
  t->base.pMethods = &io_methods;
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  const Mode mode = mode_of(vfs);
  if (const int rc = gate(mode, IoCall::remove)) return rc;
  if (mode == Mode::power) power_state.images.erase(name);
  return real_vfs->xDelete(real_vfs, name, sync_dir);
}

int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* result) {
  if (const int rc = gate(mode_of(vfs), IoCall::access)) {
    *result = 0;
    return rc;
  }
  return real_vfs->xAccess(real_vfs, name, flags, result);
}

int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void x_dl_error(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void x_dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int x_randomness(sqlite3_vfs*, int size, char* out) { return real_vfs->xRandomness(real_vfs, size, out); }
int x_sleep(sqlite3_vfs*, int microseconds) { return real_vfs->xSleep(real_vfs, microseconds); }
int x_current_time(sqlite3_vfs*, double* now) { return real_vfs->xCurrentTime(real_vfs, now); }
int x_get_last_error(sqlite3_vfs*, int size, char* out) {
  return real_vfs->xGetLastError != nullptr ? real_vfs->xGetLastError(real_vfs, size, out) : 0;
}
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* now) { return real_vfs->xCurrentTimeInt64(real_vfs, now); }

void install_vfs(sqlite3_vfs& vfs, const char* name, int* tag) {
  if (sqlite3_vfs_find(name) != nullptr) return;
  if (real_vfs == nullptr) real_vfs = sqlite3_vfs_find(nullptr);
  vfs = sqlite3_vfs{};
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(test_file_size) + real_vfs->szOsFile;
  vfs.mxPathname = real_vfs->mxPathname;
  vfs.zName = name;
  vfs.pAppData = tag;
  vfs.xOpen = x_open;
  vfs.xDelete = x_delete;
  vfs.xAccess = x_access;
  vfs.xFullPathname = x_full_pathname;
  vfs.xDlOpen = x_dl_open;
  vfs.xDlError = x_dl_error;
  vfs.xDlSym = x_dl_sym;
  vfs.xDlClose = x_dl_close;
  vfs.xRandomness = x_randomness;
  vfs.xSleep = x_sleep;
  vfs.xCurrentTime = x_current_time;
  vfs.xGetLastError = x_get_last_error;
  vfs.xCurrentTimeInt64 = x_current_time_int64;
  sqlite3_vfs_register(&vfs, /*makeDflt=*/0);
}

}  // namespace

const char* io_call_name(IoCall call) noexcept {
  switch (call) {
    case IoCall::open:
      return "open";
    case IoCall::remove:
      return "delete";
    case IoCall::access:
      return "access";
    case IoCall::read:
      return "read";
    case IoCall::write:
      return "write";
    case IoCall::truncate:
      return "truncate";
    case IoCall::sync:
      return "sync";
    case IoCall::file_size:
      return "file-size";
    case IoCall::lock:
      return "lock";
    case IoCall::unlock:
      return "unlock";
    case IoCall::check_reserved_lock:
      return "check-reserved-lock";
    case IoCall::shm_map:
      return "shm-map";
    case IoCall::shm_lock:
      return "shm-lock";
  }
  return "?";
}

namespace fault_vfs {

void install() { install_vfs(fault_vfs_object, name, &fault_tag); }

void arm(const Plan& plan) {
  fault_state = FaultState{};
  fault_state.plan = plan;
  fault_state.counter.start();
}

Log disarm() {
  FaultState& s = fault_state;
  s.counter.armed = false;
  Log log;
  log.calls = s.counter.calls;
  log.fired = s.fired;
  log.fired_call = s.fired_call;
  log.fired_code = s.fired_code;
  log.failed_calls = s.failed_calls;
  log.by_kind = s.counter.by_kind;
  s.plan = Plan{};
  return log;
}

}  // namespace fault_vfs

namespace power_vfs {

void install() { install_vfs(power_vfs_object, name, &power_tag); }

void arm(std::int64_t cut_at) {
  power_state.cut_at = cut_at;
  power_state.cut = false;
  power_state.counter.start();
}

Log disarm() {
  PowerState& s = power_state;
  s.counter.armed = false;
  s.cut_at = 0;
  Log log;
  log.calls = s.counter.calls;
  log.cut = s.cut;
  log.cut_call = s.cut_call;
  log.by_kind = s.counter.by_kind;
  return log;
}

void forget_unsynced() {
  power_state.images.clear();
  power_state.cut = false;
  power_state.cut_at = 0;
  power_state.counter.armed = false;
}

}  // namespace power_vfs

}  // namespace migbundle_reliability
