// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_data.hpp"

#include <cstdio>
#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "json_output.hpp"

namespace soss::apps {
namespace {

bool stdout_is_terminal() {
#if defined(_WIN32)
  return _isatty(_fileno(stdout)) != 0;
#else
  return isatty(fileno(stdout)) != 0;
#endif
}

struct DataOptions {
  std::string ns;
  std::string key;
  std::string value;
  double timeout_s = 0;
  std::string timeout_type = "absolute";
  bool create_only = false;
  std::uint64_t if_version = 0;
  double wait_s = 0;
  std::uint64_t ticket = 0;
};

std::string hex(const client::KeyBytes& k) {
  std::string s;
  for (auto b : k) {
    s += fmt::format("{:02x}", b);
  }
  return s;
}

// Opens the namespace's cache, or prints why not and sets `rc`.
std::unique_ptr<client::Cache> open_cache(CliContext& ctx, const std::string& ns, int& rc) {
  auto c = ctx.connect();
  if (!c.ok()) {
    rc = ctx.fail(c.result, c.message);
    return nullptr;
  }
  return std::make_unique<client::Cache>(c.connection, ns);
}

int finish(CliContext& ctx, const client::CacheResponse& r, const std::string& text) {
  if (!r.ok()) {
    return ctx.fail(r.result, r.message);
  }
  if (ctx.json) {
    nlohmann::json j = {{"result", client::result_code_name(r.result)}, {"version", r.version}};
    if (r.lock_ticket != 0) {
      j["ticket"] = std::to_string(r.lock_ticket);
    }
    ctx.print_json(j);
  } else if (!text.empty()) {
    std::cout << text << "\n";
  }
  return kExitOk;
}

int run_put(const DataOptions& o, CliContext& ctx) {
  std::string value = o.value;
  if (value == "-") {
    value.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  client::CreatePolicy policy;
  policy.timeout = std::chrono::seconds(static_cast<std::int64_t>(o.timeout_s));
  policy.timeout_type = o.timeout_type == "sliding"           ? client::TimeoutType::kSliding
                        : o.timeout_type == "reset-on-update" ? client::TimeoutType::kResetOnUpdate
                                                              : client::TimeoutType::kAbsolute;
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  client::CacheResponse r;
  if (o.if_version != 0) {
    r = cache->update_optimistic(o.key, value, o.if_version);
  } else if (o.create_only) {
    r = cache->add(o.key, value, policy);
  } else {
    r = cache->put(o.key, value, policy);
  }
  return finish(ctx, r,
                fmt::format("{} (version {})", client::result_code_name(r.result), r.version));
}

int run_get(const DataOptions& o, CliContext& ctx) {
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  auto r = cache->read(o.key);
  if (!r.ok()) {
    return ctx.fail(r.result, r.message);
  }
  if (ctx.json) {
    nlohmann::json j = {{"version", r.version},
                        {"size", r.metadata.size},
                        {"locked", r.metadata.locked},
                        {"timeout_s", r.metadata.timeout.count()}};
    put_bytes(j, "key", r.metadata.key_name);
    put_bytes(j, "value", r.value);
    ctx.print_json(j);
  } else {
    std::fwrite(r.value.data(), 1, r.value.size(), stdout);
    // The bytes go out exactly as stored; only on a terminal does a line end follow, so the
    // shell prompt does not land after the value.
    if (stdout_is_terminal() && (r.value.empty() || r.value.back() != '\n')) {
      std::fputc('\n', stdout);
    }
  }
  return kExitOk;
}

int run_remove(const DataOptions& o, CliContext& ctx) {
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  auto r = cache->remove(o.key);
  return finish(ctx, r, "Removed");
}

int run_lock(const DataOptions& o, CliContext& ctx) {
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  auto r =
      cache->lock(o.key, std::chrono::milliseconds(static_cast<std::int64_t>(o.wait_s * 1000)));
  return finish(ctx, r, std::to_string(r.lock_ticket));
}

int run_unlock(const DataOptions& o, CliContext& ctx) {
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  return finish(ctx, cache->release_lock(o.key, o.ticket), "Unlocked");
}

int run_namespaces(CliContext& ctx) {
  auto c = ctx.connect();
  if (!c.ok()) {
    return ctx.fail(c.result, c.message);
  }
  auto r = c.connection->list_namespaces();
  if (!r.ok()) {
    return ctx.fail(r.result, r.message);
  }
  if (ctx.json) {
    auto j = nlohmann::json::array();
    for (const auto& n : r.namespaces) {
      nlohmann::json entry = {{"id", n.id}, {"objects", n.objects}, {"bytes", n.bytes}};
      put_bytes(entry, "name", n.name);
      j.push_back(entry);
    }
    ctx.print_json(j);
    return kExitOk;
  }
  std::cout << fmt::format("{:<10} {:>10} {:>14}  {}\n", "id", "objects", "bytes", "name");
  for (const auto& n : r.namespaces) {
    std::cout << fmt::format("{:<10} {:>10} {:>14}  {}\n", n.id, n.objects, n.bytes, n.name);
  }
  return kExitOk;
}

int run_keys(const DataOptions& o, CliContext& ctx) {
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  auto j = nlohmann::json::array();
  std::string cursor;
  for (int page = 0; page < 1000000; ++page) {
    auto r = cache->list_keys(cursor, 0);
    if (!r.ok()) {
      return ctx.fail(r.result, r.message);
    }
    for (const auto& k : r.keys) {
      if (ctx.json) {
        nlohmann::json entry = {{"hash", hex(k.key)}};
        if (!k.key_name.empty()) {  // a raw key has only its hash
          put_bytes(entry, "key", k.key_name);
        }
        j.push_back(entry);
      } else {
        std::cout << (k.key_name.empty() ? "0x" + hex(k.key) : k.key_name) << "\n";
      }
    }
    cursor = r.next_cursor;
    if (cursor.empty()) {
      break;
    }
  }
  if (ctx.json) {
    ctx.print_json(j);
  }
  return kExitOk;
}

int run_clear(const DataOptions& o, CliContext& ctx) {
  int rc = 0;
  auto cache = open_cache(ctx, o.ns, rc);
  if (!cache) {
    return rc;
  }
  auto r = cache->clear();
  if (!r.ok()) {
    return ctx.fail(r.result, r.message);
  }
  if (ctx.json) {
    ctx.print_json({{"removed", r.removed}});
  } else {
    std::cout << "removed " << r.removed << " object(s)\n";
  }
  return kExitOk;
}

using Runner = int (*)(const DataOptions&, CliContext&);

CLI::App* add(CLI::App& app, CliContext& ctx, std::shared_ptr<DataOptions> o, const char* name,
              const char* help, Runner run, bool with_key) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("namespace", o->ns, "namespace (named cache)")->required();
  if (with_key) {
    cmd->add_option("key", o->key, "object key (a string)")->required();
  }
  cmd->callback([&ctx, o, run] { ctx.run = [&ctx, o, run] { return run(*o, ctx); }; });
  return cmd;
}

}  // namespace

void setup_data_commands(CLI::App& app, CliContext& ctx) {
  auto o = std::make_shared<DataOptions>();
  auto* put = add(app, ctx, o, "put", "store an object (add or update)", run_put, true);
  put->add_option("value", o->value, "the value, or - to read it from stdin")->required();
  put->add_option("--ttl", o->timeout_s, "seconds until the object expires (0 = never)")
      ->check(CLI::Range(0.0, 4294967295.0));
  put->add_option("--ttl-type", o->timeout_type, "absolute | sliding | reset-on-update")
      ->check(CLI::IsMember({"absolute", "sliding", "reset-on-update"}));
  // `--timeout` is the wait for the service (before the command); on put it once meant the
  // expiry, so `soss --timeout 60 put ...` made an object that never expired. Both old spellings
  // are refused with the new name rather than read one way or the other.
  const CLI::Validator renamed(
      [](std::string&) {
        return std::string(
            "on put the object's expiry is --ttl S (and --ttl-type); --timeout S "
            "before the command is the wait for the service");
      },
      "");
  put->add_option("--timeout,--timeout-type", o->timeout_type)->check(renamed)->group("");
  auto* create = put->add_flag("--create-only", o->create_only, "fail if the object exists");
  put->add_option("--if-version", o->if_version, "update only if the version is still V")
      ->excludes(create);
  add(app, ctx, o, "get", "print an object's value", run_get, true);
  add(app, ctx, o, "remove", "remove an object", run_remove, true);
  auto* lock = add(app, ctx, o, "lock", "lock an object and print the ticket", run_lock, true);
  lock->add_option("--wait", o->wait_s, "seconds to wait for the lock")
      ->check(CLI::Range(0.0, 86400.0));
  auto* unlock = add(app, ctx, o, "unlock", "release a lock", run_unlock, true);
  unlock->add_option("ticket", o->ticket, "the ticket printed by lock")->required();
  add(app, ctx, o, "keys", "list the keys of a namespace", run_keys, false);
  add(app, ctx, o, "clear", "remove every object of a namespace", run_clear, false);
  auto* ns = app.add_subcommand("namespaces", "list the namespaces");
  ns->callback([&ctx] { ctx.run = [&ctx] { return run_namespaces(ctx); }; });
}

}  // namespace soss::apps
