// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace soss::net::resp {

// The content type of a soss object that holds a Redis hash. String commands answer WRONGTYPE
// on it, TYPE answers "hash".
inline constexpr std::string_view kHashContentType = "application/x-redis-hash";

inline constexpr std::string_view kWrongTypeError =
    "WRONGTYPE Operation against a key holding the wrong kind of value";

// A hash's field map, in field order (HGETALL/HKEYS answer in that order).
using HashMap = std::map<std::string, std::string, std::less<>>;

// The value of a hash object (docs/redis.md, "Hashes"): the bytes 'H' 1 (format version 1), then
// per field: field length, field bytes, value length, value bytes; lengths are unsigned LEB128
// varints. Fields are written in order.
void encode_hash(const HashMap& map, std::string& out);
// False when `bytes` is not a version-1 encoding (wrong tag, truncated, trailing bytes).
bool decode_hash(std::string_view bytes, HashMap& out);

}  // namespace soss::net::resp
