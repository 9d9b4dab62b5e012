#include <migbundle/generator/directives.hpp>

#include <migbundle/bundle.hpp>

namespace migbundle::gen {
namespace {

constexpr std::string_view marker = "migbundle:";

struct KnownDirective {
  std::string_view name;
  std::uint32_t flag;
};
constexpr KnownDirective known_directives[] = {{"no-transaction", flag_no_transaction}, {"baseline", flag_baseline}};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && (is_blank(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::string known_list() {
  std::string list;
  for (const auto& directive : known_directives) list += (list.empty() ? "`" : ", `") + std::string(directive.name) + "`";
  return list;
}

}  // namespace

std::uint32_t parse_directives(std::string_view text, const std::string& path, std::vector<Diagnostic>& problems) {
  std::uint32_t flags = 0;
  bool in_header = true;  // still in the blank/comment lines before the first statement
  int line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;

    const std::string_view content = trim(line);
    const bool is_comment = content.substr(0, 2) == "--";
    if (!content.empty() && !is_comment) in_header = false;
    if (!is_comment) continue;
    const std::string_view comment = trim(content.substr(2));
    if (comment.substr(0, marker.size()) != marker) continue;

    const int column = static_cast<int>(line.find("--")) + 1;
    if (!in_header) {
      problems.push_back({path, line_number, column, Severity::error,
                          "`-- migbundle:` directives must come before the first statement; move this line to the top "
                          "of the file"});
      continue;
    }
    const std::string_view words = trim(comment.substr(marker.size()));
    // Several directives may share a line, separated by commas or spaces.
    for (std::size_t i = 0; i < words.size();) {
      while (i < words.size() && (is_blank(words[i]) || words[i] == ',')) ++i;
      std::size_t j = i;
      while (j < words.size() && !is_blank(words[j]) && words[j] != ',') ++j;
      if (j == i) break;
      const std::string_view word = words.substr(i, j - i);
      bool known = false;
      for (const auto& directive : known_directives) {
        if (word == directive.name) {
          flags |= directive.flag;
          known = true;
        }
      }
      if (!known) {
        problems.push_back({path, line_number, column, Severity::error,
                            "unknown directive `" + std::string(word) + "`; known directives: " + known_list()});
      }
      i = j;
    }
  }
  return flags;
}

std::vector<std::string> directive_names(std::uint32_t flags) {
  std::vector<std::string> names;
  for (const auto& directive : known_directives) {
    if ((flags & directive.flag) != 0) names.emplace_back(directive.name);
  }
  return names;
}

}  // namespace migbundle::gen
