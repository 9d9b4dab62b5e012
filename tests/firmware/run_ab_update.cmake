# The A/B update under QEMU, included by run_firmware.cmake after its build:
# images v1 (migrations 1-5, no downs of its own) and v2 (1-6, 6 with a down)
# boot one after the other on one database kept across resets in a host file
# (examples/firmware/src/ab_update.cpp). Needs: QEMU, build, WORK_DIR, and
# AB_POWER_CUTS (ON: the power-cut sweep during the revert too).
#   1. v1 alone on a new device: the reference state.
#   2. v1, then v2 (applies 6, which changes data), then v1 (reverts 6 with the
#      down v2 stored): equal to the reference, schema and rows; then v2 again
#      (applies 6 again) and v1 again, each equal to its first time.
#   3. A power cut before each change the revert makes to the database or its
#      journal, in turn: v2 on a copy of what the cut left finds 6 applied
#      with v2's state exactly, or 5 and applies 6 again (never a state
#      between); the device's next v1 boot ends equal to the reference, and v2
#      after it migrates forward again to v2's state.
set(ab_dir "${WORK_DIR}/ab_update")
file(REMOVE_RECURSE "${ab_dir}")

# boot(<v1|v2> <device> [semihosting arguments...]): boots an image with the
# device folder (its flash) as QEMU's working directory. Sets boot_exit and
# boot_output.
function(boot image device)
  file(MAKE_DIRECTORY "${ab_dir}/${device}")
  set(config "enable=on,target=native,arg=firmware_ab_${image}")
  foreach(argument IN LISTS ARGN)
    string(APPEND config ",arg=${argument}")
  endforeach()
  execute_process(
    COMMAND "${QEMU}" -M mps2-an385 -cpu cortex-m3 -nographic -monitor none -serial none
      -semihosting-config "${config}" -kernel "${build}/firmware_ab_${image}.elf"
    WORKING_DIRECTORY "${ab_dir}/${device}"
    TIMEOUT 60
    RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(boot_exit "${code}" PARENT_SCOPE)
  set(boot_output "${output}" PARENT_SCOPE)
endfunction()

# boot_ok(<v1|v2> <device>): a boot that must succeed. Sets reverted, applied,
# at (the migration the database is at), history (applied ids) and state (the
# app's schema and rows as a hash with their counts).
function(boot_ok image device)
  boot(${image} ${device})
  if(NOT boot_exit EQUAL 0)
    message(FATAL_ERROR "A/B update: image ${image} on device ${device} exited with ${boot_exit}, not 0 "
      "(1: migrate() failed, 3: fault, 4: setup, 5: invalid flash file, 6: flash not saved, 7: app):\n${boot_output}")
  endif()
  if(NOT boot_output MATCHES "\nmigrate: reverted ([0-9]+), applied ([0-9]+), at migration ([0-9]+) \\(([0-9]+) changes")
    message(FATAL_ERROR "A/B update: image ${image} printed no migrate: line:\n${boot_output}")
  endif()
  set(reverted ${CMAKE_MATCH_1} PARENT_SCOPE)
  set(applied ${CMAKE_MATCH_2} PARENT_SCOPE)
  set(at ${CMAKE_MATCH_3} PARENT_SCOPE)
  set(changes ${CMAKE_MATCH_4} PARENT_SCOPE)
  # check_schema() after every migrate(): the schema is the one the image's migrations give.
  if(NOT boot_output MATCHES "\nschema: as the migrations give it \\(([0-9]+) objects expected\\)\n" OR
     CMAKE_MATCH_1 EQUAL 0)
    message(FATAL_ERROR "A/B update: image ${image} did not find the schema its migrations give:\n${boot_output}")
  endif()
  if(NOT boot_output MATCHES "\napplied:([ 0-9]*)\n")
    message(FATAL_ERROR "A/B update: image ${image} printed no applied: line:\n${boot_output}")
  endif()
  string(STRIP "${CMAKE_MATCH_1}" ids)
  set(history "${ids}" PARENT_SCOPE)
  if(NOT boot_output MATCHES "\napp state: ([0-9a-f]+, [0-9]+ schema objects, [0-9]+ rows), integrity_check ok\n")
    message(FATAL_ERROR "A/B update: image ${image} printed no intact app state:\n${boot_output}")
  endif()
  set(state "${CMAKE_MATCH_1}" PARENT_SCOPE)
  set(boot_output "${boot_output}" PARENT_SCOPE)
endfunction()

# expect_boot(<what> <reverted> <applied> <at> <history> <state>): the last boot_ok's results.
macro(expect_boot what want_reverted want_applied want_at want_history want_state)
  if(NOT reverted STREQUAL "${want_reverted}" OR NOT applied STREQUAL "${want_applied}" OR
     NOT at STREQUAL "${want_at}" OR NOT history STREQUAL "${want_history}" OR NOT state STREQUAL "${want_state}")
    message(FATAL_ERROR "A/B update, ${what}: expected reverted ${want_reverted}, applied ${want_applied}, at "
      "${want_at}, applied ids '${want_history}', app state '${want_state}'; got reverted ${reverted}, applied "
      "${applied}, at ${at}, applied ids '${history}', app state '${state}':\n${boot_output}")
  endif()
endmacro()

# ---- 1. the reference: v1 alone -------------------------------------------------------------
boot_ok(v1 v1_only)
if(NOT boot_output MATCHES "\nflash: empty \\(a new device\\)\n" OR
   NOT boot_output MATCHES "\nnew device: the app writes its data\n" OR
   NOT reverted EQUAL 0 OR NOT applied EQUAL 5 OR NOT history STREQUAL "1 2 3 4 5")
  message(FATAL_ERROR "A/B update: v1 on a new device did not apply 1-5 and write the app's data:\n${boot_output}")
endif()
set(v1_state "${state}")

# ---- 2. v1, v2, the fallback to v1, v2 again, v1 again ----------------------------------------
boot_ok(v1 device)
expect_boot("v1 on a new device" 0 5 5 "1 2 3 4 5" "${v1_state}")
boot_ok(v2 device)
if(state STREQUAL v1_state)
  message(FATAL_ERROR "A/B update: migration 6 changed nothing the app state shows:\n${boot_output}")
endif()
set(v2_state "${state}")
expect_boot("v2 after v1" 0 1 6 "1 2 3 4 5 6" "${v2_state}")
file(COPY_FILE "${ab_dir}/device/ab_flash.bin" "${ab_dir}/v2_flash.bin")
boot_ok(v1 device)
expect_boot("v1 falling back after v2" 1 0 5 "1 2 3 4 5" "${v1_state}")
set(revert_changes ${changes})
boot_ok(v2 device)
expect_boot("v2 again after the fallback" 0 1 6 "1 2 3 4 5 6" "${v2_state}")
boot_ok(v1 device)
expect_boot("v1 falling back a second time" 1 0 5 "1 2 3 4 5" "${v1_state}")
message("A/B update: v1 alone ${v1_state}; v2 ${v2_state}; v1 after v2 equal to v1 alone, twice "
  "(the revert made ${revert_changes} changes to the files)")

# The drift check in the image names what it finds: a hand-made index (`tamper`).
foreach(image v1 v2)
  file(MAKE_DIRECTORY "${ab_dir}/tampered_${image}")
  file(COPY_FILE "${ab_dir}/v1_only/ab_flash.bin" "${ab_dir}/tampered_${image}/ab_flash.bin")
  boot(${image} tampered_${image} tamper)
  if(NOT boot_exit EQUAL 8 OR NOT boot_output MATCHES "\nschema: DRIFT \\([0-9]+ objects expected\\)\n" OR
     NOT boot_output MATCHES "\n  extra index tasks_by_title\n" OR NOT boot_output MATCHES "(1 extra|error: drift)")
    message(FATAL_ERROR "A/B update: image ${image} did not report the hand-made index as drift (exit "
      "${boot_exit}, want 8):\n${boot_output}")
  endif()
endforeach()
message("A/B update: both images' drift check named a hand-made index (extra index tasks_by_title)")

# ---- 3. a power cut before each change of the revert ----------------------------------------
if(NOT AB_POWER_CUTS)
  return()
endif()
set(cut_at_6 0)
set(cut_at_5 0)
foreach(cut RANGE 1 ${revert_changes})
  set(device "cut_${cut}")
  file(MAKE_DIRECTORY "${ab_dir}/${device}")
  file(COPY_FILE "${ab_dir}/v2_flash.bin" "${ab_dir}/${device}/ab_flash.bin")
  boot(v1 ${device} "cut=${cut}")
  if(NOT boot_exit EQUAL 9 OR NOT boot_output MATCHES "\npower cut before change ${cut} \\(")
    message(FATAL_ERROR "A/B update: v1 with cut=${cut} did not stop at change ${cut} (exit ${boot_exit}):\n${boot_output}")
  endif()
  # What the cut left, seen by v2 on a copy of the flash: 6 applied and v2's
  # state exactly (the revert had not committed), or 5 and v2 applies 6 again;
  # never a state between.
  file(MAKE_DIRECTORY "${ab_dir}/${device}_seen_by_v2")
  file(COPY_FILE "${ab_dir}/${device}/ab_flash.bin" "${ab_dir}/${device}_seen_by_v2/ab_flash.bin")
  boot_ok(v2 ${device}_seen_by_v2)
  if(applied EQUAL 0)
    math(EXPR cut_at_6 "${cut_at_6} + 1")
  else()
    math(EXPR cut_at_5 "${cut_at_5} + 1")
  endif()
  expect_boot("v2 on what a power cut before change ${cut} left" 0 "${applied}" 6 "1 2 3 4 5 6" "${v2_state}")
  # The device itself boots v1 again, which reverts 6 (or finds it reverted),
  # and later v2, which migrates forward again.
  boot_ok(v1 ${device})
  if(applied EQUAL 0 AND NOT reverted EQUAL 1)
    message(FATAL_ERROR "A/B update: after a power cut before change ${cut} v2 found 6 applied, but v1 reverted ${reverted}")
  endif()
  expect_boot("v1 after a power cut before change ${cut}" "${reverted}" 0 5 "1 2 3 4 5" "${v1_state}")
  boot_ok(v2 ${device})
  expect_boot("v2 after the power cut before change ${cut} and v1" 0 1 6 "1 2 3 4 5 6" "${v2_state}")
endforeach()
# One more than the revert makes is never reached: the count above was all of them.
math(EXPR beyond "${revert_changes} + 1")
file(MAKE_DIRECTORY "${ab_dir}/cut_beyond")
file(COPY_FILE "${ab_dir}/v2_flash.bin" "${ab_dir}/cut_beyond/ab_flash.bin")
boot(v1 cut_beyond "cut=${beyond}")
if(NOT boot_exit EQUAL 0 OR NOT boot_output MATCHES "\nmigrate: reverted 1, applied 0, at migration 5 ")
  message(FATAL_ERROR "A/B update: v1 with cut=${beyond}, past the revert's last change, did not revert 6 (exit ${boot_exit}):\n${boot_output}")
endif()
message("A/B update: ${revert_changes} power cuts during the revert, one before each change it makes to the "
  "database or its journal: ${cut_at_6} left the database at 6 with v2's state exactly, ${cut_at_5} at 5 (the "
  "commit is the last change); after each the next v1 boot ended equal to v1 alone, and v2 after it equal to v2")
