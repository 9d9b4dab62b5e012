// libFuzzer: the file-name rule never crashes, and what it accepts is consistent.
#include <cstdint>
#include <cstdlib>
#include <migbundle/generator/file_name.hpp>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  const migbundle::gen::FileNameCheck check = migbundle::gen::check_file_name(name);
  using Kind = migbundle::gen::FileNameCheck::Kind;
  if (check.kind == Kind::migration) {
    // An accepted name ends in .sql, has a non-empty name and a non-negative id
    // whose digits lead the file name.
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".sql") != 0) std::abort();
    if (check.name.empty() || check.id < 0) std::abort();
    std::size_t digits = 0;
    while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
    if (name.substr(digits + 1, check.name.size()) != check.name) std::abort();
    // What a bundle format 2 Migration holds: the size in a byte, the name from `digits + 1` to `.sql`.
    if (name.size() > migbundle::gen::max_file_name_size) std::abort();
    if (digits + 1 + check.name.size() + 4 != name.size()) std::abort();
    // Nothing a build cannot carry as a dependency (CMake, make, Ninja) or Windows hold.
    for (const char c : name) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F ||
          std::string_view(";<>:\"/\\|?*").find(c) != std::string_view::npos) {
        std::abort();
      }
    }
  }
  if (check.kind == Kind::invalid && check.problem.empty()) std::abort();  // every refusal says why
  return 0;
}
