// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "soss/core/store/request.hpp"

namespace soss::core {

// Of the requests that span partitions (spans_partitions), listings, queries and clears run as
// one share per primary host (each over its own primary partitions) and are merged; bulk
// requests are split into one request per key.
bool is_bulk(OpCode op);

// The answer of a spanning request from its shares (one per primary host, any order):
// namespaces merged by id with summed counts; keys in key order, paged like one host would
// (`max_page` caps the limit, the cursor is the last key returned when any share had more);
// clear counts summed. The first share that failed is the answer.
Response merge_shares(const Request& request, std::vector<Response> shares, std::uint32_t max_page);

}  // namespace soss::core
