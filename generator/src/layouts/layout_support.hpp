// What the layout readers share: listing a folder in a stable order, reading
// numbers out of names, and building a migration from a part of a file.
#pragma once

#include <migbundle/generator/load_migrations.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migbundle::gen::layouts {

struct FolderEntry {
  std::string name;
  std::filesystem::path path;
  bool directory = false;
};

/// The entries of `directory`, hidden ones left out, sorted by name byte for
/// byte (directory order differs between file systems). A listing that fails
/// is a UsageError.
[[nodiscard]] std::vector<FolderEntry> list_folder(const std::filesystem::path& directory);

[[nodiscard]] bool ends_with(std::string_view text, std::string_view suffix);
[[nodiscard]] bool starts_with(std::string_view text, std::string_view prefix);
[[nodiscard]] bool is_digit(char c);

/// The number `text` starts with (its digits counted in `digits`); nothing
/// when it starts with no digit or the number does not fit 63 bits.
[[nodiscard]] std::optional<std::int64_t> leading_number(std::string_view text, std::size_t* digits = nullptr);

/// The text of `file` (normalised: no BOM, LF line endings), or nothing with
/// a problem at `shown`. `size` receives the bytes on disk.
[[nodiscard]] std::optional<std::string> read_text(const std::filesystem::path& file, const std::string& shown,
                                                   std::uintmax_t& size, std::vector<Diagnostic>& problems);

/// Text taken from parts of a file, remembering the file's line of each of
/// its lines, so problems found in it point into the file.
class MappedText {
 public:
  /// `part` of the file, whose first character is on `line` of the file.
  void append(std::string_view part, int line);
  /// Text that is in no file (a newline that replaces a marker), counted on `line`.
  void insert(std::string_view part, int line);
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] std::vector<int> take_lines() { return std::move(lines_); }
  [[nodiscard]] std::string take_text() { return std::move(text_); }

 private:
  void add(std::string_view part, int line, bool advances);
  std::string text_;
  std::vector<int> lines_;
};

/// A file's text split into lines, each with its newline (the last may lack one).
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

/// `line` without the spaces and tabs around it.
[[nodiscard]] std::string_view trim(std::string_view line);

/// `text` lower-cased (ASCII), for case-insensitive markers.
[[nodiscard]] std::string lower(std::string_view text);

/// Finishes `migration` with `up` (and its line map, empty when it is the
/// file line for line) and adds it to `loaded`, or reports why not. `flags`
/// are the layout's own (goose's NO TRANSACTION), beside the directives.
void add_migration(LoadedMigrations& loaded, MigrationSource migration, std::string_view up,
                   std::vector<int> source_lines = {}, std::uint32_t flags = 0);

/// The migrations sorted by id, ties by file name; two with one id are a
/// problem naming both, with `what` saying what the id was made from.
void sort_and_check_ids(LoadedMigrations& loaded, std::string_view what);

/// For tools that run files in name order (dbmate, wrangler): `loaded`'s
/// migrations, still in that order, must have rising ids, or migbundle's
/// order (by id) would differ from the tool's. Each that does not is a problem.
void check_name_order(LoadedMigrations& loaded, std::string_view tool);

/// Where `shown` is a `.sql` file the layout does not read: an error, so no
/// migration is silently skipped.
void refuse_unread_sql(LoadedMigrations& loaded, const std::string& shown, const std::string& rule);

}  // namespace migbundle::gen::layouts
