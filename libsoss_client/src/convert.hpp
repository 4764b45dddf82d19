// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>

#include "soss/client/types.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/types.hpp"

namespace soss::client::detail {

// Conversions between the client's public value types and core's wire types. Stateless.

// Wire numbers are shared, so this is a cast; a code from a newer server passes through.
constexpr ResultCode to_result(StatusCode code) { return static_cast<ResultCode>(code); }

// Converts a client policy; parent keys are string keys of namespace `ns`. InvalidArgument for a
// timeout outside 0..2^32-1 seconds.
Status to_core_policy(const CreatePolicy& in, core::NamespaceId ns, core::CreatePolicy& out);

ObjectMetadata from_core(const core::ObjectMetadata& meta);

CacheResponse to_cache_response(core::Response r);
BulkResponse to_bulk_response(core::Response r);
KeyListResponse to_key_list_response(core::Response r);
NamespaceListResponse to_namespace_list_response(core::Response r);
ClearResponse to_clear_response(core::Response r);

// A response of type T (any of the client's *Response types) carrying only an error.
template <typename T>
T error_of(ResultCode code, std::string message) {
  T t;
  t.result = code;
  t.message = std::move(message);
  return t;
}

}  // namespace soss::client::detail
