// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The Windows backend of soss_console's Screen: the Win32 console API, no curses (ncurses has
// no mingw-w64 build on Debian, and PDCurses none at all). A screen buffer of its own stands in
// for curses' alternate screen; a frame is drawn into memory and written with one
// WriteConsoleOutputW; keys come from ReadConsoleInputW; colours are character attributes.
#include "terminal_screen.hpp"

#include <windows.h>

#include <string>
#include <vector>

namespace soss::console {
namespace {

constexpr WORD kWhite = FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE;

// One frame in memory, the size of the console window at the last clear().
class WindowsConsoleScreen final : public Screen {
 public:
  WindowsConsoleScreen()
      : in_(GetStdHandle(STD_INPUT_HANDLE)), previous_out_(GetStdHandle(STD_OUTPUT_HANDLE)) {
    CONSOLE_SCREEN_BUFFER_INFO info{};
    if (GetConsoleScreenBufferInfo(previous_out_, &info) != 0) {
      normal_ = info.wAttributes;
    }
    GetConsoleMode(in_, &previous_in_mode_);
    // Keys one at a time without echo; window size events; Ctrl+C still raises SIGINT (processed
    // input); no quick-edit selection (extended flags without ENABLE_QUICK_EDIT_MODE).
    SetConsoleMode(in_, ENABLE_WINDOW_INPUT | ENABLE_PROCESSED_INPUT | ENABLE_EXTENDED_FLAGS);
    out_ =
        CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                  nullptr, CONSOLE_TEXTMODE_BUFFER, nullptr);
    if (out_ == INVALID_HANDLE_VALUE) {
      out_ = previous_out_;  // draw on the existing buffer instead
    } else {
      SetConsoleActiveScreenBuffer(out_);
    }
    CONSOLE_CURSOR_INFO cursor{1, FALSE};
    SetConsoleCursorInfo(out_, &cursor);
    clear();
  }

  ~WindowsConsoleScreen() override {
    SetConsoleMode(in_, previous_in_mode_);
    if (out_ != previous_out_) {
      SetConsoleActiveScreenBuffer(previous_out_);
      CloseHandle(out_);
    }
  }

  int rows() const override { return rows_; }
  int cols() const override { return cols_; }

  void clear() override {
    CONSOLE_SCREEN_BUFFER_INFO info{};
    if (GetConsoleScreenBufferInfo(out_, &info) != 0) {
      window_ = info.srWindow;
      rows_ = window_.Bottom - window_.Top + 1;
      cols_ = window_.Right - window_.Left + 1;
    }
    CHAR_INFO blank{};
    blank.Char.UnicodeChar = L' ';
    blank.Attributes = normal_;
    cells_.assign(static_cast<std::size_t>(rows_) * static_cast<std::size_t>(cols_), blank);
  }

  void text(int row, int col, std::string_view s, Color color) override {
    if (row < 0 || row >= rows_ || col < 0 || col >= cols_ || s.empty()) {
      return;
    }
    std::wstring wide = widen(s);
    WORD attributes = attribute(color);
    std::size_t at = static_cast<std::size_t>(row) * static_cast<std::size_t>(cols_);
    for (std::size_t i = 0; i < wide.size() && col + static_cast<int>(i) < cols_; ++i) {
      CHAR_INFO& cell = cells_[at + static_cast<std::size_t>(col) + i];
      cell.Char.UnicodeChar = wide[i];
      cell.Attributes = attributes;
    }
  }

  void present() override {
    COORD size{static_cast<SHORT>(cols_), static_cast<SHORT>(rows_)};
    SMALL_RECT region = window_;
    WriteConsoleOutputW(out_, cells_.data(), size, COORD{0, 0}, &region);
  }

  int read_key(std::chrono::milliseconds timeout) override {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      DWORD wait_ms = left.count() > 0 ? static_cast<DWORD>(left.count()) : 0;
      if (WaitForSingleObject(in_, wait_ms) != WAIT_OBJECT_0) {
        return key::kNone;
      }
      INPUT_RECORD record{};
      DWORD n = 0;
      if (ReadConsoleInputW(in_, &record, 1, &n) == 0 || n == 0) {
        return key::kNone;
      }
      if (record.EventType == WINDOW_BUFFER_SIZE_EVENT) {
        return key::kResize;
      }
      if (record.EventType == KEY_EVENT && record.Event.KeyEvent.bKeyDown != 0) {
        if (int k = key_of(record.Event.KeyEvent); k != key::kNone) {
          return k;
        }
      }
    }
  }

 private:
  static std::wstring widen(std::string_view s) {
    int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(n > 0 ? n : 0), L' ');
    if (n > 0) {
      MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n);
    }
    return out;
  }

  // The console's key codes (screen.hpp) for a key press; kNone for keys the console ignores
  // (Shift, Ctrl alone, function keys).
  static int key_of(const KEY_EVENT_RECORD& k) {
    switch (k.wVirtualKeyCode) {
      case VK_UP:
        return key::kUp;
      case VK_DOWN:
        return key::kDown;
      case VK_LEFT:
        return key::kLeft;
      case VK_RIGHT:
        return key::kRight;
      case VK_PRIOR:
        return key::kPageUp;
      case VK_NEXT:
        return key::kPageDown;
      case VK_RETURN:
        return key::kEnter;
      case VK_BACK:
        return key::kBackspace;
      case VK_ESCAPE:
        return key::kEscape;
      case VK_TAB:
        return key::kTab;
      default:
        break;
    }
    wchar_t c = k.uChar.UnicodeChar;
    return c >= 32 && c < 127 ? static_cast<int>(c) : key::kNone;
  }

  WORD attribute(Color color) const {
    switch (color) {
      case Color::kGreen:
        return FOREGROUND_GREEN | FOREGROUND_INTENSITY;
      case Color::kYellow:
        return FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_INTENSITY;
      case Color::kRed:
        return FOREGROUND_RED | FOREGROUND_INTENSITY;
      case Color::kTitle:
        return FOREGROUND_GREEN | FOREGROUND_BLUE | FOREGROUND_INTENSITY;
      case Color::kSelected:
        return BACKGROUND_RED | BACKGROUND_GREEN | BACKGROUND_BLUE;  // black on white
      case Color::kDim:
        return FOREGROUND_INTENSITY;  // dark grey
      case Color::kNormal:
        return normal_;
    }
    return normal_;
  }

  HANDLE in_;
  HANDLE previous_out_;
  HANDLE out_ = INVALID_HANDLE_VALUE;
  DWORD previous_in_mode_ = 0;
  WORD normal_ = kWhite;
  SMALL_RECT window_{0, 0, 79, 23};
  int rows_ = 24;
  int cols_ = 80;
  std::vector<CHAR_INFO> cells_;
};

}  // namespace

std::string terminal_problem() {
  DWORD mode = 0;
  if (GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) == 0 ||
      GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) == 0) {
    return "needs a console window (stdin and stdout a console, not a pipe or file)";
  }
  return {};
}

std::unique_ptr<Screen> make_terminal_screen() { return std::make_unique<WindowsConsoleScreen>(); }

}  // namespace soss::console
