# Install rules and the CMake package: find_package(migbundle CONFIG) gives
# migbundle::runtime, migbundle::postgres and migbundle::generator (when
# built) and add_migrations().
#
# Two export sets, so a cross build can install the runtime for the target and
# take the generator from a host prefix (or from MIGBUNDLE_GENERATOR).
include(CMakePackageConfigHelpers)

set(MIGBUNDLE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/migbundle" CACHE STRING
  "Where the migbundle CMake package files go, relative to the install prefix")
mark_as_advanced(MIGBUNDLE_INSTALL_CMAKEDIR)

install(TARGETS migbundle_runtime EXPORT migbundleRuntimeTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT migbundle_runtime
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT migbundle_runtime
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT migbundle_runtime)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT migbundle_runtime)
install(EXPORT migbundleRuntimeTargets NAMESPACE migbundle::
  DESTINATION "${MIGBUNDLE_INSTALL_CMAKEDIR}" COMPONENT migbundle_runtime)
export(EXPORT migbundleRuntimeTargets NAMESPACE migbundle::
  FILE "${PROJECT_BINARY_DIR}/migbundleRuntimeTargets.cmake")

# The PostgreSQL runtime, when libpq was found: an export set of its own, so
# that a consumer of the SQLite runtime never needs libpq.
if(TARGET migbundle_postgres)
  install(TARGETS migbundle_postgres EXPORT migbundlePostgresTargets
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT migbundle_postgres
    LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT migbundle_postgres
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT migbundle_postgres)
  install(EXPORT migbundlePostgresTargets NAMESPACE migbundle::
    DESTINATION "${MIGBUNDLE_INSTALL_CMAKEDIR}" COMPONENT migbundle_postgres)
  export(EXPORT migbundlePostgresTargets NAMESPACE migbundle::
    FILE "${PROJECT_BINARY_DIR}/migbundlePostgresTargets.cmake")
else()
  file(REMOVE "${PROJECT_BINARY_DIR}/migbundlePostgresTargets.cmake")
endif()

if(TARGET migbundle_generator)
  install(TARGETS migbundle_generator EXPORT migbundleGeneratorTargets
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT migbundle_generator)
  install(EXPORT migbundleGeneratorTargets NAMESPACE migbundle::
    DESTINATION "${MIGBUNDLE_INSTALL_CMAKEDIR}" COMPONENT migbundle_generator)
  export(EXPORT migbundleGeneratorTargets NAMESPACE migbundle::
    FILE "${PROJECT_BINARY_DIR}/migbundleGeneratorTargets.cmake")
else()
  # Reconfigured without the generator: the build-tree package must not keep offering it.
  file(REMOVE "${PROJECT_BINARY_DIR}/migbundleGeneratorTargets.cmake")
endif()

# The same config serves the install tree and the build tree (migbundle_DIR=<build dir>):
# it only includes files that sit next to it, so AddMigrations.cmake is copied there too.
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/migbundleConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/migbundleConfig.cmake"
  INSTALL_DESTINATION "${MIGBUNDLE_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/migbundleConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
configure_file("${CMAKE_CURRENT_LIST_DIR}/AddMigrations.cmake" "${PROJECT_BINARY_DIR}/AddMigrations.cmake" COPYONLY)
install(FILES
  "${PROJECT_BINARY_DIR}/migbundleConfig.cmake"
  "${PROJECT_BINARY_DIR}/migbundleConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/AddMigrations.cmake"
  DESTINATION "${MIGBUNDLE_INSTALL_CMAKEDIR}" COMPONENT migbundle_runtime)
