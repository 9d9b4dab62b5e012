# The consumer cross-compiled. The "cross" toolchain targets the host system
# with the host compiler: enough to set CMAKE_CROSSCOMPILING, and the test can
# still run what it built.
#   -DCASE=<case>
#   target_only           add_subdirectory(migbundle) without its generator
#                         (MIGBUNDLE_BUILD_GENERATOR=OFF), the host's given in
#                         MIGBUNDLE_GENERATOR: configures, builds, runs.
#                         Needs -DMIGBUNDLE_SOURCE_DIR, -DHOST_GENERATOR.
#   in_tree_refused       add_subdirectory(migbundle) building its generator for the
#                         target: add_migrations() refuses it while CMake configures
#                         and says what to do. Needs -DMIGBUNDLE_SOURCE_DIR.
#   package_runtime_only  find_package(migbundle) from an install of the runtime
#                         component alone (what a target sysroot holds): COMPONENTS
#                         generator is refused; without it the package works with
#                         MIGBUNDLE_GENERATOR. Needs -DBUILD_DIR, -DCONFIG, -DHOST_GENERATOR.
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

set(toolchain "${WORK_DIR}/toolchain.cmake")
file(WRITE "${toolchain}"
  "set(CMAKE_SYSTEM_NAME ${CMAKE_HOST_SYSTEM_NAME})\n"
  "set(CMAKE_CXX_COMPILER \"${CXX_COMPILER}\")\n")
set(cross_args "-DCMAKE_TOOLCHAIN_FILE=${toolchain}")
set(subdirectory_args -DCONSUMER_MIGBUNDLE=subdirectory "-DCONSUMER_MIGBUNDLE_SOURCE_DIR=${MIGBUNDLE_SOURCE_DIR}")

# configure_build_run(<-D>...): the cross build works with HOST_GENERATOR.
function(configure_build_run)
  set(build "${WORK_DIR}/build")
  consumer_configure("${build}" "${CONSUMER_SOURCE_DIR}" ${cross_args} ${ARGN})
  expect_output("consumer: crosscompiling=TRUE" "the toolchain file must make this a cross build")
  expect_output("consumer: generator ${HOST_GENERATOR}" "MIGBUNDLE_GENERATOR must be the generator")
  consumer_build("${build}")
  expect_output("Embedding migrations" "build")
  consumer_run("${build}" 3)
endfunction()

if(CASE STREQUAL "target_only")
  configure_build_run(${subdirectory_args}
    -DMIGBUNDLE_BUILD_GENERATOR=OFF "-DMIGBUNDLE_GENERATOR=${HOST_GENERATOR}")
elseif(CASE STREQUAL "in_tree_refused")
  consumer_configure_fails("${WORK_DIR}/build" "${CONSUMER_SOURCE_DIR}"
    "cross-compiling, and the migbundle::generator target is 'migbundle_generator'.*-DMIGBUNDLE_GENERATOR="
    ${cross_args} ${subdirectory_args} -DMIGBUNDLE_BUILD_GENERATOR=ON)
elseif(CASE STREQUAL "package_runtime_only")
  set(prefix "${WORK_DIR}/sysroot")
  consumer_execute("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" --config "${CONFIG}"
    --component migbundle_runtime)
  if(NOT consumer_result EQUAL 0)
    message(FATAL_ERROR "installing the runtime component failed:\n${consumer_output}")
  endif()
  file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
  if(installed MATCHES "migbundleGeneratorTargets|bin/")
    message(FATAL_ERROR "the runtime component installed generator files:\n${installed}")
  endif()
  consumer_configure_fails("${WORK_DIR}/build-generator-component" "${CONSUMER_SOURCE_DIR}"
    "set migbundle_FOUND to FALSE"
    ${cross_args} -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${prefix}" -DCONSUMER_MIGBUNDLE_COMPONENTS=generator)
  configure_build_run(-DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCONSUMER_MIGBUNDLE_COMPONENTS=runtime "-DMIGBUNDLE_GENERATOR=${HOST_GENERATOR}")
else()
  message(FATAL_ERROR "cross.cmake: unknown CASE '${CASE}'")
endif()
