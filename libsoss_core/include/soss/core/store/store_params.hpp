// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "soss/core/common/param_set.hpp"
#include "soss/core/store/store.hpp"

namespace soss::core {

// The StoreOptions that the parameters in effect ask for: max_memory and max_object_size are
// converted from MB to bytes; lru_threshold and lock_timeout are copied. Fields without a
// parameter keep their StoreOptions defaults.
StoreOptions store_options_from(const ParamSet& params);

}  // namespace soss::core
