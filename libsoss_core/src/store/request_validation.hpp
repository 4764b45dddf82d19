// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/store.hpp"

namespace soss::core {

// Checks the fields of an object request that arrive off the wire (sizes, counts, enum values,
// namespace name/id pairing) before the store looks at any object. Returns kInvalidArgument or
// kObjectTooLarge with a message naming the field; ok otherwise. Stateless.
Status validate_request(const Request& request, const StoreOptions& options);

}  // namespace soss::core
