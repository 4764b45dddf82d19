// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "screen.hpp"

namespace soss::console {

// The Screen on a curses terminal. Creating it switches the terminal to full-screen mode;
// destroying it restores the terminal. One per process; not thread-safe.
std::unique_ptr<Screen> make_curses_screen();

}  // namespace soss::console
