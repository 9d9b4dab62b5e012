// libFuzzer: the lock-file reader either parses or throws MigrationsError with
// a line inside the text; nothing else escapes, and what it parses renders and
// parses back to the same migrations.
#include <migbundle/generator/diagnostic.hpp>
#include <migbundle/generator/lock_file.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const migbundle::gen::LockFile lock = migbundle::gen::parse_lock_file(text, "fuzz.lock");
    const migbundle::gen::LockFile again =
        migbundle::gen::parse_lock_file(migbundle::gen::render_lock_file(lock.migrations), "again.lock");
    if (again.migrations.size() != lock.migrations.size()) std::abort();
    for (std::size_t i = 0; i < lock.migrations.size(); ++i) {
      if (again.migrations[i].id != lock.migrations[i].id || again.migrations[i].checksum != lock.migrations[i].checksum) {
        std::abort();
      }
    }
  } catch (const migbundle::gen::MigrationsError& error) {
    const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
    for (const auto& d : error.diagnostics()) {
      if (d.line < 1 || d.line > lines || d.message.empty()) std::abort();
    }
  }
  return 0;
}
