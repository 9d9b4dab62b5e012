#include <migbundle/generator/lint.hpp>

#include <migbundle/bundle.hpp>
#include <migbundle/generator/sql_statements.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace migbundle::gen {
namespace {

struct Position {
  int line = 1;
  int column = 1;
};

Position position_of(std::string_view text, std::size_t offset) {
  Position position;
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

/// Offset of the first byte that breaks UTF-8 (overlongs and surrogates too), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Eight ASCII bytes at a time: most SQL is ASCII.
    std::uint64_t eight = 0;
    while (i + 8 <= text.size() && (std::memcpy(&eight, text.data() + i, 8), (eight & 0x8080808080808080ull) == 0)) i += 8;
    if (i >= text.size()) break;
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2, min = 0x80, code = byte & 0x1Fu;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3, min = 0x800, code = byte & 0x0Fu;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, code = byte & 0x07u;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool starts_with(const std::vector<std::string>& words, std::initializer_list<const char*> expected) {
  std::size_t i = 0;
  for (const char* word : expected) {
    if (i >= words.size() || words[i] != word) return false;
    ++i;
  }
  return true;
}

/// The pragma's name, skipping an optional `schema.` prefix; empty if not a PRAGMA.
std::string pragma_name(const std::vector<std::string>& words) {
  if (words.empty() || words[0] != "PRAGMA" || words.size() < 2) return "";
  if (words.size() >= 4 && words[2] == ".") return words[3];
  return words[1];
}

bool is_transaction_control(const std::vector<std::string>& words) {
  if (words.empty()) return false;
  const std::string& first = words[0];
  if (first == "BEGIN" || first == "COMMIT" || first == "END") return true;
  if (first != "ROLLBACK") return false;
  const std::size_t next = words.size() > 1 && words[1] == "TRANSACTION" ? 2 : 1;
  return !(words.size() > next && words[next] == "TO");
}

}  // namespace

std::vector<Diagnostic> lint_migration(const MigrationSource& m) {
  std::vector<Diagnostic> problems;
  const auto report = [&](std::size_t offset, Severity severity, std::string message) {
    const Position at = position_of(m.text, offset);
    problems.push_back({m.display_path, at.line, at.column, severity, std::move(message)});
  };

  const std::size_t nul = m.text.find('\0');
  if (nul != std::string::npos) {
    report(nul, Severity::error, "the file holds a NUL byte; SQLite stops reading there, so the rest would never run. Remove it");
  }
  const std::size_t invalid = first_invalid_utf8(m.text);
  if (invalid != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(m.text[invalid]));
    report(invalid, Severity::error,
           std::string("the file is not valid UTF-8 (byte ") + byte + "); save it as UTF-8");
  }

  const bool in_transaction = (m.flags & flag_no_transaction) == 0;
  if (!in_transaction) return problems;
  for (const StatementStart& statement : statement_starts(m.text)) {
    const std::vector<std::string>& words = statement.words;
    const std::string pragma = pragma_name(words);
    const auto at = [&](Severity severity, std::string message) {
      problems.push_back({m.display_path, statement.line, statement.column, severity, std::move(message)});
    };
    if (is_transaction_control(words)) {
      at(Severity::error, "`" + words[0] +
                              "` inside a migration: migbundle runs each migration in its own transaction, and this "
                              "would end it early. Remove it (or put `-- migbundle: no-transaction` at the top of the "
                              "file if it must manage transactions itself)");
    } else if (starts_with(words, {"VACUUM"}) || starts_with(words, {"ATTACH"}) || starts_with(words, {"DETACH"}) ||
               (pragma == "JOURNAL_MODE" && words.size() > 2 && words.back() != "JOURNAL_MODE")) {
      const std::string what = pragma.empty() ? words[0] : "PRAGMA journal_mode";
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

std::vector<Diagnostic> lint_migrations(const std::vector<MigrationSource>& migrations) {
  std::vector<Diagnostic> all;
  bool any_error = false;
  for (const MigrationSource& m : migrations) {
    for (Diagnostic& d : lint_migration(m)) {
      any_error = any_error || d.severity == Severity::error;
      all.push_back(std::move(d));
    }
  }
  if (any_error) throw MigrationsError(std::move(all));
  return all;
}

}  // namespace migbundle::gen
