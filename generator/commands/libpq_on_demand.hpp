// Where the CLI loads libpq at its first PostgreSQL call (libpq_on_demand.cpp),
// why it could not; where it links libpq, never a problem.
#pragma once

namespace migbundle::gen {

#if defined(MIGBUNDLE_LIBPQ_ON_DEMAND)
/// dlerror()'s reason libpq could not be loaded, or nullptr once it is.
/// Loads it if no PostgreSQL call has yet.
[[nodiscard]] const char* libpq_load_problem() noexcept;
#else
[[nodiscard]] inline const char* libpq_load_problem() noexcept { return nullptr; }
#endif

}  // namespace migbundle::gen
