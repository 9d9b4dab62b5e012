#include <migbundle/generator/normalize.hpp>

#include <cstring>

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

void normalize_text_in_place(std::string& text) {
  std::size_t from = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  std::size_t cr = text.find("\r\n", from);
  if (from == 0 && cr == std::string::npos) return;  // the common case: nothing moves
  char* const bytes = text.data();
  std::size_t to = 0;
  const auto keep = [&](std::size_t end) {  // moves [from, end) down to `to`
    std::memmove(bytes + to, bytes + from, end - from);
    to += end - from;
  };
  for (; cr != std::string::npos; cr = text.find("\r\n", cr + 2)) {
    keep(cr);
    from = cr + 1;  // resume at the LF
  }
  keep(text.size());
  text.resize(to);
}

}  // namespace migbundle::gen
