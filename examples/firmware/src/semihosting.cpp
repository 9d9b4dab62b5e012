#include "semihosting.hpp"

#include <cstdint>

namespace semihosting {
namespace {

constexpr int sys_write0 = 0x04;
constexpr int sys_exit = 0x18;
constexpr int sys_exit_extended = 0x20;
constexpr std::uint32_t adp_stopped_application_exit = 0x20026;

int call(int operation, const void* argument) noexcept {
  register int r0 asm("r0") = operation;
  register const void* r1 asm("r1") = argument;
  asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

}  // namespace

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
