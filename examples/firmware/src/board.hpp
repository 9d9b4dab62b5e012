// What the firmware needs from the board: a millisecond clock and a look at
// how much of the stack has been used. The startup code in startup.cpp sets both up.
#pragma once

#include <cstddef>
#include <cstdint>

namespace board {

/// Milliseconds since reset, from SysTick.
[[nodiscard]] std::uint32_t uptime_ms() noexcept;

/// Size of the stack reserved by the linker script.
[[nodiscard]] std::size_t stack_size() noexcept;

/// Bytes of stack in use at the caller.
[[nodiscard]] std::size_t stack_in_use() noexcept;

/// Deepest stack use since reset. The reset handler fills the stack with a
/// pattern; the lowest word that no longer holds it marks the deepest use.
[[nodiscard]] std::size_t stack_peak() noexcept;

/// Refills the free part of the stack, so that `stack_peak_since_mark()`
/// measures what runs after this call. `stack_peak()` is not affected.
void mark_stack() noexcept;

/// Deepest stack use since the last `mark_stack()` (since reset without one).
[[nodiscard]] std::size_t stack_peak_since_mark() noexcept;

}  // namespace board
