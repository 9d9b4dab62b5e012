#include "semihosting.hpp"

#include <cstdint>
#include <cstring>

namespace semihosting {
namespace {

constexpr int sys_open = 0x01;
constexpr int sys_close = 0x02;
constexpr int sys_write0 = 0x04;
constexpr int sys_write = 0x05;
constexpr int sys_read = 0x06;
constexpr int sys_flen = 0x0c;
constexpr int sys_get_cmdline = 0x15;
constexpr int sys_exit = 0x18;
constexpr int sys_exit_extended = 0x20;
constexpr std::uint32_t adp_stopped_application_exit = 0x20026;

int call(int operation, const void* argument) noexcept {
  register int r0 asm("r0") = operation;
  register const void* r1 asm("r1") = argument;
  asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

// The block of a SYS_READ or SYS_WRITE: handle, buffer, length. Both answer
// the number of bytes *not* transferred.
int transfer(int operation, int handle, const void* buffer, std::size_t size) noexcept {
  const std::uint32_t block[3] = {static_cast<std::uint32_t>(handle),
                                  static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(buffer)),
                                  static_cast<std::uint32_t>(size)};
  return call(operation, block);
}

}  // namespace

int open(const char* path, Mode mode) noexcept {
  // SYS_OPEN's modes are fopen()'s, numbered: 1 is "rb", 5 is "wb".
  const std::uint32_t block[3] = {static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(path)),
                                  mode == Mode::read ? 1u : 5u, static_cast<std::uint32_t>(std::strlen(path))};
  return call(sys_open, block);
}

bool read(int handle, void* buffer, std::size_t size) noexcept {
  return transfer(sys_read, handle, buffer, size) == 0;
}

bool write(int handle, const void* data, std::size_t size) noexcept {
  return transfer(sys_write, handle, data, size) == 0;
}

long length(int handle) noexcept {
  const std::uint32_t block[1] = {static_cast<std::uint32_t>(handle)};
  return call(sys_flen, block);
}

void close(int handle) noexcept {
  const std::uint32_t block[1] = {static_cast<std::uint32_t>(handle)};
  call(sys_close, block);
}

bool command_line(char* buffer, std::size_t size) noexcept {
  if (size == 0) return false;
  std::uint32_t block[2] = {static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(buffer)),
                            static_cast<std::uint32_t>(size)};
  if (call(sys_get_cmdline, block) != 0) return false;
  buffer[block[1] < size ? block[1] : size - 1] = '\0';
  return true;
}

void write0(const char* text) noexcept { call(sys_write0, text); }

void exit(int code) noexcept {
  // On AArch32 plain SYS_EXIT carries only the reason, so every normal exit
  // would read 0; SYS_EXIT_EXTENDED (semihosting 2.0, QEMU >= 4) takes the
  // two-word block of AArch64's SYS_EXIT and passes the code through.
  const std::uint32_t block[2] = {adp_stopped_application_exit, static_cast<std::uint32_t>(code)};
  call(sys_exit_extended, block);
  // A host without SYS_EXIT_EXTENDED: exit with the reason alone (success or
  // "stopped for another reason", which QEMU turns into exit status 1).
  call(sys_exit, reinterpret_cast<const void*>(code == 0 ? adp_stopped_application_exit : 0x20023u));
  for (;;) {
  }
}

}  // namespace semihosting
