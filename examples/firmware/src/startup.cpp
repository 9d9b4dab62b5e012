// Reset and exception vectors of a Cortex-M3, and the C/C++ start-up that a
// hosted program gets from crt0: copy .data from flash, zero .bss, run static
// constructors, call main(), and hand its result to the host as the exit code.
#include <cstdint>
#include <cstring>

#include "board.hpp"
#include "console.hpp"
#include "semihosting.hpp"

// Symbols of the linker script (mps2_an385.ld).
extern "C" {
extern std::uint32_t __stack_limit__[];
extern std::uint32_t __stack_top__[];
extern std::uint32_t __data_load__[];
extern std::uint32_t __data_start__[];
extern std::uint32_t __data_end__[];
extern std::uint32_t __bss_start__[];
extern std::uint32_t __bss_end__[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
}

int main();

namespace {

constexpr std::uint32_t stack_pattern = 0xA5A5A5A5u;
constexpr std::uint32_t core_clock_hz = 25000000;  // the MPS2 FPGA images run the core at 25 MHz

volatile std::uint32_t milliseconds = 0;
std::size_t peak_before_mark = 0;  // what mark_stack() painted over

struct SysTickRegisters {
  volatile std::uint32_t csr;  // control and status
  volatile std::uint32_t rvr;  // reload value
  volatile std::uint32_t cvr;  // current value
};
SysTickRegisters& systick() noexcept { return *reinterpret_cast<SysTickRegisters*>(0xE000E010u); }

std::uint32_t* stack_pointer() noexcept {
  std::uint32_t* sp;
  asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

/// Fills the stack from its limit up to a little below the current frame.
void paint_stack() noexcept {
  std::uint32_t* const end = stack_pointer() - 16;
  for (std::uint32_t* word = __stack_limit__; word < end; ++word) *word = stack_pattern;
}

[[noreturn]] void fault(const char* what) noexcept {
  firmware::out.flush();
  firmware::out << "\n*** " << what << ": the firmware stopped ***\n";
  semihosting::exit(3);
}

}  // namespace

extern "C" {

[[noreturn]] void Reset_Handler() {
  // The stack pointer is already __stack_top__: the core loaded it from the vector table.
  const std::size_t data_bytes = static_cast<std::size_t>(__data_end__ - __data_start__) * sizeof(std::uint32_t);
  std::memcpy(__data_start__, __data_load__, data_bytes);
  const std::size_t bss_bytes = static_cast<std::size_t>(__bss_end__ - __bss_start__) * sizeof(std::uint32_t);
  std::memset(__bss_start__, 0, bss_bytes);
  paint_stack();

#ifndef __ARM_FEATURE_UNALIGNED
  // Built for a core without unaligned access (ARMv6-M: Cortex-M0/M0+) but
  // run on this Cortex-M3, which has it: trap unaligned loads and stores
  // (CCR.UNALIGN_TRP), so that the image faults here where it would on an M0+.
  *reinterpret_cast<volatile std::uint32_t*>(0xE000ED14u) |= 1u << 3;
#endif

  // 1 kHz tick from the core clock (CLKSOURCE=1, TICKINT=1, ENABLE=1).
  systick().rvr = core_clock_hz / 1000 - 1;
  systick().cvr = 0;
  systick().csr = 0x7;

  for (void (**constructor)() = __init_array_start; constructor < __init_array_end; ++constructor) (*constructor)();
  const int code = main();
  firmware::out.flush();
  semihosting::exit(code);
}

void SysTick_Handler() { milliseconds = milliseconds + 1; }
void NMI_Handler() { fault("NMI"); }
void HardFault_Handler() { fault("hard fault"); }
void MemManage_Handler() { fault("memory management fault"); }
void BusFault_Handler() { fault("bus fault"); }
void UsageFault_Handler() { fault("usage fault"); }
void Unexpected_Handler() { fault("unexpected interrupt"); }

// The core reads the initial stack pointer and the reset address from here.
__attribute__((section(".isr_vector"), used)) void* const vector_table[16] = {
    __stack_top__,
    reinterpret_cast<void*>(Reset_Handler),
    reinterpret_cast<void*>(NMI_Handler),
    reinterpret_cast<void*>(HardFault_Handler),
    reinterpret_cast<void*>(MemManage_Handler),
    reinterpret_cast<void*>(BusFault_Handler),
    reinterpret_cast<void*>(UsageFault_Handler),
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    reinterpret_cast<void*>(Unexpected_Handler),  // SVCall
    reinterpret_cast<void*>(Unexpected_Handler),  // DebugMonitor
    nullptr,
    reinterpret_cast<void*>(Unexpected_Handler),  // PendSV
    reinterpret_cast<void*>(SysTick_Handler),
};

}  // extern "C"

namespace board {

std::uint32_t uptime_ms() noexcept { return milliseconds; }

std::size_t stack_size() noexcept {
  return static_cast<std::size_t>(__stack_top__ - __stack_limit__) * sizeof(std::uint32_t);
}

std::size_t stack_peak_since_mark() noexcept {
  const std::uint32_t* word = __stack_limit__;
  while (word < __stack_top__ && *word == stack_pattern) ++word;
  return static_cast<std::size_t>(__stack_top__ - word) * sizeof(std::uint32_t);
}

std::size_t stack_peak() noexcept {
  const std::size_t since_mark = stack_peak_since_mark();
  return since_mark > peak_before_mark ? since_mark : peak_before_mark;
}

std::size_t stack_in_use() noexcept {
  return static_cast<std::size_t>(__stack_top__ - stack_pointer()) * sizeof(std::uint32_t);
}

void mark_stack() noexcept {
  peak_before_mark = stack_peak();
  paint_stack();
}

}  // namespace board
