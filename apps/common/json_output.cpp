// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "json_output.hpp"

#include <array>
#include <charconv>
#include <cstdint>

#include "management.hpp"
#include "soss/core/common/param_registry.hpp"

namespace soss::apps {
namespace {

// Length of the UTF-8 sequence starting at bytes[i], or 0 when it is malformed.
std::size_t utf8_length(std::string_view bytes, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(bytes[i]);
  std::size_t n = b0 < 0x80 ? 1 : b0 < 0xC2 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF5 ? 4 : 0;
  if (n == 0 || i + n > bytes.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) {
      return 0;
    }
  }
  if (n >= 3) {
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    const bool overlong = (b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xF0 && b1 < 0x90);
    const bool surrogate = b0 == 0xED && b1 >= 0xA0;
    const bool too_big = b0 == 0xF4 && b1 >= 0x90;
    if (overlong || surrogate || too_big) {
      return 0;
    }
  }
  return n;
}

// Status fields that are text; the repeated ones become lists; every other field is a number.
bool is_text_field(const std::string& name) {
  static constexpr std::array<std::string_view, 5> kText = {"state", "version", "host_id",
                                                            "address", "params_file"};
  for (std::string_view t : kText) {
    if (name == t) {
      return true;
    }
  }
  return false;
}

nlohmann::json member_json(const HostRef& m) {
  return {{"host_id", m.id},
          {"address", m.address},
          {"svr_port", m.svr_port},
          {"mgt_port", m.mgt_port},
          {"primaries", number_field(m.primaries)},
          {"replicas", number_field(m.replicas)}};
}

nlohmann::json param_value(const std::string& name, const std::string& value) {
  const core::ParamSpec* spec = core::find_param(name);
  if (spec == nullptr) {
    return value;
  }
  switch (spec->kind) {
    case core::ParamKind::kInt:
    case core::ParamKind::kPort:
      return value.empty() ? nlohmann::json() : number_field(value);
    case core::ParamKind::kBool:
      return value == "1";
    default:
      return value;
  }
}

}  // namespace

bool is_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = utf8_length(bytes, i);
    if (n == 0) {
      return false;
    }
    i += n;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    const std::size_t left = bytes.size() - i;
    if (left > 1) {
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    }
    if (left > 2) {
      v |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += left > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out += left > 2 ? kAlphabet[v & 63] : '=';
  }
  return out;
}

void put_bytes(nlohmann::json& j, const std::string& name, std::string_view bytes) {
  if (is_utf8(bytes)) {
    j[name] = std::string(bytes);
  } else {
    j[name + "_base64"] = base64(bytes);
  }
}

nlohmann::json number_field(const std::string& value) {
  const char* first = value.data();
  const char* last = first + value.size();
  std::uint64_t u = 0;
  auto r = std::from_chars(first, last, u);
  if (r.ec == std::errc() && r.ptr == last && !value.empty()) {
    return u;
  }
  std::int64_t s = 0;
  r = std::from_chars(first, last, s);
  if (r.ec == std::errc() && r.ptr == last && !value.empty()) {
    return s;
  }
  return value;
}

nlohmann::json status_json(const client::AdminReply& status) {
  nlohmann::json j = nlohmann::json::object();
  j["members"] = nlohmann::json::array();
  j["interfaces"] = nlohmann::json::array();
  j["refused"] = nlohmann::json::array();
  for (const HostRef& m : client::members_of(status)) {
    j["members"].push_back(member_json(m));
  }
  for (const auto& [name, value] : status.fields) {
    if (name == "interface" || name == "refused") {
      j[name == "interface" ? "interfaces" : "refused"].push_back(value);
    } else if (name != "member") {
      j[name] = is_text_field(name) ? nlohmann::json(value) : number_field(value);
    }
  }
  return j;
}

nlohmann::json params_json(const client::AdminReply& params) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, value] : params.fields) {
    j[name] = param_value(name, value);
  }
  return j;
}

}  // namespace soss::apps
