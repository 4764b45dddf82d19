// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "screen.hpp"

namespace soss::console {

// The terminal this process runs in, as a Screen. Two backends, one per build (CMake picks):
// curses on Linux (curses_screen.cpp) and the Win32 console API on Windows
// (windows_console_screen.cpp), which holds no curses at all.

// Why this process cannot draw full screen (its standard input or output is not a terminal, or
// on Linux TERM is unset), or empty when it can.
std::string terminal_problem();

// Switches the terminal to full-screen mode; destroying the Screen restores it. One per
// process; not thread-safe.
std::unique_ptr<Screen> make_terminal_screen();

}  // namespace soss::console
