// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A real soss_service with an access file (auth_file): the soss CLI on the host uses its first
// admin, SOSS_USER/SOSS_PASSWORD pick another user, redis-cli authenticates on resp_port, and
// a missing or malformed access file stops the service at start.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "integration/service_fixture.hpp"
#include "support/catch.hpp"

using namespace soss::test;

namespace {

constexpr const char* kAccess =
    "# test access file\n"
    "secret integration-test-store-secret\n"
    "user ops admin pw-ops\n"
    "user web write pw-web\n"
    "user report read pw-report\n";

// An access file in its own folder (mode 600), and a service that names it.
struct GuardedService {
  GuardedService()
      : access(write_access(dir)),
        resp_port(free_port()),
        svc(true, "auth_file " + access + "\nresp_port " + std::to_string(resp_port) + "\n") {}

  static std::string write_access(const TempDir& d) {
    std::string path = d.file("access.txt");
    write_text(path, kAccess);
    chmod(path.c_str(), 0600);
    return path;
  }

  // soss as another user, through the environment.
  RunResult cli_as(const std::string& user, const std::string& password,
                   const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/env",
                                  "SOSS_USER=" + user,
                                  "SOSS_PASSWORD=" + password,
                                  SOSS_CLI_BIN,
                                  "--params",
                                  svc.params_file(),
                                  "--timeout",
                                  "5"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  RunResult redis(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{find_program("redis-cli"), "-h", "127.0.0.1", "-p",
                                  std::to_string(resp_port)};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

  TempDir dir;
  std::string access;
  std::uint16_t resp_port;
  ServiceFixture svc;
};

}  // namespace

TEST_CASE("auth service: the CLI on the host is admin, other users get their role",
          "[integration][auth]") {
  GuardedService g;
  CHECK(g.svc.log().find("clients must authenticate") != std::string::npos);
  RunResult put = g.svc.cli({"put", "ns", "k", "v1"});
  INFO(put.err);
  CHECK(put.exit_code == 0);

  RunResult read = g.cli_as("report", "pw-report", {"get", "ns", "k"});
  INFO(read.err);
  CHECK(read.exit_code == 0);
  CHECK(read.out.find("v1") != std::string::npos);

  RunResult refused = g.cli_as("report", "pw-report", {"put", "ns", "k", "v2"});
  CHECK(refused.exit_code == 77);
  CHECK(refused.err.find("needs role write") != std::string::npos);

  RunResult wrong = g.cli_as("web", "not-the-password", {"get", "ns", "k"});
  CHECK(wrong.exit_code == 77);
  CHECK(wrong.err.find("refused user 'web'") != std::string::npos);
  CHECK(wrong.err.find("not-the-password") == std::string::npos);

  // Management needs admin: the write user may look but not make the host leave.
  CHECK(g.cli_as("web", "pw-web", {"query"}).exit_code == 0);
  RunResult leave = g.cli_as("web", "pw-web", {"leave"});
  CHECK(leave.exit_code == 77);
  CHECK(g.svc.cli({"query"}).exit_code == 0);  // still active
  CHECK(g.svc.cli({"get", "ns", "k"}).out.find("v1") != std::string::npos);
}

TEST_CASE("auth service: redis-cli must AUTH, and a read user gets NOPERM",
          "[integration][auth][redis]") {
  if (find_program("redis-cli").empty()) {
    WARN("redis-cli not installed (Debian redis-tools): skipped");
    return;
  }
  GuardedService g;
  RunResult anonymous = g.redis({"SET", "k", "v"});
  CHECK(anonymous.out.find("NOAUTH") != std::string::npos);
  RunResult wrong = g.redis({"--user", "web", "--pass", "nope", "--no-auth-warning", "GET", "k"});
  CHECK((wrong.out + wrong.err).find("WRONGPASS") != std::string::npos);
  RunResult set =
      g.redis({"--user", "web", "--pass", "pw-web", "--no-auth-warning", "SET", "k", "from-redis"});
  CHECK(set.out == "OK\n");
  RunResult get =
      g.redis({"--user", "report", "--pass", "pw-report", "--no-auth-warning", "GET", "k"});
  CHECK(get.out == "from-redis\n");
  RunResult noperm =
      g.redis({"--user", "report", "--pass", "pw-report", "--no-auth-warning", "DEL", "k"});
  CHECK(noperm.out.find("NOPERM") != std::string::npos);
}

TEST_CASE("auth service: a missing or malformed access file stops the service (exit 78)",
          "[integration][auth]") {
  TempDir dir;
  const std::string params = dir.file("soss_params.txt");
  const std::string base = "net_interface 127.0.0.1\nuse_multicast 0\nsvr_port " +
                           std::to_string(free_port()) + "\nmgt_port " +
                           std::to_string(free_port()) + "\nint_port " +
                           std::to_string(free_port()) + "\n";
  write_text(params, base + "auth_file missing.txt\n");
  RunResult missing = run({SOSS_SERVICE_BIN, "--params", params}, {}, std::chrono::seconds(20));
  CHECK(missing.exit_code == 78);
  CHECK((missing.out + missing.err).find("missing.txt") != std::string::npos);

  write_text(dir.file("short.txt"), "secret too-short\nuser ops admin pw\n");
  write_text(params, base + "auth_file short.txt\n");  // relative: beside soss_params.txt
  RunResult malformed = run({SOSS_SERVICE_BIN, "--params", params}, {}, std::chrono::seconds(20));
  CHECK(malformed.exit_code == 78);
  CHECK((malformed.out + malformed.err).find("short.txt:1") != std::string::npos);
}

TEST_CASE("auth service: a world-readable access file is warned about", "[integration][auth]") {
  GuardedService g;
  chmod(g.access.c_str(), 0644);
  g.svc.stop();
  g.svc.start();
  CHECK(g.svc.log().find("readable by every user") != std::string::npos);
}

TEST_CASE("auth service: soss_bench authenticates, and a wrong user is refused before the load",
          "[integration][auth]") {
  GuardedService g;
  const std::vector<std::string> load{
      SOSS_BENCH_BIN, "--params", g.svc.params_file(), "-c", "2",   "-r", "200",
      "--mix",        "0.5",      "--prefill",         "-n", "400", "-t", "10",
      "--json"};
  RunResult admin = run(load);  // the access file's first admin
  INFO(admin.err);
  CHECK(admin.exit_code == 0);
  CHECK(admin.out.find("\"errors\":0") != std::string::npos);

  std::vector<std::string> wrong{"/usr/bin/env", "SOSS_USER=web", "SOSS_PASSWORD=nope"};
  wrong.insert(wrong.end(), load.begin(), load.end());
  RunResult refused = run(wrong);
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("refused user 'web'") != std::string::npos);
}
