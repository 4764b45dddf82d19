// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "multipart_parser.hpp"

#include <utility>

#include "header_params.hpp"
#include "http_message.hpp"

namespace soss::rest {
namespace {

Status bad(std::string why) {
  return Status(StatusCode::kInvalidArgument, "malformed multipart body: " + std::move(why));
}

bool has_control(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      return true;
    }
  }
  return false;
}

// Fills name, filename and content type from the part's header block.
Status read_part_headers(std::string_view block, FormPart& part) {
  bool has_disposition = false;
  while (!block.empty()) {
    std::size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return bad("a part header line has no ':'");
    }
    std::string_view name = trim(line.substr(0, colon));
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    } else if (iequals(name, "Content-Disposition")) {
      auto params = parse_header_params(value, ';');
      if (!params || params->token != "form-data" || params->get("name") == nullptr) {
        return bad("a part's Content-Disposition is not form-data with a name");
      }
      part.name = *params->get("name");
      if (const std::string* f = params->get("filename")) {
        part.filename = *f;
      }
      has_disposition = true;
    }
  }
  if (!has_disposition) {
    return bad("a part has no Content-Disposition");
  }
  // A control character (bare, or escaped in a quoted string) could not be written back into
  // a header: a CR or LF would split it, a NUL cut it (found by fuzz_multipart). HTAB is text.
  if (has_control(part.name) || (part.filename && has_control(*part.filename)) ||
      has_control(part.content_type)) {
    return bad("a part's name, filename or Content-Type holds a control character");
  }
  return Status::ok();
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type) {
  auto params = parse_header_params(content_type, ';');
  if (!params || params->token != "multipart/form-data") {
    return Status(StatusCode::kInvalidArgument,
                  "the upload must be Content-Type: multipart/form-data");
  }
  const std::string* b = params->get("boundary");
  if (b == nullptr || b->empty() || b->size() > 70) {
    return Status(StatusCode::kInvalidArgument,
                  "the multipart/form-data Content-Type has no valid boundary");
  }
  return *b;
}

Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;
  std::size_t pos;
  if (body.substr(0, delimiter.size()) == delimiter) {
    pos = delimiter.size();
  } else {
    pos = body.find(next_delimiter);  // after a preamble
    if (pos == std::string_view::npos) {
      return bad("no opening boundary");
    }
    pos += next_delimiter.size();
  }
  std::vector<FormPart> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") {
      return parts;  // the closing delimiter; an epilogue may follow and is ignored
    }
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) {
      ++pos;  // transport padding
    }
    if (body.substr(pos, 2) != "\r\n") {
      return bad("a boundary line does not end in CRLF");
    }
    pos += 2;
    std::size_t headers_end = body.find("\r\n\r\n", pos);
    // A part with no header lines starts with the blank line itself.
    bool no_headers = body.substr(pos, 2) == "\r\n";
    if (headers_end == std::string_view::npos && !no_headers) {
      return bad("a part's headers do not end in a blank line");
    }
    FormPart part;
    if (no_headers) {
      return bad("a part has no Content-Disposition");
    }
    SOSS_RETURN_IF_ERROR(read_part_headers(body.substr(pos, headers_end - pos), part));
    std::size_t data_start = headers_end + 4;
    std::size_t data_end = body.find(next_delimiter, data_start);
    if (data_end == std::string_view::npos) {
      return bad("no closing boundary");
    }
    part.data = std::string(body.substr(data_start, data_end - data_start));
    parts.push_back(std::move(part));
    pos = data_end + next_delimiter.size();
  }
}

std::string base_file_name(std::string_view filename) {
  std::size_t cut = filename.find_last_of("/\\");
  return std::string(cut == std::string_view::npos ? filename : filename.substr(cut + 1));
}

}  // namespace soss::rest
