// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_api.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "namespace_handlers.hpp"
#include "object_handlers.hpp"
#include "rest_errors.hpp"
#include "url_codec.hpp"

namespace soss::rest {
namespace {

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpResponse not_allowed(const char* allow) {
  HttpResponse r = http_error_response(405, std::string("allowed: ") + allow);
  r.set("Allow", allow);
  return r;
}

bool is_get(const HttpRequest& req) { return req.method == "GET" || req.method == "HEAD"; }

}  // namespace

RestApi::RestApi(std::shared_ptr<StoreLink> store, std::shared_ptr<DigestAuth> auth)
    : store_(std::move(store)), auth_(std::move(auth)) {}

HttpResponse RestApi::handle(const HttpRequest& req) const {
  if (auth_) {
    const std::string* credentials = req.header("Authorization");
    auto outcome = credentials == nullptr
                       ? DigestAuth::Outcome::kDenied
                       : auth_->check(*credentials, req.method, req.target, now_s());
    if (outcome != DigestAuth::Outcome::kOk) {
      HttpResponse r =
          http_error_response(401, credentials == nullptr ? "digest authentication is required"
                                                          : "the credentials were not accepted");
      r.set("WWW-Authenticate", auth_->challenge(now_s(), outcome == DigestAuth::Outcome::kStale));
      return r;
    }
  }
  return route(req);
}

HttpResponse RestApi::route(const HttpRequest& req) const {
  auto segments = split_path(req.path);
  if (segments.empty() || segments[0] != "data") {
    return http_error_response(404, "the REST API lives under /data/");
  }
  if (segments.size() == 1 && !is_get(req)) {
    return not_allowed("GET, HEAD");
  }
  auto link = store_->get();
  if (!link.ok()) {
    return store_error_response(link.result, link.message);
  }
  if (segments.size() == 1) {
    return list_namespaces(*link.connection);
  }
  auto ns = percent_decode(segments[1]);
  if (!ns) {
    return http_error_response(400, "malformed %-escape in the namespace");
  }
  if (ns->empty()) {
    return store_error_response(client::ResultCode::kInvalidArgument, "empty namespace name");
  }
  client::Cache cache(link.connection, *ns);
  if (segments.size() == 2) {
    if (is_get(req)) {
      return list_keys(cache, req);
    }
    if (req.method == "DELETE") {
      return clear_namespace(cache);
    }
    if (req.method == "POST") {
      return upload_file(link.connection, *ns, req);
    }
    return not_allowed("GET, HEAD, DELETE, POST");
  }
  // Everything after the namespace is the key, so a key may hold '/' written plainly; but not
  // as its first byte: /data/ns// is an empty key (BadKey). A key starting with '/' is sent
  // as %2F.
  if (segments[2].empty()) {
    return error_response({400, "BadKey", "A null key value was provided."});
  }
  const auto key_at = static_cast<std::size_t>(segments[2].data() - req.path.data());
  std::string_view raw_key = std::string_view(req.path).substr(key_at);
  auto key = percent_decode(raw_key);
  if (!key) {
    return http_error_response(400, "malformed %-escape in the key");
  }
  if (key->empty()) {
    return error_response({400, "BadKey", "A null key value was provided."});
  }
  if (is_get(req)) {
    return get_object(cache, *key, req);
  }
  if (req.method == "PUT") {
    return put_object(cache, *key, req);
  }
  if (req.method == "DELETE") {
    return delete_object(cache, *key, req);
  }
  return not_allowed("GET, HEAD, PUT, DELETE");
}

}  // namespace soss::rest
