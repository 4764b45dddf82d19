// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "soss/client/admin.hpp"

namespace soss::apps {

// The typed JSON that `soss --json` prints (docs/cli.md "JSON output"). The management
// protocol carries every value as text; these functions give each field one JSON type, chosen
// by its name and never by its value, so a consumer can rely on `.objects` being a number.
// Pure functions of their arguments.

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF), i.e. it can be a JSON string without loss.
bool is_utf8(std::string_view bytes);

// Standard base64 (RFC 4648, with '=' padding).
std::string base64(std::string_view bytes);

// Sets j[name] = bytes when they are UTF-8, else j[name + "_base64"] = base64(bytes): exactly
// one of the two is present, so binary data never turns into U+FFFD.
void put_bytes(nlohmann::json& j, const std::string& name, std::string_view bytes);

// A decimal integer field as a JSON number; text that is not one (a service older or newer
// than this CLI) stays a string rather than being lost.
nlohmann::json number_field(const std::string& value);

// A host's status response (kGetStatus) as an object: counters, sizes, ports and the epoch are
// numbers; state, version, host_id, address and params_file strings; the repeated fields become
// lists: "members" (objects of host_id, address, svr_port, mgt_port, primaries, replicas),
// "interfaces" (strings) and "refused" (strings "ID ADDRESS: why").
nlohmann::json status_json(const client::AdminReply& status);

// A kGetParams response as an object typed by the parameter registry: integers and ports are
// numbers (null when empty), 0/1 parameters booleans, everything else the text of the file.
nlohmann::json params_json(const client::AdminReply& params);

}  // namespace soss::apps
