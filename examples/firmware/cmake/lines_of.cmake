# lines_of(): shared by the size reports (size_report.cmake, rollback_size.cmake).
# Text as a CMake list of lines. Map files hold ';' and brackets, which lists
# do not survive, so those become harmless characters first.
function(lines_of text out_var)
  string(REPLACE ";" "," text "${text}")
  string(REPLACE "[" "(" text "${text}")
  string(REPLACE "]" ")" text "${text}")
  string(REPLACE "\\" "/" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()
