// Two SQLite VFSes that wrap the default one, for the reliability tests. Each
// is registered under its own name (never as the default): a test opens the
// connection under test with that name and checks the result with the real VFS.
//
// - fault_vfs counts every I/O call made through it and fails the N-th (or,
//   persistently, every call from the N-th on) with the error a real system
//   gives for that call: SQLITE_IOERR_READ, _WRITE (or SQLITE_FULL), _FSYNC,
//   _TRUNCATE, _FSTAT, _LOCK, _UNLOCK, _CHECKRESERVEDLOCK, _SHMMAP, _SHMLOCK,
//   _DELETE, _ACCESS, and SQLITE_CANTOPEN for an open.
// - power_vfs keeps what a process wrote but did not sync in memory, as the
//   operating system's page cache does: xWrite and xTruncate change an
//   in-memory image of the file (shared by every handle on one path, like an
//   inode), reads see that image, and xSync writes the image to the real file.
//   A power cut at the K-th I/O call drops every image, so only synced data
//   survives, and every later call fails. Creating and deleting files counts as
//   durable at once (a simplification: SQLite syncs directories only with
//   synchronous=EXTRA). The -shm file is SQLite's own mapping of the real
//   file, as in reality, where it is never synced and is rebuilt on recovery.
//
// Both count: xOpen, xDelete, xAccess, xRead, xWrite, xTruncate, xSync,
// xFileSize, xLock, xUnlock, xCheckReservedLock, xShmMap and lock requests of
// xShmLock. xClose, xShmUnmap and shm unlocks always reach the real file, so a
// faulted connection can still be closed and releases its locks. Memory
// mapping is off (the files report I/O methods version 2), so every read goes
// through xRead. Not thread-safe: each test process drives one scenario.
#pragma once

#include <array>
#include <cstdint>

namespace migbundle_reliability {

enum class IoCall : int {
  open,
  remove,
  access,
  read,
  write,
  truncate,
  sync,
  file_size,
  lock,
  unlock,
  check_reserved_lock,
  shm_map,
  shm_lock,
};
inline constexpr int io_call_kinds = 13;

[[nodiscard]] const char* io_call_name(IoCall call) noexcept;

using IoCallCounts = std::array<std::int64_t, io_call_kinds>;

namespace fault_vfs {

inline constexpr const char* name = "migbundle_faulty";

struct Plan {
  std::int64_t fail_at = 0;    ///< 1-based number of the call to fail; 0 never fails
  bool persistent = false;     ///< fail every call from `fail_at` on, not only that one
  bool full_on_write = false;  ///< a failing xWrite returns SQLITE_FULL instead of SQLITE_IOERR_WRITE
};

struct Log {
  std::int64_t calls = 0;  ///< calls counted between arm() and disarm()
  bool fired = false;      ///< the plan's call was reached and failed
  IoCall fired_call = IoCall::open;
  int fired_code = 0;
  std::int64_t failed_calls = 0;  ///< 1 for a single fault, more when persistent
  IoCallCounts by_kind{};
};

/// Registers the VFS (idempotent).
void install();
/// Starts counting from zero under `plan`.
void arm(const Plan& plan);
/// Stops counting and failing; returns what happened since arm().
Log disarm();

}  // namespace fault_vfs

namespace power_vfs {

inline constexpr const char* name = "migbundle_powerloss";

struct Log {
  std::int64_t calls = 0;  ///< calls counted between arm() and disarm(), including the one cut
  bool cut = false;
  IoCall cut_call = IoCall::open;
  IoCallCounts by_kind{};
};

/// Registers the VFS (idempotent).
void install();
/// Starts counting from zero; the power goes at call number `cut_at` (1-based; 0 never).
void arm(std::int64_t cut_at);
/// Stops counting; returns what happened since arm(). After a cut, calls keep failing until forget_unsynced().
Log disarm();
/// Drops every unsynced image and restores power. Call with every connection through this VFS closed.
void forget_unsynced();

}  // namespace power_vfs

}  // namespace migbundle_reliability
