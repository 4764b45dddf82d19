// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The real soss_service driven by the real soss CLI on 127.0.0.1.
#include <signal.h>

#include <filesystem>

#include "integration/service_fixture.hpp"
#include "support/catch.hpp"

using namespace soss::test;

namespace {

bool file_exists(const std::string& path) { return std::filesystem::exists(path); }

// True when the params text has a line "NAME <spaces> VALUE".
bool has_param(const std::string& text, const std::string& name, const std::string& value) {
  std::size_t pos = 0;
  while ((pos = text.find(name, pos)) != std::string::npos) {
    bool at_line_start = pos == 0 || text[pos - 1] == '\n';
    std::size_t v = text.find_first_not_of(" \t", pos + name.size());
    std::size_t end = text.find('\n', pos);
    if (at_line_start && v != std::string::npos && v > pos + name.size() &&
        text.substr(v, end - v) == value) {
      return true;
    }
    pos += name.size();
  }
  return false;
}

}  // namespace

TEST_CASE("a new host is inactive until joined, and leave deactivates it", "[integration]") {
  ServiceFixture svc(/*auto_join=*/false);
  auto q = svc.cli({"query"});
  CHECK(q.exit_code == 3);
  CHECK(q.out.find("inactive") != std::string::npos);
  auto refused = svc.cli({"put", "ns", "k", "v"});
  CHECK(refused.exit_code == 69);
  CHECK(refused.err.find("NotReady") != std::string::npos);

  auto j = svc.cli({"join"});
  CHECK(j.exit_code == 0);
  // The join completes on the service's next tick (it founds a store: no peers configured).
  CHECK((j.out == "host is active\n" || j.out == "host is joining\n"));
  CHECK(eventually([&] { return svc.cli({"query"}).exit_code == 0; }));
  CHECK(has_param(read_text(svc.params_file()), "auto_join", "1"));
  CHECK(svc.cli({"put", "ns", "k", "v"}).exit_code == 0);

  // The last host of a store does not leave unless forced: that would drop the store.
  auto refused_leave = svc.cli({"leave_wait"});
  CHECK(refused_leave.exit_code == 65);
  CHECK(refused_leave.err.find("last host of the store") != std::string::npos);
  CHECK(refused_leave.err.find("1 object(s)") != std::string::npos);
  CHECK(svc.cli({"get", "ns", "k"}).out == "v");
  CHECK(has_param(read_text(svc.params_file()), "auto_join", "1"));

  auto l = svc.cli({"leave_wait", "--force"});
  CHECK(l.exit_code == 0);
  CHECK(l.out == "host is inactive\n");
  CHECK(svc.cli({"get", "ns", "k"}).exit_code == 69);
  CHECK(has_param(read_text(svc.params_file()), "auto_join", "0"));
}

TEST_CASE("the CLI puts, gets, locks and lists objects", "[integration]") {
  ServiceFixture svc;
  auto put = svc.cli({"put", "app", "greeting", "hello"});
  REQUIRE(put.exit_code == 0);
  CHECK(put.out.find("Added (version") == 0);
  auto get = svc.cli({"get", "app", "greeting"});
  CHECK(get.exit_code == 0);
  CHECK(get.out == "hello");

  SECTION("stdin values and create-only") {
    CHECK(svc.cli({"put", "app", "blob", "-"}, std::string("a\0b\nc", 5)).exit_code == 0);
    CHECK(svc.cli({"get", "app", "blob"}).out == std::string("a\0b\nc", 5));
    auto again = svc.cli({"put", "app", "greeting", "x", "--create-only"});
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("AlreadyExists") != std::string::npos);
  }
  SECTION("optimistic versions") {
    auto meta = svc.cli({"--json", "get", "app", "greeting"});
    auto pos = meta.out.find("\"version\": ");
    REQUIRE(pos != std::string::npos);
    std::string version =
        meta.out.substr(pos + 11, meta.out.find_first_of(",\n}", pos + 11) - pos - 11);
    CHECK(svc.cli({"put", "app", "greeting", "v2", "--if-version", version}).exit_code == 0);
    auto stale = svc.cli({"put", "app", "greeting", "v3", "--if-version", version});
    CHECK(stale.exit_code == 2);
    CHECK(stale.err.find("VersionMismatch") != std::string::npos);
  }
  SECTION("locks") {
    auto lock = svc.cli({"lock", "app", "greeting"});
    REQUIRE(lock.exit_code == 0);
    std::string ticket = lock.out.substr(0, lock.out.find('\n'));
    auto second = svc.cli({"lock", "app", "greeting", "--wait", "0.2"});
    CHECK(second.exit_code == 2);
    CHECK(second.err.find("AlreadyLocked") != std::string::npos);
    CHECK(svc.cli({"unlock", "app", "greeting", "12345"}).exit_code == 2);
    CHECK(svc.cli({"unlock", "app", "greeting", ticket}).exit_code == 0);
    CHECK(svc.cli({"lock", "app", "greeting"}).exit_code == 0);
  }
  SECTION("listing, timeouts and clear") {
    CHECK(
        svc.cli({"put", "app", "second", "2", "--ttl", "60", "--ttl-type", "sliding"}).exit_code ==
        0);
    CHECK(svc.cli({"--json", "get", "app", "second"}).out.find("\"timeout_s\": 60") !=
          std::string::npos);
    // The old spelling on put is refused with the new name: it was read as the service wait
    // when given before the command, and the object then never expired.
    auto old = svc.cli({"put", "app", "third", "3", "--timeout", "60"});
    CHECK(old.exit_code == 64);
    CHECK(old.err.find("--ttl") != std::string::npos);
    auto keys = svc.cli({"keys", "app"});
    CHECK(keys.exit_code == 0);
    CHECK(keys.out.find("greeting\n") != std::string::npos);
    CHECK(keys.out.find("second\n") != std::string::npos);
    auto ns = svc.cli({"--json", "namespaces"});
    CHECK(ns.out.find("\"name\": \"app\"") != std::string::npos);
    auto clear = svc.cli({"clear", "app"});
    CHECK(clear.out == "removed 2 object(s)\n");
    auto gone = svc.cli({"get", "app", "greeting"});
    CHECK(gone.exit_code == 1);
    CHECK(gone.err.find("NotFound") != std::string::npos);
  }
}

TEST_CASE("soss set validates, persists and names what needs a restart", "[integration]") {
  ServiceFixture svc;
  auto ok = svc.cli({"set", "lock_timeout=30", "max_memory=64"});
  CHECK(ok.exit_code == 0);
  std::string file = read_text(svc.params_file());
  CHECK(has_param(file, "lock_timeout", "30"));
  CHECK(has_param(file, "max_memory", "64"));
  auto restart = svc.cli({"set", "int_port=9999"});
  CHECK(restart.exit_code == 0);
  CHECK(restart.out.find("int_port: takes effect after a restart") != std::string::npos);
  auto bad = svc.cli({"set", "lock_timeout=abc"});
  CHECK(bad.exit_code == 78);
  CHECK(bad.err.find("lock_timeout must be an integer") != std::string::npos);
  auto unknown = svc.cli({"set", "lock_timout=5"});
  CHECK(unknown.exit_code == 78);
  CHECK(unknown.err.find("did you mean 'lock_timeout'") != std::string::npos);
  CHECK(svc.cli({"set", "novalue"}).exit_code == 64);
  auto show = svc.cli({"--json", "show"});
  CHECK(show.out.find("\"lock_timeout\": 30,") != std::string::npos);  // a number
}

TEST_CASE("CLI errors: usage, unreachable service, bad params file", "[integration]") {
  TempDir dir;
  std::uint16_t port = free_port();
  write_text(dir.file("p.txt"), "mgt_port " + std::to_string(port) + "\nsvr_port " +
                                    std::to_string(free_port()) + "\n");
  auto down = run({SOSS_CLI_BIN, "--params", dir.file("p.txt"), "--timeout", "2", "query"});
  CHECK(down.exit_code == 69);
  CHECK(down.err.find("cannot connect to 127.0.0.1:" + std::to_string(port)) != std::string::npos);
  CHECK(run({SOSS_CLI_BIN, "--params", dir.file("p.txt"), "frobnicate"}).exit_code == 64);
  CHECK(run({SOSS_CLI_BIN, "--params", dir.file("p.txt")}).exit_code == 64);
  write_text(dir.file("bad.txt"), "# comment\nsvr_port=721\n");
  auto bad = run({SOSS_CLI_BIN, "--params", dir.file("bad.txt"), "query"});
  CHECK(bad.exit_code == 78);
  CHECK(bad.err.find("bad.txt:2:") != std::string::npos);
  CHECK(run({SOSS_CLI_BIN, "--params", dir.file("missing.txt"), "query"}).exit_code == 78);
}

TEST_CASE("soss_service: params file errors, defaults file, print-config, SIGTERM",
          "[integration]") {
  TempDir dir;
  SECTION("a bad line exits 78 with file:line: reason") {
    write_text(dir.file("p.txt"), "svr_port 7000\nlock_timeout -3\n");
    auto r = run({SOSS_SERVICE_BIN, "--params", dir.file("p.txt")});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find(dir.file("p.txt") + ":2: lock_timeout must be an integer in 1..86400") !=
          std::string::npos);
  }
  SECTION("an unknown name exits 78") {
    write_text(dir.file("p.txt"), "frobnicate 1\n");
    auto r = run({SOSS_SERVICE_BIN, "--params", dir.file("p.txt")});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find(":1: unknown parameter 'frobnicate'") != std::string::npos);
  }
  SECTION("an absent file is refused with 78 and a hint; nothing is created") {
    auto r = run({SOSS_SERVICE_BIN, "--params", dir.file("missing.txt")});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find(dir.file("missing.txt") + " (from --params) does not exist; create it, or "
                                               "pass --create-params to write one with defaults") !=
          std::string::npos);
    CHECK_FALSE(file_exists(dir.file("missing.txt")));
    // The same through $SOSS_PARAMS (the default path is /etc/soss, not the test's to touch).
    auto env = run({"/usr/bin/env", "SOSS_PARAMS=" + dir.file("new/p.txt"), SOSS_SERVICE_BIN});
    CHECK(env.exit_code == 78);
    CHECK(env.err.find("(from $SOSS_PARAMS) does not exist") != std::string::npos);
    CHECK_FALSE(file_exists(dir.file("new")));
  }
  SECTION("a directory is refused with 78, even with --create-params") {
    for (bool create : {false, true}) {
      std::vector<std::string> argv{SOSS_SERVICE_BIN, "--params", dir.path()};
      if (create) {
        argv.push_back("--create-params");
      }
      auto r = run(argv);
      CHECK(r.exit_code == 78);
      CHECK(r.err.find(dir.path() + " (from --params) is a directory") != std::string::npos);
    }
  }
  SECTION("--create-params writes an absent file with defaults; --print-config shows sources") {
    auto r = run({SOSS_SERVICE_BIN, "--params", dir.file("new/soss_params.txt"), "--create-params",
                  "--set", "lock_timeout=45", "--print-config"});
    CHECK(r.exit_code == 0);
    CHECK(has_param(read_text(dir.file("new/soss_params.txt")), "svr_port", "721"));
    CHECK(r.out.find("lock_timeout       45                   command line") != std::string::npos);
    CHECK(r.out.find("svr_port           721                  " + dir.file("new/soss_params.txt") +
                     ":") != std::string::npos);
    // An existing file is left as it is.
    write_text(dir.file("p.txt"), "lock_timeout 7\n");
    CHECK(
        run({SOSS_SERVICE_BIN, "--params", dir.file("p.txt"), "--create-params", "--print-config"})
            .exit_code == 0);
    CHECK(read_text(dir.file("p.txt")) == "lock_timeout 7\n");
  }
  SECTION("--create-params: the service starts on the file it wrote") {
    // The defaults listen on every interface: point the ports at free ones on 127.0.0.1 through
    // --set; the file keeps the defaults.
    std::uint16_t mgt = free_port(), svr = free_port(), int_port = free_port();
    Process svc({SOSS_SERVICE_BIN, "--params", dir.file("c/soss_params.txt"), "--create-params",
                 "--set", "net_interface=127.0.0.1", "--set", "use_multicast=0", "--set",
                 "mgt_port=" + std::to_string(mgt), "--set", "svr_port=" + std::to_string(svr),
                 "--set", "int_port=" + std::to_string(int_port)},
                dir.file("c.log"));
    CHECK(eventually(
        [&] { return read_text(dir.file("c.log")).find("listening on") != std::string::npos; }));
    CHECK(svc.running());
    CHECK(file_exists(dir.file("c/soss_params.txt")));
    CHECK(read_text(dir.file("c.log")).find("created " + dir.file("c/soss_params.txt")) !=
          std::string::npos);
    CHECK(svc.stop(SIGTERM) == 0);
  }
  SECTION("accept_secure 1 is refused with 78 (no TLS yet), not silently served in plaintext") {
    write_text(dir.file("p.txt"), "net_interface 127.0.0.1\nsvr_port 0\nint_port 0\n");
    auto r = run({SOSS_SERVICE_BIN, "--params", dir.file("p.txt"), "--set", "accept_secure=1"});
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("accept_secure 1: TLS ports are not built yet") != std::string::npos);
  }
  SECTION("--help and --version") {
    CHECK(run({SOSS_SERVICE_BIN, "--help"}).exit_code == 0);
    CHECK(run({SOSS_SERVICE_BIN, "--version"}).out.find(SOSS_VERSION) != std::string::npos);
    CHECK(run({SOSS_SERVICE_BIN, "--bogus"}).exit_code == 64);
  }
  SECTION("a port in use exits 69 naming the port") {
    ServiceFixture first;
    write_text(dir.file("p.txt"), "net_interface 127.0.0.1\nsvr_port " +
                                      std::to_string(first.svr_port()) + "\nmgt_port " +
                                      std::to_string(free_port()) + "\n");
    auto r = run({SOSS_SERVICE_BIN, "--params", dir.file("p.txt")});
    CHECK(r.exit_code == 69);
    CHECK(r.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.svr_port())) !=
          std::string::npos);
  }
  SECTION("--log-file takes the log instead of stderr; --service is for Windows only") {
    ServiceFixture first;
    write_text(dir.file("q.txt"), "net_interface 127.0.0.1\nsvr_port " +
                                      std::to_string(first.svr_port()) + "\nmgt_port " +
                                      std::to_string(free_port()) + "\n");
    auto r = run(
        {SOSS_SERVICE_BIN, "--params", dir.file("q.txt"), "--log-file", dir.file("service.log")});
    CHECK(r.exit_code == 69);
    CHECK(r.err.find("cannot listen") == std::string::npos);
    CHECK(read_text(dir.file("service.log")).find("cannot listen on 127.0.0.1:") !=
          std::string::npos);
    CHECK(run({SOSS_SERVICE_BIN, "--params", dir.file("q.txt"), "--service"}).exit_code == 64);
  }
  SECTION("SIGTERM and SIGINT stop it cleanly") {
    ServiceFixture svc;
    CHECK(svc.stop(SIGTERM) == 0);
    CHECK(svc.log().find("soss_service stopped") != std::string::npos);
    svc.start();
    CHECK(svc.stop(SIGINT) == 0);
  }
}

TEST_CASE("every app answers --help and --version", "[integration]") {
  for (const char* bin : {SOSS_SERVICE_BIN, SOSS_CLI_BIN, SOSS_BENCH_BIN}) {
    INFO(bin);
    auto help = run({bin, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Usage") != std::string::npos);
    CHECK(run({bin, "--version"}).out.find(SOSS_VERSION) != std::string::npos);
  }
}
