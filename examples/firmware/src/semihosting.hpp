// Arm semihosting: the debugger (here QEMU, -semihosting-config enable=on)
// carries out requests the program makes with `bkpt 0xab`. Used for the two
// things this board has no other way to do: print text and report an exit code.
#pragma once

namespace semihosting {

/// Prints a NUL-terminated string on the host's console (SYS_WRITE0).
void write0(const char* text) noexcept;

/// Ends the program with `code` as the host process's exit status
/// (SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit).
[[noreturn]] void exit(int code) noexcept;

}  // namespace semihosting
