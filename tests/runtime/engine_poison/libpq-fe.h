/* Found before the system's libpq-fe.h when engine_neutral_core.cmake compiles runtime/core/. */
#error "runtime/core must not include libpq-fe.h: it is engine-neutral (DESIGN.md, Growing)"
