// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "console_model.hpp"
#include "screen.hpp"

namespace soss::console {

// The colour of a host state: green active, yellow joining/leaving, red otherwise (inactive,
// isolated, unreachable).
Color state_color(const std::string& state);

// "12.5 KiB" style sizes.
std::string human_bytes(std::uint64_t bytes);

// Draws the model on the screen (any size; laid out for 80x24 and up). `where` names the
// service the console talks to ("127.0.0.1:720").
void draw(const ConsoleModel& model, Screen& screen, const std::string& where);

}  // namespace soss::console
