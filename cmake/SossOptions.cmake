# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Build flags live on two INTERFACE targets that every soss target links PRIVATE.
add_library(soss_options INTERFACE)
target_compile_features(soss_options INTERFACE cxx_std_20)
target_compile_definitions(soss_options INTERFACE SOSS_VERSION="${PROJECT_VERSION}")
if(SOSS_SANITIZE)
  target_compile_options(soss_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                -fno-sanitize-recover=undefined)
  target_link_options(soss_options INTERFACE -fsanitize=address,undefined)
endif()
if(SOSS_FUZZ)
  # Every soss library gets libFuzzer's coverage hooks (fuzzer-no-link) and the sanitizers, so the
  # fuzz targets of tests/fuzz see and check the parser code inside the libraries, not only their
  # own harness. Only the targets themselves link libFuzzer (-fsanitize=fuzzer, tests/fuzz).
  target_compile_options(soss_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                -fno-sanitize-recover=undefined
                                                -fno-omit-frame-pointer)
  target_link_options(soss_options INTERFACE -fsanitize=address,undefined)
endif()

add_library(soss_warnings INTERFACE)
if(MSVC)
  target_compile_options(soss_warnings INTERFACE /W4 /permissive-)
  if(SOSS_WARNINGS_AS_ERRORS)
    target_compile_options(soss_warnings INTERFACE /WX)
  endif()
else()
  target_compile_options(soss_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                 -Wnon-virtual-dtor -Wold-style-cast)
  if(SOSS_WARNINGS_AS_ERRORS)
    target_compile_options(soss_warnings INTERFACE -Werror)
  endif()
endif()

if(WIN32)
  # <windows.h> (through Asio) must not define min/max macros or pull in all of Win32.
  target_compile_definitions(soss_options INTERFACE NOMINMAX WIN32_LEAN_AND_MEAN)
endif()
if(MINGW)
  # Self-contained binaries: no libstdc++-6.dll, libgcc_s_*.dll or libwinpthread-1.dll to ship.
  target_link_options(soss_options INTERFACE -static -static-libgcc -static-libstdc++)
endif()
