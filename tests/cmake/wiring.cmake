# Builds the "wiring" case, on a copy of tests/cmake/project, with the stub
# generator, which logs its calls. Checks that the commands add_migrations()
# creates get the right arguments (VERIFY, LOCK_FILE, LAYOUT, ADOPT, ENGINE), that their stamps keep
# another build from running them, and that they run again when the lock file
# appears or an argument changes (Makefiles do not track command lines).
#   -DWORK_DIR -DMIGBUNDLE_SOURCE_DIR -DBUILD_GENERATOR -DMAKE_PROGRAM -DCXX_COMPILER
file(REMOVE_RECURSE "${WORK_DIR}")
set(source "${WORK_DIR}/source")
set(build "${WORK_DIR}/build")
file(COPY "${CMAKE_CURRENT_LIST_DIR}/project/" DESTINATION "${source}")
file(REMOVE "${source}/migbundle.lock")  # appears later

# configure(<namespace> [<layout> [<adopt> [<adopt table> [<engine>]]]]): an empty or missing one is
# left out of add_migrations() (LAYOUT, ADOPT, ADOPT_TABLE, ENGINE).
function(configure namespace)
  set(layout "${ARGV1}")
  set(adopt "${ARGV2}")
  set(adopt_table "${ARGV3}")
  set(engine "${ARGV4}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${source}" -B "${build}"
      -G "${BUILD_GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
      "-DMIGBUNDLE_SOURCE_DIR=${MIGBUNDLE_SOURCE_DIR}" -DCASE=wiring "-DWIRING_NAMESPACE=${namespace}" "-DWIRING_LAYOUT=${layout}"
      "-DWIRING_ADOPT=${adopt}" "-DWIRING_ADOPT_TABLE=${adopt_table}" "-DWIRING_ENGINE=${engine}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "configuring the wiring case failed:\n${output}")
  endif()
endfunction()

function(build)
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${build}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "building the wiring case failed:\n${output}")
  endif()
  message(STATUS "built:\n${output}")
endfunction()

# expect_calls(<call>...): the stub's log holds exactly these calls, in any order.
function(expect_calls)
  file(STRINGS "${build}/generator.log" calls)
  list(SORT calls)
  set(expected ${ARGN})
  list(SORT expected)
  if(NOT calls STREQUAL expected)
    string(REPLACE ";" "\n  " calls "${calls}")
    string(REPLACE ";" "\n  " expected "${expected}")
    message(FATAL_ERROR "generator calls:\n  ${calls}\nexpected exactly:\n  ${expected}")
  endif()
endfunction()

set(out "${build}/m")
set(files "--dir ${source}/migrations --out ${out}/include/app/migrations.hpp")
set(lock "--source ${out}/m_data.cpp --lock ${source}/migbundle.lock")
# Until the lock file exists the generator is told that nothing is locked yet.
set(generate_unlocked "generate ${files} --namespace app::db ${lock} --allow-missing-lock")
set(generate_app "generate ${files} --namespace app::db ${lock}")
set(generate_other "generate ${files} --namespace other::db ${lock}")
set(verify "verify --dir ${source}/migrations")

message(STATUS "-- first build, then one with nothing to do")
configure(app::db)
build()
build()
expect_calls("${generate_unlocked}" "${verify}")

message(STATUS "-- the lock file appears")
file(WRITE "${source}/migbundle.lock" "[]\n")
build()
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}")

message(STATUS "-- NAMESPACE changes")
configure(other::db)
build()
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}")

message(STATUS "-- LAYOUT migbundle, the default, is the same build")
configure(other::db migbundle)
build()
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}")

message(STATUS "-- LAYOUT auto reaches both commands")
configure(other::db auto)
build()
set(generate_auto "generate --dir ${source}/migrations --layout auto --out ${out}/include/app/migrations.hpp \
--namespace other::db ${lock}")
set(verify_auto "verify --dir ${source}/migrations --layout auto")
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}"
  "${generate_auto}" "${verify_auto}")

message(STATUS "-- ADOPT goose reaches generate alone, and reruns both commands")
configure(other::db auto goose)
build()
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}"
  "${generate_auto}" "${verify_auto}" "${generate_auto} --adopt goose" "${verify_auto}")

message(STATUS "-- ADOPT_TABLE reaches generate, recorded like the other arguments: the commands rerun")
configure(other::db auto goose goose_log)
build()
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}"
  "${generate_auto}" "${verify_auto}" "${generate_auto} --adopt goose" "${verify_auto}"
  "${generate_auto} --adopt goose --adopt-table goose_log" "${verify_auto}")

message(STATUS "-- ENGINE postgres reaches both commands, recorded like the other arguments: the commands rerun")
configure(other::db auto goose goose_log postgres)
build()
set(generate_postgres "generate --dir ${source}/migrations --layout auto --engine postgres \
--out ${out}/include/app/migrations.hpp --namespace other::db ${lock} --adopt goose --adopt-table goose_log")
set(verify_postgres "verify --dir ${source}/migrations --layout auto --engine postgres")
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}"
  "${generate_auto}" "${verify_auto}" "${generate_auto} --adopt goose" "${verify_auto}"
  "${generate_auto} --adopt goose --adopt-table goose_log" "${verify_auto}"
  "${generate_postgres}" "${verify_postgres}")

message(STATUS "-- ENGINE sqlite, the default, is left off the command line (a generator without --engine runs it)")
configure(other::db auto goose goose_log sqlite)
build()
expect_calls("${generate_unlocked}" "${verify}" "${generate_app}" "${verify}" "${generate_other}" "${verify}"
  "${generate_auto}" "${verify_auto}" "${generate_auto} --adopt goose" "${verify_auto}"
  "${generate_auto} --adopt goose --adopt-table goose_log" "${verify_auto}"
  "${generate_postgres}" "${verify_postgres}"
  "${generate_auto} --adopt goose --adopt-table goose_log" "${verify_auto}")
