# A migration whose file name CMake, make or Ninja cannot carry stops the build
# with a message that names the file, never with a bare build-tool error or a
# regeneration loop: while CMake configures, and when such a file appears after
# configuring (the glob notices it, CMake runs again and stops). An editor's
# hidden lock file (a dangling link) is not a dependency. Works on a copy of the
# consumer project, with the build tool given.
#   -DPREFIX=<install prefix>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(source "${WORK_DIR}/source")
set(build "${WORK_DIR}/build")
set(migrations "${source}/migrations")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${source}")
set(package_args -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}")

# build_fails(<regex> <why>): building must fail within a minute (a regeneration loop never ends), saying <regex>.
function(build_fails regex why)
  consumer_build_fails("${build}" "${regex}" "${why}" TIMEOUT 60)
endfunction()

set(semicolon "0004_semi;colon.sql")
set(semicolon_says "the file name '0004_semi;colon\\.sql' in DIRECTORY '[^']*/migrations' holds ';'.*Rename it, e\\.g\\. to '0004_semi_colon\\.sql'")
set(backslash "0004_back\\slash.sql")
set(backslash_says "the file name '0004_back\\\\slash\\.sql' in DIRECTORY '[^']*/migrations' holds '\\\\'.*Rename it, e\\.g\\. to '0004_back_slash\\.sql'")
set(colon "0004_a:b.sql")
set(colon_says "the file name '0004_a:b\\.sql' in DIRECTORY '[^']*/migrations' holds ':'.*Rename it, e\\.g\\. to '0004_a_b\\.sql'")

message(STATUS "-- while configuring")
foreach(case semicolon backslash colon)
  file(WRITE "${migrations}/${${case}}" "CREATE TABLE t4 (x);\n")
  consumer_configure_fails("${build}" "${source}" "add_migrations\\(consumer_migrations\\): ${${case}_says}" ${package_args})
  file(REMOVE "${migrations}/${${case}}")
endforeach()

message(STATUS "-- an editor's lock file, a dangling hidden link, is no dependency")
file(CREATE_LINK "nobody@host.1234:1700000000" "${migrations}/.#0002_create_notes.sql" SYMBOLIC)
consumer_configure("${build}" "${source}" ${package_args})
consumer_build("${build}")
consumer_run("${build}" 3)

message(STATUS "-- appearing after configuring: CMake runs again and stops, naming the file")
foreach(case semicolon backslash colon)
  file(WRITE "${migrations}/${${case}}" "CREATE TABLE t4 (x);\n")
  build_fails("${${case}_says}" "${${case}} added after configuring")
  # Nothing loops or sticks: the same error again, then a good build once the file is renamed.
  build_fails("${${case}_says}" "${${case}} still there")
  file(REMOVE "${migrations}/${${case}}")
  consumer_build("${build}")
endforeach()
file(WRITE "${migrations}/0004_semi_colon.sql" "CREATE TABLE t4 (x);\n")
consumer_build("${build}")
consumer_run("${build}" 4)
