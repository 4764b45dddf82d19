// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The soss CLI's operator commands against real services: targets (all, an address, a host
// id) on a 2-host store on 127.0.0.1/127.0.0.2, restart, set_cli/show_remcli/populate, errors;
// soss_service's choice of net_interface; soss_console's non-interactive behaviour.
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <memory>

#include "integration/service_fixture.hpp"
#include "support/catch.hpp"
#include "support/process.hpp"

using namespace soss::test;
using namespace std::chrono_literals;

namespace {

std::string json_field(const std::string& json, const std::string& name) {
  auto pos = json.find("\"" + name + "\": \"");
  if (pos == std::string::npos) {
    return {};
  }
  pos += name.size() + 5;
  return json.substr(pos, json.find('"', pos) - pos);
}

bool has_line(const std::string& text, const std::string& name, const std::string& value) {
  std::size_t pos = 0;
  while ((pos = text.find(name, pos)) != std::string::npos) {
    std::size_t v = text.find_first_not_of(" \t", pos + name.size());
    std::size_t end = text.find('\n', pos);
    if ((pos == 0 || text[pos - 1] == '\n') && v != std::string::npos &&
        text.substr(v, end - v) == value) {
      return true;
    }
    pos += name.size();
  }
  return false;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Two hosts on 127.0.0.1 and 127.0.0.2 with the same ports, found by host_list.
class Pair {
 public:
  Pair() : svr_(free_port()), mgt_(free_port()), int_(free_port()) {
    for (int i = 1; i <= 2; ++i) {
      write_text(params(i), "net_interface 127.0.0." + std::to_string(i) + "\nsvr_port " +
                                std::to_string(svr_) + "\nmgt_port " + std::to_string(mgt_) +
                                "\nint_port " + std::to_string(int_) +
                                "\nuse_multicast 0\nhost_list 127.0.0.1,127.0.0.2\n"
                                "heartbeat_ms 100\nheartbeat_misses 10\nauto_join 1\n");
      procs_[i] = std::make_unique<Process>(
          std::vector<std::string>{SOSS_SERVICE_BIN, "--params", params(i)},
          dir_.file("h" + std::to_string(i) + ".log"));
    }
  }
  std::string params(int i) const { return dir_.file("h" + std::to_string(i) + ".txt"); }
  std::string file(int i) const { return read_text(params(i)); }
  RunResult cli(int i, const std::vector<std::string>& args) const {
    std::vector<std::string> argv{SOSS_CLI_BIN, "--params", params(i), "--timeout", "3"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {}, 60s);
  }
  // soss query on host 1: both hosts active and replicated.
  bool healthy() const {
    auto q = cli(1, {"query"});
    return q.exit_code == 0 && contains(q.out, "store: active (2 hosts");
  }

 private:
  TempDir dir_;
  std::uint16_t svr_, mgt_, int_;
  std::unique_ptr<Process> procs_[3];
};

int non_loopback_interfaces(std::string& only) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return -1;
  }
  int n = 0;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr != nullptr && i->ifa_addr->sa_family == AF_INET &&
        (i->ifa_flags & IFF_UP) != 0 && (i->ifa_flags & IFF_LOOPBACK) == 0) {
      ++n;
      char buf[32] = {};
      auto* in = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
      auto a = ntohl(in->sin_addr.s_addr);
      std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
                    a & 255);
      only = buf;
    }
  }
  freeifaddrs(list);
  return n;
}

}  // namespace

TEST_CASE("soss targets: all, an address, a host id, unknown and malformed targets",
          "[integration][cli]") {
  Pair farm;
  REQUIRE(eventually([&] { return farm.healthy(); }, 30s));

  auto all = farm.cli(1, {"show", "all"});
  CHECK(all.exit_code == 0);
  CHECK(contains(all.out, "== 127.0.0.1 (host "));
  CHECK(contains(all.out, "== 127.0.0.2 (host "));
  auto all_json = farm.cli(1, {"--json", "show", "all"});
  CHECK(all_json.out.front() == '[');
  CHECK(contains(all_json.out, "\"address\": \"127.0.0.2\""));
  CHECK(contains(all_json.out, "\"params\": {"));

  auto by_address = farm.cli(1, {"--json", "show", "127.0.0.2"});
  REQUIRE(by_address.exit_code == 0);
  CHECK(json_field(by_address.out, "address") == "127.0.0.2");
  std::string id2 = json_field(by_address.out, "host_id");
  REQUIRE(!id2.empty());
  auto by_id = farm.cli(1, {"--json", "show", id2});
  CHECK(by_id.exit_code == 0);
  CHECK(json_field(by_id.out, "address") == "127.0.0.2");

  auto unknown = farm.cli(1, {"show", "12345"});
  CHECK(unknown.exit_code == 1);
  CHECK(contains(unknown.err, "no host with id 12345"));
  for (const char* bad : {"bogus", "999.1.1.1", "127.0.0"}) {
    INFO(bad);
    auto r = farm.cli(1, {"show", bad});
    CHECK(r.exit_code == 64);
    CHECK(contains(r.err, "is not a target"));
  }
  CHECK(farm.cli(1, {"join", "bogus"}).exit_code == 64);

  SECTION("set on another host propagates a store-wide value; set ... all reaches both") {
    auto set2 = farm.cli(1, {"set", "lock_timeout=33", "127.0.0.2"});
    CHECK(set2.exit_code == 0);
    CHECK(contains(set2.out, "store-wide change sent to 127.0.0.1 ok"));
    CHECK(has_line(farm.file(1), "lock_timeout", "33"));
    CHECK(has_line(farm.file(2), "lock_timeout", "33"));
    auto set_all = farm.cli(1, {"set", "store_weight=50", "all"});
    CHECK(set_all.exit_code == 0);
    CHECK(contains(set_all.out, "127.0.0.1: saved 1 parameter(s)"));
    CHECK(contains(set_all.out, "127.0.0.2: saved 1 parameter(s)"));
    CHECK(has_line(farm.file(1), "store_weight", "50"));
    CHECK(has_line(farm.file(2), "store_weight", "50"));
    CHECK(farm.cli(1, {"set", "lock_timeout=x", "127.0.0.2"}).exit_code == 78);
    CHECK(farm.cli(1, {"set", "lock_timeout", "127.0.0.2"}).exit_code == 64);
  }
  SECTION("restart another host by address: it comes back and rejoins (auto_join 1)") {
    // Not after a run-time change of a store-wide parameter: the running hosts keep the
    // digest of their start-time values, so they would refuse the restarted host (see the
    // known issue in docs/cli.md).
    auto restarted = farm.cli(1, {"restart", "127.0.0.2"});
    CHECK(restarted.exit_code == 0);
    CHECK(contains(restarted.out, "service restarted; host is "));
    CHECK(eventually([&] { return farm.healthy(); }, 30s));
  }
  SECTION("leave_wait and join by address, by id, then leave all and join all") {
    auto left = farm.cli(1, {"leave_wait", "127.0.0.2"});
    CHECK(left.exit_code == 0);
    CHECK(left.out == "host is inactive\n");
    CHECK(has_line(farm.file(2), "auto_join", "0"));
    CHECK(eventually([&] { return contains(farm.cli(1, {"query"}).out, "(1 host,"); }));
    CHECK(farm.cli(1, {"join", "127.0.0.2"}).exit_code == 0);
    CHECK(eventually([&] { return farm.healthy(); }, 30s));
    CHECK(farm.cli(1, {"leave", id2}).exit_code == 0);
    CHECK(eventually([&] { return contains(farm.cli(1, {"query"}).out, "(1 host,"); }));
    CHECK(farm.cli(1, {"join", "127.0.0.2"}).exit_code == 0);
    CHECK(eventually([&] { return farm.healthy(); }, 30s));

    // The last host to go would drop the store: refused without --force.
    auto refused = farm.cli(1, {"leave_wait", "all"});
    CHECK(refused.exit_code != 0);
    CHECK(contains(refused.out + refused.err, "last host of the store"));
    auto leave_all = farm.cli(1, {"leave_wait", "all", "--force"});
    CHECK(leave_all.exit_code == 0);
    CHECK(contains(leave_all.out, "127.0.0.1: host is inactive"));
    CHECK(contains(leave_all.out, "127.0.0.2: host is inactive"));
    CHECK(farm.cli(1, {"query"}).exit_code == 3);
    // Inactive hosts are in no view: `all` finds host 2 through host_list.
    auto join_all = farm.cli(1, {"join", "all"});
    CHECK(join_all.exit_code == 0);
    CHECK(contains(join_all.out, "127.0.0.2: host is"));
    CHECK(eventually([&] { return farm.healthy(); }, 30s));
  }
}

TEST_CASE("soss restart: the service restarts itself with the same pid", "[integration][cli]") {
  ServiceFixture svc;
  pid_t pid = svc.process().pid();
  auto set = svc.cli({"set", "io_threads=2"});
  CHECK(contains(set.out, "io_threads: takes effect after a restart"));
  auto r = svc.cli({"restart"});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "service restarted; host is "));
  CHECK(svc.process().running());
  CHECK(svc.process().pid() == pid);
  // Still named for its program (pgrep/pidof find it), not "exe".
  CHECK(read_text("/proc/" + std::to_string(pid) + "/comm") == "soss_service\n");
  std::string log = svc.log();
  CHECK(contains(log, "restart requested"));
  CHECK(contains(log, "restarting"));
  CHECK(log.find("starting (parameters") != log.rfind("starting (parameters"));
  CHECK(eventually([&] { return svc.cli({"query"}).exit_code == 0; }));  // auto_join 1
  CHECK(svc.cli({"restart", "bogus"}).exit_code == 64);
}

TEST_CASE("set_cli, show_remcli and populate edit soss_client_params.txt", "[integration][cli]") {
  ServiceFixture svc;
  auto fresh = svc.cli({"show_remcli"});
  CHECK(fresh.exit_code == 0);
  CHECK(contains(fresh.out, "(absent: defaults)"));
  CHECK(contains(fresh.out, "remote gateways: none"));

  CHECK(svc.cli({"set_cli", "max_rem_retries=5"}).exit_code == 0);
  CHECK(contains(svc.cli({"--json", "show_remcli"}).out, "\"max_rem_retries\": 5"));
  auto bad = svc.cli({"set_cli", "max_rem_retries=500"});
  CHECK(bad.exit_code == 78);
  CHECK(contains(bad.err, "max_rem_retries"));
  CHECK(svc.cli({"set_cli", "max_rem_retries"}).exit_code == 64);
  CHECK(svc.cli({"set_cli", "no_such=1"}).exit_code == 78);
  CHECK(svc.cli({"set_cli", "rem_gw=__SOSS_remote_client_access, 720, 10.0.0.9, 721"}).exit_code ==
        0);
  CHECK(contains(svc.cli({"show_remcli"}).out, "10.0.0.9"));

  auto pop = svc.cli({"populate"});
  CHECK(pop.exit_code == 0);
  std::string line = "rem_gw __SOSS_remote_client_access, " + std::to_string(svc.mgt_port()) +
                     ", 127.0.0.1, " + std::to_string(svc.svr_port());
  CHECK(contains(pop.out, line));
  auto shown = svc.cli({"--json", "show_remcli"});
  CHECK(contains(shown.out, "\"address\": \"127.0.0.1\""));
  CHECK(!contains(shown.out, "10.0.0.9"));  // the store's gateways replace the old list
  CHECK(contains(shown.out, "\"max_rem_retries\": 5"));

  ServiceFixture inactive(/*auto_join=*/false);
  auto none = inactive.cli({"populate"});
  CHECK(none.exit_code == 69);
  CHECK(contains(none.err, "not a member of an active store"));
}

TEST_CASE("soss --remote reaches the store through soss_client_params.txt's gateways",
          "[integration][cli]") {
  ServiceFixture svc;
  TempDir client;  // a remote client: no soss_params.txt, only the client file
  std::string params = client.file("soss_params.txt");
  auto remote = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv{SOSS_CLI_BIN, "--params", params, "--timeout", "3", "--remote"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  };
  auto none = remote({"query"});
  CHECK(none.exit_code == 78);
  CHECK(contains(none.err, "soss_client_params.txt"));
  write_text(client.file("soss_client_params.txt"),
             "rem_gw soss2, 1, 10.1.1.1, 2\n");  // another store's gateway only
  auto other = remote({"query"});
  CHECK(other.exit_code == 78);
  CHECK(contains(other.err, "names no gateway of the remote store"));
  // A dead gateway first: the live one is chosen.
  write_text(client.file("soss_client_params.txt"),
             "rem_gw __SOSS_remote_client_access, " + std::to_string(free_port()) +
                 ", 127.0.0.1, " + std::to_string(free_port()) + "\n" +
                 "rem_gw __SOSS_remote_client_access, " + std::to_string(svc.mgt_port()) +
                 ", 127.0.0.1, " + std::to_string(svc.svr_port()) + "\n");
  CHECK(remote({"query"}).exit_code == 0);
  CHECK(remote({"put", "remote", "k", "v"}).exit_code == 0);
  CHECK(remote({"get", "remote", "k"}).out == "v");
  CHECK(contains(remote({"--json", "show"}).out, "\"state\": \"active\""));
}

TEST_CASE("operator commands without a service: exit 69 and say why", "[integration][cli]") {
  TempDir dir;
  std::uint16_t mgt = free_port();
  write_text(dir.file("p.txt"), "net_interface 127.0.0.1\nmgt_port " + std::to_string(mgt) +
                                    "\nsvr_port " + std::to_string(free_port()) + "\n");
  for (std::vector<std::string> args : {std::vector<std::string>{"show"},
                                        {"show", "all"},
                                        {"show", "127.0.0.1"},
                                        {"join"},
                                        {"leave"},
                                        {"leave_wait", "all"},
                                        {"set", "lock_timeout=5"},
                                        {"restart"},
                                        {"populate"},
                                        {"show", "42"}}) {
    INFO(args.front() << " " << (args.size() > 1 ? args[1] : ""));
    std::vector<std::string> argv{SOSS_CLI_BIN, "--params", dir.file("p.txt"), "--timeout", "2"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run(argv);
    CHECK(r.exit_code == 69);
    CHECK(contains(r.err, "cannot connect to 127.0.0.1:" + std::to_string(mgt)));
  }
  // The client-side file needs no service.
  CHECK(run({SOSS_CLI_BIN, "--params", dir.file("p.txt"), "show_remcli"}).exit_code == 0);
}

TEST_CASE("soss_service picks the only non-loopback interface and writes it back",
          "[integration]") {
  TempDir dir;
  std::uint16_t mgt = free_port();
  write_text(dir.file("p.txt"), "use_multicast 0\nmgt_port " + std::to_string(mgt) + "\nsvr_port " +
                                    std::to_string(free_port()) + "\nint_port " +
                                    std::to_string(free_port()) + "\n");
  Process svc({SOSS_SERVICE_BIN, "--params", dir.file("p.txt")}, dir.file("log"));
  REQUIRE(eventually([&] { return contains(read_text(dir.file("log")), "listening on"); }));
  std::string only;
  int n = non_loopback_interfaces(only);
  std::string log = read_text(dir.file("log"));
  std::string file = read_text(dir.file("p.txt"));
  if (n == 1) {
    CHECK(contains(log, "net_interface was empty: using the only non-loopback interface"));
    CHECK(has_line(file, "net_interface", only));
    // soss without --host follows net_interface.
    auto q = run({SOSS_CLI_BIN, "--params", dir.file("p.txt"), "--timeout", "3", "query"});
    CHECK(q.exit_code == 3);  // reached; the host is inactive
  } else {
    CHECK(contains(log, "not exactly one non-loopback interface"));
    CHECK(!contains(file, "net_interface "));
  }
  CHECK(svc.stop(15) == 0);
  // --print-config shows the values and writes nothing.
  TempDir dir2;
  write_text(dir2.file("p.txt"), "net_interface 127.0.0.1\n");
  auto printed = run({SOSS_SERVICE_BIN, "--params", dir2.file("p.txt"), "--print-config"});
  CHECK(printed.exit_code == 0);
  CHECK(read_text(dir2.file("p.txt")) == "net_interface 127.0.0.1\n");
}

#ifdef SOSS_CONSOLE_BIN
TEST_CASE("soss_console: --help, --version, no terminal, bad params", "[integration]") {
  auto help = run({SOSS_CONSOLE_BIN, "--help"});
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "Usage"));
  CHECK(contains(run({SOSS_CONSOLE_BIN, "--version"}).out, SOSS_VERSION));
  CHECK(run({SOSS_CONSOLE_BIN, "--bogus"}).exit_code == 64);
  TempDir dir;
  write_text(dir.file("p.txt"), "mgt_port 1234\n");
  auto no_tty = run({SOSS_CONSOLE_BIN, "--params", dir.file("p.txt")});  // stdin is a pipe
  CHECK(no_tty.exit_code == 64);
  CHECK(contains(no_tty.err, "needs a terminal"));
  write_text(dir.file("bad.txt"), "mgt_port=1\n");
  auto bad = run({SOSS_CONSOLE_BIN, "--params", dir.file("bad.txt")});
  CHECK(bad.exit_code == 78);
  CHECK(contains(bad.err, "bad.txt:1:"));
  auto no_gateways = run({SOSS_CONSOLE_BIN, "--remote", "--params", dir.file("p.txt")});
  CHECK(no_gateways.exit_code == 78);
  CHECK(contains(no_gateways.err, "soss_client_params.txt"));
}
#endif

TEST_CASE("soss get ends the line on a terminal and prints exact bytes to a pipe",
          "[integration][cli]") {
  ServiceFixture svc;
  REQUIRE(svc.cli({"put", "ns", "k", "value"}).exit_code == 0);
  CHECK(svc.cli({"get", "ns", "k"}).out == "value");  // a pipe: the bytes as stored
  const std::string script = find_program("script");
  if (script.empty()) {
    WARN("script(1) not found: the terminal case is not checked");
    return;
  }
  // script(1) gives the command a pseudo-terminal; its output there ends "value\r\n".
  auto tty = run({script, "-qec",
                  std::string(SOSS_CLI_BIN) + " --params " + svc.params_file() + " get ns k",
                  "/dev/null"});
  CHECK(tty.exit_code == 0);
  CHECK(tty.out == "value\r\n");
}
