// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace soss::console {

// The colours the console draws with; a backend maps them to what its terminal has.
enum class Color : std::uint8_t { kNormal, kGreen, kYellow, kRed, kTitle, kSelected, kDim };

// Keys besides printable characters (which are their own code, 32..126).
namespace key {
inline constexpr int kNone = -1;  // read_key timed out
inline constexpr int kUp = 0x101;
inline constexpr int kDown = 0x102;
inline constexpr int kLeft = 0x103;
inline constexpr int kRight = 0x104;
inline constexpr int kPageUp = 0x105;
inline constexpr int kPageDown = 0x106;
inline constexpr int kEnter = '\n';
inline constexpr int kEscape = 27;
inline constexpr int kBackspace = 127;
inline constexpr int kTab = '\t';
inline constexpr int kResize = 0x107;
}  // namespace key

// A character terminal the console draws on: text at a row and column in a colour, a key read
// with a timeout, its size. The console's only access to the terminal, so that a plain Windows
// console can replace curses (curses_screen.cpp holds every curses call). Text is clipped at
// the right edge; drawing happens off-screen until present(). Not thread-safe.
class Screen {
 public:
  virtual ~Screen() = default;
  virtual int rows() const = 0;
  virtual int cols() const = 0;
  virtual void clear() = 0;
  virtual void text(int row, int col, std::string_view s, Color color = Color::kNormal) = 0;
  virtual void present() = 0;
  // A key code (printable character or key::k*), or key::kNone after `timeout`.
  virtual int read_key(std::chrono::milliseconds timeout) = 0;
};

}  // namespace soss::console
