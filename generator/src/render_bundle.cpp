#include <migbundle/generator/render_bundle.hpp>

#include <migbundle/history_digest.hpp>
#include <migbundle/bundle.hpp>
#include <migbundle/generator/bundle_entry.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/directives.hpp>
#include <migbundle/generator/render_literal.hpp>
#include <migbundle/generator/sha256.hpp>
#include <migbundle/generator/templates.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <utility>

#ifndef MIGBUNDLE_VERSION
#error "MIGBUNDLE_VERSION must be defined by the build"
#endif

namespace migbundle::gen {
namespace {

/// A file name as it may appear in a `//` comment: no backslash (it would
/// splice the next line into the comment), no `?`, nothing outside printable ASCII.
std::string comment_safe(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool printable = c >= 0x20 && c <= 0x7E && c != '\\' && c != '?';
    out += printable ? c : '_';
  }
  return out;
}

/// ISO C++ (Annex B) only promises string literals of 65,536 characters, and
/// clang -Wpedantic warns past that even though clang, GCC and MSVC (since
/// VS 2022) take longer ones. The generated header must stay warning-free
/// under -Werror, so an entry with a longer literal silences that one warning
/// around itself: decided per entry, as it is written, since the generator
/// never holds every migration at once.
constexpr std::size_t iso_min_literal_length = 65536;

constexpr std::string_view allow_overlength = "#if defined(__clang__)\n#pragma clang diagnostic push\n"
                                              "#pragma clang diagnostic ignored \"-Woverlength-strings\"\n#endif\n";
constexpr std::string_view end_allow_overlength = "#if defined(__clang__)\n#pragma clang diagnostic pop\n#endif\n";

/// `"\002\245..."`: a checksum's 32 raw bytes as one literal, each a three-digit
/// octal escape. Octal, not `\x`: a hex escape runs on through every hex digit
/// after it (a down's SQL follows its checksum in one literal).
void append_checksum_literal(std::string& out, const std::uint8_t* raw) {
  char escaped[2 + 4 * checksum_size];
  char* at = escaped;
  *at++ = '"';
  for (std::size_t i = 0; i < checksum_size; ++i) {
    const unsigned byte = raw[i];
    *at++ = '\\';
    *at++ = static_cast<char>('0' + (byte >> 6));
    *at++ = static_cast<char>('0' + ((byte >> 3) & 7));
    *at++ = static_cast<char>('0' + (byte & 7));
  }
  *at++ = '"';
  out.append(escaped, sizeof escaped);
}

/// The directives behind the flags, for the entry's comment: `  no-transaction`, or nothing.
std::string flags_comment(std::uint8_t flags) {
  std::string out;
  for (const std::string& name : directive_names(flags)) out += "  " + name;
  return out;
}

/// A Migration's sizes_and_flags as one hex literal, a digit separator between
/// its fields: `0x01'0d'06'17'00001398u` (flags, name bytes, name offset, file
/// name bytes, SQL bytes).
std::string sizes_and_flags_literal(std::uint64_t word) {
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%02x'%02x'%02x'%02x'%08xu", static_cast<unsigned>(word >> 56 & 0xff),
                static_cast<unsigned>(word >> 48 & 0xff), static_cast<unsigned>(word >> 40 & 0xff),
                static_cast<unsigned>(word >> 32 & 0xff), static_cast<unsigned>(word & 0xffffffffu));
  return hex;
}

/// Where a literal's pieces start: under the first field of an initialiser.
constexpr std::string_view piece_indent = "     ";

/// The migrations array, one initialiser per migration with its text inline:
/// one string literal for the file name and the SQL, one for the checksum
/// (the layout in migbundle/migration.hpp). Written to `out` one migration at
/// a time, as `migrations` visits them: neither the whole file nor (from a
/// FolderStream) the whole folder is ever in memory. Returns the bundle's
/// HistoryDigest, of the migrations as written.
std::uint64_t append_migrations_array(TextSink& out, MigrationSequence& migrations, std::string_view storage) {
  HistoryDigest digest;
  if (migrations.size() == 0) {
    migrations.for_each([](const MigrationSource&) {});  // no array, but a folder's problems are thrown from here
    return digest.value();
  }
  out.append("// {id, sizes and flags: 0x<flags>'<name bytes>'<name offset>'<file name bytes>'<SQL bytes>, in hex;\n"
             "//  text: the file name then the SQL; the SQL's SHA-256 (32 raw bytes)}\n");
  out.append(std::string(storage) + " ::migbundle::Migration migrations[] = {\n");
  std::string entry;  // reused: its capacity grows to the largest migration once
  migrations.for_each([&](const MigrationSource& m) {
    const Migration fields = bundle_entry(m, nullptr);
    digest.add(fields.id, fields.checksum);
    const bool overlength = m.file_name.size() + m.text.size() > iso_min_literal_length;
    entry.clear();
    if (overlength) entry += allow_overlength;
    // The hex too, as the lock file and the tracking table show it.
    entry += "    // ";
    entry += comment_safe(m.file_name);
    entry += "  sha256 ";
    entry += m.checksum;
    entry += flags_comment(flags_of(fields));
    entry += "\n    {";
    entry += std::to_string(fields.id);
    entry += ", ";
    entry += sizes_and_flags_literal(fields.sizes_and_flags);
    entry += ",\n";
    entry += piece_indent;
    entry += render_escaped_literal(m.file_name);
    entry += '\n';
    if (!m.text.empty()) entry += render_sql_literal(m.text, piece_indent);
    entry.back() = ',';  // the last piece's newline: the field's comma goes there
    entry += '\n';
    entry += piece_indent;
    append_checksum_literal(entry, reinterpret_cast<const std::uint8_t*>(fields.checksum));
    entry += "},\n";
    if (overlength) entry += end_allow_overlength;
    out.append(entry);
  });
  out.append("};\n");
  return digest.value();
}

/// The down_migrations array, as the migrations array: each down's text
/// inline, its checksum's 32 raw bytes then its SQL; `{nullptr, 0}` for a
/// migration without a down.
void append_downs_array(TextSink& out, MigrationSequence& migrations, std::string_view storage) {
  out.append("// {text: the down SQL's SHA-256 (32 raw bytes), the down SQL; down SQL bytes}\n");
  out.append(std::string(storage) + " ::migbundle::DownMigration down_migrations[] = {\n");
  std::string entry;
  migrations.for_each_down([&](const MigrationSource& m) {
    if (!m.down_text) {
      out.append("    {nullptr, 0},\n");
      return;
    }
    const bool overlength = checksum_size + m.down_text->size() > iso_min_literal_length;
    entry.clear();
    if (overlength) entry += allow_overlength;
    entry += "    // ";
    entry += comment_safe(m.file_name);
    entry += ", its down  sha256 ";
    entry += m.down_checksum;
    entry += "\n    {";
    append_checksum_literal(entry, sha256_bytes(m.down_checksum).data());
    entry += '\n';
    if (!m.down_text->empty()) entry += render_sql_literal(*m.down_text, piece_indent);
    entry.back() = ',';
    entry += '\n';
    entry += piece_indent;
    entry += std::to_string(m.down_text->size()) + "},\n";
    if (overlength) entry += end_allow_overlength;
    out.append(entry);
  });
  out.append("};\n");
}

/// A placeholder whose value is written straight to the output, not held as a string.
struct Streamed {
  std::string_view name;
  std::function<void(TextSink&)> write;
};

/// fill_template() with `values`, and each of `streamed` written in its
/// placeholder's place as it renders: the SQL, the bulk of the output, goes
/// to `out` one migration at a time.
void fill_streaming(TextSink& out, std::string_view text, std::vector<std::pair<std::string_view, std::string>> values,
                    const std::vector<Streamed>& streamed) {
  // Splitting there gives fill_template()'s result only where each placeholder
  // occurs once and opens a pair of '@'; otherwise take the plain way.
  std::vector<std::pair<std::size_t, const Streamed*>> at;
  bool splittable = true;
  for (const Streamed& s : streamed) {
    const std::string placeholder = "@" + std::string(s.name) + "@";
    const std::size_t found = text.find(placeholder);
    splittable = splittable && found != std::string_view::npos &&
                 text.find(placeholder, found + placeholder.size()) == std::string_view::npos &&
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(found), '@') % 2 == 0;
    at.emplace_back(found, &s);
  }
  if (!splittable) {
    for (const Streamed& s : streamed) {
      std::string rendered;
      StringSink sink(rendered);
      s.write(sink);
      values.emplace_back(s.name, std::move(rendered));
    }
    out.append(fill_template(text, values));
    return;
  }
  std::sort(at.begin(), at.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t from = 0;
  for (const auto& [position, s] : at) {
    out.append(fill_template(text.substr(from, position - from), values));
    s->write(out);
    from = position + s->name.size() + 2;
  }
  out.append(fill_template(text.substr(from), values));
}

/// The values of the down placeholders: all empty when no migration has a
/// down, so such output is byte for byte what it would be without downs.
/// The array itself is streamed: `write_array` writes it.
struct DownsText {
  std::string header_part;  ///< @downs@ of the inline header after the array, or of the split header (a declaration)
  std::string source_part;  ///< @downs@ of the split data file
  bool has_array = false;   ///< whether there is a down_migrations array
};

DownsText downs_text(const MigrationSequence& migrations, bool split) {
  DownsText text;
  if (!migrations.any_down()) return text;
  const std::string what = "The down of each migration, in bundle order (null where it has none): pass `downs`\n"
                           "/// to migbundle::rollback() or migrate() with the bundle (migbundle/downs.hpp).\n";
  const std::string init = "down_migrations, " + std::to_string(migrations.size());
  text.has_array = true;
  if (!split) {
    text.header_part = "\n/// " + what + "inline constexpr ::migbundle::Downs downs{" + init + "};\n";
    return text;
  }
  text.header_part = "\n/// " + what + "extern const ::migbundle::Downs downs;\n";
  text.source_part = "\nextern const ::migbundle::Downs downs;\nconst ::migbundle::Downs downs{" + init + "};\n";
  return text;
}

/// The values of the schema placeholders: all empty without a schema, so
/// such output is byte for byte what it was before schemas existed.
struct SchemaText {
  std::string include;      ///< @schema_include@
  std::string array;        ///< @schema_objects_array@: the split data file's, in its anonymous namespace
  std::string header_part;  ///< @schema@ of the inline header, or of the split header (a declaration)
  std::string source_part;  ///< @schema@ of the split data file
};

SchemaText schema_text(const SchemaTable* schema, bool split) {
  SchemaText text;
  if (schema == nullptr) return text;
  const std::string storage = split ? "constexpr" : "inline constexpr";
  const std::string what =
      "The schema every migration gives, object by object (tables, indexes, views, triggers, each by\n"
      "/// name), with a fingerprint of its SQL: pass `schema` to migbundle::check_schema() (migbundle/schema.hpp).\n";
  std::string array;
  if (!schema->empty()) {
    array = "// {type, name, fingerprint of type, name, table and SQL}\n" + storage +
            " ::migbundle::SchemaObject schema_objects[] = {\n";
    for (const SchemaEntry& object : *schema) {
      char hex[19];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(object.fingerprint));
      array += "    {" + render_escaped_literal(object.type) + ", " + render_escaped_literal(object.name) + ", 0x" +
               hex + "ull},\n";
    }
    array += "};\n";
  }
  const std::string init = schema->empty() ? "nullptr, 0" : "schema_objects, " + std::to_string(schema->size());
  text.include = "#include <migbundle/schema.hpp>\n";
  if (!split) {
    text.header_part = "\n/// " + what + array + "inline constexpr ::migbundle::Schema schema{" + init + "};\n";
    return text;
  }
  text.array = array;
  text.header_part = "\n/// " + what + "extern const ::migbundle::Schema schema;\n";
  text.source_part = "\nextern const ::migbundle::Schema schema;\nconst ::migbundle::Schema schema{" + init + "};\n";
  return text;
}

/// The enumerator of ::migbundle::PeerTool, as C++ spells it.
const char* tool_enumerator(::migbundle::PeerTool tool) {
  switch (tool) {
    case ::migbundle::PeerTool::drizzle: return "drizzle";
    case ::migbundle::PeerTool::wrangler: return "wrangler";
    case ::migbundle::PeerTool::sqlx: return "sqlx";
    case ::migbundle::PeerTool::goose: return "goose";
    case ::migbundle::PeerTool::golang_migrate: return "golang_migrate";
    case ::migbundle::PeerTool::dbmate: return "dbmate";
    case ::migbundle::PeerTool::diesel: return "diesel";
    case ::migbundle::PeerTool::flyway: return "flyway";
    case ::migbundle::PeerTool::prisma: return "prisma";
    case ::migbundle::PeerTool::sql_migrate: return "sql_migrate";
  }
  throw std::invalid_argument("render_bundle: a PeerTool without an enumerator");
}

/// The values of the adoption placeholders: all empty without `adoption`, so
/// the output is then byte for byte what it was before adoption existed.
struct AdoptionText {
  std::string include;      ///< @adopt_include@
  std::string array;        ///< @adopt_migrations_array@: the split data file's, in its anonymous namespace
  std::string header_part;  ///< @adoption@ of the inline header, or of the split header (a declaration)
  std::string source_part;  ///< @adoption@ of the split data file
};

AdoptionText adoption_text(std::size_t count, const AdoptionTable* adoption, bool split) {
  AdoptionText text;
  if (adoption == nullptr) return text;
  if (adoption->migrations.size() != count) {
    throw std::invalid_argument("render_bundle: the adoption table has " + std::to_string(adoption->migrations.size()) +
                                " entries for " + std::to_string(count) + " migrations");
  }
  const std::string what = std::string("What ") + ::migbundle::peer_tool_name(adoption->tool) +
                           " knows each migration by: pass `adoption` to migbundle::migrate() with the bundle (migbundle/adopt.hpp).\n";
  const std::string comment = "// " + what;
  const std::string storage = split ? "constexpr" : "inline constexpr";
  // Keys are file names and hashes file contents' digests: escaped like the
  // file names in the SQL arrays, so no file can break out of its literal.
  std::string array;
  if (count != 0) {
    array = comment + storage + " ::migbundle::PeerMigration adopt_migrations[] = {\n";
    for (const PeerIdentity& identity : adoption->migrations) {
      array += "    {" + render_escaped_literal(identity.key) + ", " + render_escaped_literal(identity.hash) + "},\n";
    }
    array += "};\n";
  }
  const std::string init = std::string("::migbundle::PeerTool::") + tool_enumerator(adoption->tool) + ", " +
                           render_escaped_literal(adoption->table) + ", " +
                           (count == 0 ? std::string("nullptr, 0") : "adopt_migrations, " + std::to_string(count));
  text.include = "#include <migbundle/adopt.hpp>\n";
  if (!split) {
    text.header_part = "\n" + (count == 0 ? comment : array) + "inline constexpr ::migbundle::Adoption adoption{" +
                       init + "};\n";
    return text;
  }
  text.array = array.empty() ? "" : "\n" + array;
  text.header_part = "\n/// " + what + "extern const ::migbundle::Adoption adoption;\n";
  text.source_part = "\nextern const ::migbundle::Adoption adoption;\nconst ::migbundle::Adoption adoption{" + init + "};\n";
  return text;
}

std::string mebibytes(std::uint64_t bytes) {
  return std::to_string(bytes) + " bytes (" + std::to_string(bytes / (1024 * 1024)) + " MiB)";
}

/// The bundle's HistoryDigest as a literal, e.g. `0x5a1e0c27d3b9f481u`:
/// a stamped start (migbundle/stamp.hpp) compares it instead of reading every migration.
std::string history_digest_literal(std::uint64_t digest) {
  char literal[24];
  std::snprintf(literal, sizeof literal, "0x%016llxu", static_cast<unsigned long long>(digest));
  return literal;
}

/// The loaded migrations as a MigrationSequence.
class LoadedSequence final : public MigrationSequence {
 public:
  explicit LoadedSequence(const std::vector<MigrationSource>& migrations) : migrations_(migrations) {}
  [[nodiscard]] std::size_t size() const override { return migrations_.size(); }
  [[nodiscard]] bool any_down() const override {
    return std::any_of(migrations_.begin(), migrations_.end(),
                       [](const MigrationSource& m) { return m.down_text.has_value(); });
  }
  void for_each(const Visit& visit) override {
    for (const MigrationSource& m : migrations_) visit(m);
  }
  void for_each_down(const Visit& visit) override { for_each(visit); }

 private:
  const std::vector<MigrationSource>& migrations_;
};

}  // namespace

std::optional<Diagnostic> bundle_size_problem(const MigrationSource& m, std::uint64_t& total, std::uint64_t limit) {
  const std::uint64_t size = m.text.size();
  std::string message;
  if (size > limit) {
    message = "holds " + std::to_string(size) + " bytes of SQL; a bundle holds at most " + mebibytes(limit) +
              ", what GCC and Clang compile in one generated source (about 4 bytes of their memory per byte): "
              "split it into several migrations";
  } else if (total + size > limit) {
    message = "brings the bundle's SQL to " + std::to_string(total + size) + " bytes; a bundle holds at most " +
              mebibytes(limit) +
              ", what GCC and Clang compile in one generated source (about 4 bytes of their memory per byte): "
              "start a second migrations directory from this one on, with its own add_migrations() target and "
              "its own Options::table";
  }
  total += size;
  if (message.empty()) return std::nullopt;
  return Diagnostic{m.display_path, 1, 1, Severity::error, std::move(message)};
}

void check_bundle_size(const std::vector<MigrationSource>& migrations, std::uint64_t limit) {
  std::uint64_t total = 0;
  for (const MigrationSource& m : migrations) {
    if (std::optional<Diagnostic> problem = bundle_size_problem(m, total, limit)) {
      throw MigrationsError({std::move(*problem)});
    }
  }
}

void render_bundle(MigrationSequence& migrations, const std::string& cpp_namespace, TextSink& header,
                   TextSink* source, const AdoptionTable* adoption, const SchemaTable* schema) {
  const std::size_t size = migrations.size();
  const std::string count = std::to_string(size);
  const std::string banner = "Generated by migbundle " MIGBUNDLE_VERSION " from " + count +
                             (size == 1 ? " migration file." : " migration files.");
  const std::string format = std::to_string(MIGBUNDLE_BUNDLE_FORMAT);
  AdoptionText adopt = adoption_text(size, adoption, source != nullptr);
  DownsText downs = downs_text(migrations, source != nullptr);
  SchemaText schema_part = schema_text(schema, source != nullptr);

  // The digest is known once the array is written, and `bundle` follows it.
  std::uint64_t digest = 0;
  const auto migrations_array = [&migrations, &digest](std::string_view storage) {
    return Streamed{"migrations_array", [&migrations, &digest, storage](TextSink& out) {
                      digest = append_migrations_array(out, migrations, storage);
                    }};
  };
  Streamed bundle_init{"bundle_init", [&digest, size, &count](TextSink& out) {
                         out.append(size == 0 ? "nullptr, 0"
                                              : "migrations, " + count + ", " + history_digest_literal(digest));
                       }};

  if (source == nullptr) {
    // The downs' array streams in @downs@'s place, ahead of the `downs` it documents.
    Streamed inline_downs{"downs", [&migrations, &downs](TextSink& out) {
                            if (!downs.has_array) return;
                            out.append("\n");
                            append_downs_array(out, migrations, "inline constexpr");
                            out.append(downs.header_part);
                          }};
    fill_streaming(header, bundle_inline_template,
                   {{"banner", banner},
                    {"adopt_include", adopt.include},
                    {"format", format},
                    {"namespace", cpp_namespace},
                    {"adoption", std::move(adopt.header_part)},
                    {"schema_include", schema_part.include},
                    {"schema", std::move(schema_part.header_part)}},
                   {migrations_array("inline constexpr"), std::move(bundle_init), std::move(inline_downs)});
    return;
  }
  // No count in the declarations: adding a migration must not recompile every includer.
  header.append(fill_template(bundle_declarations_template,
                              {{"banner", "Generated by migbundle " MIGBUNDLE_VERSION "."},
                               {"adopt_include", adopt.include},
                               {"format", format},
                               {"namespace", cpp_namespace},
                               {"adoption", std::move(adopt.header_part)},
                               {"downs", std::move(downs.header_part)},
                               {"schema_include", schema_part.include},
                               {"schema", std::move(schema_part.header_part)}}));
  Streamed split_downs{"down_migrations_array", [&migrations, &downs](TextSink& out) {
                         if (downs.has_array) append_downs_array(out, migrations, "constexpr");
                       }};
  fill_streaming(*source, bundle_data_template,
                 {{"banner", banner},
                  {"adopt_include", adopt.include},
                  {"format", format},
                  {"namespace", cpp_namespace},
                  {"adopt_migrations_array", std::move(adopt.array)},
                  {"adoption", std::move(adopt.source_part)},
                  {"downs", std::move(downs.source_part)},
                  {"schema_include", schema_part.include},
                  {"schema_objects_array", std::move(schema_part.array)},
                  {"schema", std::move(schema_part.source_part)}},
                 {migrations_array("constexpr"), std::move(split_downs), std::move(bundle_init)});
}

void render_bundle(const std::vector<MigrationSource>& migrations, const std::string& cpp_namespace, TextSink& header,
                   TextSink* source, const AdoptionTable* adoption, const SchemaTable* schema) {
  check_bundle_size(migrations);
  LoadedSequence sequence(migrations);
  render_bundle(sequence, cpp_namespace, header, source, adoption, schema);
}

RenderedBundle render_bundle(const std::vector<MigrationSource>& migrations, const std::string& cpp_namespace,
                             bool split, const AdoptionTable* adoption, const SchemaTable* schema) {
  RenderedBundle rendered;
  StringSink header(rendered.header);
  StringSink source(rendered.source);
  render_bundle(migrations, cpp_namespace, header, split ? &source : nullptr, adoption, schema);
  return rendered;
}

}  // namespace migbundle::gen
