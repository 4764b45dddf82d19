// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_fields.hpp"

#include <charconv>

#include <fmt/format.h>

#include "header_params.hpp"
#include "http_message.hpp"

namespace soss::rest {
namespace {

bool parse_u64(std::string_view s, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string etag_of(std::uint64_t version) { return fmt::format("\"{}\"", version); }

bool EntityTags::matches(std::uint64_t version) const {
  for (std::uint64_t v : versions) {
    if (v == version) {
      return true;
    }
  }
  return false;
}

Result<EntityTags> parse_entity_tags(std::string_view value) {
  EntityTags tags;
  value = trim(value);
  if (value == "*") {
    tags.any = true;
    return tags;
  }
  while (!value.empty()) {
    if (value.substr(0, 2) == "W/") {
      value.remove_prefix(2);
    }
    if (value.empty() || value.front() != '"') {
      return Status(StatusCode::kInvalidArgument, "an entity tag must be quoted, as in \"17\"");
    }
    std::size_t close = value.find('"', 1);
    if (close == std::string_view::npos) {
      return Status(StatusCode::kInvalidArgument, "an entity tag lacks its closing quote");
    }
    std::uint64_t v = 0;
    if (parse_u64(value.substr(1, close - 1), v)) {
      tags.versions.push_back(v);
    } else {
      tags.has_foreign = true;
    }
    value = trim(value.substr(close + 1));
    if (!value.empty()) {
      if (value.front() != ',') {
        return Status(StatusCode::kInvalidArgument, "entity tags must be separated by commas");
      }
      value = trim(value.substr(1));
    }
  }
  return tags;
}

Status apply_timeout_fields(const std::string* seconds, const std::string* type,
                            client::CreatePolicy& policy) {
  if (seconds != nullptr) {
    std::uint64_t s = 0;
    if (!parse_u64(trim(*seconds), s) || s > 0xFFFFFFFFu) {
      return Status(
          StatusCode::kInvalidArgument,
          fmt::format("Soss-TimeoutSec: expected seconds in [0..4294967295], got '{}'", *seconds));
    }
    policy.timeout = std::chrono::seconds(static_cast<std::int64_t>(s));
  }
  if (type != nullptr) {
    std::string_view t = trim(*type);
    if (iequals(t, "Absolute")) {
      policy.timeout_type = client::TimeoutType::kAbsolute;
    } else if (iequals(t, "Sliding")) {
      policy.timeout_type = client::TimeoutType::kSliding;
    } else if (iequals(t, "ResetOnUpdate")) {
      policy.timeout_type = client::TimeoutType::kResetOnUpdate;
    } else {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("Soss-TimeoutType: expected Absolute, Sliding or ResetOnUpdate, "
                                "got '{}'",
                                *type));
    }
  }
  return Status::ok();
}

std::string_view timeout_type_name(client::TimeoutType type) {
  switch (type) {
    case client::TimeoutType::kSliding:
      return "Sliding";
    case client::TimeoutType::kResetOnUpdate:
      return "ResetOnUpdate";
    default:
      return "Absolute";
  }
}

}  // namespace soss::rest
