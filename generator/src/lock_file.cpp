#include <migbundle/generator/lock_file.hpp>

#include <migbundle/bundle.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

namespace migbundle::gen {
namespace {

constexpr int lock_format = 1;

int line_at(const std::string& text, std::size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n'));
}

/// Where each element of the "migrations" array starts, so a bad entry is
/// reported at its own line even when the key that would find it is missing:
/// a scan of the (already parsed, so valid) text that skips strings and
/// counts nesting.
std::vector<std::size_t> entry_offsets(const std::string& text) {
  std::vector<std::size_t> offsets;
  const std::size_t key = text.find("\"migrations\"");
  std::size_t i = key == std::string::npos ? key : text.find('[', key);
  if (i == std::string::npos) return offsets;
  int depth = 0;  // 0: between the array's elements
  bool element_next = true;
  for (++i; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (depth == 0 && c == ']') break;
    if (depth == 0 && c == ',') {
      element_next = true;
      continue;
    }
    if (depth == 0 && element_next) {
      offsets.push_back(i);
      element_next = false;
    }
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return offsets;
}

[[noreturn]] void malformed(const std::string& path, int line, const std::string& what) {
  throw MigrationsError({{path, line, 1, Severity::error,
                          "malformed lock file: " + what + ". Regenerate it with `migbundle lock` or fix it by hand"}});
}

}  // namespace

LockFile read_lock_file(const std::filesystem::path& path, MissingLock missing) {
  const std::string shown = path.generic_string();
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    if (missing == MissingLock::empty) return LockFile{shown, {}, {}};
    throw UsageError("lock file `" + shown +
                     "` does not exist. Check the path; only `migbundle lock --dir <migrations> --lock " + shown +
                     "` creates a lock file (pass --allow-missing-lock while no migration has been released yet)");
  }
  if (std::filesystem::is_directory(status)) {
    throw UsageError("lock file `" + shown + "` is a directory; give the path of the lock file itself (e.g. `" +
                     (path / "migbundle.lock").generic_string() + "`)");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    throw UsageError("cannot read lock file `" + shown + "`" + (error ? ": " + error.message() : std::string()) +
                     "; check its permissions");
  }
  return parse_lock_file(text, shown);
}

LockFile parse_lock_file(const std::string& text, const std::string& display_path) {
  LockFile lock;
  lock.display_path = display_path;
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    malformed(lock.display_path, line_at(text, error.byte > 0 ? error.byte - 1 : 0), error.what());
  } catch (const nlohmann::json::exception& error) {  // e.g. a number too large for any integer type
    malformed(lock.display_path, 1, error.what());
  }
  if (!document.is_object() || !document.contains("migrations") || !document["migrations"].is_array()) {
    malformed(lock.display_path, 1, "expected an object with a \"migrations\" array");
  }
  if (!document.contains("format") || !document["format"].is_number_integer() ||
      document["format"].get<std::int64_t>() != lock_format) {
    malformed(lock.display_path, 1, "unsupported \"format\" (this migbundle reads format " + std::to_string(lock_format) + ")");
  }
  const std::vector<std::size_t> offsets = entry_offsets(text);
  for (const nlohmann::json& entry : document["migrations"]) {
    const std::size_t index = lock.migrations.size();
    const int line = index < offsets.size() ? line_at(text, offsets[index]) : 1;
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() || !entry.contains("file") ||
        !entry["file"].is_string() || !entry.contains("checksum") || !entry["checksum"].is_string()) {
      malformed(lock.display_path, line, "each migration needs an integer \"id\", a \"file\" and a \"checksum\"");
    }
    std::optional<std::string> down_checksum;
    if (entry.contains("down_checksum")) {
      if (!entry["down_checksum"].is_string()) {
        malformed(lock.display_path, line, "\"down_checksum\" must be a string (the SHA-256 of the down, in hex)");
      }
      down_checksum = entry["down_checksum"].get<std::string>();
    }
    lock.migrations.push_back({entry["id"].get<std::int64_t>(), entry["file"].get<std::string>(),
                               entry["checksum"].get<std::string>(), std::move(down_checksum)});
    lock.lines.push_back(line);
    if (lock.migrations.size() > 1 && lock.migrations[lock.migrations.size() - 2].id >= lock.migrations.back().id) {
      malformed(lock.display_path, line, "migrations must be sorted by increasing id");
    }
  }
  return lock;
}

std::string render_lock_file(const std::vector<LockedMigration>& unsorted) {
  // Sorted here, not trusted to the caller: read_lock_file refuses an unsorted file.
  std::vector<LockedMigration> migrations = unsorted;
  std::stable_sort(migrations.begin(), migrations.end(),
                   [](const LockedMigration& a, const LockedMigration& b) { return a.id < b.id; });
  std::string text = "{\n  \"format\": " + std::to_string(lock_format) + ",\n  \"migrations\": [";
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    nlohmann::ordered_json entry = {
        {"id", migrations[i].id}, {"file", migrations[i].file}, {"checksum", migrations[i].checksum}};
    if (migrations[i].down_checksum) entry["down_checksum"] = *migrations[i].down_checksum;
    text += (i == 0 ? "\n    " : ",\n    ") + entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  text += migrations.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return text;
}

namespace {

/// Whether `locked` is one of the migrations a baseline with `baseline_id`
/// and `baseline_file` squashed: an id below it, or its own id under the file
/// it replaced.
bool squashed_by(const LockedMigration& locked, std::int64_t baseline_id, const std::string& baseline_file) {
  return locked.id < baseline_id || (locked.id == baseline_id && locked.file != baseline_file);
}

/// squashed_by() the folder's baseline (its first, `-- migbundle: baseline`), if it has one.
bool is_squashed(const LockedMigration& locked, const std::vector<MigrationSource>& migrations) {
  if (migrations.empty() || (migrations.front().flags & flag_baseline) == 0) return false;
  return squashed_by(locked, migrations.front().id, migrations.front().file_name);
}

}  // namespace

LockCheck::LockCheck(const LockFile& lock) : lock_(lock), seen_(lock.migrations.size(), false) {
  by_id_.reserve(lock.migrations.size());
  for (std::size_t i = 0; i < lock.migrations.size(); ++i) {
    by_id_.emplace_back(lock.migrations[i].id, i);
    newest_locked_ = std::max(newest_locked_, lock.migrations[i].id);
  }
  // Sorted here, not trusted to the caller: a binary search per migration,
  // not a scan of the whole lock for each (O(n·m) for n migrations, m locked).
  std::sort(by_id_.begin(), by_id_.end());
}

bool LockCheck::squashed(const LockedMigration& locked) const {
  return baseline_ && squashed_by(locked, first_id_, first_file_);
}

void LockCheck::check(const MigrationSource& m, std::vector<Diagnostic>& problems) {
  if (!any_checked_) {
    any_checked_ = true;
    baseline_ = (m.flags & flag_baseline) != 0;
    first_id_ = m.id;
    first_file_ = m.file_name;
  }
  const auto first = std::lower_bound(by_id_.begin(), by_id_.end(), std::pair<std::int64_t, std::size_t>{m.id, 0});
  bool locked_id = false;
  for (auto it = first; it != by_id_.end() && it->first == m.id; ++it) {
    locked_id = true;
    seen_[it->second] = true;
    const LockedMigration& locked = lock_.migrations[it->second];
    // `migbundle squash` replaced it with the baseline; `lock` records that.
    if (squashed(locked)) continue;
    if (m.checksum != locked.checksum) {
      problems.push_back({m.display_path, 1, 1, Severity::error,
                          "was changed after it was released: the lock file records checksum " + locked.checksum +
                              ", the file now has " + m.checksum +
                              ". Restore the released content and put the change in a new migration"});
    } else if (m.file_name != locked.file) {
      problems.push_back({m.display_path, 1, 1, Severity::error,
                          "released migration " + std::to_string(locked.id) + " was renamed from `" + locked.file +
                              "`; rename it back (its name is recorded in databases)"});
    }
    // Databases that applied a released migration keep the released down and
    // revert with it when a binary lacks the migration; a binary that has it
    // reverts with its own. An edited down makes the two disagree.
    if (locked.down_checksum && !m.down_text) {
      problems.push_back({m.display_path, 1, 1, Severity::error,
                          "the down of released migration " + std::to_string(locked.id) +
                              " was removed (the lock file records its checksum " + *locked.down_checksum +
                              "); restore it: databases that applied the migration keep that down to revert it"});
    } else if (locked.down_checksum && m.down_checksum != *locked.down_checksum) {
      const int down_line = m.down_source_lines.empty() ? 1 : m.down_source_lines.front();
      problems.push_back({m.down_path, down_line, 1, Severity::error,
                          "the down of released migration " + std::to_string(locked.id) +
                              " was changed after it was released: the lock file records checksum " +
                              *locked.down_checksum + ", the file now has " + m.down_checksum +
                              ". Databases that applied it keep the released down and an older binary reverts with "
                              "that one: restore it, and put a fix in a new migration"});
    }
  }
  if (!locked_id && !by_id_.empty() && m.id < newest_locked_) {
    problems.push_back({m.display_path, 1, 1, Severity::error,
                        "id " + std::to_string(m.id) + " is below the newest released migration (" +
                            std::to_string(newest_locked_) +
                            ") but is not in the lock file: it was merged out of order and databases that already "
                            "ran " + std::to_string(newest_locked_) + " would skip it. Give it an id above " +
                            std::to_string(newest_locked_)});
  }
}

void LockCheck::finish(std::vector<Diagnostic>& problems) const {
  for (std::size_t i = 0; i < lock_.migrations.size(); ++i) {
    const LockedMigration& locked = lock_.migrations[i];
    if (seen_[i] || squashed(locked)) continue;
    problems.push_back({lock_.display_path, lock_.lines[i], 1, Severity::error,
                        "released migration " + std::to_string(locked.id) + " (`" + locked.file +
                            "`) is missing from the migrations directory; restore the file (databases in the field "
                            "already ran it)"});
  }
}

std::vector<Diagnostic> check_against_lock(const std::vector<MigrationSource>& migrations, const LockFile& lock) {
  std::vector<Diagnostic> problems;
  LockCheck check(lock);
  for (const MigrationSource& m : migrations) check.check(m, problems);
  check.finish(problems);
  return problems;
}

std::vector<LockedMigration> extend_lock(const std::vector<MigrationSource>& migrations, const LockFile& lock) {
  std::vector<LockedMigration> extended;
  for (const LockedMigration& locked : lock.migrations) {
    if (!is_squashed(locked, migrations)) extended.push_back(locked);
  }
  // A baseline over released migrations is released with them: databases in
  // the field recorded what it stands for.
  if (!migrations.empty() && (migrations.front().flags & flag_baseline) != 0 && !lock.migrations.empty() &&
      (extended.empty() || extended.front().id > migrations.front().id)) {
    const MigrationSource& baseline = migrations.front();
    extended.insert(extended.begin(), {baseline.id, baseline.file_name, baseline.checksum, std::nullopt});
  }
  const std::int64_t newest = extended.empty() ? -1 : extended.back().id;
  std::map<std::int64_t, const MigrationSource*> by_id;
  for (const MigrationSource& m : migrations) by_id[m.id] = &m;
  for (LockedMigration& locked : extended) {
    const auto found = by_id.find(locked.id);
    if (!locked.down_checksum && found != by_id.end() && found->second->down_text) {
      locked.down_checksum = found->second->down_checksum;  // a down written later for a released migration
    }
  }
  for (const MigrationSource& m : migrations) {
    if (extended.empty() || m.id > newest) {
      extended.push_back({m.id, m.file_name, m.checksum,
                          m.down_text ? std::optional<std::string>(m.down_checksum) : std::nullopt});
    }
  }
  return extended;
}

}  // namespace migbundle::gen
