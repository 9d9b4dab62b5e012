#include <migbundle/generator/peer_identity.hpp>

#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/peer_hashes.hpp>
#include <migbundle/generator/sha256.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace migbundle::gen {
namespace {

constexpr ::migbundle::PeerTool all_tools[] = {
    ::migbundle::PeerTool::drizzle, ::migbundle::PeerTool::wrangler,       ::migbundle::PeerTool::sqlx,
    ::migbundle::PeerTool::goose,   ::migbundle::PeerTool::golang_migrate, ::migbundle::PeerTool::dbmate,
    ::migbundle::PeerTool::diesel,  ::migbundle::PeerTool::flyway,         ::migbundle::PeerTool::prisma,
    ::migbundle::PeerTool::sql_migrate};

std::string_view first_segment(std::string_view file_name) { return file_name.substr(0, file_name.find('/')); }

std::string_view last_segment(std::string_view file_name) {
  const std::size_t slash = file_name.rfind('/');
  return slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
}

std::string_view leading_digits(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return text.substr(0, end);
}

/// `digits` as a decimal without leading zeros ("0042" → "42", "000" → "0"):
/// the tools that keep the version as an integer lose them.
std::string without_leading_zeros(std::string_view digits) {
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? "0" : std::string(digits.substr(first));
}

/// The key `tool` keeps for a file, from its name alone; empty when the name
/// holds none. Drizzle's comes from the journal instead.
std::string key_from_name(::migbundle::PeerTool tool, std::string_view file_name) {
  switch (tool) {
    case ::migbundle::PeerTool::wrangler:
    case ::migbundle::PeerTool::sql_migrate:
      return std::string(file_name);
    case ::migbundle::PeerTool::sqlx:
    case ::migbundle::PeerTool::goose:
    case ::migbundle::PeerTool::golang_migrate: {
      const std::string_view digits = leading_digits(last_segment(file_name));
      return digits.empty() ? std::string() : without_leading_zeros(digits);
    }
    case ::migbundle::PeerTool::dbmate:
      return std::string(leading_digits(last_segment(file_name)));
    case ::migbundle::PeerTool::diesel: {
      const std::string_view folder = first_segment(file_name);
      std::string version(folder.substr(0, folder.find('_')));
      version.erase(std::remove(version.begin(), version.end(), '-'), version.end());
      return version;
    }
    case ::migbundle::PeerTool::flyway: {
      // As written: Flyway compares versions part by part as numbers, and so does the runtime.
      const std::string_view name = last_segment(file_name);
      const std::size_t end = name.find("__");
      if (name.empty() || name[0] != 'V' || end == std::string_view::npos || end < 2) return {};
      std::string version(name.substr(1, end - 1));
      std::replace(version.begin(), version.end(), '_', '.');
      return version;
    }
    case ::migbundle::PeerTool::prisma:
      return std::string(first_segment(file_name));
    case ::migbundle::PeerTool::drizzle:
      break;
  }
  return {};
}

/// What the key is, for a name that holds none.
const char* key_description(::migbundle::PeerTool tool) {
  switch (tool) {
    case ::migbundle::PeerTool::sqlx:
    case ::migbundle::PeerTool::goose:
    case ::migbundle::PeerTool::golang_migrate:
    case ::migbundle::PeerTool::dbmate:
      return "leading version number";
    case ::migbundle::PeerTool::diesel:
      return "folder's version (`<version>_<name>/up.sql`)";
    case ::migbundle::PeerTool::flyway:
      return "version (`V<version>__<description>.sql`)";
    case ::migbundle::PeerTool::prisma:
      return "folder (`<name>/migration.sql`)";
    case ::migbundle::PeerTool::drizzle:
    case ::migbundle::PeerTool::wrangler:
    case ::migbundle::PeerTool::sql_migrate:
      break;
  }
  return "key";
}

/// Prisma accepts the script's SHA-256 as it is, with CRLF made LF, or with
/// LF made CRLF (schema-connector's checksum.rs): each, once, space-separated.
std::string prisma_hashes(const std::string& bytes) {
  std::string lf;
  lf.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
    lf += bytes[i];
  }
  std::string crlf;
  crlf.reserve(lf.size() + lf.size() / 16);
  for (const char c : lf) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  std::vector<std::string> hashes;
  const std::string* const texts[] = {&bytes, &lf, &crlf};
  for (const std::string* text : texts) {
    std::string hash = sha256_hex(*text);
    if (std::find(hashes.begin(), hashes.end(), hash) == hashes.end()) hashes.push_back(std::move(hash));
  }
  std::string out;
  for (const std::string& hash : hashes) out += (out.empty() ? "" : " ") + hash;
  return out;
}

/// drizzle's `created_at` for each `<tag>.sql` of the journal: its `when`, in decimal.
std::map<std::string, std::string> drizzle_when(const std::filesystem::path& directory,
                                                std::vector<Diagnostic>& problems) {
  std::map<std::string, std::string> when;
  const std::string shown = display_path_of(directory, "meta/_journal.json");
  std::string text;
  if (!read_file_bytes(directory / "meta" / "_journal.json", text)) {
    problems.push_back(
        {shown, 0, 0, Severity::error, "cannot be read: drizzle knows each migration by its journal entry's `when`"});
    return when;
  }
  const nlohmann::json journal = nlohmann::json::parse(text, nullptr, false);
  if (!journal.is_object() || !journal.contains("entries") || !journal["entries"].is_array()) {
    problems.push_back({shown, 0, 0, Severity::error,
                        "is not a drizzle journal (an object with an `entries` array): drizzle knows each migration "
                        "by its entry's `when`"});
    return when;
  }
  for (const nlohmann::json& entry : journal["entries"]) {
    if (!entry.is_object() || !entry.contains("tag") || !entry["tag"].is_string() || !entry.contains("when") ||
        !entry["when"].is_number_integer()) {
      continue;  // named below, at the migration it leaves without a key
    }
    when.emplace(entry["tag"].get<std::string>() + ".sql", entry["when"].dump());  // the first entry of a tag
  }
  return when;
}

}  // namespace

std::vector<PeerIdentity> peer_identities(::migbundle::PeerTool tool, const std::filesystem::path& directory,
                                          const std::vector<MigrationSource>& migrations) {
  std::vector<Diagnostic> problems;
  std::map<std::string, std::string> when;
  if (tool == ::migbundle::PeerTool::drizzle && !migrations.empty()) when = drizzle_when(directory, problems);
  const bool journal_read = problems.empty();
  const bool hashed = tool == ::migbundle::PeerTool::drizzle || tool == ::migbundle::PeerTool::sqlx ||
                      tool == ::migbundle::PeerTool::flyway || tool == ::migbundle::PeerTool::prisma;
  const std::string tool_name = ::migbundle::peer_tool_name(tool);

  std::vector<PeerIdentity> identities;
  identities.reserve(migrations.size());
  for (const MigrationSource& m : migrations) {
    PeerIdentity identity;
    if (tool == ::migbundle::PeerTool::drizzle) {
      if (const auto found = when.find(m.file_name); found != when.end()) {
        identity.key = found->second;
      } else if (journal_read) {
        problems.push_back({m.display_path, 0, 0, Severity::error,
                            "has no entry with a whole-number `when` in meta/_journal.json, which drizzle records "
                            "it by: add it with drizzle-kit, or leave the file out of the folder"});
      }
    } else {
      identity.key = key_from_name(tool, m.file_name);
      if (identity.key.empty()) {
        problems.push_back({m.display_path, 0, 0, Severity::error,
                            tool_name + " knows a migration by its " + key_description(tool) +
                                ", and this file's name has none: is the folder in " + tool_name + "'s layout?"});
      }
    }
    if (hashed) {
      std::string bytes;
      if (!read_file_bytes(directory / m.file_name, bytes)) {
        problems.push_back({m.display_path, 0, 0, Severity::error,
                            "cannot be read to compute the hash " + tool_name + " records for it"});
      } else if (tool == ::migbundle::PeerTool::sqlx) {
        identity.hash = sha384_hex(bytes);
      } else if (tool == ::migbundle::PeerTool::flyway) {
        identity.hash = std::to_string(flyway_checksum(bytes));
      } else if (tool == ::migbundle::PeerTool::prisma) {
        identity.hash = prisma_hashes(bytes);
      } else {
        identity.hash = sha256_hex(bytes);
      }
    }
    identities.push_back(std::move(identity));
  }
  if (!problems.empty()) throw MigrationsError(std::move(problems));
  return identities;
}

const std::vector<std::string_view>& adopt_tool_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all;
    for (const ::migbundle::PeerTool tool : all_tools) all.emplace_back(::migbundle::peer_tool_name(tool));
    return all;
  }();
  return names;
}

std::optional<::migbundle::PeerTool> adopt_tool_from_name(std::string_view name) {
  for (const ::migbundle::PeerTool tool : all_tools) {
    if (name == ::migbundle::peer_tool_name(tool)) return tool;
  }
  return std::nullopt;
}

Layout adopt_tool_layout(::migbundle::PeerTool tool) {
  switch (tool) {
    case ::migbundle::PeerTool::drizzle:
      return Layout::drizzle;
    case ::migbundle::PeerTool::wrangler:
      return Layout::wrangler;
    case ::migbundle::PeerTool::sqlx:
      return Layout::sqlx;
    case ::migbundle::PeerTool::goose:
      return Layout::goose;
    case ::migbundle::PeerTool::golang_migrate:
      return Layout::golang_migrate;
    case ::migbundle::PeerTool::dbmate:
      return Layout::dbmate;
    case ::migbundle::PeerTool::diesel:
      return Layout::diesel;
    case ::migbundle::PeerTool::flyway:
      return Layout::flyway;
    case ::migbundle::PeerTool::prisma:
      return Layout::prisma;
    case ::migbundle::PeerTool::sql_migrate:
      return Layout::sql_migrate;
  }
  return Layout::migbundle;
}

}  // namespace migbundle::gen
