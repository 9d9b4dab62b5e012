#include <migbundle/generator/templates.hpp>

#include <algorithm>
#include <stdexcept>

namespace migbundle::gen {

std::string fill_template(std::string_view text, const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('@', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('@', open + 1);
    if (close == std::string_view::npos) throw std::logic_error("template: unterminated placeholder");
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const auto value = std::find_if(values.begin(), values.end(), [&](const auto& pair) { return pair.first == name; });
    if (value == values.end()) throw std::logic_error("template: no value for @" + std::string(name) + "@");
    out.append(text, i, open - i);
    out += value->second;
    i = close + 1;
  }
  out.append(text, i, std::string_view::npos);
  return out;
}

}  // namespace migbundle::gen
