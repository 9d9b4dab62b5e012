// What libstdc++ would otherwise bring in. std::string_view::substr() and
// compare(pos, ...) check their position and call std::__throw_out_of_range_fmt
// when it is past the end; libstdc++'s version builds and throws an exception,
// which drags the exception runtime, a formatter and malloc into the image.
// With -fno-exceptions that can only mean a bug: stop, say so.
#include <bits/functexcept.h>

#include "console.hpp"
#include "semihosting.hpp"

namespace {

[[noreturn]] void trap(const char* what) noexcept {
  firmware::out.flush();
  firmware::out << "\n*** " << what << " ***\n";
  semihosting::exit(3);
}

}  // namespace

namespace std {

void __throw_out_of_range_fmt(const char* format, ...) { trap(format); }

}  // namespace std
