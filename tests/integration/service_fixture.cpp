// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "integration/service_fixture.hpp"

#include <stdexcept>

namespace soss::test {

ServiceFixture::ServiceFixture(bool auto_join, const std::string& extra_params)
    : svr_port_(free_port()), mgt_port_(free_port()) {
  while (mgt_port_ == svr_port_) {
    mgt_port_ = free_port();
  }
  std::uint16_t int_port = free_port();
  while (int_port == svr_port_ || int_port == mgt_port_) {
    int_port = free_port();
  }
  // One host, no discovery: it founds its store at once when activated.
  write_text(params_file(),
             "# written by the integration test\n"
             "net_interface 127.0.0.1\n"
             "use_multicast 0\n"
             "svr_port " +
                 std::to_string(svr_port_) +
                 "\n"
                 "mgt_port " +
                 std::to_string(mgt_port_) +
                 "\n"
                 "int_port " +
                 std::to_string(int_port) +
                 "\n"
                 "auto_join " +
                 (auto_join ? "1" : "0") + "\n" + extra_params);
  start();
}

ServiceFixture::~ServiceFixture() { process_.reset(); }

void ServiceFixture::start() {
  process_ = std::make_unique<Process>(
      std::vector<std::string>{SOSS_SERVICE_BIN, "--params", params_file()},
      dir_.file("service.log"));
  // A host that joins at start is up once it is active (query exits 0): it answers PING and
  // queries before that, and a test's first write would meet NotReady. Others are up once they
  // answer (3 = inactive).
  const bool joins = ("\n" + read_text(params_file())).find("\nauto_join 1") != std::string::npos;
  bool up = eventually([&] {
    auto r = cli({"query"});
    return r.exit_code == 0 || (!joins && r.exit_code == 3);
  });
  if (!up) {
    throw std::runtime_error("soss_service did not come up; log:\n" + log());
  }
}

int ServiceFixture::stop(int signo) { return process_->stop(signo); }

RunResult ServiceFixture::cli(const std::vector<std::string>& args,
                              const std::string& input) const {
  std::vector<std::string> argv{SOSS_CLI_BIN, "--params", params_file(), "--timeout", "5"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input);
}

}  // namespace soss::test
