// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_context.hpp"

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "soss/core/common/int_text.hpp"
#include "soss/core/store/types.hpp"

namespace soss::net::resp {

bool parse_redis_int(std::string_view text, std::int64_t& value) {
  return core::parse_strict_int64(text, value);
}

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') {
      x = static_cast<char>(x - 'A' + 'a');
    }
    if (y >= 'A' && y <= 'Z') {
      y = static_cast<char>(y - 'A' + 'a');
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

core::Request& RespContext::request(core::OpCode op) {
  core::Request& r = session_.request;
  r.op = op;
  r.id.ns = session_.ns;
  r.id.key = core::KeyBytes{};
  r.ns_name.clear();
  r.key_name.clear();
  r.value.clear();
  r.content_type.clear();
  r.policy = core::CreatePolicy{};
  r.indexes.clear();
  r.version = 0;
  r.ticket = 0;
  r.wait_ms = 0;
  r.lock_after = false;
  r.brief = true;  // no command of the Redis endpoint reads more metadata than brief answers hold
  r.items.clear();
  r.cursor.clear();
  r.limit = 0;
  r.fields.clear();
  return r;
}

core::Request& RespContext::request(core::OpCode op, std::string_view key) {
  core::Request& r = request(op);
  const bool hinted = key.data() == hint_text_.data() && key.size() == hint_text_.size();
  r.id.key = hinted ? hint_key_ : core::key_of(key);
  switch (op) {
    case core::OpCode::kAdd:
    case core::OpCode::kPut:
    case core::OpCode::kUpdate:
    case core::OpCode::kIncrement:
      r.ns_name = session_.ns_name;
      r.key_name.assign(key);
      break;
    default:
      break;
  }
  return r;
}

bool RespContext::Call::await_ready() {
  now_ = ctx_.shared_.handler.handle(request_, ctx_.session_.caller,
                                     std::move(ctx_.late_.completion()));
  return now_.has_value();
}

core::Response RespContext::Call::await_resume() {
  return now_ ? std::move(*now_) : ctx_.late_.take_answer();
}

void RespContext::store_error(const core::Response& response) {
  switch (response.code) {
    case StatusCode::kLowMemory:
      out.error("OOM command not allowed: " + response.message);
      return;
    case StatusCode::kNotReady:
      out.error("LOADING store not ready: " + response.message);
      return;
    case StatusCode::kObjectLocked:
      out.error("LOCKED " + response.message);
      return;
    case StatusCode::kObjectTooLarge:
      out.error("ERR string exceeds maximum allowed size (" + response.message + ")");
      return;
    default:
      break;
  }
  std::string_view name = status_code_name(response.code);
  out.error(response.message.empty() ? fmt::format("ERR {}", name)
                                     : fmt::format("ERR {}: {}", name, response.message));
}

bool RespContext::key_ok(std::string_view key) {
  if (key.size() > core::kMaxKeyNameBytes) {
    out.error(fmt::format("ERR key is {} bytes; soss keys are at most {} bytes", key.size(),
                          core::kMaxKeyNameBytes));
    return false;
  }
  return true;
}

bool RespContext::integer_arg(std::string_view text, std::int64_t& value) {
  if (!parse_redis_int(text, value)) {
    out.error("ERR value is not an integer or out of range");
    return false;
  }
  return true;
}

}  // namespace soss::net::resp
