// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "multipart_parser.hpp"

#include "support/catch.hpp"

using namespace soss::rest;

TEST_CASE("multipart: the boundary comes from the Content-Type", "[apps][rest]") {
  CHECK(*multipart_boundary("multipart/form-data; boundary=abc") == "abc");
  CHECK(*multipart_boundary("Multipart/Form-Data;boundary=\"a b;c\"") == "a b;c");
  CHECK_FALSE(multipart_boundary("application/x-www-form-urlencoded"));
  CHECK_FALSE(multipart_boundary("multipart/form-data"));
  CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST_CASE("multipart: fields and one file", "[apps][rest]") {
  std::string body =
      "preamble is ignored\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"Soss-Key\"\r\n"
      "\r\n"
      "my key\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\docs\\\\a.txt\"\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "line1\r\nline2 --XyZ not a boundary\r\n"
      "--XyZ--\r\n"
      "epilogue";
  auto parts = parse_multipart(body, "XyZ");
  REQUIRE(parts);
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].name == "Soss-Key");
  CHECK_FALSE((*parts)[0].filename);
  CHECK((*parts)[0].data == "my key");
  CHECK((*parts)[1].name == "file");
  CHECK(*(*parts)[1].filename == "C:\\docs\\a.txt");
  CHECK(base_file_name(*(*parts)[1].filename) == "a.txt");
  CHECK((*parts)[1].content_type == "text/plain");
  CHECK((*parts)[1].data == "line1\r\nline2 --XyZ not a boundary");
}

TEST_CASE("multipart: binary content and empty parts", "[apps][rest]") {
  std::string bin("\0\r\n\xff-", 5);
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n" +
                     bin + "\r\n--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--b--";
  auto parts = parse_multipart(body, "b");
  REQUIRE(parts);
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].data == bin);
  CHECK((*parts)[0].filename == std::string());
  CHECK((*parts)[1].data.empty());
  CHECK(base_file_name("/home/u/x.bin") == "x.bin");
}

TEST_CASE("multipart: malformed bodies are refused, never crash", "[apps][rest]") {
  const char* bad[] = {
      "",
      "no boundary at all",
      "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ndata without end",
      "--b\r\nContent-Disposition: form-data; name=\"f\"\r\ndata",
      "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
      "--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--b--",
      "--b\r\nNoColon\r\n\r\nx\r\n--b--",
      "--bX",
      "--b",
      "--b\r\n\r\nx\r\n--b--",
      "--b\r\nContent-Disposition: form-data; name=\"unterminated\r\n\r\nx\r\n--b--",
      // A line break in a name or filename, escaped or not (found by fuzz_multipart: an
      // escaped CR LF in a filename would split the header it is written back into).
      "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\\\r\\\nb\"\r\n\r\n"
      "x\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=\"f\rg\"\r\n\r\nx\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=f; filename=a\rb\r\n\r\nx\r\n--b--\r\n",
      // Any other control character too, bare or escaped, in a name, a filename or a part's
      // Content-Type (fuzz_multipart: an unquoted name holding \x01 and '"' came back refused).
      "--b\r\nContent-Disposition: form-data; name=a\x01\"b\r\n\r\nx\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=\"f\\\x01\"\r\n\r\nx\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=f; filename=\"a\x7f\"\r\n\r\nx\r\n--b--\r\n",
      "--b\r\nContent-Disposition: form-data; name=f\r\nContent-Type: text/\x02\r\n\r\nx\r\n"
      "--b--\r\n",
  };
  for (const char* body : bad) {
    INFO(body);
    CHECK_FALSE(parse_multipart(body, "b"));
  }
  // Every prefix of a valid body is refused cleanly.
  std::string good =
      "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
      "data\r\n--b--\r\n";
  REQUIRE(parse_multipart(good, "b"));
  for (std::size_t n = 0; n + 4 < good.size(); ++n) {
    INFO(n);
    CHECK_FALSE(parse_multipart(good.substr(0, n), "b"));
  }
}
