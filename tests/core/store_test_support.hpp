// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the store tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "soss/core/store/store.hpp"
#include "support/catch.hpp"

namespace soss::core::store_test {

inline ObjectId oid(std::string_view ns, std::string_view key) {
  return ObjectId{namespace_id_of(ns), key_of(key)};
}

enum class KeyName { kOmit, kSend };

// A request for `key` in namespace `ns`; with KeyName::kSend it carries the key string too
// (which counts in the object's accounted bytes).
inline Request make_request(OpCode op, std::string_view ns, std::string_view key,
                            std::string value = {}, KeyName key_name = KeyName::kOmit) {
  Request r;
  r.op = op;
  r.id = oid(ns, key);
  if (key_name == KeyName::kSend) {
    r.key_name = std::string(key);
  }
  r.value = std::move(value);
  return r;
}

// Runs a request that must answer at once.
inline Response run(Store& s, const Request& r) {
  std::optional<Response> out = s.execute(r);
  REQUIRE(out.has_value());
  return *out;
}

}  // namespace soss::core::store_test
