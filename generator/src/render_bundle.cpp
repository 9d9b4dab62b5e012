#include <migbundle/generator/render_bundle.hpp>

#include <migbundle/bundle.hpp>
#include <migbundle/generator/bundle_entry.hpp>
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/render_literal.hpp>
#include <migbundle/generator/sha256.hpp>
#include <migbundle/generator/templates.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
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

std::string text_array_name(const MigrationSource& m) { return "text_" + std::to_string(m.id); }
std::string down_array_name(const MigrationSource& m) { return "down_" + std::to_string(m.id); }

bool any_down(const std::vector<MigrationSource>& migrations) {
  return std::any_of(migrations.begin(), migrations.end(), [](const MigrationSource& m) { return m.down_text.has_value(); });
}

/// ISO C++ (Annex B) only promises string literals of 65,536 characters, and
/// clang -Wpedantic warns past that even though clang, GCC and MSVC (since
/// VS 2022) take longer ones. The generated header must stay warning-free
/// under -Werror, so a bundle with a longer array silences that one warning.
constexpr std::size_t iso_min_literal_length = 65536;

void append_text_arrays(TextSink& out, const std::vector<MigrationSource>& migrations, std::string_view storage) {
  const bool overlength = std::any_of(migrations.begin(), migrations.end(), [](const MigrationSource& m) {
    return m.file_name.size() + m.text.size() > iso_min_literal_length ||
           (m.down_text && m.down_text->size() > iso_min_literal_length);
  });
  if (overlength) {
    out.append("#if defined(__clang__)\n#pragma clang diagnostic push\n"
               "#pragma clang diagnostic ignored \"-Woverlength-strings\"\n#endif\n");
  }
  for (const MigrationSource& m : migrations) {
    // One string literal, the file name then the SQL: the name is a slice of the
    // file name, and one pointer in the Migration reaches all three. A pointer to
    // the literal, not a `char[]` initialised from it: Clang checks an array's
    // constant initialisation element by element, about 80 bytes of its memory
    // and 0.7 s per MB of SQL (8 MB: 720 MB, 6.6 s; as a pointer 113 MB, 0.7 s).
    std::string array = "// " + comment_safe(m.file_name) + "\n" + std::string(storage) + " const char* " +
                        text_array_name(m) + " =\n    " + render_escaped_literal(m.file_name) + "\n";
    if (!m.text.empty()) array += render_sql_literal(m.text, "    ");
    array.back() = ';';  // the last piece's newline: the semicolon goes there
    array += '\n';
    out.append(array);  // one migration at a time: the whole file is never in memory
    if (m.down_text) {
      std::string down = "// " + comment_safe(m.file_name) + ", its down\n" + std::string(storage) + " const char* " +
                         down_array_name(m) + " =\n";
      down += m.down_text->empty() ? std::string("    \"\"\n") : render_sql_literal(*m.down_text, "    ");
      down.back() = ';';
      down += '\n';
      out.append(down);
    }
  }
  if (overlength) out.append("#if defined(__clang__)\n#pragma clang diagnostic pop\n#endif\n");
}

/// fill_template() with `values` plus @sql_arrays@, into `out`. The SQL, the
/// bulk of the output, goes to `out` one migration at a time: a rendered copy
/// of all of it held the generator's memory at twice its input and more.
void fill_with_sql_arrays(TextSink& out, std::string_view text, const std::vector<MigrationSource>& migrations,
                          std::string_view storage, std::vector<std::pair<std::string_view, std::string>> values) {
  constexpr std::string_view placeholder = "@sql_arrays@";
  const std::size_t at = text.find(placeholder);
  // Splitting there gives fill_template()'s result only where the placeholder
  // occurs once and opens a pair of '@'; otherwise take the plain way.
  const bool splittable = at != std::string_view::npos &&
                          text.find(placeholder, at + placeholder.size()) == std::string_view::npos &&
                          std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '@') % 2 == 0;
  if (!splittable) {
    std::string arrays;
    StringSink arrays_sink(arrays);
    append_text_arrays(arrays_sink, migrations, storage);
    values.emplace_back("sql_arrays", std::move(arrays));
    out.append(fill_template(text, values));
    return;
  }
  out.append(fill_template(text.substr(0, at), values));
  append_text_arrays(out, migrations, storage);
  out.append(fill_template(text.substr(at + placeholder.size()), values));
}

/// `0x02, 0xa5, ...` for bytes [first, first + count) of the checksum.
std::string byte_list(const std::uint8_t (&bytes)[32], std::size_t first, std::size_t count) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = first; i < first + count; ++i) {
    if (i > first) out += ", ";
    out += "0x";
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 0x0f];
  }
  return out;
}

/// The flags as the enumerators' names joined by `|`, or `0`.
std::string flags_expression(std::uint8_t flags) {
  std::string out;
  if ((flags & flag_no_transaction) != 0) out += "::migbundle::flag_no_transaction";
  if ((flags & flag_baseline) != 0) out += std::string(out.empty() ? "" : " | ") + "::migbundle::flag_baseline";
  return out.empty() ? "0" : out;
}

std::string migrations_array(const std::vector<MigrationSource>& migrations, std::string_view storage) {
  if (migrations.empty()) return "";
  std::string out = "// {id, text, SQL bytes, file name bytes, name offset, name bytes, flags, SHA-256 of the SQL}\n";
  out += std::string(storage) + " ::migbundle::Migration migrations[] = {\n";
  for (const MigrationSource& m : migrations) {
    const Migration entry = bundle_entry(m, nullptr);
    out += "    {" + std::to_string(entry.id) + ", migbundle_sql::" + text_array_name(m) + ", " +
           std::to_string(entry.sql_size) + ", " + std::to_string(entry.file_size) + ", " +
           std::to_string(entry.name_offset) + ", " + std::to_string(entry.name_size) + ", ";
    out += flags_expression(entry.flags);
    // The hex too, as the lock file and the tracking table show it.
    out += ",\n     // sha256 " + m.checksum + "\n";
    out += "     {" + byte_list(entry.checksum, 0, 16) + ",\n";
    out += "      " + byte_list(entry.checksum, 16, 16) + "}},\n";
  }
  out += "};\n";
  return out;
}

/// The values of the down placeholders: all empty when no migration has a
/// down, so such output is byte for byte what it was before downs existed.
struct DownsText {
  std::string include;      ///< @downs_include@
  std::string array;        ///< @down_migrations_array@: the split data file's, in its anonymous namespace
  std::string header_part;  ///< @downs@ of the inline header, or of the split header (a declaration)
  std::string source_part;  ///< @downs@ of the split data file
};

DownsText downs_text(const std::vector<MigrationSource>& migrations, bool split) {
  DownsText text;
  if (!any_down(migrations)) return text;
  const std::string storage = split ? "constexpr" : "inline constexpr";
  const std::string what = "The down of each migration, in bundle order (null where it has none): pass `downs`\n"
                           "/// to migbundle::rollback() or migrate() with the bundle (migbundle/downs.hpp).\n";
  std::string array = "// {down SQL, bytes, SHA-256 of the down SQL}\n" + storage +
                      " ::migbundle::DownMigration down_migrations[] = {\n";
  for (const MigrationSource& m : migrations) {
    if (!m.down_text) {
      array += "    {nullptr, 0, {}},\n";
      continue;
    }
    std::uint8_t checksum[32];
    const std::array<std::uint8_t, 32> bytes = sha256_bytes(m.down_checksum);
    std::copy(bytes.begin(), bytes.end(), checksum);
    array += "    {migbundle_sql::" + down_array_name(m) + ", " + std::to_string(m.down_text->size()) + ",\n";
    array += "     // sha256 " + m.down_checksum + "\n";
    array += "     {" + byte_list(checksum, 0, 16) + ",\n";
    array += "      " + byte_list(checksum, 16, 16) + "}},\n";
  }
  array += "};\n";
  const std::string init = "down_migrations, " + std::to_string(migrations.size());
  text.include = "#include <migbundle/downs.hpp>\n";
  if (!split) {
    text.header_part = "\n/// " + what + array + "inline constexpr ::migbundle::Downs downs{" + init + "};\n";
    return text;
  }
  text.array = array;
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

AdoptionText adoption_text(const std::vector<MigrationSource>& migrations, const AdoptionTable* adoption, bool split) {
  AdoptionText text;
  if (adoption == nullptr) return text;
  if (adoption->migrations.size() != migrations.size()) {
    throw std::invalid_argument("render_bundle: the adoption table has " + std::to_string(adoption->migrations.size()) +
                                " entries for " + std::to_string(migrations.size()) + " migrations");
  }
  const std::string what = std::string("What ") + ::migbundle::peer_tool_name(adoption->tool) +
                           " knows each migration by: pass `adoption` to migbundle::migrate() with the bundle (migbundle/adopt.hpp).\n";
  const std::string comment = "// " + what;
  const std::string storage = split ? "constexpr" : "inline constexpr";
  // Keys are file names and hashes file contents' digests: escaped like the
  // file names in the SQL arrays, so no file can break out of its literal.
  std::string array;
  if (!migrations.empty()) {
    array = comment + storage + " ::migbundle::PeerMigration adopt_migrations[] = {\n";
    for (const PeerIdentity& identity : adoption->migrations) {
      array += "    {" + render_escaped_literal(identity.key) + ", " + render_escaped_literal(identity.hash) + "},\n";
    }
    array += "};\n";
  }
  const std::string init = std::string("::migbundle::PeerTool::") + tool_enumerator(adoption->tool) + ", " +
                           render_escaped_literal(adoption->table) + ", " +
                           (migrations.empty() ? std::string("nullptr, 0")
                                               : "adopt_migrations, " + std::to_string(migrations.size()));
  text.include = "#include <migbundle/adopt.hpp>\n";
  if (!split) {
    text.header_part = "\n" + (migrations.empty() ? comment : array) + "inline constexpr ::migbundle::Adoption adoption{" +
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

}  // namespace

void check_bundle_size(const std::vector<MigrationSource>& migrations, std::uint64_t limit) {
  std::uint64_t total = 0;
  for (const MigrationSource& m : migrations) {
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
    if (!message.empty()) throw MigrationsError({{m.display_path, 1, 1, Severity::error, std::move(message)}});
    total += size;
  }
}

void render_bundle(const std::vector<MigrationSource>& migrations, const std::string& cpp_namespace, TextSink& header,
                   TextSink* source, const AdoptionTable* adoption, const SchemaTable* schema) {
  check_bundle_size(migrations);
  const std::string count = std::to_string(migrations.size());
  const std::string banner = "Generated by migbundle " MIGBUNDLE_VERSION " from " + count +
                             (migrations.size() == 1 ? " migration file." : " migration files.");
  const std::string bundle_init = migrations.empty() ? "nullptr, 0" : "migrations, " + count;
  const std::string format = std::to_string(MIGBUNDLE_BUNDLE_FORMAT);
  AdoptionText adopt = adoption_text(migrations, adoption, source != nullptr);
  DownsText downs = downs_text(migrations, source != nullptr);
  SchemaText schema_part = schema_text(schema, source != nullptr);

  if (source == nullptr) {
    fill_with_sql_arrays(header, bundle_inline_template, migrations, "inline constexpr",
                         {{"banner", banner},
                          {"adopt_include", adopt.include},
                          {"format", format},
                          {"namespace", cpp_namespace},
                          {"migrations_array", migrations_array(migrations, "inline constexpr")},
                          {"bundle_init", bundle_init},
                          {"adoption", std::move(adopt.header_part)},
                          {"downs_include", downs.include},
                          {"downs", std::move(downs.header_part)},
                          {"schema_include", schema_part.include},
                          {"schema", std::move(schema_part.header_part)}});
    return;
  }
  // No count in the declarations: adding a migration must not recompile every includer.
  header.append(fill_template(bundle_declarations_template,
                              {{"banner", "Generated by migbundle " MIGBUNDLE_VERSION "."},
                               {"adopt_include", adopt.include},
                               {"format", format},
                               {"namespace", cpp_namespace},
                               {"adoption", std::move(adopt.header_part)},
                               {"downs_include", downs.include},
                               {"downs", std::move(downs.header_part)},
                               {"schema_include", schema_part.include},
                               {"schema", std::move(schema_part.header_part)}}));
  fill_with_sql_arrays(*source, bundle_data_template, migrations, "constexpr",
                       {{"banner", banner},
                        {"adopt_include", adopt.include},
                        {"format", format},
                        {"namespace", cpp_namespace},
                        {"migrations_array", migrations_array(migrations, "constexpr")},
                        {"adopt_migrations_array", std::move(adopt.array)},
                        {"bundle_init", bundle_init},
                        {"adoption", std::move(adopt.source_part)},
                        {"downs_include", downs.include},
                        {"down_migrations_array", std::move(downs.array)},
                        {"downs", std::move(downs.source_part)},
                        {"schema_include", schema_part.include},
                        {"schema_objects_array", std::move(schema_part.array)},
                        {"schema", std::move(schema_part.source_part)}});
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
