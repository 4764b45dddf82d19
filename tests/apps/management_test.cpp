// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The management tools' shared helpers (apps/common): targets, view members, host_list, the
// interface the service picks.
#include "management.hpp"
#include "net_interfaces.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::apps;

TEST_CASE("target syntax: all, an IPv4 address, a host id", "[apps][management]") {
  for (const char* ok : {"", "all", "10.0.0.1", "255.255.255.255", "139637976902301"}) {
    INFO(ok);
    CHECK(is_target_syntax(ok));
  }
  for (const char* bad : {"ALL", "bogus", "10.0.0", "10.0.0.256", "1.2.3.4.5", "10..0.1", "-1",
                          "127.0.0.1:720", "123456789012345678901"}) {
    INFO(bad);
    CHECK_FALSE(is_target_syntax(bad));
  }
}

TEST_CASE("members_of reads the view's member lines", "[apps][management]") {
  client::AdminReply r;
  r.fields = {{"state", "active"},
              {"member", "11 10.0.0.1 721 720 512 510"},
              {"member", "12 ? 721 720 0 0"},
              {"member", "garbage"}};
  auto m = client::members_of(r);
  REQUIRE(m.size() == 2);
  CHECK(m[0].id == "11");
  CHECK(m[0].address == "10.0.0.1");
  CHECK(m[0].svr_port == 721);
  CHECK(m[0].mgt_port == 720);
  CHECK(m[0].primaries == "512");
  CHECK(m[0].replicas == "510");
  CHECK(m[1].address == "?");
  CHECK(r.field("state") == "active");
  CHECK(r.field("nothing").empty());
  CHECK(r.all("member").size() == 3);
}

TEST_CASE("configured_hosts: host_list only without multicast", "[apps][management]") {
  auto p = core::ParamSet::defaults();
  REQUIRE(p.set("host_list", "10.0.0.1, 10.0.0.2,10.0.0.3", core::ParamSource::kFile).is_ok());
  CHECK(configured_hosts(p).empty());  // use_multicast 1: discovery finds the hosts
  REQUIRE(p.set("use_multicast", "0", core::ParamSource::kFile).is_ok());
  CHECK(configured_hosts(p) == std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"});
}

TEST_CASE("the service picks the only non-loopback interface", "[apps][management]") {
  NetInterface lo{"lo", "127.0.0.1", "255.0.0.0", true};
  NetInterface eth0{"eth0", "10.0.0.5", "255.255.255.0", false};
  NetInterface eth1{"eth1", "192.168.1.5", "255.255.255.0", false};
  CHECK_FALSE(sole_non_loopback({lo}));
  CHECK_FALSE(sole_non_loopback({}));
  auto one = sole_non_loopback({lo, eth0});
  REQUIRE(one);
  CHECK(one->address == "10.0.0.5");
  CHECK_FALSE(sole_non_loopback({lo, eth0, eth1}));
  CHECK(describe(eth0) == "eth0 10.0.0.5/255.255.255.0");
  auto listed = list_net_interfaces();
  REQUIRE(listed);
  bool has_loopback = false;
  for (const auto& i : *listed) {
    has_loopback = has_loopback || (i.loopback && i.address == "127.0.0.1");
  }
  CHECK(has_loopback);
}

TEST_CASE("an Admin answer becomes a Result and a Status unchanged", "[apps][management]") {
  client::AdminReply ok;
  ok.fields = {{"state", "active"}, {"member", "1 10.0.0.1 721 720 10 10"}, {"member", "x"}};
  auto r = result_of(ok);
  REQUIRE(r);
  CHECK(r->ok());
  CHECK(r->fields == ok.fields);  // order and repeated names kept: the CLI prints them in order
  CHECK(client::members_of(*r).size() == 1);

  client::AdminReply refused;
  refused.result = client::ResultCode::kInvalidArgument;
  refused.message = "the last host of the store cannot leave";
  auto e = result_of(refused);
  REQUIRE_FALSE(e);
  // The CLI prints this text; it must stay what Status(code, message) printed before.
  CHECK(e.error().to_string() == "InvalidArgument: the last host of the store cannot leave");
  CHECK(e.error().to_string() == refused.error_text());

  client::AdminReply bare;
  bare.result = client::ResultCode::kUnavailable;
  CHECK(result_of(bare).error().to_string() == "Unavailable");
}
