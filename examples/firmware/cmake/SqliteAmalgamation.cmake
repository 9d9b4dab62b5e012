# The SQLite amalgamation (sqlite3.c, sqlite3.h) for the firmware, taken from
# npm's better-sqlite3 package, which ships it unmodified in deps/sqlite3/.
# Fetched with `npm pack` into a cache folder of a build tree, never committed,
# and checked against the SHA-256 sums pinned here before anything uses it.
#
# As a module:  include(SqliteAmalgamation.cmake)
#               firmware_sqlite_amalgamation(<cache-dir> <out-var>)
# As a script:  cmake -DCACHE_DIR=<cache-dir> -P SqliteAmalgamation.cmake
#
# To move to another SQLite: pick a better-sqlite3 release, run the script with
# the new version and empty sums, and copy the sums it prints here.
set(FIRMWARE_BETTER_SQLITE3_VERSION "13.2.0")  # ships SQLite 3.54.1
set(FIRMWARE_BETTER_SQLITE3_TGZ_SHA256 "40487589df3496f2ee0079d22b73c63fccebe7db0e8ee9a2c42421861e321e0b")
set(FIRMWARE_SQLITE3_C_SHA256 "75a4760a7b9727a4c4c877aec92eacf39e52a8f2921ce00bd33be6d3a8e8e254")
set(FIRMWARE_SQLITE3_H_SHA256 "d6c84557261893439b341d2e6c35187ae3ea24fbfd843ad94616f72d89242b8c")

# True in <out-var> when <file> exists and has the SHA-256 <expected>.
function(_firmware_sha256_matches file expected out_var)
  set(matches FALSE)
  if(EXISTS "${file}")
    file(SHA256 "${file}" actual)
    if(actual STREQUAL expected)
      set(matches TRUE)
    endif()
  endif()
  set(${out_var} ${matches} PARENT_SCOPE)
endfunction()

# True in <out_var> when <cache_dir> already holds the verified amalgamation.
function(firmware_sqlite_amalgamation_cached cache_dir out_var)
  set(dir "${cache_dir}/better-sqlite3-${FIRMWARE_BETTER_SQLITE3_VERSION}")
  _firmware_sha256_matches("${dir}/sqlite3.c" "${FIRMWARE_SQLITE3_C_SHA256}" c_ok)
  _firmware_sha256_matches("${dir}/sqlite3.h" "${FIRMWARE_SQLITE3_H_SHA256}" h_ok)
  if(c_ok AND h_ok)
    set(${out_var} TRUE PARENT_SCOPE)
  else()
    set(${out_var} FALSE PARENT_SCOPE)
  endif()
endfunction()

# Sets <out_var> to a folder holding the verified sqlite3.c and sqlite3.h,
# fetching them into <cache_dir> unless a verified copy is already there.
function(firmware_sqlite_amalgamation cache_dir out_var)
  set(dir "${cache_dir}/better-sqlite3-${FIRMWARE_BETTER_SQLITE3_VERSION}")
  firmware_sqlite_amalgamation_cached("${cache_dir}" cached)
  if(cached)
    set(${out_var} "${dir}" PARENT_SCOPE)
    return()
  endif()

  find_program(FIRMWARE_NPM npm)
  if(NOT FIRMWARE_NPM)
    message(FATAL_ERROR "npm is needed once to fetch the SQLite amalgamation (better-sqlite3@"
      "${FIRMWARE_BETTER_SQLITE3_VERSION}); install it (Debian: apt-get install npm), or put a "
      "verified sqlite3.c and sqlite3.h in ${dir}.")
  endif()
  set(download "${cache_dir}/download")
  file(REMOVE_RECURSE "${download}" "${dir}")
  file(MAKE_DIRECTORY "${download}")
  message(STATUS "Fetching the SQLite amalgamation: npm pack better-sqlite3@${FIRMWARE_BETTER_SQLITE3_VERSION}")
  # --ignore-scripts: nothing from the package runs; it is only unpacked.
  execute_process(
    COMMAND "${FIRMWARE_NPM}" pack "better-sqlite3@${FIRMWARE_BETTER_SQLITE3_VERSION}"
      --ignore-scripts --pack-destination "${download}"
    WORKING_DIRECTORY "${download}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
  set(tarball "${download}/better-sqlite3-${FIRMWARE_BETTER_SQLITE3_VERSION}.tgz")
  if(NOT result EQUAL 0 OR NOT EXISTS "${tarball}")
    message(FATAL_ERROR "npm pack better-sqlite3@${FIRMWARE_BETTER_SQLITE3_VERSION} failed (${result}):\n${output}${errors}")
  endif()
  file(SHA256 "${tarball}" tarball_sha256)
  if(NOT tarball_sha256 STREQUAL FIRMWARE_BETTER_SQLITE3_TGZ_SHA256)
    message(FATAL_ERROR "${tarball} has SHA-256 ${tarball_sha256}, expected "
      "${FIRMWARE_BETTER_SQLITE3_TGZ_SHA256}: refusing to build SQLite from it.")
  endif()

  execute_process(COMMAND "${CMAKE_COMMAND}" -E tar xzf "${tarball}"
    WORKING_DIRECTORY "${download}" RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "could not unpack ${tarball}: ${errors}")
  endif()
  file(MAKE_DIRECTORY "${dir}")
  foreach(name sqlite3.c sqlite3.h)
    file(RENAME "${download}/package/deps/sqlite3/${name}" "${dir}/${name}")
  endforeach()
  file(REMOVE_RECURSE "${download}")

  foreach(check "sqlite3.c;${FIRMWARE_SQLITE3_C_SHA256}" "sqlite3.h;${FIRMWARE_SQLITE3_H_SHA256}")
    list(GET check 0 name)
    list(GET check 1 expected)
    file(SHA256 "${dir}/${name}" actual)
    if(NOT actual STREQUAL expected)
      file(REMOVE_RECURSE "${dir}")
      message(FATAL_ERROR "${name} from better-sqlite3@${FIRMWARE_BETTER_SQLITE3_VERSION} has SHA-256 "
        "${actual}, expected ${expected}.")
    endif()
  endforeach()
  message(STATUS "SQLite amalgamation verified: ${dir}")
  set(${out_var} "${dir}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  if(NOT CACHE_DIR)
    message(FATAL_ERROR "usage: cmake -DCACHE_DIR=<dir> -P ${CMAKE_CURRENT_LIST_FILE}")
  endif()
  firmware_sqlite_amalgamation("${CACHE_DIR}" dir)
  message("${dir}")
endif()
