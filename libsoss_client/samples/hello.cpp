// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// hello: connect to a soss store, store an object, read it back, and update it under a lock.
//   hello                                       # the local service, as /etc/soss configures it
//   hello "bootstrapGateways=10.0.0.5:721"      # any store
#include <chrono>
#include <iostream>
#include <string>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"

using soss::client::Cache;
using soss::client::CreatePolicy;
using soss::client::GridConnection;
using soss::client::result_code_name;
using soss::client::TimeoutType;

int main(int argc, char** argv) {
  // One connection per store, shared by every cache and thread of the application.
  auto connected = argc > 1 ? GridConnection::connect(argv[1]) : GridConnection::connect_default();
  if (!connected.ok()) {
    std::cerr << "connect: " << result_code_name(connected.result) << ": " << connected.message
              << "\n";
    return 69;
  }

  // A cache is a namespace; objects written without a policy expire 10 minutes after their
  // last access.
  CreatePolicy policy;
  policy.timeout = std::chrono::minutes(10);
  policy.timeout_type = TimeoutType::kSliding;
  Cache cache(connected.connection, "hello-sample", policy);

  auto put = cache.put("greeting", "hello, world");
  std::cout << "put: " << result_code_name(put.result) << " (version " << put.version << ")\n";

  auto read = cache.read("greeting");
  if (!read.ok()) {
    std::cerr << "read: " << result_code_name(read.result) << " " << read.message << "\n";
    return 75;
  }
  std::cout << "read: " << read.value << "\n";

  // Pessimistic locking: read and lock (waiting up to 5 s for another holder), then update and
  // release with the ticket.
  auto locked = cache.read_exclusive("greeting", std::chrono::seconds(5));
  if (!locked.ok()) {
    std::cerr << "read_exclusive: " << result_code_name(locked.result) << "\n";
    return 75;
  }
  auto updated = cache.update_and_release("greeting", locked.value + "!", locked.lock_ticket);
  std::cout << "update_and_release: " << result_code_name(updated.result) << "\n";

  // The asynchronous form: many requests may be in flight at once.
  auto a = cache.read_async("greeting");
  auto b = cache.metadata_async("greeting");
  std::cout << "async read: " << a.get().value << ", size " << b.get().metadata.size << "\n";
  return 0;
}
