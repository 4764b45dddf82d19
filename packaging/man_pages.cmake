# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# One man page per program, generated at build time from its --help and --version by help2man
# (Debian package help2man) and installed gzipped to share/man/man1. Without help2man, or when
# the programs cannot run here (a cross build), the build goes on without man pages and says so.
# tests/packaging/test_deb.sh checks that the .deb has them.
find_program(SOSS_HELP2MAN help2man)
if(NOT SOSS_HELP2MAN OR CMAKE_CROSSCOMPILING)
  message(STATUS "man pages: not generated (help2man not found or cross build; "
                 "apt-get install help2man)")
  return()
endif()
find_program(SOSS_GZIP gzip REQUIRED)

# program;component;NAME-section text
set(soss_man_programs
  "soss|cli|control program for the soss distributed in-memory object store"
  "soss_service|server|host service of the soss distributed in-memory object store"
  "soss_console|console|full-screen management console of a soss store"
  "soss_rest|server|HTTP REST API of a soss store"
  "soss_bench|cli|load generator for soss_service (native protocol)")
set(soss_man_dir ${CMAKE_BINARY_DIR}/man/man1)
file(MAKE_DIRECTORY ${soss_man_dir})
set(soss_man_pages)
foreach(entry IN LISTS soss_man_programs)
  string(REPLACE "|" ";" entry "${entry}")
  list(GET entry 0 prog)
  list(GET entry 1 component)
  list(GET entry 2 name)
  if(NOT TARGET ${prog})
    continue()  # soss_rest without http-parser or OpenSSL
  endif()
  set(page ${soss_man_dir}/${prog}.1)
  # help2man runs "PROG --help": the program's folder first on PATH makes the usage line say
  # "PROG", not the build path. gzip -n keeps the page byte-identical between builds of a day.
  add_custom_command(
    OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E env "PATH=$<TARGET_FILE_DIR:${prog}>:$ENV{PATH}"
            ${SOSS_HELP2MAN} --no-info --section=1 --source=soss "--name=${name}"
            --include=${CMAKE_CURRENT_SOURCE_DIR}/man/see_also.h2m --output=${page} ${prog}
    COMMAND ${SOSS_GZIP} -9nf ${page}
    DEPENDS ${prog} ${CMAKE_CURRENT_SOURCE_DIR}/man/see_also.h2m
    COMMENT "help2man: ${prog}.1"
    VERBATIM)
  list(APPEND soss_man_pages ${page}.gz)
  install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endforeach()
add_custom_target(soss_man_pages ALL DEPENDS ${soss_man_pages})
message(STATUS "man pages: generated with ${SOSS_HELP2MAN}")
