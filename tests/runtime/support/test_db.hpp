// Test support for the runtime tests: an owning sqlite3 handle, a temporary
// database file that cleans up after itself, and small query helpers. Tests may
// allocate freely; only the runtime itself must not.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

namespace migbundle_test {

/// Owns one connection; closed on every path out of a scope.
class Db {
 public:
  /// A private in-memory database.
  Db() : Db(":memory:") {}
  explicit Db(const std::string& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
    open_rc_ = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  Db(Db&& other) noexcept : db_(std::exchange(other.db_, nullptr)), open_rc_(other.open_rc_) {}
  ~Db() { sqlite3_close_v2(db_); }

  [[nodiscard]] sqlite3* get() const noexcept { return db_; }
  operator sqlite3*() const noexcept { return db_; }  // NOLINT: lets tests pass a Db where sqlite3* is taken
  [[nodiscard]] int open_rc() const noexcept { return open_rc_; }

  /// Runs `sql` (one or more statements); returns SQLite's code.
  int exec(const std::string& sql) const { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

  /// First column of the first row of `sql` as an integer (-1 when no row).
  [[nodiscard]] std::int64_t integer(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    std::int64_t value = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      value = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return value;
  }

  /// First column of the first row of `sql` as text ("<no row>" when none).
  [[nodiscard]] std::string text(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    std::string value = "<no row>";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      value = t != nullptr ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s, 0))) : "<null>";
    }
    sqlite3_finalize(s);
    return value;
  }

  /// Every row of `sql`, each column rendered as text (NULL as "<null>").
  [[nodiscard]] std::vector<std::vector<std::string>> rows(const std::string& sql) const {
    std::vector<std::vector<std::string>> result;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return result;
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        row.push_back(t != nullptr ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s, c))) : "<null>");
      }
      result.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    return result;
  }

  [[nodiscard]] bool has_table(const std::string& name) const {
    return integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'") == 1;
  }
  /// Every schema object (tables, indexes, triggers, views) except SQLite's own.
  [[nodiscard]] std::int64_t schema_objects() const {
    return integer("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
  }
  [[nodiscard]] std::int64_t count(const std::string& table) const {
    return integer("SELECT count(*) FROM \"" + table + "\"");
  }

 private:
  sqlite3* db_ = nullptr;
  int open_rc_ = SQLITE_OK;
};

/// A fresh database path in the temporary directory; the file and its
/// journal, WAL and shared-memory companions are removed on destruction.
class TempDbFile {
 public:
  explicit TempDbFile(std::string_view tag = "db") {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("migbundle-rt-" + std::string(tag) + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter.fetch_add(1)) + ".sqlite"))
                .string();
    remove_all();
  }
  TempDbFile(const TempDbFile&) = delete;
  TempDbFile& operator=(const TempDbFile&) = delete;
  ~TempDbFile() { remove_all(); }

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  void remove_all() const {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
  }

  std::string path_;
};

}  // namespace migbundle_test
