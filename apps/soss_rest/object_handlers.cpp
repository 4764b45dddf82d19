// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "object_handlers.hpp"

#include <nlohmann/json.hpp>

#include "rest_errors.hpp"
#include "rest_fields.hpp"
#include "url_codec.hpp"

namespace soss::rest {

using client::ResultCode;

namespace {

// The conditions of a request: each header parsed, absent ones empty.
struct Conditions {
  std::optional<EntityTags> if_match;
  std::optional<EntityTags> if_none_match;
};

Result<Conditions> conditions_of(const HttpRequest& req) {
  Conditions c;
  if (const std::string* v = req.header("If-Match")) {
    auto tags = parse_entity_tags(*v);
    if (!tags) {
      return tags.error().with_context("If-Match");
    }
    c.if_match = *tags;
  }
  if (const std::string* v = req.header("If-None-Match")) {
    auto tags = parse_entity_tags(*v);
    if (!tags) {
      return tags.error().with_context("If-None-Match");
    }
    c.if_none_match = *tags;
  }
  return c;
}

// An optimistic write or remove needs exactly one version to compare with.
Result<std::uint64_t> single_version(const EntityTags& tags) {
  if (tags.versions.size() + (tags.has_foreign ? 1 : 0) != 1) {
    return Status(StatusCode::kInvalidArgument, "If-Match takes * or exactly one entity tag");
  }
  if (tags.has_foreign) {
    return Status(StatusCode::kVersionMismatch, "the entity tag is not a version of this store");
  }
  return tags.versions.front();
}

}  // namespace

HttpResponse write_response(const client::CacheResponse& r, const std::string& ns,
                            const std::string& key) {
  HttpResponse resp;
  resp.status = r.result == ResultCode::kAdded ? 201 : 200;
  resp.set("ETag", etag_of(r.version));
  if (resp.status == 201) {
    resp.set("Location", "/data/" + percent_encode(ns) + "/" + percent_encode(key));
  }
  resp.set("Content-Type", "application/json");
  nlohmann::json j = {{"result", client::result_code_name(r.result)},
                      {"namespace", ns},
                      {"key", key},
                      {"version", r.version}};
  resp.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return resp;
}

HttpResponse get_object(const client::Cache& cache, const std::string& key,
                        const HttpRequest& req) {
  auto cond = conditions_of(req);
  if (!cond) {
    return bad_args_response(cond.error().message());
  }
  auto r = cache.read(key);
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  HttpResponse resp;
  resp.set("ETag", etag_of(r.version));
  if (cond->if_none_match &&
      (cond->if_none_match->any || cond->if_none_match->matches(r.version))) {
    resp.status = 304;
    return resp;
  }
  const std::string& type = r.metadata.content_type;
  resp.set("Content-Type", type.empty() ? "application/octet-stream" : type);
  resp.set("Soss-TimeoutSec", std::to_string(r.metadata.timeout.count()));
  resp.set("Soss-TimeoutType", std::string(timeout_type_name(r.metadata.timeout_type)));
  resp.body = std::move(r.value);
  return resp;
}

HttpResponse put_object(const client::Cache& cache, const std::string& key,
                        const HttpRequest& req) {
  auto cond = conditions_of(req);
  if (!cond) {
    return bad_args_response(cond.error().message());
  }
  if (cond->if_match && cond->if_none_match) {
    return bad_args_response("give If-Match or If-None-Match, not both");
  }
  if (cond->if_none_match && !cond->if_none_match->any) {
    return bad_args_response("a PUT takes only If-None-Match: * (create only)");
  }
  client::CreatePolicy policy = cache.default_policy();
  Status fields =
      apply_timeout_fields(req.header("Soss-TimeoutSec"), req.header("Soss-TimeoutType"), policy);
  if (!fields) {
    return bad_args_response(fields.message());
  }
  client::WriteOptions options(policy);
  if (const std::string* type = req.header("Content-Type")) {
    options.content_type = *type;
  }
  client::CacheResponse r;
  if (cond->if_none_match) {
    r = cache.add(key, req.body, options);
  } else if (cond->if_match && cond->if_match->any) {
    r = cache.update(key, req.body, options);  // keeps the object's timeout (docs/rest.md)
  } else if (cond->if_match) {
    auto version = single_version(*cond->if_match);
    if (!version) {
      return store_error_response(static_cast<ResultCode>(version.error().code()),
                                  version.error().message());
    }
    r = cache.update_optimistic(key, req.body, *version, options);
  } else {
    r = cache.put(key, req.body, options);
  }
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  return write_response(r, cache.name(), key);
}

HttpResponse delete_object(const client::Cache& cache, const std::string& key,
                           const HttpRequest& req) {
  auto cond = conditions_of(req);
  if (!cond) {
    return bad_args_response(cond.error().message());
  }
  if (cond->if_none_match) {
    return bad_args_response("a DELETE takes If-Match, not If-None-Match");
  }
  client::CacheResponse r;
  if (cond->if_match && !cond->if_match->any) {
    auto version = single_version(*cond->if_match);
    if (!version) {
      return store_error_response(static_cast<ResultCode>(version.error().code()),
                                  version.error().message());
    }
    r = cache.remove_optimistic(key, *version);
  } else {
    r = cache.remove(key);
  }
  if (!r.ok()) {
    return store_error_response(r.result, r.message);
  }
  HttpResponse resp;
  resp.status = 204;
  return resp;
}

}  // namespace soss::rest
