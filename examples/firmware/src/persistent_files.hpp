// The RAM files kept across a reset, as a board keeps its database in flash:
// at boot they are read from a host file (semihosting), before shutting down
// (or at a simulated power cut) they are written back. The A/B images boot one
// after the other on the same "flash" this way.
#pragma once

namespace firmware {

enum class LoadResult {
  fresh,    ///< no such file: a new device, the RAM files stay empty
  loaded,   ///< every RAM file restored
  invalid,  ///< the file is there but is not an image of these RAM files
};

/// Restores every RAM file from `path` on the host. Call before SQLite opens anything.
[[nodiscard]] LoadResult load_ram_files(const char* path) noexcept;

/// Writes every RAM file, as it is now, to `path` on the host. False when the host could not.
[[nodiscard]] bool save_ram_files(const char* path) noexcept;

}  // namespace firmware
