// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "soss/core/common/status.hpp"

namespace soss::rest {

// One part of a multipart/form-data body (RFC 7578).
struct FormPart {
  std::string name;                     // the form field's name
  std::optional<std::string> filename;  // set for file parts (may be empty)
  std::string content_type;             // the part's Content-Type; empty when not given
  std::string data;
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type; kInvalidArgument
// when the type is another one or the boundary is missing or longer than 70 characters.
Result<std::string> multipart_boundary(std::string_view content_type);

// Splits a whole multipart body into its parts; kInvalidArgument with a reason when the body is
// malformed (no opening delimiter, a part without a blank line after its headers, no closing
// delimiter, a part without a Content-Disposition name). Pure; thread-safe.
Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary);

// The last path component of a file name as browsers send it: "C:\dir\a.txt" -> "a.txt".
std::string base_file_name(std::string_view filename);

}  // namespace soss::rest
