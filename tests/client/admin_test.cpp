// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/admin.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>

#include "soss/core/common/param_set.hpp"
#include "soss/core/store/partitioning.hpp"
#include "soss/net/node.hpp"
#include "support/catch.hpp"
#include "test_server.hpp"

namespace soss::client {
namespace {

constexpr const char* kAccessFile =
    "secret 0123456789abcdef-store\n"
    "user report read pw-report\n"
    "user ops admin pw-ops\n";

// A real soss host (net::Node: store, server on svr_port and mgt_port, management answers) on
// 127.0.0.1 with free ports and no discovery. Records what it was asked to persist and how
// often it was asked to restart.
struct TestHost {
  explicit TestHost(bool with_access = false, bool can_restart = true) {
    net::NodeOptions o;
    REQUIRE(o.params.set("use_multicast", "0", core::ParamSource::kCommandLine).is_ok());
    o.svr_port_override = 0;
    o.mgt_port_override = 0;
    o.int_port_override = 0;
    o.resp_port_override = std::nullopt;
    o.io_threads = 1;
    if (with_access) {
      o.access = *core::AccessList::parse(kAccessFile, "access.txt");
    }
    o.persist = [this](const net::ParamChanges& changes) {
      std::lock_guard<std::mutex> lock(mu);
      persisted.insert(persisted.end(), changes.begin(), changes.end());
      return Status::ok();
    };
    if (can_restart) {
      o.restart = [this] {
        ++restarts;
        return Status::ok();
      };
    }
    node = std::make_unique<net::Node>(std::move(o));
    Status s = node->start();
    INFO(s.to_string());
    REQUIRE(s.is_ok());
  }
  ~TestHost() { node->stop(); }

  AdminOptions options(std::string user = {}, std::string password = {}) const {
    AdminOptions o;
    o.host = "127.0.0.1";
    o.mgt_port = node->mgt_port();
    o.timeout = std::chrono::seconds(5);
    o.user = std::move(user);
    o.password = std::move(password);
    return o;
  }

  std::unique_ptr<net::Node> node;
  std::mutex mu;
  AdminFields persisted;
  std::atomic<int> restarts{0};
};

// A port nothing listens on: bound once by a server that is then stopped.
std::uint16_t closed_port() {
  test::TestServer s;
  std::uint16_t p = s.port();
  s.stop();
  return p;
}

}  // namespace

TEST_CASE("admin: status of the local host is its management answer", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  AdminReply r = admin.status();
  INFO(r.error_text());
  REQUIRE(r.ok());
  CHECK(r.field("state") == "inactive");
  CHECK_FALSE(r.field("host_id").empty());
  CHECK(r.field("mgt_port") == std::to_string(host.node->mgt_port()));
  CHECK(r.field("svr_port") == std::to_string(host.node->svr_port()));
  CHECK(r.field("no_such_field").empty());
  CHECK(admin.local().mgt_port == host.node->mgt_port());
}

TEST_CASE("admin: join and leave change the host's state", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  AdminReply joined = admin.join(admin.local(), /*force=*/true);
  INFO(joined.error_text());
  REQUIRE(joined.ok());
  CHECK(test::eventually([&] { return admin.status().field("state") == "active"; }));
  CHECK(host.node->state() == net::HostState::kActive);

  // The last host of a store refuses to leave without force: its objects would be dropped.
  AdminReply refused = admin.leave(admin.local());
  CHECK(refused.result == ResultCode::kInvalidArgument);
  CHECK_FALSE(refused.message.empty());
  CHECK(refused.fields.empty());
  CHECK(host.node->state() == net::HostState::kActive);

  AdminReply left = admin.leave(admin.local(), /*force=*/true);
  INFO(left.error_text());
  REQUIRE(left.ok());
  CHECK(test::eventually([&] { return admin.status().field("state") == "inactive"; }));
}

TEST_CASE("admin: params lists the host's parameters", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  AdminReply r = admin.params(admin.local());
  INFO(r.error_text());
  REQUIRE(r.ok());
  CHECK(r.field("use_multicast") == "0");
  CHECK(r.field("mgt_port") == "720");  // the parameter; the test overrode the port it binds
  CHECK(r.all("use_multicast").size() == 1);
}

TEST_CASE("admin: set_params persists and names what needs a restart", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  AdminReply r = admin.set_params(admin.local(), {{"int_port", "7222"}});
  INFO(r.error_text());
  REQUIRE(r.ok());
  CHECK(r.field("int_port") == "restart");
  {
    std::lock_guard<std::mutex> lock(host.mu);
    REQUIRE(host.persisted.size() == 1);
    CHECK(host.persisted[0] == std::pair<std::string, std::string>("int_port", "7222"));
  }
  AdminReply bad = admin.set_params(admin.local(), {{"no_such_parameter", "1"}});
  CHECK_FALSE(bad.ok());
  CHECK(bad.message.find("no_such_parameter") != std::string::npos);
}

TEST_CASE("admin: restart asks the service, which may refuse", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  AdminReply r = admin.restart(admin.local());
  INFO(r.error_text());
  REQUIRE(r.ok());
  CHECK(host.restarts == 1);

  TestHost fixed(false, /*can_restart=*/false);
  AdminReply refused = Admin(fixed.options()).restart(Admin(fixed.options()).local());
  CHECK(refused.result == ResultCode::kUnavailable);
  CHECK(refused.message == "this service cannot restart itself");
  CHECK(refused.error_text() == "Unavailable: this service cannot restart itself");
}

TEST_CASE("admin: an unreachable host is Unavailable", "[client][admin]") {
  AdminOptions o;
  o.mgt_port = closed_port();
  o.timeout = std::chrono::seconds(2);
  Admin admin(o);
  AdminReply r = admin.status();
  CHECK(r.result == ResultCode::kUnavailable);
  CHECK_FALSE(r.message.empty());
  // An address target needs no local host; a host id does.
  AdminHostsResult by_address = admin.resolve("10.1.2.3");
  REQUIRE(by_address.ok());
  REQUIRE(by_address.hosts.size() == 1);
  CHECK(by_address.hosts[0].address == "10.1.2.3");
  CHECK(by_address.hosts[0].mgt_port == o.mgt_port);
  CHECK(admin.resolve("7").result == ResultCode::kUnavailable);
}

TEST_CASE("admin: resolve and gather find the hosts of a target", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  REQUIRE(admin.join(admin.local(), true).ok());
  REQUIRE(test::eventually([&] { return admin.status().field("state") == "active"; }));
  const std::string id = admin.status().field("host_id");

  AdminHostsResult local = admin.resolve("");
  REQUIRE(local.ok());
  REQUIRE(local.hosts.size() == 1);
  CHECK(local.hosts[0].address == "127.0.0.1");
  CHECK(local.hosts[0].id.empty());

  AdminHostsResult all = admin.resolve("all", {"10.9.9.9"});
  REQUIRE(all.ok());
  REQUIRE(all.hosts.size() == 2);
  CHECK(all.hosts[0].id == id);
  CHECK(all.hosts[1].address == "10.9.9.9");
  CHECK(all.hosts[1].mgt_port == host.node->mgt_port());

  AdminHostsResult by_id = admin.resolve(id);
  REQUIRE(by_id.ok());
  CHECK(by_id.hosts.at(0).id == id);
  CHECK(admin.resolve("99999999").result == ResultCode::kNotFound);
  AdminHostsResult bad = admin.resolve("not-a-host");
  CHECK(bad.result == ResultCode::kInvalidArgument);
  CHECK(bad.message.find("'not-a-host' is not a target") == 0);
  CHECK_FALSE(is_target_syntax("1.2.3"));
  CHECK(is_target_syntax("all"));

  AdminReply status = admin.status();
  std::vector<AdminHostReport> reports = admin.gather(status);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].host.id == id);
  CHECK(reports[0].state == "active");
  REQUIRE(reports[0].status);
  CHECK(reports[0].status->field("host_id") == id);
  CHECK(members_of(status).size() == 1);
}

TEST_CASE("admin: credentials are presented on every call", "[client][admin][auth]") {
  TestHost host(/*with_access=*/true);
  AdminReply anonymous = Admin(host.options()).status();
  CHECK(anonymous.result == ResultCode::kUnauthorized);
  CHECK(Admin(host.options("ops", "wrong")).status().result == ResultCode::kUnauthorized);

  Admin ops(host.options("ops", "pw-ops"));
  AdminReply r = ops.status();
  INFO(r.error_text());
  CHECK(r.ok());
  CHECK(ops.set_params(ops.local(), {{"int_port", "7223"}}).ok());
  Admin reader(host.options("report", "pw-report"));
  CHECK(reader.set_params(reader.local(), {{"int_port", "7224"}}).result ==
        ResultCode::kUnauthorized);
}

TEST_CASE("admin: routing reads the partition map at svr_port", "[client][admin]") {
  TestHost host;
  Admin admin(host.options());
  REQUIRE(admin.join(admin.local(), true).ok());
  REQUIRE(test::eventually([&] { return admin.status().field("state") == "active"; }));
  RoutingInfo info = admin.routing(Gateway{"127.0.0.1", host.node->svr_port()});
  INFO(info.message);
  REQUIRE(info.ok());
  // An active host has a table: itself, primary of every partition.
  REQUIRE(info.has_table);
  REQUIRE(info.hosts.size() == 1);
  CHECK(info.hosts[0].port == host.node->svr_port());
  CHECK(info.primary.size() == core::kPartitionCount);
  CHECK(std::all_of(info.primary.begin(), info.primary.end(),
                    [](std::uint16_t p) { return p == 0; }));
  RoutingInfo down = admin.routing(Gateway{"127.0.0.1", closed_port()});
  CHECK(down.result == ResultCode::kUnavailable);
}

}  // namespace soss::client
