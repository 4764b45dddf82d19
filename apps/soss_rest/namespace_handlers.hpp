// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "http_message.hpp"
#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"

namespace soss::rest {

// GET /data/: [{"name":..., "id":...}, ...]
HttpResponse list_namespaces(client::GridConnection& connection);
// GET /data/{ns}?cursor=&limit=: {"keys":[...], "next_cursor":"..."} (+ "raw_keys").
HttpResponse list_keys(const client::Cache& cache, const HttpRequest& req);
// DELETE /data/{ns}: {"removed": N}.
HttpResponse clear_namespace(const client::Cache& cache);
// POST /data/{ns}: a multipart/form-data upload of one file with the Soss-* fields.
HttpResponse upload_file(const std::shared_ptr<client::GridConnection>& connection,
                         const std::string& ns, const HttpRequest& req);

}  // namespace soss::rest
