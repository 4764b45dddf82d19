// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/store/store_params.hpp"

#include <cstdint>

namespace soss::core {
namespace {

constexpr unsigned kMegabyteShift = 20;

// The registry's ranges keep these values non-negative and small enough to shift.
std::uint64_t megabytes_to_bytes(std::int64_t mb) {
  return static_cast<std::uint64_t>(mb) << kMegabyteShift;
}

}  // namespace

StoreOptions store_options_from(const ParamSet& params) {
  StoreOptions options;
  options.max_memory_bytes = megabytes_to_bytes(params.get_int("max_memory"));
  options.lru_threshold_pct = static_cast<std::uint32_t>(params.get_int("lru_threshold"));
  options.lock_timeout_s = static_cast<std::uint32_t>(params.get_int("lock_timeout"));
  options.max_object_bytes = megabytes_to_bytes(params.get_int("max_object_size"));
  return options;
}

}  // namespace soss::core
