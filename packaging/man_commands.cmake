# cmake -DKANN=<kann> -DOUT=<file> -P man_commands.cmake
# Writes a help2man include file whose COMMANDS section holds `kann <command> --help` for every
# command `kann --help` lists, so kann.1 documents each command's options from the program itself.
execute_process(COMMAND ${KANN} --help OUTPUT_VARIABLE overview RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${KANN} --help failed")
endif()
string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*[ \t]" lines "${overview}")
set(text "[COMMANDS]\n")
foreach(line IN LISTS lines)
  string(STRIP "${line}" command)
  execute_process(COMMAND ${KANN} ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${KANN} ${command} --help failed")
  endif()
  # roff: a backslash is \e, and a line may not start with a control character.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND text ".SS \"kann ${command}\"\n.nf\n${help}.fi\n")
endforeach()
file(WRITE ${OUT} "${text}")
