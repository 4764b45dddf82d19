// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest against a real soss_service: curl and the C++ client side by side.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "integration/rest_fixture.hpp"
#include "soss/client/cache.hpp"
#include "support/catch.hpp"

using namespace soss::test;
using namespace soss::client;

namespace {

// True when something accepts TCP connections on 127.0.0.1:port.
bool listening(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

bool have_curl() {
  if (find_program("curl").empty()) {
    WARN("curl is not installed (apt-get install curl): skipping the REST test");
    return false;
  }
  return true;
}

std::string quoted(std::uint64_t v) { return "\"" + std::to_string(v) + "\""; }

}  // namespace

TEST_CASE("rest: an object written through one side reads back through the other",
          "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "shared");

  auto put = rest.curl({"-X", "PUT", "-H", "Content-Type: text/plain; charset=utf-8",
                        "--data-binary", "from curl", rest.url("/data/shared/greeting")});
  REQUIRE(put.status == 201);
  CHECK(put.header("location") == "/data/shared/greeting");
  auto read = cache.read("greeting");
  REQUIRE(read.result == ResultCode::kRetrieved);
  CHECK(read.value == "from curl");
  CHECK(read.metadata.content_type == "text/plain; charset=utf-8");
  CHECK(put.header("etag") == quoted(read.version));

  WriteOptions json;
  json.content_type = "application/json";
  auto written = cache.put("from-client", R"({"a":1})", json);
  REQUIRE(written.ok());
  auto get = rest.curl({rest.url("/data/shared/from-client")});
  CHECK(get.status == 200);
  CHECK(get.body == R"({"a":1})");
  CHECK(get.header("etag") == quoted(written.version));
  CHECK(get.header("content-type") == "application/json");

  // No Content-Type stored: served as octet-stream. Keys are URL-decoded.
  REQUIRE(cache.put("a key/with slash", "raw").ok());
  auto encoded = rest.curl({rest.url("/data/shared/a%20key%2Fwith%20slash")});
  CHECK(encoded.status == 200);
  CHECK(encoded.body == "raw");
  CHECK(encoded.header("content-type") == "application/octet-stream");
  CHECK(rest.curl({rest.url("/data/shared/a%20key/with%20slash")}).body == "raw");
  // HEAD: the headers of the GET, no body (the connection closes right after them).
  std::string head = raw_exchange(rest.port(),
                                  "HEAD /data/shared/greeting HTTP/1.1\r\nHost: x\r\n"
                                  "Connection: close\r\n\r\n");
  CHECK(statuses_of(head) == std::vector<int>{200});
  CHECK(head.find("Content-Length: 9\r\n") != std::string::npos);
  CHECK(head.size() == head.find("\r\n\r\n") + 4);
}

TEST_CASE("rest: namespaces, paged keys and clear", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "listing");
  for (int i = 0; i < 5; ++i) {
    REQUIRE(cache.put("k" + std::to_string(i), "v").ok());
  }
  auto namespaces = nlohmann::json::parse(rest.curl({rest.url("/data/")}).body);
  REQUIRE(namespaces.is_array());
  bool found = false;
  for (const auto& ns : namespaces) {
    found = found || (ns["name"] == "listing" && ns["id"] == cache.namespace_id());
  }
  CHECK(found);

  std::vector<std::string> keys;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = rest.curl({"-G", "--data-urlencode", "cursor=" + cursor, "--data", "limit=2",
                        rest.url("/data/listing")});
    REQUIRE(r.status == 200);
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["keys"].size() <= 2);
    for (const auto& k : j["keys"]) {
      keys.push_back(k.get<std::string>());
    }
    cursor = j["next_cursor"].get<std::string>();
    if (cursor.empty()) {
      break;
    }
  }
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"k0", "k1", "k2", "k3", "k4"});
  CHECK(rest.curl({rest.url("/data/listing?limit=0")}).status == 400);

  auto cleared = rest.curl({"-X", "DELETE", rest.url("/data/listing")});
  CHECK(cleared.status == 200);
  CHECK(nlohmann::json::parse(cleared.body)["removed"] == 5);
  CHECK(cache.read("k0").result == ResultCode::kNotFound);
}

TEST_CASE("rest: GET with If-None-Match", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "cond");
  auto v = cache.put("o", "one").version;
  auto same = rest.curl({"-H", "If-None-Match: " + quoted(v), rest.url("/data/cond/o")});
  CHECK(same.status == 304);
  CHECK(same.body.empty());
  CHECK(same.header("etag") == quoted(v));
  CHECK(
      rest.curl({"-H", "If-None-Match: \"x\", W/" + quoted(v), rest.url("/data/cond/o")}).status ==
      304);
  CHECK(rest.curl({"-H", "If-None-Match: *", rest.url("/data/cond/o")}).status == 304);
  auto changed = rest.curl({"-H", "If-None-Match: " + quoted(v + 100), rest.url("/data/cond/o")});
  CHECK(changed.status == 200);
  CHECK(changed.body == "one");
  CHECK(rest.curl({"-H", "If-None-Match: nonsense", rest.url("/data/cond/o")}).status == 400);
  CHECK(rest.curl({rest.url("/data/cond/missing")}).status == 404);
}

TEST_CASE("rest: PUT with If-Match and If-None-Match", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "cond");
  auto put = [&](const std::string& header, const std::string& body, const std::string& key) {
    std::vector<std::string> args{"-X", "PUT", "--data-binary", body};
    if (!header.empty()) {
      args.insert(args.end(), {"-H", header});
    }
    args.push_back(rest.url("/data/cond/" + key));
    return rest.curl(args);
  };
  // If-None-Match: * creates only.
  auto created = put("If-None-Match: *", "v1", "o");
  CHECK(created.status == 201);
  auto again = put("If-None-Match: *", "v2", "o");
  CHECK(again.status == 412);
  CHECK(nlohmann::json::parse(again.body)["code"] == "ObjAlreadyExists");
  CHECK(cache.read("o").value == "v1");

  // If-Match: * updates only.
  auto missing = put("If-Match: *", "x", "absent");
  CHECK(missing.status == 404);
  CHECK(nlohmann::json::parse(missing.body)["code"] == "ObjNotFound");
  CHECK(cache.read("absent").result == ResultCode::kNotFound);
  CHECK(put("If-Match: *", "v2", "o").status == 200);
  CHECK(cache.read("o").value == "v2");

  // If-Match: <etag> is optimistic.
  auto v = cache.read("o").version;
  auto stale = put("If-Match: " + quoted(v - 1), "v3", "o");
  CHECK(stale.status == 412);
  CHECK(nlohmann::json::parse(stale.body)["code"] == "VersionMismatch");
  CHECK(put("If-Match: \"not-ours\"", "v3", "o").status == 412);
  auto fresh = put("If-Match: " + quoted(v), "v3", "o");
  CHECK(fresh.status == 200);
  CHECK(fresh.header("etag") == quoted(cache.read("o").version));
  CHECK(cache.read("o").value == "v3");
  CHECK(put("If-Match: \"1\"", "x", "absent").status == 404);

  // Unconditional: upsert. Bad combinations are 400 BadArgs.
  CHECK(put("", "plain", "p").status == 201);
  CHECK(put("", "plain2", "p").status == 200);
  auto both = rest.curl({"-X", "PUT", "-H", "If-Match: *", "-H", "If-None-Match: *", "-d", "x",
                         rest.url("/data/cond/p")});
  CHECK(both.status == 400);
  CHECK(nlohmann::json::parse(both.body)["code"] == "BadArgs");
}

TEST_CASE("rest: timeout headers and DELETE", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "ttl");
  auto r = rest.curl({"-X", "PUT", "-H", "Soss-TimeoutSec: 600", "-H", "Soss-TimeoutType: sliding",
                      "-d", "x", rest.url("/data/ttl/t")});
  REQUIRE(r.status == 201);
  auto meta = cache.metadata("t").metadata;
  CHECK(meta.timeout == std::chrono::seconds(600));
  CHECK(meta.timeout_type == TimeoutType::kSliding);
  auto get = rest.curl({rest.url("/data/ttl/t")});
  CHECK(get.header("soss-timeoutsec") == "600");
  CHECK(get.header("soss-timeouttype") == "Sliding");
  CHECK(rest.curl({"-X", "PUT", "-H", "Soss-TimeoutType: ResetOnUpdate", "-d", "x",
                   rest.url("/data/ttl/u")})
            .status == 201);
  CHECK(cache.metadata("u").metadata.timeout_type == TimeoutType::kResetOnUpdate);
  CHECK(rest.curl({"-X", "PUT", "-H", "Soss-TimeoutSec: -1", "-d", "x", rest.url("/data/ttl/t")})
            .status == 400);
  CHECK(rest.curl({"-X", "PUT", "-H", "Soss-TimeoutType: Forever", "-d", "x",
                   rest.url("/data/ttl/t")})
            .status == 400);

  auto v = cache.read("t").version;
  CHECK(rest.curl({"-X", "DELETE", "-H", "If-Match: " + quoted(v + 1), rest.url("/data/ttl/t")})
            .status == 412);
  CHECK(rest.curl({"-X", "DELETE", rest.url("/data/ttl/t")}).status == 204);
  CHECK(cache.read("t").result == ResultCode::kNotFound);
  CHECK(rest.curl({"-X", "DELETE", rest.url("/data/ttl/t")}).status == 404);
}

TEST_CASE("rest: a locked object refuses If-Match updates and deletes with 409",
          "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "locks");
  REQUIRE(cache.put("l", "v").ok());
  auto held = cache.lock("l", std::chrono::milliseconds(0));
  REQUIRE(held.result == ResultCode::kLocked);
  auto update = rest.curl({"-X", "PUT", "-H", "If-Match: *", "-d", "x", rest.url("/data/locks/l")});
  CHECK(update.status == 409);
  CHECK(nlohmann::json::parse(update.body)["code"] == "ObjLocked");
  CHECK(rest.curl({"-X", "DELETE", rest.url("/data/locks/l")}).status == 409);
  CHECK(cache.release_lock("l", held.lock_ticket).ok());
}

TEST_CASE("rest: multipart upload of one file", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  std::string file = rest.dir().file("report.csv");
  write_text(file, "a,b\n1,2\n");
  auto up = rest.curl({"-F", "file=@" + file + ";type=text/csv", "-F", "Soss-TimeoutSec=300", "-F",
                       "Soss-TimeoutType=Absolute", rest.url("/data/uploads")});
  REQUIRE(up.status == 201);
  auto body = nlohmann::json::parse(up.body);
  CHECK(body["key"] == "report.csv");
  Cache uploads(rest.client(), "uploads");
  auto read = uploads.read("report.csv");
  REQUIRE(read.ok());
  CHECK(read.value == "a,b\n1,2\n");
  CHECK(read.metadata.content_type == "text/csv");
  CHECK(read.metadata.timeout == std::chrono::seconds(300));
  CHECK(up.header("etag") == "\"" + std::to_string(read.version) + "\"");

  // Soss-Key and Soss-Namespace override the file name and the URL's namespace.
  auto named = rest.curl({"-F", "file=@" + file, "-F", "Soss-Key=renamed", "-F",
                          "Soss-Namespace=elsewhere", rest.url("/data/uploads")});
  CHECK(named.status == 201);
  CHECK(Cache(rest.client(), "elsewhere").read("renamed").value == "a,b\n1,2\n");

  auto no_file = rest.curl({"-F", "Soss-Key=x", rest.url("/data/uploads")});
  CHECK(no_file.status == 400);
  auto two = rest.curl({"-F", "a=@" + file, "-F", "b=@" + file, rest.url("/data/uploads")});
  CHECK(two.status == 400);
  auto not_multipart = rest.curl({"-X", "POST", "-d", "x=1", rest.url("/data/uploads")});
  CHECK(not_multipart.status == 400);
}

TEST_CASE("rest: unknown paths, wrong methods and a store that is down", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  auto nowhere = rest.curl({rest.url("/other")});
  CHECK(nowhere.status == 404);
  CHECK(nlohmann::json::parse(nowhere.body)["code"] == "BadPath");
  auto post_object = rest.curl({"-X", "POST", "-d", "x", rest.url("/data/ns/key")});
  CHECK(post_object.status == 405);
  CHECK(post_object.header("allow") == "GET, HEAD, PUT, DELETE");
  CHECK(rest.curl({"-X", "PUT", "-d", "x", rest.url("/data/")}).status == 405);
  CHECK(rest.curl({"-X", "PATCH", "-d", "x", rest.url("/data/ns")}).status == 405);
  CHECK(rest.curl({rest.url("/data/ns/bad%zzescape")}).status == 400);
  // An empty key, even with a slash after it, is BadKey (it used to store the key "/" with 201);
  // a key that starts with '/' is written %2F.
  auto empty_key = rest.curl({"-X", "PUT", "-d", "x", rest.url("/data/ns//")});
  CHECK(empty_key.status == 400);
  CHECK(nlohmann::json::parse(empty_key.body)["code"] == "BadKey");
  CHECK(rest.curl({"-X", "PUT", "-d", "x", rest.url("/data/ns/%2Fslash")}).status == 201);

  rest.service().stop();
  auto down = rest.curl({rest.url("/data/ns/key")});
  CHECK(down.status == 503);
  CHECK(nlohmann::json::parse(down.body)["status"] == 503);
  CHECK(rest.process().running());
}

// soss_rest with no settings finds the store the way `soss` does ($SOSS_PARAMS, then the
// default) and says where it looked; with no store there it answers 503 at once (it used to
// wait ~51 s, past its own request timeout).
TEST_CASE("rest: no settings: the store of $SOSS_PARAMS, or a fast 503 that says where",
          "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  ServiceFixture service;
  TempDir dir;
  const std::string curl = find_program("curl");
  auto status_of = [&](std::uint16_t port, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{curl, "-s",           "-o",         "/dev/null",
                                  "-w", "%{http_code}", "--max-time", "20"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("http://127.0.0.1:" + std::to_string(port) + "/data/ns/k");
    return std::atoi(run(argv, {}, std::chrono::seconds(25)).out.c_str());
  };
  auto start_rest = [&](const std::string& params, std::uint16_t port, const std::string& log) {
    auto p = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/env", "SOSS_PARAMS=" + params, SOSS_REST_BIN, "--listen",
                                 "127.0.0.1:" + std::to_string(port)},
        dir.file(log));
    REQUIRE(eventually([&] { return listening(port); }));
    return p;
  };

  const std::uint16_t found_port = free_port();
  auto found = start_rest(service.params_file(), found_port, "found.log");
  CHECK(status_of(found_port, {"-X", "PUT", "-H", "Content-Type: text/plain", "-d", "hi"}) == 201);
  CHECK(status_of(found_port, {}) == 200);
  const std::string service_dir =
      std::filesystem::path(service.params_file()).parent_path().string();
  CHECK(read_text(dir.file("found.log")).find(service_dir + "/soss_client_params.txt") !=
        std::string::npos);
  found->stop(15);

  const std::uint16_t missing_port = free_port();
  auto missing = start_rest(dir.file("nowhere/soss_params.txt"), missing_port, "missing.log");
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(status_of(missing_port, {}) == 503);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  CHECK(read_text(dir.file("missing.log")).find(dir.file("nowhere")) != std::string::npos);
  missing->stop(15);
}
