# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Cross builds (Windows with mingw-w64): Debian has no mingw packages of fmt, cereal, CLI11,
# nlohmann_json or Asio, and the host's CMake packages point at Linux libraries. All five are
# usable header-only, so one folder that holds (or links to) just their headers stands in:
#   SOSS_THIRDPARTY_INCLUDE_DIR/{asio,asio.hpp,cereal,CLI,fmt,nlohmann}
# packaging/windows/build_msi.sh makes that folder from symlinks into /usr/include. Never point
# it at /usr/include itself: glibc's headers would shadow mingw's.
# fmt header-only costs about 5 s of compile time in every file that formats (its whole
# implementation, in each); SOSS_FMT_SOURCE_DIR, an unpacked source of Debian's fmtlib package
# (the fmt of libfmt-dev; build_msi.sh fetches it with apt-get source), compiles it once instead.
set(SOSS_FMT_SOURCE_DIR "" CACHE PATH
    "Cross builds: Debian's fmtlib source (src/format.cc, include/fmt), compiled once")
set(_dir "${SOSS_THIRDPARTY_INCLUDE_DIR}")
set(_headers asio.hpp cereal/cereal.hpp CLI/CLI.hpp nlohmann/json.hpp)
if(NOT SOSS_FMT_SOURCE_DIR)
  list(APPEND _headers fmt/format.h)
endif()
foreach(_h ${_headers})
  if(NOT EXISTS "${_dir}/${_h}")
    message(FATAL_ERROR "SOSS_THIRDPARTY_INCLUDE_DIR=${_dir} has no ${_h}")
  endif()
endforeach()

# Imported targets' include folders are -isystem, so the libraries raise no warnings.
function(soss_header_only_target name)
  add_library(${name} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_dir}")
endfunction()

if(SOSS_FMT_SOURCE_DIR)
  if(NOT EXISTS "${SOSS_FMT_SOURCE_DIR}/src/format.cc")
    message(FATAL_ERROR "SOSS_FMT_SOURCE_DIR=${SOSS_FMT_SOURCE_DIR} has no src/format.cc")
  endif()
  add_library(soss_fmt STATIC "${SOSS_FMT_SOURCE_DIR}/src/format.cc"
                              "${SOSS_FMT_SOURCE_DIR}/src/os.cc")
  target_include_directories(soss_fmt SYSTEM PUBLIC "${SOSS_FMT_SOURCE_DIR}/include")
  target_compile_features(soss_fmt PUBLIC cxx_std_11)
  add_library(fmt::fmt ALIAS soss_fmt)
else()
  soss_header_only_target(fmt::fmt)
  # fmt's compiled part comes from its headers (format-inl.h) in every TU that formats.
  target_compile_definitions(fmt::fmt INTERFACE FMT_HEADER_ONLY)
endif()
soss_header_only_target(cereal::cereal)
soss_header_only_target(CLI11::CLI11)
soss_header_only_target(nlohmann_json::nlohmann_json)
# cmake/FindAsio.cmake finds asio.hpp through this cache entry and adds the Windows libraries.
set(ASIO_INCLUDE_DIR "${_dir}" CACHE PATH "Folder with asio.hpp" FORCE)
find_package(Asio REQUIRED)
unset(_dir)
unset(_headers)
