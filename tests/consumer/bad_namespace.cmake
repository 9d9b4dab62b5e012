# A NAMESPACE that is not C++ stops the consumer while CMake configures, naming it,
# with migbundle from the package and from add_subdirectory() (where the function
# is defined in another directory scope than the caller's).
#   -DPREFIX=<install prefix> -DMIGBUNDLE_SOURCE_DIR=<src>
include("${CMAKE_CURRENT_LIST_DIR}/consumer_steps.cmake")

consumer_configure_fails("${WORK_DIR}/package-digit" "${CONSUMER_SOURCE_DIR}"
  "NAMESPACE 'consumer::2db' is not a C\\+\\+ namespace name"
  -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DCONSUMER_NAMESPACE=consumer::2db")
consumer_configure_fails("${WORK_DIR}/package-keyword" "${CONSUMER_SOURCE_DIR}"
  "NAMESPACE 'consumer::class' is not a C\\+\\+ namespace name the generated code can use: 'class' is a C\\+\\+ keyword"
  -DCONSUMER_MIGBUNDLE=package "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DCONSUMER_NAMESPACE=consumer::class")
consumer_configure_fails("${WORK_DIR}/subdirectory-keyword" "${CONSUMER_SOURCE_DIR}"
  "NAMESPACE 'consumer::class' is not a C\\+\\+ namespace name the generated code can use: 'class' is a C\\+\\+ keyword"
  -DCONSUMER_MIGBUNDLE=subdirectory "-DCONSUMER_MIGBUNDLE_SOURCE_DIR=${MIGBUNDLE_SOURCE_DIR}"
  "-DCONSUMER_NAMESPACE=consumer::class")
