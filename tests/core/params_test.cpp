// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <iterator>
#include <string>

#include "soss/core/common/client_params.hpp"
#include "soss/core/common/param_file.hpp"
#include "soss/core/common/param_registry.hpp"
#include "soss/core/common/param_set.hpp"
#include "soss/core/store/store_params.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;

namespace {

// The error message of parsing `text` as soss_params.txt (empty when it parses).
std::string parse_error(const std::string& text) {
  ParamSet params;
  Status status = params.parse_file_text(text, "soss_params.txt");
  if (status.is_ok()) {
    return {};
  }
  CHECK(status.code() == StatusCode::kConfigError);
  return std::string(status.message());
}

std::string client_error(const std::string& text) {
  Result<ClientParams> parsed = parse_client_params(text, "soss_client_params.txt");
  if (parsed) {
    return {};
  }
  CHECK(parsed.error().code() == StatusCode::kConfigError);
  return std::string(parsed.error().message());
}

}  // namespace

TEST_CASE("the registry holds every SPEC parameter with its default and scope", "[core][params]") {
  struct Expected {
    const char* name;
    const char* value;
    ParamScope scope;
  };
  const Expected expected[] = {
      {"net_interface", "", ParamScope::kHost},
      {"subnet_mask", "", ParamScope::kHost},
      {"use_multicast", "1", ParamScope::kStore},
      {"host_list", "", ParamScope::kStore},
      {"mcast_ip", "224.0.0.17", ParamScope::kStore},
      {"mgt_port", "720", ParamScope::kStore},
      {"svr_port", "721", ParamScope::kHost},
      {"int_port", "722", ParamScope::kHost},
      {"secure_mgt_port", "723", ParamScope::kHost},
      {"secure_svr_port", "724", ParamScope::kHost},
      {"accept_secure", "0", ParamScope::kStore},
      {"license_key", "NULL", ParamScope::kStore},
      {"store_weight", "100", ParamScope::kHost},
      {"auto_join", "0", ParamScope::kHost},
      {"startup_delay", "5", ParamScope::kHost},
      {"max_memory", "0", ParamScope::kHost},
      {"lru_threshold", "100", ParamScope::kHost},
      {"max_replicas", "1", ParamScope::kStore},
      {"lock_timeout", "90", ParamScope::kStore},
      {"max_object_size", "32", ParamScope::kStore},
      {"heartbeat_ms", "300", ParamScope::kStore},
      {"heartbeat_misses", "20", ParamScope::kStore},
      {"resp_port", "0", ParamScope::kHost},
      {"log_level", "info", ParamScope::kHost},
      {"io_threads", "0", ParamScope::kHost},
  };
  ParamSet params = ParamSet::defaults();
  for (const Expected& e : expected) {
    INFO(e.name);
    const ParamSpec* spec = find_param(e.name);
    REQUIRE(spec != nullptr);
    CHECK(spec->default_value == e.value);
    CHECK(spec->scope == e.scope);
    CHECK(spec->implemented);
    CHECK(params.get(e.name) == e.value);
    CHECK(params.source(e.name) == ParamSource::kDefault);
    CHECK(params.describe_source(e.name) == "default");
    CHECK(check_param_value(*spec, spec->default_value).is_ok());
  }
  CHECK(params.get_int("lock_timeout") == 90);
  CHECK(params.get_bool("use_multicast"));
  CHECK_FALSE(params.get_bool("accept_secure"));
  CHECK(find_param("nope") == nullptr);
}

TEST_CASE("the original's other names are registered as inert", "[core][params]") {
  for (const char* name :
       {"update_time", "mgt_time", "query_index_mode", "max_cache", "net_perf_factor",
        "hash_tbl_factor", "auto_npf", "max_event_tries", "factory_param", "repl_threshold",
        "max_client_cache", "gateway_ip", "geos_local_name"}) {
    INFO(name);
    const ParamSpec* spec = find_param(name);
    REQUIRE(spec != nullptr);
    CHECK_FALSE(spec->implemented);
    CHECK_FALSE(spec->runtime_changeable);
    CHECK(spec->description.find("accepted for compatibility; no effect yet") !=
          std::string_view::npos);
  }
  int changeable = 0;
  for (const ParamSpec& spec : param_registry()) {
    changeable += spec.runtime_changeable ? 1 : 0;
    CHECK(check_param_value(spec, spec.default_value).is_ok());
  }
  CHECK(changeable == 8);  // lock_timeout max_memory lru_threshold store_weight auto_join
                           // log_level license_key max_object_size
}

TEST_CASE("a good file sets values and records their lines", "[core][params]") {
  const std::string text =
      "# a comment\n"
      "\n"
      "   # an indented comment\n"
      "lock_timeout   120\n"
      "\tmax_memory\t2048   # MB for this host\n"
      "host_list 10.0.0.1, 10.0.0.2\n"
      "license_key ABC-DEF 123\n"
      "log_level debug\n"
      "net_interface\n"
      "use_multicast 0";  // no final newline
  ParamSet params;
  REQUIRE(params.parse_file_text(text, "/etc/soss/soss_params.txt").is_ok());
  CHECK(params.get_int("lock_timeout") == 120);
  CHECK(params.line("lock_timeout") == 4);
  CHECK(params.source("lock_timeout") == ParamSource::kFile);
  CHECK(params.describe_source("lock_timeout") == "/etc/soss/soss_params.txt:4");
  CHECK(params.get("max_memory") == "2048");
  CHECK(params.line("max_memory") == 5);
  CHECK(params.get("host_list") == "10.0.0.1, 10.0.0.2");
  CHECK(params.get("license_key") == "ABC-DEF 123");
  CHECK(params.get("log_level") == "debug");
  CHECK(params.get("net_interface").empty());
  CHECK(params.source("net_interface") == ParamSource::kFile);
  CHECK_FALSE(params.get_bool("use_multicast"));
  CHECK(params.line("use_multicast") == 10);
  CHECK(params.source("mgt_port") == ParamSource::kDefault);
  CHECK(params.file_name() == "/etc/soss/soss_params.txt");
}

TEST_CASE("CRLF endings and a UTF-8 BOM are accepted", "[core][params]") {
  ParamSet params;
  REQUIRE(
      params.parse_file_text("\xEF\xBB\xBFlock_timeout 7\r\n# c\r\nmgt_port 800\r\n", "f").is_ok());
  CHECK(params.get_int("lock_timeout") == 7);
  CHECK(params.get_int("mgt_port") == 800);
  CHECK(params.line("mgt_port") == 3);
}

TEST_CASE("file errors report file, line and reason", "[core][params]") {
  CHECK(parse_error("# ok\nlock_timout 5\n") ==
        "soss_params.txt:2: unknown parameter 'lock_timout' (did you mean 'lock_timeout'?)");
  CHECK(parse_error("completely_unknown 5\n") ==
        "soss_params.txt:1: unknown parameter 'completely_unknown'");
  CHECK(parse_error("lock_timeout=5\n") ==
        "soss_params.txt:1: use 'lock_timeout 5', not 'lock_timeout=5'");
  CHECK(parse_error("\n\nlock_timeout = 5\n") ==
        "soss_params.txt:3: use 'lock_timeout 5', not 'lock_timeout=5'");
  CHECK(parse_error("lock_timeout\n") == "soss_params.txt:1: missing value for lock_timeout");
  CHECK(parse_error("lock_timeout   # nothing\n") ==
        "soss_params.txt:1: missing value for lock_timeout");
  CHECK(parse_error("lock_timeout abc\n") ==
        "soss_params.txt:1: lock_timeout must be an integer in 1..86400, got 'abc'");
  CHECK(parse_error("lock_timeout 0\n") ==
        "soss_params.txt:1: lock_timeout must be an integer in 1..86400, got '0'");
  CHECK(parse_error("lock_timeout 99999999999999999999\n") ==
        "soss_params.txt:1: lock_timeout must be an integer in 1..86400, got "
        "'99999999999999999999'");
  CHECK(parse_error("mgt_port 65536\n") ==
        "soss_params.txt:1: mgt_port must be a port number in 1..65535, got '65536'");
  CHECK(parse_error("use_multicast yes\n") ==
        "soss_params.txt:1: use_multicast must be 0 or 1, got 'yes'");
  CHECK(parse_error("mcast_ip 224.0.0\n") ==
        "soss_params.txt:1: mcast_ip must be an IPv4 address (a.b.c.d), got '224.0.0'");
  CHECK(parse_error("host_list 10.0.0.1,,10.0.0.2\n") ==
        "soss_params.txt:1: host_list must be a comma-separated list of IPv4 addresses, got "
        "'10.0.0.1,,10.0.0.2'");
  CHECK(parse_error("log_level loud\n") ==
        "soss_params.txt:1: log_level must be one of error|warn|info|debug|trace, got 'loud'");
  CHECK(parse_error("update_time -1\n") ==
        "soss_params.txt:1: update_time must be an integer of 0 or more, got '-1'");
}

TEST_CASE("a duplicate name is an error and a failed parse changes nothing", "[core][params]") {
  CHECK(parse_error("lock_timeout 5\n# x\nlock_timeout 6\n") ==
        "soss_params.txt:3: duplicate parameter 'lock_timeout' (first set at line 1)");
  ParamSet params;
  CHECK_FALSE(params.parse_file_text("lock_timeout 5\nbad_name 1\n", "f").is_ok());
  CHECK(params.get_int("lock_timeout") == 90);
  CHECK(params.source("lock_timeout") == ParamSource::kDefault);
}

TEST_CASE("value checks accept and refuse the edges", "[core][params]") {
  const ParamSpec& ip = *find_param("mcast_ip");
  CHECK(check_param_value(ip, "255.255.255.255").is_ok());
  CHECK(check_param_value(ip, "0.0.0.0").is_ok());
  for (const char* bad :
       {"256.0.0.1", "1.2.3.4.5", "1.2.3.", ".1.2.3", "01.2.3.4", "a.b.c.d", "1.2.3.-4", ""}) {
    INFO(bad);
    CHECK_FALSE(check_param_value(ip, bad).is_ok());
  }
  CHECK(check_param_value(*find_param("net_interface"), "").is_ok());
  CHECK(check_param_value(*find_param("host_list"), "").is_ok());
  CHECK(check_param_value(*find_param("max_replicas"), "2").is_ok());
  CHECK_FALSE(check_param_value(*find_param("max_replicas"), "3").is_ok());
  CHECK_FALSE(check_param_value(*find_param("max_replicas"), "+1").is_ok());
  CHECK_FALSE(check_param_value(*find_param("max_replicas"), " 1").is_ok());
  CHECK_FALSE(check_param_value(*find_param("license_key"), "a#b").is_ok());
  CHECK(check_param_value(*find_param("svr_port"), "0").is_ok());
  CHECK_FALSE(check_param_value(*find_param("mgt_port"), "0").is_ok());
}

TEST_CASE("set validates like the file and records the source", "[core][params]") {
  ParamSet params;
  REQUIRE(params.set("lock_timeout", "30", ParamSource::kCommandLine).is_ok());
  CHECK(params.get_int("lock_timeout") == 30);
  CHECK(params.describe_source("lock_timeout") == "command line");
  REQUIRE(params.set("max_memory", "10", ParamSource::kRuntime).is_ok());
  CHECK(params.describe_source("max_memory") == "runtime");
  Status bad = params.set("lock_timeout", "abc", ParamSource::kRuntime);
  CHECK(bad.code() == StatusCode::kConfigError);
  CHECK(bad.message() == "lock_timeout must be an integer in 1..86400, got 'abc'");
  CHECK(params.get_int("lock_timeout") == 30);
  CHECK(params.set("max_memroy", "1", ParamSource::kRuntime).message() ==
        "unknown parameter 'max_memroy' (did you mean 'max_memory'?)");
  // Unknown names in getters do not throw.
  CHECK(params.get("nope").empty());
  CHECK(params.get_int("nope") == 0);
}

TEST_CASE("store options come from the parameters", "[core][params]") {
  ParamSet params;
  REQUIRE(params
              .parse_file_text("max_memory 3\nlru_threshold 80\nlock_timeout 15\n"
                               "max_object_size 2047\n",
                               "f")
              .is_ok());
  StoreOptions options = store_options_from(params);
  CHECK(options.max_memory_bytes == 3ull * 1024 * 1024);
  CHECK(options.lru_threshold_pct == 80);
  CHECK(options.lock_timeout_s == 15);
  CHECK(options.max_object_bytes == 2047ull * 1024 * 1024);
  StoreOptions defaults = store_options_from(ParamSet::defaults());
  CHECK(defaults.max_memory_bytes == 0);
  CHECK(defaults.max_object_bytes == 32ull << 20);
  CHECK(defaults.lock_timeout_s == 90);
  CHECK(defaults.lru_threshold_pct == 100);
}

TEST_CASE("the rendered default file parses back to the defaults", "[core][params]") {
  const std::string text = render_default_params_file();
  ParamSet params;
  REQUIRE(params.parse_file_text(text, "soss_params.txt").is_ok());
  for (const ParamSpec& spec : param_registry()) {
    INFO(spec.name);
    CHECK(params.get(spec.name) == spec.default_value);
    CHECK(params.source(spec.name) == ParamSource::kFile);
    CHECK(params.line(spec.name) > 0);
    // Every entry is preceded by its comment.
    std::string entry = "\n" + render_param_comment(spec) + "\n" + std::string(spec.name);
    CHECK(text.find(entry) != std::string::npos);
  }
  CHECK(text.find("# Seconds before an unrefreshed object lock expires [1..86400] (store-wide; "
                  "changeable at run time)\nlock_timeout      90\n") != std::string::npos);
}

TEST_CASE("the shipped sample file is exactly the rendered default file", "[core][params]") {
  std::ifstream in(std::string(SOSS_SOURCE_DIR) + "/packaging/soss_params.txt", std::ios::binary);
  REQUIRE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A checkout with autocrlf may have CRLF endings; the content must still match.
  std::string normalized;
  for (char c : text) {
    if (c != '\r') {
      normalized += c;
    }
  }
  CHECK(normalized == render_default_params_file());
}

TEST_CASE("update_params_text rewrites values in place and keeps everything else",
          "[core][params]") {
  const std::string old_text =
      "# my store\n"
      "lock_timeout    90   # was 60 before\n"
      "\n"
      "  # keep me exactly   \n"
      "max_memory\t0\n"
      "store_weight 100";
  Result<std::string> updated = update_params_text(
      old_text, {{"lock_timeout", "120"}, {"max_memory", "4096"}, {"auto_join", "1"}});
  REQUIRE(updated);
  CHECK(*updated ==
        "# my store\n"
        "lock_timeout    120   # was 60 before\n"
        "\n"
        "  # keep me exactly   \n"
        "max_memory\t4096\n"
        "store_weight 100\n" +
            render_param_comment(*find_param("auto_join")) +
            "\n"
            "auto_join         1\n");
  ParamSet params;
  REQUIRE(params.parse_file_text(*updated, "f").is_ok());
  CHECK(params.get_int("lock_timeout") == 120);
  CHECK(params.get_int("max_memory") == 4096);
  CHECK(params.get_bool("auto_join"));
  CHECK(params.get_int("store_weight") == 100);
}

TEST_CASE("updating the default file changes only the named line", "[core][params]") {
  const std::string text = render_default_params_file();
  Result<std::string> updated = update_params_text(text, {{"lock_timeout", "120"}});
  REQUIRE(updated);
  std::string expected = text;
  const std::string line = "\nlock_timeout      90\n";
  REQUIRE(expected.find(line) != std::string::npos);
  expected.replace(expected.find(line), line.size(), "\nlock_timeout      120\n");
  CHECK(*updated == expected);
}

TEST_CASE("update_params_text handles empty values, CRLF, repeats and '=' lines",
          "[core][params]") {
  Result<std::string> a =
      update_params_text("host_list\r\nlock_timeout=5\r\n",
                         {{"host_list", "10.0.0.1"}, {"lock_timeout", "6"}, {"lock_timeout", "7"}});
  REQUIRE(a);
  CHECK(*a == "host_list 10.0.0.1\r\nlock_timeout      7\r\n");
  Result<std::string> b = update_params_text("host_list 10.0.0.1  # hosts\n", {{"host_list", ""}});
  REQUIRE(b);
  CHECK(*b == "host_list  # hosts\n");
  Result<std::string> c = update_params_text("", {{"mgt_port", "800"}});
  REQUIRE(c);
  CHECK(*c == render_param_comment(*find_param("mgt_port")) + "\nmgt_port          800\n");
  Result<std::string> same = update_params_text("x y z\n# not a param\n", {});
  REQUIRE(same);
  CHECK(*same == "x y z\n# not a param\n");
}

TEST_CASE("update_params_text refuses bad changes", "[core][params]") {
  Result<std::string> bad =
      update_params_text("lock_timeout 5\n", {{"lock_timeout", "6"}, {"max_replicas", "9"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == StatusCode::kConfigError);
  CHECK(bad.error().message() == "max_replicas must be an integer in 0..2, got '9'");
  Result<std::string> unknown = update_params_text("", {{"lock_timout", "6"}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message() ==
        "unknown parameter 'lock_timout' (did you mean 'lock_timeout'?)");
}

TEST_CASE("client params with two gateways", "[core][params]") {
  const std::string text =
      "update_time       0\n"
      "max_lcl_retries   10\n"
      "max_rem_retries   3\n"
      "max_access_time   20\n"
      "max_svr_conn      4\n"
      "runas_remcli      0\n"
      "br_timeout        60\n"
      "stats_interval    6\n"
      "rem_gw            soss2, 3720, 172.20.128.2, 3721\n"
      "rem_gw  __SOSS_remote_client_access, 717, 10.0.0.5, 718  # remote client\n"
      "access_mode       soss2, push\n"
      "auto_start        soss2, 1\n"
      "conn_timeout      soss2, 4\n";
  Result<ClientParams> parsed = parse_client_params(text, "scp.txt");
  REQUIRE(parsed);
  CHECK(parsed->max_lcl_retries == 10);
  CHECK(parsed->max_rem_retries == 3);
  CHECK(parsed->max_access_time == 20);
  CHECK(parsed->max_svr_conn == 4);
  REQUIRE(parsed->gateways.size() == 2);
  CHECK(parsed->gateways[0] == RemoteGateway{"soss2", 3720, "172.20.128.2", 3721});
  CHECK(parsed->gateways[1] ==
        RemoteGateway{std::string(kRemoteClientStore), 717, "10.0.0.5", 718});
  Result<ClientParams> round = parse_client_params(render_client_params(*parsed), "r");
  REQUIRE(round);
  CHECK(*round == *parsed);
  Result<ClientParams> defaults = parse_client_params(render_client_params({}), "d");
  REQUIRE(defaults);
  CHECK(*defaults == ClientParams{});
}

TEST_CASE("bad client lines report file and line", "[core][params]") {
  CHECK(client_error("max_lcl_retries 101\n") ==
        "soss_client_params.txt:1: max_lcl_retries must be an integer in 0..100, got '101'");
  CHECK(client_error("# c\nmax_access_time 256\n") ==
        "soss_client_params.txt:2: max_access_time must be an integer in 0..255, got '256'");
  CHECK(client_error("max_lcl_retires 1\n") ==
        "soss_client_params.txt:1: unknown parameter 'max_lcl_retires' (did you mean "
        "'max_lcl_retries'?)");
  CHECK(client_error("max_rem_retries=2\n") ==
        "soss_client_params.txt:1: use 'max_rem_retries 2', not 'max_rem_retries=2'");
  CHECK(client_error("max_rem_retries\n") ==
        "soss_client_params.txt:1: missing value for max_rem_retries");
  CHECK(client_error("max_rem_retries 1\nmax_rem_retries 2\n") ==
        "soss_client_params.txt:2: duplicate parameter 'max_rem_retries' (first set at line 1)");
  CHECK(client_error("rem_gw soss2, 3720, 172.20.128.2\n") ==
        "soss_client_params.txt:1: rem_gw must be '<store>, <mgt_port>, <address>, <svr_port>', "
        "got 'soss2, 3720, 172.20.128.2'");
  CHECK(client_error("rem_gw soss2, 0, 172.20.128.2, 3721\n") ==
        "soss_client_params.txt:1: rem_gw ports must be in 1..65535, got 'soss2, 0, "
        "172.20.128.2, 3721'");
  CHECK(client_error("rem_gw soss2, 1, host.example, 3721\n") ==
        "soss_client_params.txt:1: rem_gw address must be an IPv4 address (a.b.c.d), got "
        "'host.example'");
}

TEST_CASE("update_client_params_text rewrites scalars and replaces a store's gateways",
          "[core][params]") {
  const std::string old_text =
      "max_lcl_retries   30   # keep\n"
      "rem_gw __SOSS_remote_client_access, 720, 10.0.0.1, 721\n"
      "# between\n"
      "rem_gw soss2, 3720, 172.20.128.2, 3721\n"
      "rem_gw __SOSS_remote_client_access, 720, 10.0.0.2, 721\n"
      "access_mode soss2, push\n";
  std::vector<std::pair<std::string, std::string>> changes = {
      {"max_lcl_retries", "5"},
      {"rem_gw", "__SOSS_remote_client_access, 720, 10.0.0.7, 721"},
      {"rem_gw", "__SOSS_remote_client_access, 720, 10.0.0.8, 721"},
      {"rem_gw", "soss3, 4720, 10.1.0.1, 4721"},
      {"max_access_time", "9"}};
  Result<std::string> updated = update_client_params_text(old_text, changes);
  REQUIRE(updated);
  CHECK(*updated ==
        "max_lcl_retries   5   # keep\n"
        "rem_gw            __SOSS_remote_client_access, 720, 10.0.0.7, 721\n"
        "rem_gw            __SOSS_remote_client_access, 720, 10.0.0.8, 721\n"
        "# between\n"
        "rem_gw soss2, 3720, 172.20.128.2, 3721\n"
        "access_mode soss2, push\n"
        "rem_gw            soss3, 4720, 10.1.0.1, 4721\n"
        "max_access_time   9\n");
  Result<std::string> removed = update_client_params_text(*updated, {{"rem_gw", "soss2"}});
  REQUIRE(removed);
  CHECK(removed->find("soss2, 3720") == std::string::npos);
  CHECK(removed->find("access_mode soss2, push\n") != std::string::npos);

  Result<std::string> bad = update_client_params_text(old_text, {{"access_mode", "soss2, pull"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == StatusCode::kConfigError);
  CHECK_FALSE(update_client_params_text(old_text, {{"max_svr_conn", "0"}}));
  CHECK_FALSE(update_client_params_text(old_text, {{"rem_gw", "x, 1, 2, 3"}}));
}

TEST_CASE("docs/parameters.md lists every parameter with its default", "[core][params]") {
  std::ifstream in(std::string(SOSS_SOURCE_DIR) + "/docs/parameters.md", std::ios::binary);
  REQUIRE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const ParamSpec& spec : param_registry()) {
    INFO(spec.name);
    std::string shown = spec.default_value.empty() ? std::string("(empty)")
                                                   : "`" + std::string(spec.default_value) + "`";
    CHECK(text.find("| `" + std::string(spec.name) + "` | " + shown + " | ") != std::string::npos);
  }
}
