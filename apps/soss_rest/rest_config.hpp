// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "soss/core/common/status.hpp"

namespace soss::rest {

inline constexpr std::uint16_t kDefaultRestPort = 4001;

// /etc/soss/soss_rest.conf on Linux; soss_rest.conf beside soss_rest.exe on Windows (the install
// folder, where soss_params.txt is too).
std::string default_config_path();

// Everything soss_rest.conf sets (docs/rest.md lists the names). Defaults are written here.
struct RestConfig {
  std::string listen_address = "127.0.0.1";  // loopback only until configured otherwise
  std::uint16_t port = kDefaultRestPort;
  std::string store;          // a client connection string; empty = this machine's client params
  std::string params_dir;     // where soss_client_params.txt is (empty = /etc/soss; Windows:
                              // the folder of soss_client.dll, the install folder)
  std::string tls_cert_file;  // PEM; TLS is on when both files are set
  std::string tls_key_file;
  std::string htdigest_file;  // Apache htdigest file; digest authentication is on when set
  std::string digest_realm = "SOSS REST API";
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  std::size_t max_header_bytes = 64 * 1024;
  std::uint32_t header_timeout_s = 10;   // a request line and headers must arrive within this
  std::uint32_t request_timeout_s = 30;  // a request must arrive in full within this
  std::uint32_t idle_timeout_s = 60;     // an idle keep-alive connection is closed after this
  std::uint32_t max_connections = 256;   // at the cap the longest-waiting one is shed
  std::uint32_t threads = 16;            // io threads; store calls block one while they wait
  std::string log_level = "info";

  bool tls() const { return !tls_cert_file.empty(); }
  bool digest_auth() const { return !htdigest_file.empty(); }
  // kConfigError naming the field and its allowed range.
  Status validate() const;
};

// Parses soss_rest.conf: one `name value` per line (the value is the rest of the line), '#'
// comments, blank lines. Unknown names, repeats and bad values are kConfigError
// "FILE:LINE: reason". Starts from the defaults of RestConfig.
Result<RestConfig> parse_rest_config(std::string_view text, std::string_view file_name);

// Applies "ADDR:PORT", "[IPv6]:PORT" or ":PORT" (port only) to `config`.
Status apply_listen(std::string_view text, RestConfig& config);

}  // namespace soss::rest
