# Configures, builds and runs the consumer project against migbundle found one way:
#   -DPREFIX=<install prefix>       find_package through CMAKE_PREFIX_PATH
#   -DPACKAGE_DIR=<main build dir>  find_package through migbundle_DIR (the build-tree export)
#   -DMIGBUNDLE_SOURCE_DIR=<src>    add_subdirectory
# plus VERSION, the version find_package asks for.
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(build "${WORK_DIR}/build")
if(DEFINED PREFIX)
  consumer_configure("${build}" "${CONSUMER_SOURCE_DIR}"
    -DCONSUMER_MIGBUNDLE=package "-DCONSUMER_MIGBUNDLE_VERSION=${VERSION}" "-DCMAKE_PREFIX_PATH=${PREFIX}")
  set(expected_dir "${PREFIX}/")
elseif(DEFINED PACKAGE_DIR)
  consumer_configure("${build}" "${CONSUMER_SOURCE_DIR}"
    -DCONSUMER_MIGBUNDLE=package "-DCONSUMER_MIGBUNDLE_VERSION=${VERSION}" "-Dmigbundle_DIR=${PACKAGE_DIR}")
  set(expected_dir "${PACKAGE_DIR}")
elseif(DEFINED MIGBUNDLE_SOURCE_DIR)
  consumer_configure("${build}" "${CONSUMER_SOURCE_DIR}"
    -DCONSUMER_MIGBUNDLE=subdirectory "-DCONSUMER_MIGBUNDLE_SOURCE_DIR=${MIGBUNDLE_SOURCE_DIR}")
else()
  message(FATAL_ERROR "build_and_run.cmake needs PREFIX, PACKAGE_DIR or MIGBUNDLE_SOURCE_DIR")
endif()

if(DEFINED expected_dir)
  # The package must come from where this test put it, not from the system.
  string(REGEX MATCH "consumer: migbundle package from ([^\n]*)" line "${consumer_output}")
  string(FIND "${CMAKE_MATCH_1}" "${expected_dir}" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "migbundle was found in '${CMAKE_MATCH_1}', not below '${expected_dir}'")
  endif()
endif()

consumer_build("${build}")
consumer_run("${build}" 3)
