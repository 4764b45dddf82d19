// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Catch2 v2 (Debian 12) and v3 behind one include.
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
