// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest's multipart/form-data parser (apps/soss_rest/multipart_parser.cpp). The input is a
// Content-Type value, a '\n', then the body; when the Content-Type has no valid boundary the
// body is parsed with the boundary "b". Checks, beyond "no crash":
//   - a boundary found is 1..70 characters;
//   - no part's data holds the delimiter "\r\n--boundary";
//   - the parts, written back as a multipart body with the same boundary, parse to the same
//     parts (name, filename, content type, data);
//   - base_file_name keeps no '/' or '\'.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "multipart_parser.hpp"

namespace {

using soss::fuzz::quoted;
using soss::fuzz::require;

using namespace soss::rest;

std::string render(const std::vector<FormPart>& parts, const std::string& boundary) {
  std::string out;
  for (const FormPart& p : parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(p.name);
    if (p.filename) {
      out += "; filename=" + quoted(*p.filename);
    }
    out += "\r\n";
    if (!p.content_type.empty()) {
      out += "Content-Type: " + p.content_type + "\r\n";
    }
    out += "\r\n" + p.data + "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

bool same_parts(const std::vector<FormPart>& a, const std::vector<FormPart>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].filename != b[i].filename ||
        a[i].content_type != b[i].content_type || a[i].data != b[i].data) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nl = input.find('\n');
  std::string_view content_type = input.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
  auto b = multipart_boundary(content_type);
  if (b) {
    require(!b->empty() && b->size() <= 70, "a boundary is 1..70 characters");
  }
  const std::string boundary = b ? *b : std::string("b");
  auto parts = parse_multipart(body, boundary);
  if (!parts) {
    require(parts.error().code() == soss::StatusCode::kInvalidArgument,
            "a bad body is kInvalidArgument");
    return 0;
  }
  const std::string delimiter = "\r\n--" + boundary;
  for (const FormPart& p : *parts) {
    require(p.data.find(delimiter) == std::string::npos, "no part holds the delimiter");
    if (p.filename) {
      std::string base = base_file_name(*p.filename);
      require(base.find_first_of("/\\") == std::string::npos, "base_file_name has no separator");
    }
  }
  auto again = parse_multipart(render(*parts, boundary), boundary);
  require(again.has_value(), "rendered parts parse");
  require(same_parts(*parts, *again), "parts -> render -> parse gives the same parts");
  return 0;
}
