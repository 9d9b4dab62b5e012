# Driver of the firmware.qemu test: configure examples/firmware for the
# Cortex-M3 with the host migbundle, build it, check the image for an
# allocator, boot it in QEMU and read what it printed and its exit code.
#   -DSOURCE_DIR -DTOOLCHAIN_FILE -DMIGRATIONS_DIR -DHOST_GENERATOR
#   -DBUILD_GENERATOR -DMAKE_PROGRAM -DWORK_DIR -DSQLITE_CACHE
#   -DRUNTIME_MESSAGES=OFF: the runtime built without its message prose
#   (MIGBUNDLE_RUNTIME_MESSAGES=OFF), held to the 8 KB flash target
#   -DCPU=cortex-m0plus: the image built for another core (-mcpu); it still
#   boots on the Cortex-M3 board, so it must be one whose code an M3 runs
cmake_policy(VERSION 3.16)
if(NOT DEFINED RUNTIME_MESSAGES)
  set(RUNTIME_MESSAGES ON)
endif()
if(NOT DEFINED CPU OR CPU STREQUAL "")
  set(CPU cortex-m3)
endif()
include("${SOURCE_DIR}/cmake/SqliteAmalgamation.cmake")

# ---- what the test needs, or a skip -----------------------------------------------------------
find_program(ARM_GXX arm-none-eabi-g++)
find_program(ARM_NM arm-none-eabi-nm)
find_program(QEMU qemu-system-arm)
find_program(NPM npm)
firmware_sqlite_amalgamation_cached("${SQLITE_CACHE}" sqlite_cached)
set(missing "")
if(NOT ARM_GXX OR NOT ARM_NM)
  list(APPEND missing "arm-none-eabi toolchain (gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib)")
endif()
if(NOT QEMU)
  list(APPEND missing "qemu-system-arm")
endif()
if(NOT NPM AND NOT sqlite_cached)
  list(APPEND missing "npm (to fetch the SQLite amalgamation once)")
endif()
if(missing)
  string(REPLACE ";" ", " missing "${missing}")
  # The marker makes CTest report the test skipped (SKIP_REGULAR_EXPRESSION, tests/CMakeLists.txt).
  message("MIGBUNDLE_SKIP: firmware test skipped: missing ${missing}. scripts/firmware.sh installs them.")
  return()
endif()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${output}")
  endif()
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

function(expect text where)
  string(FIND "${${where}}" "${text}" at)
  if(at LESS 0)
    message(FATAL_ERROR "expected \"${text}\" in the ${where}:\n${${where}}")
  endif()
endfunction()

# ---- configure: a cross build, its generator the host's --------------------------------------
set(build "${WORK_DIR}/build")
set(make_program "")
if(MAKE_PROGRAM)
  set(make_program "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
step("configuring examples/firmware" "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${build}"
  -G "${BUILD_GENERATOR}" ${make_program}
  "-DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN_FILE}"
  "-DMIGBUNDLE_GENERATOR=${HOST_GENERATOR}"
  "-DFIRMWARE_SQLITE_CACHE=${SQLITE_CACHE}"
  "-DMIGBUNDLE_RUNTIME_MESSAGES=${RUNTIME_MESSAGES}"
  "-DARM_NONE_EABI_CPU=${CPU}")
set(configure_output "${step_output}")
expect("firmware: migrations embedded by ${HOST_GENERATOR}" configure_output)

# ---- build: the size report runs after the link ----------------------------------------------
step("building the firmware" "${CMAKE_COMMAND}" --build "${build}" --parallel 2)
set(build_output "${step_output}")
set(report_file "${build}/firmware_size.txt")
if(NOT EXISTS "${report_file}")
  message(FATAL_ERROR "the build wrote no size report (${report_file}):\n${build_output}")
endif()
file(READ "${report_file}" size_report)
message("${size_report}")
expect("migbundle firmware size report: ${CPU}," size_report)
# The runtime's promise: no RAM of its own beyond its stack frame.
expect("target: runtime RAM beyond its stack frame = 0 .. yes" size_report)
# And its flash budget, and the bundle's cost per migration: a change that
# outgrows either fails here rather than going unnoticed in a printed table.
if(RUNTIME_MESSAGES)
  expect("target: runtime within 13.5 KB of flash ......... yes" size_report)
else()
  expect("target: runtime under 8 KB of flash ............. yes" size_report)
endif()
expect("target: bundle overhead under 64 B/migration .... yes" size_report)
# Rollback costs only an image that calls it: none here, some in A/B image v1.
expect("target: no rollback code unless it is called .... yes" size_report)
# migbundle squash: the same history, 1-4 as one baseline, takes less flash.
expect("target: a squashed history takes less flash ... yes" size_report)
set(rollback_report_file "${build}/rollback_size.txt")
if(NOT EXISTS "${rollback_report_file}")
  message(FATAL_ERROR "the build wrote no rollback size report (${rollback_report_file}):\n${build_output}")
endif()
file(READ "${rollback_report_file}" rollback_report)
message("${rollback_report}")
expect("of it rollback (sqlite/rollback.cpp)" rollback_report)

# ---- no allocator anywhere in the image --------------------------------------------------------
set(elf "${build}/firmware.elf")
step("arm-none-eabi-nm" "${ARM_NM}" "${elf}")
string(REGEX MATCHALL "[ \n](malloc|free|calloc|realloc|_malloc_r|_free_r|_calloc_r|_realloc_r|_sbrk|_sbrk_r|_Znwj|_Znaj)\n"
  allocators "${step_output}")
if(allocators)
  message(FATAL_ERROR "firmware.elf holds allocator symbols:${allocators}")
endif()
string(FIND "${step_output}" " sqlite3_config\n" at)
if(at LESS 0)
  message(FATAL_ERROR "nm shows no sqlite3_config in firmware.elf: is this the right image?")
endif()

# ---- boot it: the first run applies everything, the second finds nothing pending -----------
execute_process(
  COMMAND "${QEMU}" -M mps2-an385 -cpu cortex-m3 -nographic -monitor none -serial none
    -semihosting-config enable=on,target=native -kernel "${elf}"
  TIMEOUT 120
  RESULT_VARIABLE exit_code OUTPUT_VARIABLE run_output ERROR_VARIABLE run_output)
message("${run_output}")
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "the firmware exited with ${exit_code}, not 0 "
    "(1: the first run failed, 2: the second run was not a no-op, 3: fault, 4: setup, "
    "5: the failing update was not refused as expected, 6: the failed update changed the database, "
    "7: the failing update wrote nothing into the database file, 8: status() failed)")
endif()
file(GLOB migrations "${MIGRATIONS_DIR}/*.sql")
list(LENGTH migrations count)
expect("Applied ${count} migration(s), 0 were already applied; the database is at migration" run_output)
expect("Nothing pending: the database is up to date at migration" run_output)
expect("(${count} migrations)." run_output)
expect("journal_mode: delete" run_output)

# The next release's migration fails at its misspelt column: the report names
# the file, the line and the column of that token, and the database is as it was.
set(failing_file "${SOURCE_DIR}/next_release/0100_archive_done_tasks.sql")
file(STRINGS "${failing_file}" failing_lines)
set(failing_line 0)
set(failing_column 0)
foreach(text IN LISTS failing_lines)
  math(EXPR failing_line "${failing_line} + 1")
  string(FIND "${text}" "priorty" at)
  if(at GREATER_EQUAL 0 AND NOT text MATCHES "^--")
    math(EXPR failing_column "${at} + 1")
    break()
  endif()
endforeach()
if(failing_column EQUAL 0)
  message(FATAL_ERROR "${failing_file} no longer misspells `priorty`: this test looks for that error")
endif()
expect("== third run: the next release, whose new migration fails ==" run_output)
if(RUNTIME_MESSAGES)
  expect("0100_archive_done_tasks.sql:${failing_line}:${failing_column}: error: no such column: priorty" run_output)
  expect("It was rolled back. The database is left at migration" run_output)
else()
  expect("0100_archive_done_tasks.sql:${failing_line}:${failing_column}: error: migration_failed, SQLite code 1\n" run_output)
endif()
expect(" 100  archive_done_tasks      FAILED" run_output)
expect("unchanged: migration 100 was rolled back entirely, the app's data kept" run_output)
if(NOT run_output MATCHES "  before: [^\n]*; integrity_check ok\n  after : [^\n]*; integrity_check ok\n")
  message(FATAL_ERROR "the firmware printed no database state before and after the failed update")
endif()
if(NOT run_output MATCHES "\n +100  archive_done_tasks +pending ")
  message(FATAL_ERROR "the status table does not list migration 100 as pending after its failed update")
endif()
expect("firmware: OK" run_output)
string(REGEX MATCHALL "\n +[0-9]+  [a-z_0-9]+ +applied    2025-" applied_rows "${run_output}")
list(LENGTH applied_rows applied_count)
if(NOT applied_count EQUAL count)
  message(FATAL_ERROR "the status table lists ${applied_count} applied migrations, not ${count}")
endif()

# ---- the A/B update: image v2 migrates, image v1 falls back and reverts ----------------------
if(NOT DEFINED AB_POWER_CUTS)
  set(AB_POWER_CUTS ON)
endif()
include("${CMAKE_CURRENT_LIST_DIR}/run_ab_update.cmake")
