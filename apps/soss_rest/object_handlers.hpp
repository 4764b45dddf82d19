// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "http_message.hpp"
#include "soss/client/cache.hpp"

namespace soss::rest {

// GET/HEAD /data/{ns}/{key}: the value with ETag and Content-Type; 304 on If-None-Match.
HttpResponse get_object(const client::Cache& cache, const std::string& key, const HttpRequest& req);
// PUT /data/{ns}/{key}: upsert, or conditional on If-Match / If-None-Match.
HttpResponse put_object(const client::Cache& cache, const std::string& key, const HttpRequest& req);
// DELETE /data/{ns}/{key}: remove, or remove if the version matches with If-Match.
HttpResponse delete_object(const client::Cache& cache, const std::string& key,
                           const HttpRequest& req);

// The answer to a successful write: 201 (Added, with Location) or 200, ETag, and a JSON body
// {"result","namespace","key","version"}.
HttpResponse write_response(const client::CacheResponse& r, const std::string& ns,
                            const std::string& key);

}  // namespace soss::rest
