// Arm semihosting: the debugger (here QEMU, -semihosting-config enable=on)
// carries out requests the program makes with `bkpt 0xab`. Used for what
// this board has no other way to do: print text, report an exit code, and (for
// the A/B images, which keep their database across a reset) read and write a
// host file that stands for the board's flash.
#pragma once

#include <cstddef>

namespace semihosting {

/// Prints a NUL-terminated string on the host's console (SYS_WRITE0).
void write0(const char* text) noexcept;

/// Ends the program with `code` as the host process's exit status
/// (SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit).
[[noreturn]] void exit(int code) noexcept;

/// Opens a host file, relative to the host's working directory (SYS_OPEN):
/// for reading, or for writing (created, or emptied). Returns a handle, or -1.
enum class Mode { read, write };
[[nodiscard]] int open(const char* path, Mode mode) noexcept;

/// Reads exactly `size` bytes (SYS_READ); false on a short read or an error.
[[nodiscard]] bool read(int handle, void* buffer, std::size_t size) noexcept;

/// Writes all `size` bytes (SYS_WRITE); false when the host wrote fewer.
[[nodiscard]] bool write(int handle, const void* data, std::size_t size) noexcept;

/// The file's length in bytes (SYS_FLEN), or -1.
[[nodiscard]] long length(int handle) noexcept;

void close(int handle) noexcept;

/// The command line the host passes (SYS_GET_CMDLINE; QEMU: the `arg=` values
/// of -semihosting-config, separated by spaces), NUL-terminated in `buffer`.
/// False when there is none or it does not fit.
[[nodiscard]] bool command_line(char* buffer, std::size_t size) noexcept;

}  // namespace semihosting
