-- Copyright (c) 2026 the soss authors
-- SPDX-License-Identifier: Apache-2.0
-- wrk: GET /data/bench/k0 .. k(KEYS-1), keys chosen at random (fill them first with put.lua).
local keys = tonumber(os.getenv("KEYS") or "1000")

request = function()
  return wrk.format("GET", "/data/bench/k" .. math.random(0, keys - 1))
end
