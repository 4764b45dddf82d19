-- Copyright (c) 2026 the soss authors
-- SPDX-License-Identifier: Apache-2.0
-- wrk: PUT 1 KiB values to /data/bench/k0 .. k(KEYS-1), keys chosen at random.
local keys = tonumber(os.getenv("KEYS") or "1000")
local body = string.rep("x", tonumber(os.getenv("SIZE") or "1024"))
local headers = { ["Content-Type"] = "application/octet-stream" }

request = function()
  return wrk.format("PUT", "/data/bench/k" .. math.random(0, keys - 1), headers, body)
end
