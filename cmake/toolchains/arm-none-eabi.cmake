# Cross-compiling for bare-metal Arm (Cortex-M) with the GNU Arm Embedded
# toolchain: Debian's gcc-arm-none-eabi + libnewlib-arm-none-eabi +
# libstdc++-arm-none-eabi-newlib (the C++ headers), or Arm's own release (set
# ARM_NONE_EABI_ROOT to its install prefix).
#
#   cmake -S examples/firmware -B build-fw \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-none-eabi.cmake \
#     -DMIGBUNDLE_GENERATOR=/host/bin/migbundle
#
# The CPU defaults to a Cortex-M3 (ARM_NONE_EABI_CPU); any -mcpu the compiler
# knows works, with ARM_NONE_EABI_FPU_FLAGS for the parts that have an FPU
# (e.g. "-mfpu=fpv4-sp-d16 -mfloat-abi=hard" for a Cortex-M4F).
#
# What a toolchain file decides is what any project built with it needs: the
# compiler, the CPU, the C library flavour and sections for --gc-sections.
# Optimisation, -fno-exceptions and the linker script belong to the project.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(ARM_NONE_EABI_ROOT "" CACHE PATH "Install prefix of the arm-none-eabi toolchain (empty: search PATH)")
set(ARM_NONE_EABI_CPU "cortex-m3" CACHE STRING "Value of -mcpu")
set(ARM_NONE_EABI_FPU_FLAGS "" CACHE STRING "FPU flags, e.g. -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
# try_compile() projects run this file again with a fresh cache: pass the choices on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ARM_NONE_EABI_ROOT ARM_NONE_EABI_CPU ARM_NONE_EABI_FPU_FLAGS)

set(_arm_none_eabi_hints "")
if(ARM_NONE_EABI_ROOT)
  set(_arm_none_eabi_hints HINTS "${ARM_NONE_EABI_ROOT}/bin" NO_DEFAULT_PATH)
endif()
find_program(ARM_NONE_EABI_GCC arm-none-eabi-gcc ${_arm_none_eabi_hints})
if(NOT ARM_NONE_EABI_GCC)
  message(FATAL_ERROR "arm-none-eabi-gcc not found. On Debian/Ubuntu: "
    "apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib; elsewhere set ARM_NONE_EABI_ROOT "
    "to the toolchain's install prefix.")
endif()
get_filename_component(_arm_none_eabi_bin "${ARM_NONE_EABI_GCC}" DIRECTORY)

set(CMAKE_C_COMPILER "${_arm_none_eabi_bin}/arm-none-eabi-gcc")
set(CMAKE_CXX_COMPILER "${_arm_none_eabi_bin}/arm-none-eabi-g++")
set(CMAKE_ASM_COMPILER "${_arm_none_eabi_bin}/arm-none-eabi-gcc")
# Found next to the compiler, for post-link steps (CMake finds objcopy/nm/ar itself).
set(ARM_NONE_EABI_SIZE "${_arm_none_eabi_bin}/arm-none-eabi-size" CACHE FILEPATH "arm-none-eabi-size")

# There is no OS to run a test program on: check the compiler by building a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# newlib-nano (--specs=nano.specs): the size-optimised C library. Function and
# data sections so that --gc-sections drops whatever a program does not call.
set(_arm_none_eabi_flags "-mcpu=${ARM_NONE_EABI_CPU} -mthumb ${ARM_NONE_EABI_FPU_FLAGS} -ffunction-sections -fdata-sections")
string(STRIP "${_arm_none_eabi_flags}" _arm_none_eabi_flags)
string(REGEX REPLACE " +" " " _arm_none_eabi_flags "${_arm_none_eabi_flags}")
set(CMAKE_C_FLAGS_INIT "${_arm_none_eabi_flags}")
set(CMAKE_CXX_FLAGS_INIT "${_arm_none_eabi_flags}")
set(CMAKE_ASM_FLAGS_INIT "${_arm_none_eabi_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nano.specs -Wl,--gc-sections")

# Headers and libraries come from the toolchain (and a sysroot, if one is set);
# programs such as the host migbundle generator come from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
