# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Debian ships standalone Asio (libasio-dev) without a CMake package; this provides asio::asio.
find_path(ASIO_INCLUDE_DIR NAMES asio.hpp)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Asio REQUIRED_VARS ASIO_INCLUDE_DIR)
if(Asio_FOUND AND NOT TARGET asio::asio)
  add_library(asio::asio INTERFACE IMPORTED)
  set_target_properties(asio::asio PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${ASIO_INCLUDE_DIR}")
  target_compile_definitions(asio::asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
  target_link_libraries(asio::asio INTERFACE Threads::Threads)
  if(WIN32)
    target_compile_definitions(asio::asio INTERFACE _WIN32_WINNT=0x0601)
    target_link_libraries(asio::asio INTERFACE ws2_32 mswsock)
  endif()
endif()
