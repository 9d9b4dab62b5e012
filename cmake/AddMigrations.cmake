#[=======================================================================[.rst:
AddMigrations
-------------

Embed a directory of SQL migrations into a static library, at build time.

Synopsis
^^^^^^^^

.. code-block:: cmake

  add_migrations(<target>
    DIRECTORY <dir>
    NAMESPACE <ns>
    HEADER <relative/path.hpp>
    [LAYOUT <layout>]
    [ENGINE <sqlite|postgres>]
    [ADOPT <tool> [ADOPT_TABLE <table>]]
    [GENERATOR <executable-target-or-path>]
    [VERIFY] [SCHEMA] [SCHEMA_FILE <file>] [LOAD_EXTENSION <file-or-target>...]
    [LOCK_FILE <file>])

Creates the static library ``<target>`` from a source file that the
``migbundle`` generator writes from every migration in ``<dir>``. The library
carries the include directory of the generated header and links
``migbundle::runtime`` (``migbundle::postgres`` with ``ENGINE postgres``), so a consumer only needs

.. code-block:: cmake

  target_link_libraries(app PRIVATE <target>)

and ``#include <relative/path.hpp>`` to pass ``<ns>::bundle`` to
``migbundle::migrate()``.

``DIRECTORY``
  The migrations directory, relative to ``CMAKE_CURRENT_SOURCE_DIR`` unless
  absolute. Every file in it whose name ends in ``.sql`` (in any case) is a
  dependency; adding or removing one re-runs CMake and the generator. A
  migration's file name may not hold ``;<>:"/\|?*`` or control characters
  (CMake, make, Ninja or Windows cannot carry them): configuring stops, naming
  the file.

``LAYOUT``
  How ``<dir>`` is laid out, passed to the generator as ``--layout``:
  ``migbundle`` (the default, ``<digits>_<name>.sql``), another tool's
  (``drizzle``, ``wrangler``, ``sqlx``, ``goose``, ``dbmate``,
  ``golang-migrate``, ``diesel``, ``flyway``, ``prisma``, ``maragudk``,
  ``popx``, ``sql-migrate``), or ``auto`` (detected, refusing a folder two layouts fit). With
  a layout other than ``migbundle`` every file below ``<dir>`` (hidden ones
  left out) is a dependency: journals, ``up.sql`` in subfolders and
  ``metadata.toml`` change what runs.

``ENGINE``
  The database the migrations are written for: ``sqlite`` (the default) or
  ``postgres``, passed to the generator as ``--engine`` (only when not the
  default, so a ``GENERATOR`` from before engines existed still works). It
  chooses the lint's rules (PostgreSQL's: statements split as psql does,
  ``CREATE INDEX CONCURRENTLY`` and the like only in a no-transaction migration
  of one statement), never the generated code. ``<target>`` then links
  ``migbundle::postgres``, the PostgreSQL runtime, instead of
  ``migbundle::runtime``; that target must exist (``find_package(migbundle
  COMPONENTS postgres)``, or a migbundle built where libpq is found). With ``VERIFY`` and ``postgres``,
  ``verify`` checks without applying (there is no server), so ``LOAD_EXTENSION``
  (SQLite extensions) is refused.

``ADOPT``
  Also generate, beside the bundle, ``<ns>::adoption``: what that tool
  (``drizzle``, ``wrangler``, ``sqlx``, ``goose``, ``golang-migrate``,
  ``dbmate``, ``diesel``, ``flyway``, ``prisma``, ``sql-migrate``) knows each migration by, its
  key and the hash it stores, for ``migbundle::migrate()`` to adopt a
  database that tool migrated (``migbundle/adopt.hpp``). Passed to the
  generator as ``--adopt``; it does not change ``LAYOUT``, so a folder in the
  tool's own layout names both (``LAYOUT goose ADOPT goose``). With ``ADOPT``
  every file below ``<dir>`` is a dependency, as with a layout: drizzle's keys
  are in its journal.

``ADOPT_TABLE``
  With ``ADOPT``: the tool's tracking table, when the tool was told to use
  another than its own (``--adopt-table``): letters, digits and ``_``, not
  starting with a digit, at most 64 bytes.

``NAMESPACE``
  The C++ namespace of the bundle, e.g. ``app::db``. Checked while CMake
  configures, by the generator's rule: identifiers joined by ``::``, none a
  keyword, reserved (``_x``, ``a__b``), spelled like a macro (``NULL``) or a
  known lowercase macro (``linux`` under ``-std=gnu++17``); the first also
  not ``std``, ``sqlite3``, ``main`` or a ``*_t`` name.

``HEADER``
  Where the header goes below the generated include directory, e.g.
  ``app/migrations.hpp``. Relative, without ``..``.

``GENERATOR``
  The ``migbundle`` executable to run: a target name or a path. Without it the
  generator is, in this order: the ``MIGBUNDLE_GENERATOR`` cache variable, then
  the ``migbundle::generator`` target (imported from the package, or built in
  this tree). When cross-compiling, a generator built in this tree would be a
  target binary and is refused: build ``migbundle`` for the host and pass its
  path in ``MIGBUNDLE_GENERATOR``.

``VERIFY``
  Also run ``migbundle verify`` on the directory before the library builds.

``SCHEMA``
  Also generate, beside the bundle, ``<ns>::schema``: each object (table,
  index, view, trigger) the migrations give, with a fingerprint of its SQL, for
  ``migbundle::check_schema()`` (``migbundle/schema.hpp``) to report drift.
  The generator then applies the migrations to an in-memory SQLite database
  (``generate --schema``). SQLite only.

``SCHEMA_FILE``
  ``SCHEMA``, and the schema the migrations give kept as a reviewable text
  file in the source tree (relative to ``CMAKE_CURRENT_SOURCE_DIR`` unless
  absolute): the build fails with a diff when the file is stale
  (``migbundle schema --check``), so a review shows what a migration does to
  the schema. Write it with ``migbundle schema --dir <dir> --out <file>``.

``LOAD_EXTENSION``
  With ``VERIFY``, ``SCHEMA`` or ``SCHEMA_FILE``: SQLite extensions (shared libraries) that the generator loads
  before it applies the migrations, for SQL functions the application
  registers itself (``--load-extension``). A path (relative to
  ``CMAKE_CURRENT_SOURCE_DIR`` unless absolute) or a ``MODULE``/``SHARED``
  library target of this build, which is then built first. When
  cross-compiling it must be a host build, like the generator.

``LOCK_FILE``
  Pass ``--lock <file>`` to ``migbundle generate`` (relative to
  ``CMAKE_CURRENT_SOURCE_DIR`` unless absolute). A lock file that does not
  exist yet counts as empty (nothing is released yet), with a warning while
  CMake configures, naming it, so that a mistyped path does not pass
  unnoticed; CMake notices when ``migbundle lock`` creates it.

The generator runs in a utility target ``<target>_generate`` and rewrites the
generated files only when their text changes: unchanged migrations rebuild
nothing, an edited one recompiles the generated source alone. The generator
chosen is recorded in the ``MIGBUNDLE_GENERATOR`` property of ``<target>``.
#]=======================================================================]

# Functions record the policies in effect where they are defined; include()
# gives this file its own policy scope, so this does not leak to the caller.
cmake_policy(VERSION 3.16)

set(MIGBUNDLE_GENERATOR "" CACHE FILEPATH
  "migbundle executable that add_migrations() runs (set it to a host build when cross-compiling)")

# Sets <out_var> to why <namespace> cannot be the namespace of the generated
# code, or to "" when it can: the rule of generator/src/cpp_names.cpp, which
# `migbundle generate` applies too (tests/cmake/namespace_rule.cmake checks
# that both agree). The lists live in here: a variable set where this file is
# included would not reach callers in other directories (add_subdirectory).
function(_migbundle_namespace_problem namespace out_var)
  set(identifier "[A-Za-z_][A-Za-z0-9_]*")
  if(NOT namespace MATCHES "^${identifier}(::${identifier})*$")
    set(${out_var} "use identifiers joined by ::" PARENT_SCOPE)
    return()
  endif()
  # C++20's keywords, so the generated code stays valid when a consumer moves up.
  set(keywords
    alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
    char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
    co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
    extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
    nullptr operator or or_eq private protected public register reinterpret_cast requires return
    short signed sizeof static static_assert static_cast struct switch template this thread_local
    throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
    xor xor_eq)
  # Lowercase macros a file that includes the bundle may see.
  set(gnu_macros linux unix i386 sun sparc mips vax powerpc hppa m68k mc68000 sco)
  set(c_macros assert errno offsetof setjmp va_start va_arg va_end va_copy stdin stdout stderr
    major minor makedev)
  set(windows_macros interface near far pascal cdecl small hyper min max)
  string(REPLACE "::" ";" parts "${namespace}")
  set(first TRUE)
  foreach(part IN LISTS parts)
    set(problem "")
    if(part IN_LIST keywords)
      set(problem "'${part}' is a C++ keyword")
    elseif(part MATCHES "^_" OR part MATCHES "__")
      set(problem "'${part}' is reserved to the compiler and the standard library (a name starting "
        "with _ or holding __)")
    elseif(part MATCHES "[A-Z]" AND NOT part MATCHES "[a-z]")
      set(problem "'${part}' is spelled like a macro (all capitals, as NULL, INT64_MAX, SQLITE_OK): "
        "where a macro of that name is defined it replaces the namespace's name")
    elseif(part IN_LIST gnu_macros)
      set(problem "'${part}' is a macro predefined by GCC and Clang in GNU modes (-std=gnu++17, "
        "CMake's default) on some systems")
    elseif(part IN_LIST c_macros)
      set(problem "'${part}' is a macro of the C library")
    elseif(part IN_LIST windows_macros)
      set(problem "'${part}' is a macro of <windows.h>")
    elseif(first)
      if(part STREQUAL "std" OR part STREQUAL "posix" OR part MATCHES "^std[0-9]+$")
        set(problem "'${part}' is reserved to the standard library")
      elseif(part MATCHES "^sqlite3" OR part MATCHES "^sqlite_")
        set(problem "'${part}' is SQLite's: <sqlite3.h> declares sqlite3 and sqlite3_* in the global "
          "namespace")
      elseif(part MATCHES "._t$")
        set(problem "'${part}' ends in _t, like the global types of <cstdint>, <cstddef> and POSIX "
          "(size_t, int64_t)")
      elseif(part STREQUAL "main")
        set(problem "'main' is the program's entry point in the global namespace")
      endif()
    endif()
    if(NOT problem STREQUAL "")
      string(CONCAT problem ${problem})
      set(${out_var} "${problem}" PARENT_SCOPE)
      return()
    endif()
    set(first FALSE)
  endforeach()
  set(${out_var} "" PARENT_SCOPE)
endfunction()

# Stops with an error unless <namespace> is a namespace the generated code can use, like app::db.
function(_migbundle_check_namespace target namespace)
  _migbundle_namespace_problem("${namespace}" problem)
  if(NOT problem STREQUAL "")
    message(FATAL_ERROR "add_migrations(${target}): NAMESPACE '${namespace}' is not a C++ "
      "namespace name the generated code can use: ${problem}. Choose another, e.g. app::db.")
  endif()
endfunction()

# Sets <out_var> to the migration files of <dir>: every file whose name ends in
# .sql in any case (the generator refuses a misnamed one, 0001-users.sql or
# 0002_x.SQL, instead of letting it vanish, so it must see them), but no hidden
# file (the generator ignores them; an editor's lock file .#0001_a.sql may be a
# dangling link a build tool cannot find). Also records the glob, so adding or
# removing a file re-runs CMake. Stops with an error, naming the file, at a
# name CMake, make or Ninja cannot carry: the same rule as the generator's
# (generator/src/layouts/file_name.cpp), checked here because such a name breaks the
# build files before the generator could say anything.
function(_migbundle_migration_files target dir layout out_var)
  if(layout STREQUAL "migbundle")
    file(GLOB found CONFIGURE_DEPENDS LIST_DIRECTORIES false "${dir}/*.[sS][qQ][lL]")
  else()
    # Other layouts read journals, subfolders and settings files: all of it counts.
    file(GLOB_RECURSE found CONFIGURE_DEPENDS LIST_DIRECTORIES false "${dir}/*")
  endif()
  # Every list here is built in one step: list(APPEND) in a loop copies the
  # whole list each time, which made configuring 100,000 files take minutes.
  # A ';' in a name splits it into pieces that do not exist: then join them
  # back, one piece at a time (rare; a dangling link, an editor's lock file,
  # does not exist either: IS_SYMLINK).
  set(split FALSE)
  foreach(piece IN LISTS found)
    if(NOT EXISTS "${piece}" AND NOT IS_SYMLINK "${piece}")
      set(split TRUE)
      break()
    endif()
  endforeach()
  set(files "${found}")
  if(split)
    set(files "")
    set(pending "")
    foreach(piece IN LISTS found)
      if(pending STREQUAL "" AND (EXISTS "${piece}" OR IS_SYMLINK "${piece}"))
        list(APPEND files "${piece}")
        continue()
      endif()
      if(pending STREQUAL "")
        set(pending "${piece}")
      else()
        set(pending "${pending};${piece}")
      endif()
      if(EXISTS "${pending}")
        get_filename_component(name "${pending}" NAME)
        string(REPLACE ";" "_" suggestion "${name}")
        message(FATAL_ERROR "add_migrations(${target}): the file name '${name}' in DIRECTORY '${dir}' "
          "holds ';', which CMake reads as a list separator, so no build tool could depend on it. "
          "Rename it, e.g. to '${suggestion}' (a migration's name may not hold ;<>:\"/\\|?* or "
          "control characters).")
      endif()
    endforeach()
    if(NOT pending STREQUAL "")
      message(FATAL_ERROR "add_migrations(${target}): a file name in DIRECTORY '${dir}' holds ';' "
        "(near '${pending}'): rename it without ';'.")
    endif()
  endif()
  string(ASCII 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 127
    controls)
  # Paths relative to the directory (the glob gives "<dir>/..."; dir is absolute and normalised),
  # hidden ones left out, then any whose name (the last part) a build tool cannot carry.
  string(REGEX REPLACE "([][+.*()^$?|\\\\{}])" "\\\\\\1" dir_regex "${dir}")
  set(relative_files "${files}")
  list(TRANSFORM relative_files REPLACE "^${dir_regex}/" "")
  set(outside "${relative_files}")
  list(FILTER outside INCLUDE REGEX "^(/|[A-Za-z]:)")
  if(outside)  # not under "<dir>/" as written (never seen): file(RELATIVE_PATH) each, the slow way
    set(relative_files "")
    foreach(file IN LISTS files)
      file(RELATIVE_PATH relative "${dir}" "${file}")
      list(APPEND relative_files "${relative}")
    endforeach()
  endif()
  list(FILTER relative_files EXCLUDE REGEX "(^|/)\\.")
  set(unsafe "${relative_files}")
  list(FILTER unsafe INCLUDE REGEX "[<>:\"|?*\\\\${controls}][^/]*$")
  if(unsafe)
    list(GET unsafe 0 first)
    get_filename_component(name "${first}" NAME)
    string(REGEX MATCH "[<>:\"|?*\\\\${controls}]" character "${name}")
    if(character MATCHES "[${controls}]")
      set(character "a control character")
    else()
      set(character "'${character}'")
    endif()
    string(REGEX REPLACE "[<>:\"|?*\\\\${controls}]" "_" suggestion "${name}")
    message(FATAL_ERROR "add_migrations(${target}): the file name '${name}' in DIRECTORY '${dir}' "
      "holds ${character}, which make, Ninja or Windows cannot carry in a file name. Rename it, "
      "e.g. to '${suggestion}' (a migration's name may not hold ;<>:\"/\\|?* or control characters).")
  endif()
  list(TRANSFORM relative_files PREPEND "${dir}/")
  set(result "${relative_files}")
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Sets <out_var> to what COMMAND and DEPENDS take: a target name or an absolute path.
function(_migbundle_resolve_generator target explicit_generator out_var)
  set(where "")
  if(NOT explicit_generator STREQUAL "")
    set(generator "${explicit_generator}")
    set(where "GENERATOR")
  elseif(MIGBUNDLE_GENERATOR)
    set(generator "${MIGBUNDLE_GENERATOR}")
    set(where "MIGBUNDLE_GENERATOR")
  elseif(TARGET migbundle::generator)
    set(generator migbundle::generator)
    set(where "the migbundle::generator target")
  else()
    message(FATAL_ERROR "add_migrations(${target}): no migbundle generator found. "
      "Either find_package(migbundle) / add_subdirectory() a migbundle that builds its "
      "generator (the migbundle::generator target), or set the MIGBUNDLE_GENERATOR cache "
      "variable to the path of a migbundle executable.")
  endif()

  if(TARGET "${generator}")
    # Name the real target in messages and in the MIGBUNDLE_GENERATOR property.
    get_target_property(aliased "${generator}" ALIASED_TARGET)
    if(aliased)
      set(generator "${aliased}")
    endif()
    get_target_property(type "${generator}" TYPE)
    if(NOT type STREQUAL "EXECUTABLE")
      message(FATAL_ERROR "add_migrations(${target}): ${where} names target '${generator}', "
        "which is a ${type}, not an executable.")
    endif()
    get_target_property(imported "${generator}" IMPORTED)
    if(CMAKE_CROSSCOMPILING AND NOT imported)
      message(FATAL_ERROR "add_migrations(${target}): cross-compiling, and ${where} is "
        "'${generator}', which this build compiles for the target system, so it cannot run here. "
        "Build migbundle for the host and pass its path: -DMIGBUNDLE_GENERATOR=/host/bin/migbundle "
        "(or configure migbundle with -DMIGBUNDLE_BUILD_GENERATOR=OFF).")
    endif()
  else()
    get_filename_component(generator "${generator}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${generator}" OR IS_DIRECTORY "${generator}")
      message(FATAL_ERROR "add_migrations(${target}): ${where} is '${generator}', which is "
        "neither an executable target nor an existing file.")
    endif()
  endif()
  set(${out_var} "${generator}" PARENT_SCOPE)
endfunction()

function(add_migrations target)
  # 1. Parse.
  cmake_parse_arguments(PARSE_ARGV 1 arg "VERIFY;SCHEMA"
    "DIRECTORY;NAMESPACE;HEADER;GENERATOR;LOCK_FILE;LAYOUT;ENGINE;ADOPT;ADOPT_TABLE;SCHEMA_FILE" "LOAD_EXTENSION")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_migrations(${target}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "add_migrations(${target}): keyword(s) given without a value: "
      "${arg_KEYWORDS_MISSING_VALUES}")
  endif()
  foreach(required DIRECTORY NAMESPACE HEADER)
    if(NOT DEFINED arg_${required} OR arg_${required} STREQUAL "")
      message(FATAL_ERROR "add_migrations(${target}): ${required} is required.")
    endif()
  endforeach()

  # 2. Fill defaults: paths are relative to the calling directory.
  get_filename_component(dir "${arg_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(lock_file "")  # functions see the caller's variables: start from nothing
  if(arg_LOCK_FILE)
    get_filename_component(lock_file "${arg_LOCK_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()

  # 3. Validate, so mistakes surface while CMake configures rather than deep in a build.
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "add_migrations(${target}): DIRECTORY '${dir}' does not exist or is not a directory.")
  endif()
  _migbundle_check_namespace(${target} "${arg_NAMESPACE}")
  if(IS_ABSOLUTE "${arg_HEADER}" OR arg_HEADER MATCHES "(^|[/\\])\\.\\.([/\\]|$)" OR arg_HEADER MATCHES "[/\\]$")
    message(FATAL_ERROR "add_migrations(${target}): HEADER '${arg_HEADER}' must be a relative file "
      "path without '..', e.g. app/migrations.hpp: it is placed below the generated include directory.")
  endif()
  set(layout migbundle)
  if(DEFINED arg_LAYOUT)
    set(layout "${arg_LAYOUT}")
  endif()
  # The generator's names (generator/src/layouts/layout_names.cpp; tests/consumer/layout.cmake checks both agree).
  set(layouts auto migbundle drizzle wrangler sqlx goose dbmate golang-migrate diesel flyway prisma maragudk popx
    sql-migrate)
  if(NOT layout IN_LIST layouts)
    string(REPLACE ";" ", " known "${layouts}")
    message(FATAL_ERROR "add_migrations(${target}): LAYOUT '${layout}' is not a layout migbundle reads; "
      "it reads ${known}.")
  endif()
  set(engine sqlite)
  if(DEFINED arg_ENGINE)
    set(engine "${arg_ENGINE}")
  endif()
  # The generator's names (engine_names(), generator/src/engine.cpp).
  set(engines sqlite postgres)
  if(NOT engine IN_LIST engines)
    string(REPLACE ";" ", " known "${engines}")
    message(FATAL_ERROR "add_migrations(${target}): ENGINE '${engine}' is not an engine migbundle knows; "
      "it knows ${known}.")
  endif()
  set(adopt "")  # functions see the caller's variables: start from nothing
  set(adopt_table "")
  if(DEFINED arg_ADOPT)
    set(adopt "${arg_ADOPT}")
    # The generator's names (adopt_tool_names(), generator/src/adopt/peer_identity.cpp: peer_tool_name() of
    # runtime/include/migbundle/adopt.hpp in enum order; tests/cmake/CMakeLists.txt checks both agree).
    set(adopt_tools drizzle wrangler sqlx goose golang-migrate dbmate diesel flyway prisma sql-migrate)
    if(NOT adopt IN_LIST adopt_tools)
      string(REPLACE ";" ", " known "${adopt_tools}")
      message(FATAL_ERROR "add_migrations(${target}): ADOPT '${adopt}' is not a tool migbundle adopts from; "
        "it adopts from ${known}.")
    endif()
  endif()
  if(DEFINED arg_ADOPT_TABLE)
    set(adopt_table "${arg_ADOPT_TABLE}")
    if(adopt STREQUAL "")
      message(FATAL_ERROR "add_migrations(${target}): ADOPT_TABLE names the tracking table of the tool given "
        "with ADOPT: add ADOPT <tool>, or drop ADOPT_TABLE.")
    endif()
    # The runtime's rule for table names (runtime/include/migbundle/table_name.hpp), as the generator checks it.
    string(LENGTH "${adopt_table}" adopt_table_length)
    if(NOT adopt_table MATCHES "^[A-Za-z_][A-Za-z0-9_]*$" OR adopt_table_length GREATER 64)
      message(FATAL_ERROR "add_migrations(${target}): ADOPT_TABLE '${adopt_table}' is not a table name "
        "migbundle takes: use letters, digits and _, not starting with a digit, at most 64 bytes.")
    endif()
  endif()
  set(schema_file "")
  if(arg_SCHEMA_FILE)
    get_filename_component(schema_file "${arg_SCHEMA_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    set(arg_SCHEMA TRUE)
  endif()
  if(arg_LOAD_EXTENSION AND NOT arg_VERIFY AND NOT arg_SCHEMA)
    message(FATAL_ERROR "add_migrations(${target}): LOAD_EXTENSION is for VERIFY or SCHEMA, which run the "
      "migrations; generating the bundle alone runs no SQL. Add VERIFY or SCHEMA, or drop LOAD_EXTENSION.")
  endif()
  if(arg_SCHEMA AND engine STREQUAL "postgres")
    message(FATAL_ERROR "add_migrations(${target}): SCHEMA and SCHEMA_FILE take the schema from SQLite, and "
      "check_schema() runs on SQLite: drop them for ENGINE postgres.")
  endif()
  # The runtime the bundle is applied with: a PostgreSQL bundle is no use to the SQLite runtime.
  set(runtime_target migbundle::runtime)
  if(engine STREQUAL "postgres")
    set(runtime_target migbundle::postgres)
    if(NOT TARGET migbundle::postgres)
      message(FATAL_ERROR "add_migrations(${target}): ENGINE postgres links migbundle::postgres, the PostgreSQL "
        "runtime, and this project has no such target: use find_package(migbundle CONFIG REQUIRED COMPONENTS "
        "postgres), or build migbundle where libpq is found (Debian: libpq-dev).")
    endif()
  endif()
  if(arg_LOAD_EXTENSION AND engine STREQUAL "postgres")
    message(FATAL_ERROR "add_migrations(${target}): LOAD_EXTENSION loads SQLite extensions, and with ENGINE "
      "postgres VERIFY checks the migrations without running them. Drop LOAD_EXTENSION.")
  endif()
  # GENERATOR, else MIGBUNDLE_GENERATOR, else migbundle::generator; checked for cross builds.
  _migbundle_resolve_generator(${target} "${arg_GENERATOR}" generator)

  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  set(include_dir "${out_dir}/include")
  set(header "${include_dir}/${arg_HEADER}")
  set(source "${out_dir}/${target}_data.cpp")
  set(stamp "${out_dir}/generate.stamp")
  get_filename_component(header_dir "${header}" DIRECTORY)
  file(MAKE_DIRECTORY "${header_dir}")

  # The default layout is left off the command line, so a GENERATOR pinned to a
  # release from before layouts existed still accepts the commands.
  set(layout_args "")
  if(NOT layout STREQUAL "migbundle")
    set(layout_args --layout "${layout}")
  endif()
  # Likewise the default engine: `--engine` exists only in generators that have engines.
  set(engine_args "")
  if(NOT engine STREQUAL "sqlite")
    set(engine_args --engine "${engine}")
  endif()
  set(adopt_args "")
  if(NOT adopt STREQUAL "")
    set(adopt_args --adopt "${adopt}")
    if(NOT adopt_table STREQUAL "")
      list(APPEND adopt_args --adopt-table "${adopt_table}")
    endif()
  endif()
  # An adoption table depends on more than the .sql files: drizzle's journal.
  set(files_layout "${layout}")
  if(NOT adopt STREQUAL "" AND layout STREQUAL "migbundle")
    set(files_layout "adopt")
  endif()
  _migbundle_migration_files(${target} "${dir}" "${files_layout}" inputs)
  list(SORT inputs)
  set(lock_args "")
  set(lock_state "")
  if(lock_file)
    set(lock_args --lock "${lock_file}")
    # Globbing its exact name re-runs CMake when it appears (`migbundle lock`),
    # and it becomes an input. Until then nothing is released: the generator is
    # told so explicitly, since it refuses a missing lock (a mistyped --lock).
    file(GLOB lock_present CONFIGURE_DEPENDS "${lock_file}")
    if(lock_present)
      list(APPEND inputs "${lock_file}")
      set(lock_state " (present)")
    else()
      list(APPEND lock_args --allow-missing-lock)
      message(WARNING "add_migrations(${target}): LOCK_FILE '${lock_file}' does not exist, so no migration is "
        "locked yet. If that path is mistyped, correct it; otherwise create the lock at a release with "
        "`migbundle lock --dir ${dir} --lock ${lock_file}` and commit it.")
    endif()
  endif()

  # SQLite extensions for what runs the migrations (VERIFY, SCHEMA).
  set(extension_args "")
  set(extension_depends "")
  foreach(extension IN LISTS arg_LOAD_EXTENSION)
    if(TARGET "${extension}")
      list(APPEND extension_args --load-extension "$<TARGET_FILE:${extension}>")
      list(APPEND extension_depends "${extension}")
    else()
      get_filename_component(extension "${extension}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      if(NOT EXISTS "${extension}")
        message(FATAL_ERROR "add_migrations(${target}): LOAD_EXTENSION '${extension}' is neither a target "
          "nor an existing file: give a MODULE or SHARED library target, or the extension's path.")
      endif()
      list(APPEND extension_args --load-extension "${extension}")
      list(APPEND extension_depends "${extension}")
    endif()
  endforeach()

  # Timestamps cannot tell that a file was removed (what remains is older than
  # the stamp), and Makefiles do not notice a changed command line (another
  # NAMESPACE). So the file list and the arguments go into a file, rewritten
  # only when they change, that the commands depend on like on a migration.
  set(inputs_file "${out_dir}/generate.inputs")
  string(REPLACE ";" "\n" inputs_text "generator: ${generator};namespace: ${arg_NAMESPACE};\
header: ${arg_HEADER};layout: ${layout};engine: ${engine};adopt: ${adopt};adopt table: ${adopt_table};\
lock: ${lock_file}${lock_state};schema: ${arg_SCHEMA} ${schema_file};${inputs}")
  set(old_inputs_text "")
  if(EXISTS "${inputs_file}")
    file(READ "${inputs_file}" old_inputs_text)
  endif()
  if(NOT old_inputs_text STREQUAL "${inputs_text}\n")
    file(WRITE "${inputs_file}" "${inputs_text}\n")
  endif()
  set(depends ${inputs} "${inputs_file}" ${generator})

  # The generator rewrites header and source only when their text changes, so
  # an edited migration recompiles the data file alone and an unchanged one
  # nothing. Both build tools must see those untouched timestamps:
  # - The stamp is the OUTPUT, touched on every run, so the command reruns only
  #   when an input is newer than the stamp; header and source are BYPRODUCTS,
  #   for which Ninja re-stats (restat) before deciding what to recompile.
  # - The command lives in a utility target that <target> depends on, so with
  #   Makefiles it finishes before make looks at <target>'s objects and compares
  #   the real timestamps of the generated files. Listing the files as OUTPUTs
  #   instead would make Makefiles rerun the generator on every build once a
  #   migration is newer than an unchanged header.
  set(schema_args "")
  set(schema_depends "")
  if(arg_SCHEMA)
    set(schema_args --schema ${extension_args})
    set(schema_depends ${extension_depends})
  endif()
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS "${header}" "${source}"
    COMMAND ${generator} generate
      --dir "${dir}" ${layout_args} ${engine_args} --out "${header}" --namespace "${arg_NAMESPACE}" --source "${source}"
      ${lock_args} ${adopt_args} ${schema_args}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${depends} ${schema_depends}
    COMMENT "Embedding migrations of ${dir} for ${target}"
    VERBATIM)
  set(stamps "${stamp}")

  if(arg_VERIFY)
    set(verify_stamp "${out_dir}/verify.stamp")
    add_custom_command(
      OUTPUT "${verify_stamp}"
      COMMAND ${generator} verify --dir "${dir}" ${layout_args} ${engine_args} ${extension_args}
      COMMAND "${CMAKE_COMMAND}" -E touch "${verify_stamp}"
      DEPENDS ${depends} ${extension_depends}
      COMMENT "Verifying migrations of ${dir} for ${target}"
      VERBATIM)
    list(APPEND stamps "${verify_stamp}")
  endif()

  if(schema_file)
    # The committed schema file must be what the migrations give: a stale one
    # fails the build with a diff (the generator never writes the source tree).
    # A file that is not there yet cannot be a dependency: globbing its exact
    # name re-runs CMake when `migbundle schema --out` writes it, and until
    # then the check runs and fails, saying how to write it.
    set(schema_stamp "${out_dir}/schema.stamp")
    file(GLOB schema_present CONFIGURE_DEPENDS "${schema_file}")
    if(NOT schema_present)
      message(WARNING "add_migrations(${target}): SCHEMA_FILE '${schema_file}' does not exist, so the build fails "
        "until it does. Write it with `migbundle schema --dir ${dir} --out ${schema_file}` and commit it.")
    endif()
    add_custom_command(
      OUTPUT "${schema_stamp}"
      COMMAND ${generator} schema --dir "${dir}" ${layout_args} --check "${schema_file}" ${extension_args}
      COMMAND "${CMAKE_COMMAND}" -E touch "${schema_stamp}"
      DEPENDS ${depends} ${extension_depends} ${schema_present}
      COMMENT "Checking ${schema_file} against the schema of ${dir} for ${target}"
      VERBATIM)
    list(APPEND stamps "${schema_stamp}")
  endif()

  # One utility target per library: custom-command outputs are visible only in
  # the directory that defines them, and Makefiles need the ordering above.
  add_custom_target(${target}_generate DEPENDS ${stamps})

  add_library(${target} STATIC "${source}")
  add_dependencies(${target} ${target}_generate)
  target_include_directories(${target} PUBLIC "${include_dir}")
  target_link_libraries(${target} PUBLIC ${runtime_target})
  target_compile_features(${target} PUBLIC cxx_std_17)
  # The runtime is position independent too: a shared library may link both.
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    MIGBUNDLE_GENERATOR "${generator}")
endfunction()
