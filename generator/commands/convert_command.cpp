// `migbundle convert --from LAYOUT --dir SRC --out DIR`: writes a folder in
// migbundle's own layout from one in another tool's, for a project that
// leaves that tool for good. Each file holds the SQL migbundle ran from the
// old folder, byte for byte; only a no-transaction the old tool kept outside
// the SQL (goose's annotation, diesel's metadata.toml...) becomes a directive
// line, which changes that file's checksum. A down part (goose's Down
// section, a `.down.sql`, diesel's down.sql...) becomes `<id>_<name>.down.sql`,
// its SQL as the old tool ran it.
#include "commands.hpp"

#include <migbundle/bundle.hpp>
#include <migbundle/generator/check_migrations.hpp>
#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/file_name.hpp>
#include <migbundle/generator/normalize.hpp>
#include <migbundle/generator/sha256.hpp>
#include <migbundle/generator/utf8.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <ostream>
#include <random>
#include <system_error>

namespace migbundle::gen {
namespace {

namespace fs = std::filesystem;

/// One migration as it goes from the old folder into the new one.
struct Converted {
  const MigrationSource* source = nullptr;
  std::string file_name;  ///< in the new folder
  std::string name;       ///< the part of file_name after `<digits>_`
  std::string text;       ///< what the new file holds
  std::string checksum;   ///< of `text`
  std::string down_file_name;  ///< `<id>_<name>.down.sql`, empty when the migration has no down
  std::vector<std::string> changes;
};

bool ends_with_ignoring_case(std::string_view text, std::string_view lower_suffix) {
  if (text.size() < lower_suffix.size()) return false;
  for (std::size_t i = 0; i < lower_suffix.size(); ++i) {
    char c = text[text.size() - lower_suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_suffix[i]) return false;
  }
  return true;
}

/// `name` with what migbundle's file-name rule refuses replaced by `_`: bytes
/// that are not UTF-8, control characters and `;<>:"/\|?*`; cut (at a
/// character) so `<number>_<name>.sql` fits in max_file_name_size bytes, and
/// a `.down` ending (taken for a down migration) turned into `_down`.
std::string safe_name(std::string_view name, std::size_t number_size) {
  std::string safe(name);
  for (std::size_t i = first_invalid_utf8(safe); i != std::string::npos; i = first_invalid_utf8(safe)) safe[i] = '_';
  constexpr std::string_view refused = ";<>:\"/\\|?*";
  for (char& c : safe) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || refused.find(c) != std::string_view::npos) c = '_';
  }
  const std::size_t room = max_file_name_size - number_size - 1 - 4;
  if (safe.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(safe[cut]) & 0xC0) == 0x80) --cut;
    safe.resize(cut);
  }
  if (ends_with_ignoring_case(safe, ".down")) safe[safe.size() - 5] = '_';
  return safe.empty() ? std::string("migration") : safe;
}

/// The flags `m` has that its text does not say itself (a layout's own
/// no-transaction), as a directive line to put first; empty when none.
std::string directive_line(const MigrationSource& m) {
  std::vector<Diagnostic> ignored;  // the text was read without problems already
  const std::uint32_t missing = m.flags & ~parse_directives(m.text, m.display_path, ignored);
  std::string words;
  for (const std::string& name : directive_names(missing)) words += (words.empty() ? "" : ", ") + name;
  return words.empty() ? std::string() : "-- migbundle: " + words + "\n";
}

/// What the layout's reader took out of the file, when the SQL differs from the file's text.
std::string what_was_left_out(Layout layout) {
  switch (layout) {
    case Layout::goose:
      return "`-- +goose` markers removed (only the Up section's SQL kept)";
    case Layout::dbmate:
      return "`-- migrate:` markers removed (only the up section's SQL kept)";
    case Layout::drizzle:
      return "`--> statement-breakpoint` markers removed (each became a line break)";
    case Layout::golang_migrate:
      return "BEGIN/COMMIT left out (migbundle runs each migration in its own transaction)";
    default:
      return "SQL as " + std::string(layout_name(layout)) + " runs it, which differs from the file";
  }
}

/// The changes the report names for `m`, besides a rename and a directive:
/// found by comparing the SQL with the file it came from.
void compare_with_file(const fs::path& directory, const MigrationSource& m, Layout layout,
                       std::vector<std::string>& changes) {
  std::string raw;
  if (!read_file_bytes(directory / fs::path(m.file_name), raw)) return;
  const std::string normalized = normalize_text(raw);
  if (normalized != m.text) changes.push_back(what_was_left_out(layout));
  if (raw.compare(0, 3, "\xEF\xBB\xBF") == 0) changes.push_back("byte-order mark dropped");
  if (raw.find("\r\n") != std::string::npos) changes.push_back("CRLF line endings became LF");
}

std::vector<Converted> plan(const fs::path& directory, const CheckedMigrations& checked) {
  std::int64_t largest = 0;
  for (const MigrationSource& m : checked.migrations) largest = std::max(largest, m.id);
  const std::size_t width = std::max<std::size_t>(4, std::to_string(largest).size());
  std::vector<Converted> converted;
  for (const MigrationSource& m : checked.migrations) {
    Converted c;
    c.source = &m;
    std::string number = std::to_string(m.id);
    number.insert(0, width - number.size(), '0');
    c.name = safe_name(m.name, number.size());
    c.file_name = number + "_" + c.name + ".sql";
    const FileNameCheck check = check_file_name(c.file_name);
    if (check.kind != FileNameCheck::Kind::migration || check.id != m.id || check.name != c.name) {
      throw std::runtime_error("cannot make a migbundle file name for `" + m.display_path + "` (tried `" +
                               escape_invalid_utf8(c.file_name) + "`)");
    }
    if (c.name != m.name) c.changes.push_back("name `" + escape_invalid_utf8(m.name) + "` made fit for a file name");
    compare_with_file(directory, m, checked.layout, c.changes);
    const std::string directive = directive_line(m);
    c.text = directive + m.text;
    c.checksum = directive.empty() ? m.checksum : sha256_hex(c.text);
    if (!directive.empty()) c.changes.push_back("no-transaction directive added, so the checksum changes");
    if (m.down_text) {
      c.down_file_name = number + "_" + c.name + ".down.sql";
      c.changes.push_back("down written to `" + c.down_file_name + "`");
    }
    converted.push_back(std::move(c));
  }
  return converted;
}

/// `--out` as a folder to create: its name and an existing parent; an
/// existing folder only when empty (exit 2 otherwise, nothing written).
fs::path check_target(const std::string& out) {
  fs::path target = fs::path(out).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  const std::string shown = target.generic_string();
  if (target.empty() || target.filename() == "." || target.filename() == "..") {
    throw UsageError("--out `" + out + "` must name the new folder to write");
  }
  std::error_code error;
  const fs::file_status status = fs::symlink_status(target, error);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw UsageError("--out `" + shown + "` exists and is not a folder; name a new one");
    if (!fs::is_empty(target, error) || error) {
      throw UsageError("--out `" + shown +
                       "` is not empty; convert writes a new folder: name one that does not exist "
                       "(or is empty)");
    }
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, error)) {
    throw UsageError("the folder `" + parent.generic_string() + "` that --out `" + shown + "` goes in does not exist");
  }
  return target;
}

/// A new, hidden folder beside `target`, to fill before it takes its name.
fs::path make_temporary_beside(const fs::path& target) {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate = (target.has_parent_path() ? target.parent_path() : fs::path(".")) /
                               ("." + target.filename().string() + ".convert-" + std::to_string(random() % 1000000));
    std::error_code error;
    if (fs::create_directory(candidate, error)) return candidate;
    if (error) throw UsageError("cannot create `" + candidate.generic_string() + "`: " + error.message());
  }
  throw UsageError("cannot create a temporary folder beside `" + target.generic_string() + "`");
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) throw UsageError("cannot write `" + path.generic_string() + "`");
}

/// Why `folder`, read back as migbundle's layout, is not `converted`; empty when it is.
std::string read_back_difference(const fs::path& folder, const std::vector<Converted>& converted) {
  CheckedMigrations again;
  try {
    again = check_migrations(folder, nullptr, Layout::migbundle);
  } catch (const MigrationsError& error) {
    std::string all;
    for (const Diagnostic& d : error.diagnostics()) all += "\n" + format(d);
    return "it does not read back:" + all;
  }
  if (again.migrations.size() != converted.size()) return "it reads back with another number of migrations";
  for (std::size_t i = 0; i < converted.size(); ++i) {
    const MigrationSource& m = again.migrations[i];
    const Converted& c = converted[i];
    if (m.id != c.source->id || m.name != c.name || m.text != c.text || m.flags != c.source->flags) {
      return "`" + c.file_name + "` reads back as another migration";
    }
    if (m.down_text != c.source->down_text) return "`" + c.file_name + "` reads back with another down";
  }
  return "";
}

/// Writes every file into a folder beside `target`, checks it reads back as
/// the same migrations, then gives it `target`'s name: a failure leaves no
/// half-written folder.
void write_folder(const fs::path& target, const std::vector<Converted>& converted) {
  const fs::path temporary = make_temporary_beside(target);
  std::error_code ignored;
  try {
    for (const Converted& c : converted) {
      write_bytes(temporary / fs::u8path(c.file_name), c.text);
      if (c.source->down_text) write_bytes(temporary / fs::u8path(c.down_file_name), *c.source->down_text);
    }
    if (const std::string difference = read_back_difference(temporary, converted); !difference.empty()) {
      throw std::runtime_error("the converted folder is not the same migrations, so nothing was written: " +
                               difference);
    }
    std::error_code error;
    // An empty `target` is replaced (POSIX rename); one filled meanwhile stops us.
    fs::rename(temporary, target, error);
    if (error) throw UsageError("cannot create `" + target.generic_string() + "`: " + error.message());
  } catch (...) {
    fs::remove_all(temporary, ignored);
    throw;
  }
}

void print_report(const ConvertOptions& options, const CheckedMigrations& checked,
                  const std::vector<Converted>& converted, const fs::path& target, std::ostream& out) {
  std::size_t changed = 0;
  std::size_t downs = 0;
  for (const Converted& c : converted) {
    changed += c.checksum != c.source->checksum ? 1 : 0;
    downs += c.source->down_text ? 1 : 0;
  }
  const std::string shown_target = escape_invalid_utf8(target.generic_string());
  if (options.json) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const Converted& c : converted) {
      items.push_back({{"id", c.source->id},
                       {"name", c.name},
                       {"from", escape_invalid_utf8(c.source->file_name)},
                       {"to", c.file_name},
                       {"checksum", c.checksum},
                       {"source_checksum", c.source->checksum},
                       {"checksum_changed", c.checksum != c.source->checksum},
                       {"directives", directive_names(c.source->flags)},
                       {"down", c.source->down_text ? nlohmann::ordered_json(c.down_file_name)
                                                    : nlohmann::ordered_json(nullptr)},
                       {"down_checksum", c.source->down_text ? nlohmann::ordered_json(c.source->down_checksum)
                                                             : nlohmann::ordered_json(nullptr)},
                       {"changes", c.changes}});
    }
    out << nlohmann::ordered_json{{"directory", escape_invalid_utf8(options.directory)},
                                  {"layout", layout_name(checked.layout)},
                                  {"out", shown_target},
                                  {"migrations", items},
                                  {"converted", converted.size()},
                                  {"checksums_changed", changed},
                                  {"downs_written", downs}}
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return;
  }
  for (const Converted& c : converted) {
    out << c.source->display_path << " -> " << display_path_of(target, c.file_name);
    for (std::size_t i = 0; i < c.changes.size(); ++i) out << (i == 0 ? ": " : "; ") << c.changes[i];
    out << '\n';
  }
  out << converted.size() << " migration(s) converted from the " << layout_name(checked.layout) << " layout into `"
      << shown_target << "`: ";
  if (changed == 0) {
    out << "every checksum unchanged";
  } else {
    out << converted.size() - changed << " checksum(s) unchanged, " << changed
        << " changed (no-transaction directive added)";
  }
  out << ", " << downs << " down(s) written\n";
}

/// What `auto` says (the layout it detected, or that two fit) names the
/// other commands' option; this one's is --from.
std::string name_from_option(std::string message) {
  const std::string other = " with --layout (LAYOUT in add_migrations())";
  const std::size_t at = message.find(other);
  if (at != std::string::npos) message.replace(at, other.size(), " with --from");
  return message;
}

}  // namespace

bool run_convert(const ConvertOptions& options, std::ostream& out, std::ostream& err) {
  const fs::path target = check_target(options.out);
  CheckedMigrations checked;
  try {
    checked = check_migrations(options.directory, nullptr, options.layout);
  } catch (const MigrationsError& error) {
    std::vector<Diagnostic> all = error.diagnostics();
    for (Diagnostic& d : all) d.message = name_from_option(d.message);
    throw MigrationsError(std::move(all));
  } catch (const UsageError& error) {
    throw UsageError(name_from_option(error.what()));
  }
  for (Diagnostic& warning : checked.warnings) {
    warning.message = name_from_option(warning.message);
    err << format(warning) << '\n';
  }
  // A wrong --dir must not pass as an empty conversion.
  if (checked.migrations.empty()) throw MigrationsError({no_migrations(options.directory, Severity::error)});
  const std::vector<Converted> converted = plan(options.directory, checked);
  write_folder(target, converted);
  print_report(options, checked, converted, target, out);
  return true;
}

}  // namespace migbundle::gen
