# migbundle leaves the build type to whoever owns the build:
# - as a subproject (add_subdirectory, FetchContent) it sets nothing: a consumer
#   configured without CMAKE_BUILD_TYPE keeps it empty, in its scope and its cache;
# - top level, it gives RelWithDebInfo only when none was chosen, and never
#   overrides one that was, an empty one included.
#   -DMIGBUNDLE_SOURCE_DIR=<src>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

# build_type_in_cache(<binary-dir> <out-var>): CMAKE_BUILD_TYPE from the cache, or <undefined>.
function(build_type_in_cache binary_dir out_var)
  file(STRINGS "${binary_dir}/CMakeCache.txt" lines REGEX "^CMAKE_BUILD_TYPE:")
  set(value "<undefined>")
  if(lines MATCHES "^CMAKE_BUILD_TYPE:[A-Z]+=(.*)$")
    set(value "${CMAKE_MATCH_1}")
  endif()
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()

# configure(<binary-dir> <source-dir> [-D...]...): like consumer_configure, but
# without the -DCMAKE_BUILD_TYPE that consumer_build_args always passes.
function(configure binary_dir source_dir)
  consumer_execute("${CMAKE_COMMAND}" -S "${source_dir}" -B "${binary_dir}" -G "${BUILD_GENERATOR}"
    "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" ${ARGN})
  if(NOT consumer_result EQUAL 0)
    message(FATAL_ERROR "configuring ${source_dir} failed (${consumer_result}):\n${consumer_output}")
  endif()
  set(consumer_output "${consumer_output}" PARENT_SCOPE)
endfunction()

# expect_build_type(<binary-dir> <expected> <why>)
function(expect_build_type binary_dir expected why)
  build_type_in_cache("${binary_dir}" actual)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${why}: CMAKE_BUILD_TYPE in ${binary_dir}/CMakeCache.txt is '${actual}', expected '${expected}'")
  endif()
  message(STATUS "${why}: CMAKE_BUILD_TYPE '${actual}'")
endfunction()

# The CMAKE_BUILD_TYPE environment variable (CMake >= 3.22) would be a choice too.
unset(ENV{CMAKE_BUILD_TYPE})

# 1. A subproject: the consumer has no build type and keeps none.
set(consumer "${WORK_DIR}/consumer")
configure("${consumer}" "${CONSUMER_SOURCE_DIR}"
  -DCONSUMER_MIGBUNDLE=subdirectory "-DCONSUMER_MIGBUNDLE_SOURCE_DIR=${MIGBUNDLE_SOURCE_DIR}")
expect_output("consumer: build type ''" "add_subdirectory(migbundle) changed the consumer's CMAKE_BUILD_TYPE")
expect_build_type("${consumer}" "" "add_subdirectory(migbundle), consumer without a build type")
# Configuring again changes nothing either.
configure("${consumer}" "${CONSUMER_SOURCE_DIR}")
expect_output("consumer: build type ''" "a second configure changed the consumer's CMAKE_BUILD_TYPE")

# 2. Top level without a build type: RelWithDebInfo, as a default.
set(flags -DMIGBUNDLE_BUILD_TESTS=OFF -DMIGBUNDLE_BUILD_EXAMPLES=OFF -DMIGBUNDLE_INSTALL=OFF)
set(top "${WORK_DIR}/top-level")
configure("${top}" "${MIGBUNDLE_SOURCE_DIR}" ${flags})
expect_build_type("${top}" "RelWithDebInfo" "top level, no build type given")
# 3. Top level: a build type chosen later, or one chosen empty, stays as chosen (no FORCE).
configure("${top}" "${MIGBUNDLE_SOURCE_DIR}" -DCMAKE_BUILD_TYPE=Debug)
expect_build_type("${top}" "Debug" "top level, -DCMAKE_BUILD_TYPE=Debug on a second configure")
configure("${top}" "${MIGBUNDLE_SOURCE_DIR}" -DCMAKE_BUILD_TYPE=)
expect_build_type("${top}" "" "top level, -DCMAKE_BUILD_TYPE= (empty) on a second configure")
set(top_empty "${WORK_DIR}/top-level-empty")
configure("${top_empty}" "${MIGBUNDLE_SOURCE_DIR}" ${flags} -DCMAKE_BUILD_TYPE=)
expect_build_type("${top_empty}" "" "top level, -DCMAKE_BUILD_TYPE= (empty) on the first configure")
