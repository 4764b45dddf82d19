// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Compiled as C++17 with only the SDK's include directories (see CMakeLists.txt): every public
// header must build there, without Asio, cereal, fmt, core or net.
#include "soss/client/admin.hpp"
#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "soss/client/soss_c.h"
#include "soss/client/types.hpp"

#if __cplusplus != 201703L
#error "this file must be compiled as C++17"
#endif

#ifdef ASIO_VERSION
#error "a public client header pulled in Asio"
#endif
#ifdef FMT_VERSION
#error "a public client header pulled in fmt"
#endif
#ifdef CEREAL_CEREAL_HPP_
#error "a public client header pulled in cereal"
#endif

// Called by header_check_test.cpp so the object is linked and run, not only compiled.
int soss_cxx17_header_check() {
  using namespace soss::client;
  CreatePolicy policy;
  policy.timeout = std::chrono::seconds(5);
  policy.timeout_type = TimeoutType::kSliding;
  WriteOptions options = policy;
  CacheResponse response;
  response.result = ResultCode::kRetrieved;
  Key key("k");
  ConnectionOptionsResult parsed = parse_connection_string("bootstrapGateways=h:1");
  bool fine = response.ok() && options.policy.has_value() && key.name() == "k" && parsed.ok() &&
              parsed.options.gateways.at(0).port == 1;
  return fine ? static_cast<int>(ResultCode::kOk) : static_cast<int>(ResultCode::kInternal);
}
