// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "soss/client/types.hpp"
#include "soss/core/common/status.hpp"

namespace soss::rest {

// The ETag of an object version: the version in quotes, "17".
std::string etag_of(std::uint64_t version);

// An If-Match / If-None-Match value: "*" or a list of entity tags.
struct EntityTags {
  bool any = false;                     // "*"
  std::vector<std::uint64_t> versions;  // the tags that are soss versions
  bool has_foreign = false;             // tags that cannot be soss versions (never match)

  bool matches(std::uint64_t version) const;
};
// kInvalidArgument for a malformed list. Weak tags (W/"1") count as their version.
Result<EntityTags> parse_entity_tags(std::string_view value);

// Applies Soss-TimeoutSec (0..4294967295, 0 = never) and Soss-TimeoutType (Absolute, Sliding,
// ResetOnUpdate; case-insensitive) to `policy`; either may be null. kInvalidArgument names the
// bad field.
Status apply_timeout_fields(const std::string* seconds, const std::string* type,
                            client::CreatePolicy& policy);

// The name of a timeout type as the headers spell it ("Sliding").
std::string_view timeout_type_name(client::TimeoutType type);

}  // namespace soss::rest
