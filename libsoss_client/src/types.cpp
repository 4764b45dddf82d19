// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/types.hpp"

#include "soss/core/common/status.hpp"
#include "soss/core/store/types.hpp"

namespace soss::client {

const char* result_code_name(ResultCode code) {
  auto n = static_cast<std::int32_t>(code);
  if (n < 0 || n >= kStatusCodeCount) {
    return "Unknown";
  }
  // status_code_name returns views of string literals, so data() is NUL-terminated.
  return status_code_name(static_cast<StatusCode>(n)).data();
}

Key::Key(std::string_view name) : bytes_(core::key_of(name)), name_(name) {}
Key::Key(const std::string& name) : bytes_(core::key_of(name)), name_(name) {}
Key::Key(const char* name) : Key(std::string_view(name == nullptr ? "" : name)) {}

}  // namespace soss::client
