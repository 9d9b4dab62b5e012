# Configures tests/cmake/project with one CASE and checks the outcome.
#   -DCASE=<case> -DOUTCOME=FAILS|CONFIGURES -DEXPECT=<regex> -DWORK_DIR=<dir>
#   -DMIGBUNDLE_SOURCE_DIR=<src> -DBUILD_GENERATOR=<cmake -G> -DMAKE_PROGRAM=<tool> -DCXX_COMPILER=<c++>
# EXPECT is matched against the output with each run of blanks made one space,
# since CMake wraps long messages.
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}/project" -B "${WORK_DIR}"
    -G "${BUILD_GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DMIGBUNDLE_SOURCE_DIR=${MIGBUNDLE_SOURCE_DIR}" "-DCASE=${CASE}"
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
string(REGEX REPLACE "[ \t\r\n]+" " " flat_output "${output}")

if(OUTCOME STREQUAL "FAILS" AND result EQUAL 0)
  message(FATAL_ERROR "case ${CASE} configured; expected it to fail:\n${output}")
elseif(OUTCOME STREQUAL "CONFIGURES" AND NOT result EQUAL 0)
  message(FATAL_ERROR "case ${CASE} failed to configure (${result}):\n${output}")
endif()
if(NOT flat_output MATCHES "${EXPECT}")
  message(FATAL_ERROR "case ${CASE}: expected '${EXPECT}' in:\n${output}")
endif()
message(STATUS "case ${CASE}: ${OUTCOME} as expected, saying '${EXPECT}'")
