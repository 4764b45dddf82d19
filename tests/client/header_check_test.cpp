// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "support/catch.hpp"

// Defined in cxx17_header_test.cpp (C++17) and c_api_compile_test.c (C).
int soss_cxx17_header_check();
extern "C" int soss_c_api_compile_check(void);

TEST_CASE("public headers build and work as C++17", "[client]") {
  CHECK(soss_cxx17_header_check() == 0);
}

TEST_CASE("soss_c.h builds and works as C", "[client]") { CHECK(soss_c_api_compile_check() == 0); }
