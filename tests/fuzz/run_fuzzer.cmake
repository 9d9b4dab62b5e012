# Runs one fuzzer for SECONDS over a scratch copy of its seed corpus; fails on
# any crash, leak or sanitizer report (libFuzzer exits non-zero).
file(REMOVE_RECURSE "${WORK}")
file(COPY "${SEEDS}/" DESTINATION "${WORK}")
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -artifact_prefix=${WORK}/ -print_final_stats=1 -rss_limit_mb=2048 "${WORK}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "fuzzer ${FUZZER} failed (exit ${result}); the crashing input is in the working directory")
endif()
