// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "digest_auth.hpp"
#include "http_message.hpp"
#include "store_link.hpp"

namespace soss::rest {

// The REST API of SPEC §6: authenticates a request (when digest authentication is on), maps its
// method and path to a handler, and turns every failure into a JSON error. Talks to the store
// only through libsoss_client, so it works the same against one host or many.
// Thread-safe (the store link and the authenticator are).
class RestApi {
 public:
  // `auth` null: no authentication.
  RestApi(std::shared_ptr<StoreLink> store, std::shared_ptr<DigestAuth> auth);

  HttpResponse handle(const HttpRequest& req) const;

 private:
  HttpResponse route(const HttpRequest& req) const;

  std::shared_ptr<StoreLink> store_;
  std::shared_ptr<DigestAuth> auth_;
};

}  // namespace soss::rest
