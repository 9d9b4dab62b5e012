# Fixture: installs the main build into PREFIX, which the package tests use.
#   cmake -DBUILD_DIR=<main build> -DPREFIX=<dir> -DCONFIG=<config> -P install.cmake
file(REMOVE_RECURSE "${PREFIX}")  # a file left by an earlier install must not hide a missing one
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "installing ${BUILD_DIR} into ${PREFIX} failed (${result})")
endif()
