// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/status.hpp"

#include <array>

namespace soss {

std::string_view status_code_name(StatusCode code) {
  static constexpr std::array<std::string_view, kStatusCodeCount> kNames = {"Ok",
                                                                            "Added",
                                                                            "Updated",
                                                                            "Retrieved",
                                                                            "Removed",
                                                                            "Locked",
                                                                            "Unlocked",
                                                                            "NotFound",
                                                                            "AlreadyExists",
                                                                            "VersionMismatch",
                                                                            "ObjectLocked",
                                                                            "AlreadyLocked",
                                                                            "LockLost",
                                                                            "InvalidArgument",
                                                                            "ObjectTooLarge",
                                                                            "LowMemory",
                                                                            "NotReady",
                                                                            "Unavailable",
                                                                            "Timeout",
                                                                            "Unauthorized",
                                                                            "ProtocolError",
                                                                            "Internal",
                                                                            "NamespaceConflict",
                                                                            "ConfigError"};
  auto i = static_cast<std::size_t>(code);
  return i < kNames.size() ? kNames[i] : std::string_view("Unknown");
}

std::string Status::to_string() const {
  std::string s(status_code_name(code_));
  if (message_) {
    s += ": ";
    s += *message_;
  }
  return s;
}

}  // namespace soss
