// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "support/catch.hpp"
