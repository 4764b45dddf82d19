# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Provides HttpParser::HttpParser. Linux: Debian's libhttp-parser-dev (http_parser.h and
# libhttp_parser, no CMake package). Cross builds (Windows): Debian has no mingw-w64 build of
# it, so SOSS_HTTP_PARSER_SOURCE_DIR names an unpacked source of Debian's http-parser package
# (http_parser.c, http_parser.h), which packaging/windows/build_msi.sh fetches with
# `apt-get source` before configuring; it is compiled here as a static library. Nothing is
# downloaded at configure time.
set(SOSS_HTTP_PARSER_SOURCE_DIR "" CACHE PATH
    "Cross builds: a folder with http_parser.c and http_parser.h (Debian's http-parser source)")
if(SOSS_HTTP_PARSER_SOURCE_DIR)
  if(NOT EXISTS "${SOSS_HTTP_PARSER_SOURCE_DIR}/http_parser.c")
    message(FATAL_ERROR "SOSS_HTTP_PARSER_SOURCE_DIR=${SOSS_HTTP_PARSER_SOURCE_DIR} has no "
                        "http_parser.c")
  endif()
  set(HTTP_PARSER_INCLUDE_DIR "${SOSS_HTTP_PARSER_SOURCE_DIR}")
  set(HTTP_PARSER_LIBRARY soss_http_parser)
  if(NOT TARGET soss_http_parser)
    add_library(soss_http_parser STATIC "${SOSS_HTTP_PARSER_SOURCE_DIR}/http_parser.c")
    # As Debian builds its library (HTTP_PARSER_STRICT=0); -isystem keeps its warnings out.
    target_compile_definitions(soss_http_parser PUBLIC HTTP_PARSER_STRICT=0)
    target_include_directories(soss_http_parser SYSTEM PUBLIC "${SOSS_HTTP_PARSER_SOURCE_DIR}")
  endif()
else()
  find_path(HTTP_PARSER_INCLUDE_DIR NAMES http_parser.h)
  find_library(HTTP_PARSER_LIBRARY NAMES http_parser)
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(HttpParser REQUIRED_VARS HTTP_PARSER_LIBRARY
                                                           HTTP_PARSER_INCLUDE_DIR)
if(HttpParser_FOUND AND NOT TARGET HttpParser::HttpParser)
  if(TARGET soss_http_parser)
    add_library(HttpParser::HttpParser ALIAS soss_http_parser)
  else()
    add_library(HttpParser::HttpParser UNKNOWN IMPORTED)
    set_target_properties(HttpParser::HttpParser PROPERTIES
      IMPORTED_LOCATION "${HTTP_PARSER_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${HTTP_PARSER_INCLUDE_DIR}")
  endif()
endif()
mark_as_advanced(HTTP_PARSER_INCLUDE_DIR HTTP_PARSER_LIBRARY)
