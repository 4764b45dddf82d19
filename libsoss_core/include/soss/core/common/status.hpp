// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <fmt/format.h>

namespace soss {

// Every result of every operation. The numbers are part of wire protocol v1 and of the client
// API: never renumber, only append. docs/protocol.md lists them with their meaning.
enum class StatusCode : std::uint16_t {
  kOk = 0,
  kAdded = 1,
  kUpdated = 2,
  kRetrieved = 3,
  kRemoved = 4,
  kLocked = 5,    // a lock was acquired or refreshed (success)
  kUnlocked = 6,  // a lock was released (success)
  kNotFound = 7,
  kAlreadyExists = 8,
  kVersionMismatch = 9,
  kObjectLocked = 10,   // refused: another caller holds the object's lock (SPEC "Locked")
  kAlreadyLocked = 11,  // a lock could not be had before the caller's deadline
  kLockLost = 12,       // the ticket is stale: expired, already released, or object replaced
  kInvalidArgument = 13,
  kObjectTooLarge = 14,
  kLowMemory = 15,
  kNotReady = 16,  // store inactive or partition moving: retry
  kUnavailable = 17,
  kTimeout = 18,
  kUnauthorized = 19,
  kProtocolError = 20,
  kInternal = 21,
  kNamespaceConflict = 22,  // a namespace name whose id collides with another registered name
  kConfigError = 23,
};

inline constexpr std::uint16_t kStatusCodeCount = 24;

std::string_view status_code_name(StatusCode code);

// True for the codes that report a successful outcome (Ok, Added, Updated, ...).
constexpr bool is_success(StatusCode code) {
  return static_cast<std::uint16_t>(code) <= static_cast<std::uint16_t>(StatusCode::kUnlocked);
}

// A code plus an optional context message. Success allocates nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code) : code_(code) {}  // NOLINT(google-explicit-constructor)
  Status(StatusCode code, std::string message)
      : code_(code),
        message_(message.empty() ? nullptr : std::make_shared<std::string>(std::move(message))) {}

  static Status ok() { return Status(); }

  bool is_ok() const { return is_success(code_); }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  std::string_view message() const {
    return message_ ? std::string_view(*message_) : std::string_view();
  }

  // Returns a copy whose message is "context: old message".
  template <typename... Args>
  Status with_context(fmt::format_string<Args...> f, Args&&... args) const {
    std::string ctx = fmt::format(f, std::forward<Args>(args)...);
    if (message_) {
      ctx += ": ";
      ctx += *message_;
    }
    return Status(code_, std::move(ctx));
  }

  // "NotFound: context" (or just the code name).
  std::string to_string() const;

  friend bool operator==(const Status& a, const Status& b) { return a.code_ == b.code_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::shared_ptr<const std::string> message_;
};

// A value or an error Status, shaped like std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Status error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  Result(StatusCode code) : v_(Status(code)) {}   // NOLINT(google-explicit-constructor)

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Status& error() const { return std::get<1>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace soss

// Returns the Status of `expr` from the enclosing function when it is not ok.
#define SOSS_RETURN_IF_ERROR(expr)                  \
  do {                                              \
    ::soss::Status soss_status_ = (expr);           \
    if (!soss_status_.is_ok()) return soss_status_; \
  } while (false)
