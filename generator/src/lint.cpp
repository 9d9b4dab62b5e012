#include <migbundle/generator/lint.hpp>

#include <migbundle/bundle.hpp>
#include <migbundle/generator/sql_statements.hpp>
#include <migbundle/generator/utf8.hpp>

#include "lint_rules.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace migbundle::gen {

LintPosition lint_position(std::string_view text, std::size_t offset) {
  LintPosition position;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  return position;
}

namespace {

bool starts_with(const StatementWords& words, std::initializer_list<std::string_view> expected) {
  std::size_t i = 0;
  for (const std::string_view word : expected) {
    if (i >= words.size() || words[i] != word) return false;
    ++i;
  }
  return true;
}

/// The pragma's name, skipping an optional `schema.` prefix; empty if not a PRAGMA.
std::string_view pragma_name(const StatementWords& words) {
  if (words.empty() || words[0] != "PRAGMA" || words.size() < 2) return "";
  if (words.size() >= 4 && words[2] == ".") return words[3];
  return words[1];
}

bool is_transaction_control(const StatementWords& words) {
  if (words.empty()) return false;
  const std::string_view first = words[0];
  if (first == "BEGIN" || first == "COMMIT" || first == "END") return true;
  if (first != "ROLLBACK") return false;
  // ROLLBACK [TRANSACTION [name]] TO [SAVEPOINT] name undoes to a savepoint and keeps the transaction.
  std::size_t next = words.size() > 1 && words[1] == "TRANSACTION" ? 2 : 1;
  if (next == 2 && words.size() > 3 && words[2] != "TO" && words[3] == "TO") next = 3;  // the transaction's name
  return !(words.size() > next && words[next] == "TO");
}

bool starts_with_ignoring_case(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_prefix[i]) return false;
  }
  return true;
}

/// goose's `-- +goose Up` / `-- +goose Down` and dbmate's `-- migrate:up` /
/// `-- migrate:down`: SQLite takes them for comments, so without this the
/// Down section runs right after the Up one. One error a file: at its first
/// Down marker, else at its first marker.
void check_other_tools(const MigrationSource& m, std::vector<Diagnostic>& problems) {
  struct Marker {
    int line = 0;
    int column = 0;
    std::string text;
  };
  Marker first, down;
  bool goose = false;
  // From one `--` to the next, not line by line: most lines hold none, and
  // this runs on every byte of every migration.
  const std::string_view text = m.text;
  int line_number = 1;
  std::size_t counted = 0;  ///< line_number is the line of this offset
  for (std::size_t at = text.find("--"); at != std::string_view::npos; at = text.find("--", at + 2)) {
    std::size_t line_start = at;
    while (line_start > 0 && (text[line_start - 1] == ' ' || text[line_start - 1] == '\t')) --line_start;
    if (line_start > 0 && text[line_start - 1] != '\n') continue;  // not the first thing on its line
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view comment = text.substr(at + 2, end - at - 2);
    while (!comment.empty() && (comment.front() == ' ' || comment.front() == '\t')) comment.remove_prefix(1);
    while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\t' || comment.back() == '\r')) {
      comment.remove_suffix(1);
    }
    const bool is_goose = starts_with_ignoring_case(comment, "+goose");
    const bool is_dbmate = starts_with_ignoring_case(comment, "migrate:");
    if (!is_goose && !is_dbmate) continue;
    line_number += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                               text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted = at;
    const Marker marker{line_number, static_cast<int>(at - line_start) + 1, "-- " + std::string(comment)};
    if (first.line == 0) {
      first = marker;
      goose = is_goose;
    }
    if (down.line == 0 && (starts_with_ignoring_case(comment, "+goose down") ||
                           starts_with_ignoring_case(comment, "migrate:down"))) {
      down = marker;
    }
  }
  if (first.line == 0) return;
  const std::string tool = goose ? "goose" : "dbmate";
  const std::string markers = goose ? "`-- +goose` lines" : "`-- migrate:` lines";
  if (down.line != 0) {
    problems.push_back({m.display_path, down.line, down.column, Severity::error,
                        "looks like a " + tool + " migration: migbundle runs the whole file as one migration, "
                        "including this Down section, which would undo the Up part right after it. Keep only the up "
                        "part: delete the Down section (from `" + down.text + "` to the next Up marker or the end of "
                        "the file) and the " + markers + "; or, with no edits, read the folder as " + tool +
                        " does: `--layout " + tool + "` (`add_migrations(... LAYOUT " + tool + ")`)"});
    return;
  }
  std::string message = "looks like a " + tool + " migration: migbundle does not read `" + first.text +
                        "` (it runs the whole file as one migration, in a transaction). Delete the " + markers;
  if (first.text.find("NO TRANSACTION") != std::string::npos || first.text.find("transaction:false") != std::string::npos) {
    message += ", and put `-- migbundle: no-transaction` at the top of the file instead";
  }
  message += "; or, with no edits, read the folder as " + tool + " does: `--layout " + tool +
             "` (`add_migrations(... LAYOUT " + tool + ")`)";
  problems.push_back({m.display_path, first.line, first.column, Severity::error, message});
}

}  // namespace

std::vector<Diagnostic> lint_migration(const MigrationSource& m, Engine engine) {
  std::vector<Diagnostic> problems;
  const auto report = [&](std::size_t offset, Severity severity, std::string message) {
    const LintPosition at = lint_position(m.text, offset);
    problems.push_back({m.display_path, at.line, at.column, severity, std::move(message)});
  };

  const std::size_t nul = m.text.find('\0');
  if (nul != std::string::npos) {
    report(nul, Severity::error,
           engine == Engine::postgres
               ? "the file holds a NUL byte; PostgreSQL takes a query as a C string and refuses or cuts it there, so "
                 "the rest would never run. Remove it"
               : "the file holds a NUL byte; SQLite stops reading there, so the rest would never run. Remove it");
  }
  const std::size_t invalid = first_invalid_utf8(m.text);
  if (invalid != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(m.text[invalid]));
    report(invalid, Severity::error,
           std::string("the file is not valid UTF-8 (byte ") + byte + "); save it as UTF-8");
  }

  check_other_tools(m, problems);
  if (engine == Engine::postgres) {
    lint_postgres_statements(m, problems);
    return problems;
  }

  const bool in_transaction = (m.flags & flag_no_transaction) == 0;
  if (!in_transaction) return problems;
  for (const StatementStart& statement : statement_starts(m.text)) {
    const StatementWords& words = statement.words;
    const std::string_view pragma = pragma_name(words);
    const auto at = [&](Severity severity, std::string message) {
      problems.push_back({m.display_path, statement.line, statement.column, severity, std::move(message)});
    };
    if (is_transaction_control(words)) {
      const std::string word(words[0]);
      const std::string what =
          word == "BEGIN" ? "SQLite cannot nest transactions, so this `BEGIN` would fail"
          : word == "ROLLBACK" ? "this `ROLLBACK` would end that transaction, and the statements after it would run "
                                 "unprotected"
                               : "this `" + word + "` would commit the migration half-done, and the statements after "
                                 "it would run unprotected";
      at(Severity::error, "`" + word + "` inside a migration: migbundle runs each migration in its own transaction; " +
                              what + ". The runtime refuses to run such a file. Delete this statement; or, if the "
                              "file must manage its own transactions, put `-- migbundle: no-transaction` at its top");
    } else if (starts_with(words, {"VACUUM"}) || starts_with(words, {"ATTACH"}) || starts_with(words, {"DETACH"}) ||
               (pragma == "JOURNAL_MODE" && words.size() > 2 && words.back() != "JOURNAL_MODE")) {
      const std::string what = pragma.empty() ? std::string(words[0]) : "PRAGMA journal_mode";
      at(Severity::error, "`" + what +
                              "` cannot run inside a transaction, and migbundle runs each migration in one. Put "
                              "`-- migbundle: no-transaction` at the top of the file (and keep such a migration "
                              "to statements that are safe to run twice)");
    } else if (pragma == "FOREIGN_KEYS" && words.size() > 2 && words.back() != "FOREIGN_KEYS") {
      at(Severity::warning,
         "`PRAGMA foreign_keys` is a no-op inside a transaction, where this migration runs. migbundle already turns "
         "foreign keys off around each migration and runs `PRAGMA foreign_key_check` before it commits; remove the "
         "line");
    }
  }
  return problems;
}

std::vector<Diagnostic> lint_migrations(const std::vector<MigrationSource>& migrations, Engine engine) {
  std::vector<Diagnostic> all;
  bool any_error = false;
  for (const MigrationSource& m : migrations) {
    for (Diagnostic& d : lint_migration(m, engine)) {
      any_error = any_error || d.severity == Severity::error;
      all.push_back(std::move(d));
    }
  }
  if (any_error) throw MigrationsError(std::move(all));
  return all;
}

}  // namespace migbundle::gen
