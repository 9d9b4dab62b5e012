#include <migbundle/generator/normalize.hpp>

namespace migbundle::gen {

std::string normalize_text(std::string_view raw) {
  constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
  if (raw.substr(0, 3) == byte_order_mark) raw.remove_prefix(3);
  std::string text;
  text.reserve(raw.size());
  std::size_t copied = 0;
  for (std::size_t cr = raw.find("\r\n"); cr != std::string_view::npos; cr = raw.find("\r\n", cr + 2)) {
    text.append(raw, copied, cr - copied);
    copied = cr + 1;  // resume at the LF
  }
  text.append(raw, copied, std::string_view::npos);
  return text;
}

}  // namespace migbundle::gen
