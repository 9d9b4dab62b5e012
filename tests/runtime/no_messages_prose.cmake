# cmake -DFULL=<runtime library> -DNO_MESSAGES=<MIGBUNDLE_MESSAGES=0 library> -P no_messages_prose.cmake
# Sentences of the runtime's messages, from each kind of message: each must be
# in the full library (or this check proves nothing) and in none of the one
# built without messages.
cmake_minimum_required(VERSION 3.16)
set(sentences
  "restore the released file and put the change in a new migration"
  "could not take the write lock"
  "single_transaction cannot include"
  "remove the statement, or add"
  "Run a binary built with them"
  "The database is left at migration")
foreach(kind FULL NO_MESSAGES)
  set(library "${${kind}}")
  if(NOT EXISTS "${library}")
    message(FATAL_ERROR "no library at ${kind}=${library}")
  endif()
  # The library's printable runs, as the `strings` tool would list them.
  file(STRINGS "${library}" runs LENGTH_MINIMUM 8)
  string(JOIN "\n" text ${runs})
  foreach(sentence IN LISTS sentences)
    string(FIND "${text}" "${sentence}" at)
    if(kind STREQUAL "FULL" AND at EQUAL -1)
      message(FATAL_ERROR "\"${sentence}\" is not in the full runtime (${library}): update this list")
    elseif(kind STREQUAL "NO_MESSAGES" AND NOT at EQUAL -1)
      message(FATAL_ERROR "\"${sentence}\" is in the runtime built without messages (${library})")
    endif()
  endforeach()
endforeach()
message(STATUS "all sentences checked are in the full runtime and none is in the one without messages")
