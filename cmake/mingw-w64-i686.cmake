# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Cross-compiles soss for 32-bit Windows with Debian's mingw-w64 (g++-mingw-w64-i686-posix).
# The -posix compilers are required: they have std::thread and std::mutex, the -win32 ones do not.
# The host's /usr/include is out of reach on purpose; pass the header-only libraries with
# -DSOSS_THIRDPARTY_INCLUDE_DIR (cmake/SossHeaderOnlyDeps.cmake, packaging/windows/build_msi.sh).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86)
set(SOSS_MINGW_PREFIX i686-w64-mingw32)
set(CMAKE_C_COMPILER ${SOSS_MINGW_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SOSS_MINGW_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER ${SOSS_MINGW_PREFIX}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${SOSS_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
