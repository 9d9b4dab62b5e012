/* Found before the system's sqlite3.h when engine_neutral_core.cmake compiles runtime/core/. */
#error "runtime/core must not include sqlite3.h: it is engine-neutral (DESIGN.md, Growing); SQLite's code lives in runtime/sqlite/"
