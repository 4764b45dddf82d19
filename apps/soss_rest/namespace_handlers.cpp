// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "namespace_handlers.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "http_message.hpp"
#include "multipart_parser.hpp"
#include "object_handlers.hpp"
#include "rest_errors.hpp"
#include "rest_fields.hpp"
#include "url_codec.hpp"

namespace soss::rest {

using client::ResultCode;

namespace {

HttpResponse json_response(const nlohmann::json& j) {
  HttpResponse r;
  r.set("Content-Type", "application/json");
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

std::string hex(const client::KeyBytes& k) {
  std::string s;
  for (auto b : k) {
    s += fmt::format("{:02x}", b);
  }
  return s;
}

// The upload's form: the one file part and the Soss-* fields.
struct Upload {
  const FormPart* file = nullptr;
  const std::string* key = nullptr;
  const std::string* ns = nullptr;
  const std::string* timeout_s = nullptr;
  const std::string* timeout_type = nullptr;
};

Result<Upload> read_form(const std::vector<FormPart>& parts) {
  Upload u;
  for (const FormPart& p : parts) {
    if (p.filename) {
      if (u.file != nullptr) {
        return Status(StatusCode::kInvalidArgument, "the form holds more than one file");
      }
      u.file = &p;
    } else if (iequals(p.name, "Soss-Key")) {
      u.key = &p.data;
    } else if (iequals(p.name, "Soss-Namespace")) {
      u.ns = &p.data;
    } else if (iequals(p.name, "Soss-TimeoutSec")) {
      u.timeout_s = &p.data;
    } else if (iequals(p.name, "Soss-TimeoutType")) {
      u.timeout_type = &p.data;
    }
  }
  if (u.file == nullptr) {
    return Status(StatusCode::kInvalidArgument, "the form holds no file");
  }
  return u;
}

}  // namespace

HttpResponse list_namespaces(client::GridConnection& connection) {
  auto r = connection.list_namespaces();
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& ns : r.namespaces) {
    list.push_back({{"name", ns.name}, {"id", ns.id}});
  }
  return json_response(list);
}

HttpResponse list_keys(const client::Cache& cache, const HttpRequest& req) {
  auto query = parse_query(req.query);
  if (!query) {
    return bad_args_response("malformed query string");
  }
  std::string cursor;
  std::uint32_t limit = 0;
  for (const auto& [name, value] : *query) {
    if (name == "cursor") {
      cursor = value;
    } else if (name == "limit") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit == 0) {
        return bad_args_response("limit: expected a whole number of at least 1");
      }
    }
  }
  auto r = cache.list_keys(cursor, limit);
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  nlohmann::json keys = nlohmann::json::array();
  nlohmann::json raw = nlohmann::json::array();
  for (const auto& k : r.keys) {
    if (k.key_name.empty()) {
      raw.push_back(hex(k.key));
    } else {
      keys.push_back(k.key_name);
    }
  }
  nlohmann::json j = {{"keys", keys}, {"next_cursor", r.next_cursor}};
  if (!raw.empty()) {
    j["raw_keys"] = raw;
  }
  return json_response(j);
}

HttpResponse clear_namespace(const client::Cache& cache) {
  auto r = cache.clear();
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  return json_response({{"removed", r.removed}});
}

HttpResponse upload_file(const std::shared_ptr<client::GridConnection>& connection,
                         const std::string& ns, const HttpRequest& req) {
  const std::string* type = req.header("Content-Type");
  auto boundary = multipart_boundary(type == nullptr ? "" : *type);
  if (!boundary) {
    return bad_args_response(boundary.error().message());
  }
  auto parts = parse_multipart(req.body, *boundary);
  if (!parts) {
    return bad_args_response(parts.error().message());
  }
  auto form = read_form(*parts);
  if (!form) {
    return bad_args_response(form.error().message());
  }
  std::string key = form->key != nullptr && !form->key->empty()
                        ? *form->key
                        : base_file_name(*form->file->filename);
  if (key.empty()) {
    return error_response({400, "BadKey", "A null key value was provided."},
                          "no Soss-Key field and the file has no name");
  }
  client::CreatePolicy policy;
  Status fields = apply_timeout_fields(form->timeout_s, form->timeout_type, policy);
  if (!fields) {
    return bad_args_response(fields.message());
  }
  client::WriteOptions options(policy);
  options.content_type = form->file->content_type;
  client::Cache cache(connection, form->ns != nullptr && !form->ns->empty() ? *form->ns : ns);
  auto r = cache.put(key, form->file->data, options);
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  return write_response(r, cache.name(), key);
}

}  // namespace soss::rest
