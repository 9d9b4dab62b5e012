# The namespace rule, checked where it is applied twice: `migbundle generate`
# (generator/src/cpp_names.cpp) and add_migrations() while CMake configures
# (cmake/AddMigrations.cmake) must give the same verdict on every name; and
# what both accept must compile where the bundle meets <cstdio>, <sqlite3.h>
# and the runtime's headers, under -std=c++17 and -std=gnu++17 (CMake's default
# for GCC and Clang, which predefines `linux` and `unix`).
#
#   cmake -DMIGBUNDLE=<migbundle> -DSOURCE_DIR=<migbundle source> -DWORK_DIR=<scratch>
#         [-DCXX=<compiler>]   also compile the accepted names with it
#         -P namespace_rule.cmake
cmake_minimum_required(VERSION 3.16)
foreach(var MIGBUNDLE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "namespace_rule.cmake: ${var} is required")
  endif()
endforeach()
include("${SOURCE_DIR}/cmake/AddMigrations.cmake")

# Accepted: each is one a user could pick, or one that once broke the generated code. They
# share one program, so none is a namespace holding another bundle (`app` would hold
# `app::migrations`, the array of its inline header).
set(accepted solo app::db a::b::c App_DB::v2 Db x_ classy linux_db app::migbundle migbundle
  migbundle::db app::std app::sqlite3 app::size_t app::main app::bundle app::migrations
  app::migbundle_sql app::Migration app::Bundle app::string_view)
# Refused, for every reason the rule has.
set(refused app:db 1app app::1db "app db" app::class co_await _x app::_Pragma app::__x app::a__b
  NULL app::INT64_MAX app::SQLITE_OK DB linux app::unix i386 app::errno app::assert
  app::interface min std std2::db posix sqlite3 sqlite3_db size_t::db int64_t main)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/migrations")
file(WRITE "${WORK_DIR}/migrations/0001_create_t.sql" "CREATE TABLE t (x INTEGER);\n")
file(WRITE "${WORK_DIR}/migrations/0002_no_tx.sql" "-- migbundle: no-transaction\nVACUUM;\n")

set(failures "")
set(includes "")
set(uses "")
set(sources "")
set(index 0)
foreach(verdict accepted refused)
  foreach(namespace IN LISTS ${verdict})
    _migbundle_namespace_problem("${namespace}" problem)
    math(EXPR index "${index} + 1")
    set(out "${WORK_DIR}/ns${index}")
    # Every other accepted name in split mode: both templates meet the name.
    set(split_args "")
    if(verdict STREQUAL "accepted" AND index MATCHES "[02468]$")
      set(split_args --source "${out}/bundle_data.cpp")
    endif()
    execute_process(COMMAND "${MIGBUNDLE}" generate --dir "${WORK_DIR}/migrations" --out "${out}/ns${index}.hpp"
        --namespace "${namespace}" ${split_args}
      RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(verdict STREQUAL "accepted")
      if(NOT problem STREQUAL "")
        string(APPEND failures "add_migrations() refuses '${namespace}': ${problem}\n")
      endif()
      if(NOT code EQUAL 0)
        string(APPEND failures "migbundle generate refuses '${namespace}' (exit ${code}): ${output}\n")
      endif()
      string(APPEND includes "#include \"ns${index}/ns${index}.hpp\"\n")
      string(APPEND uses "  total += ${namespace}::bundle.size;\n")
      if(split_args)
        list(APPEND sources "${out}/bundle_data.cpp")
      endif()
    else()
      if(problem STREQUAL "")
        string(APPEND failures "add_migrations() accepts '${namespace}'\n")
      endif()
      if(NOT code EQUAL 2 OR NOT output MATCHES "is not a C\\+\\+ namespace the generated code can use: ")
        string(APPEND failures "migbundle generate does not refuse '${namespace}' as wrong usage "
          "(exit ${code}): ${output}\n")
      endif()
      message(STATUS "refused '${namespace}': ${problem}")
    endif()
  endforeach()
endforeach()
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "the generator and add_migrations() disagree with the expected verdicts:\n${failures}")
endif()
list(LENGTH accepted accepted_count)
list(LENGTH refused refused_count)
message(STATUS "generator and add_migrations() agree on ${accepted_count} accepted and ${refused_count} refused names")

if(NOT DEFINED CXX)
  return()
endif()
# One program that includes every accepted bundle beside what a consumer includes.
file(WRITE "${WORK_DIR}/main.cpp" "#include <cstdio>
#include <cstdlib>
#include <sqlite3.h>
#include <migbundle/migrate.hpp>
#include <migbundle/status.hpp>
${includes}
int main() {
  std::size_t total = 0;
${uses}  std::printf(\"%zu\\n\", total);
  return total == ${accepted_count} * 2 ? EXIT_SUCCESS : EXIT_FAILURE;
}
")
foreach(std c++17 gnu++17)
  set(program "${WORK_DIR}/program_${std}")
  execute_process(COMMAND "${CXX}" -std=${std} -Wall -Wextra -Wpedantic -Werror "-I${WORK_DIR}"
      "-I${SOURCE_DIR}/runtime/include" "${WORK_DIR}/main.cpp" ${sources} -o "${program}"
    RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "the accepted namespaces do not compile with ${CXX} -std=${std}:\n${output}")
  endif()
  execute_process(COMMAND "${program}" RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${program} failed (${code}): ${output}")
  endif()
  message(STATUS "the accepted namespaces compile with ${CXX} -std=${std} and hold ${output}")
endforeach()
