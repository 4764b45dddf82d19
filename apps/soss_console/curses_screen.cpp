// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The curses backend of soss_console's Screen (Linux): every curses call of soss_console is in
// this file.
#include "terminal_screen.hpp"

#include <curses.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

// The curses macros (COLOR_PAIR, getch, ...) use C casts and int conversions.
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#endif

namespace soss::console {
namespace {

class CursesScreen final : public Screen {
 public:
  CursesScreen() {
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(50);
    if (has_colors()) {
      start_color();
      use_default_colors();
      init_pair(1, COLOR_GREEN, -1);
      init_pair(2, COLOR_YELLOW, -1);
      init_pair(3, COLOR_RED, -1);
      init_pair(4, COLOR_CYAN, -1);
      init_pair(5, COLOR_BLACK, COLOR_WHITE);
    }
  }
  ~CursesScreen() override { endwin(); }

  int rows() const override { return LINES; }
  int cols() const override { return COLS; }
  void clear() override { erase(); }

  void text(int row, int col, std::string_view s, Color color) override {
    if (row < 0 || row >= LINES || col < 0 || col >= COLS) {
      return;
    }
    std::string clipped(s.substr(0, static_cast<std::size_t>(COLS - col)));
    attr_t a = attribute(color);
    attron(a);
    mvaddnstr(row, col, clipped.c_str(), static_cast<int>(clipped.size()));
    attroff(a);
  }

  void present() override { refresh(); }

  int read_key(std::chrono::milliseconds timeout) override {
    timeout(static_cast<int>(timeout.count()));
    int c = getch();
    switch (c) {
      case ERR:
        return key::kNone;
      case KEY_UP:
        return key::kUp;
      case KEY_DOWN:
        return key::kDown;
      case KEY_LEFT:
        return key::kLeft;
      case KEY_RIGHT:
        return key::kRight;
      case KEY_PPAGE:
        return key::kPageUp;
      case KEY_NPAGE:
        return key::kPageDown;
      case KEY_ENTER:
      case '\r':
        return key::kEnter;
      case KEY_BACKSPACE:
      case 8:
        return key::kBackspace;
      case KEY_RESIZE:
        return key::kResize;
      default:
        return c;
    }
  }

 private:
  static attr_t attribute(Color color) {
    if (!has_colors()) {
      return color == Color::kSelected || color == Color::kTitle ? A_REVERSE : A_NORMAL;
    }
    switch (color) {
      case Color::kGreen:
        return COLOR_PAIR(1) | A_BOLD;
      case Color::kYellow:
        return COLOR_PAIR(2) | A_BOLD;
      case Color::kRed:
        return COLOR_PAIR(3) | A_BOLD;
      case Color::kTitle:
        return COLOR_PAIR(4) | A_BOLD;
      case Color::kSelected:
        return COLOR_PAIR(5);
      case Color::kDim:
        return A_DIM;
      case Color::kNormal:
        return A_NORMAL;
    }
    return A_NORMAL;
  }
};

}  // namespace

std::string terminal_problem() {
  if (::isatty(0) == 0 || ::isatty(1) == 0 || std::getenv("TERM") == nullptr) {
    return "needs a terminal (stdin and stdout a tty, TERM set)";
  }
  return {};
}

std::unique_ptr<Screen> make_terminal_screen() { return std::make_unique<CursesScreen>(); }

}  // namespace soss::console
