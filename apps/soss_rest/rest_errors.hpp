// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "http_message.hpp"
#include "soss/client/types.hpp"

namespace soss::rest {

// An error answer: the HTTP status and the error code of the original REST service (soss adds
// a few, docs/rest.md lists them all).
struct RestError {
  int status = 500;
  std::string_view code;     // "ObjNotFound"
  std::string_view message;  // the code's fixed text
};

// The REST error for a failed store operation.
RestError rest_error_for(client::ResultCode result);

// A JSON error response: {"code":..., "message":..., "status":..., "detail":..., "result":...}
// ("detail" when non-empty; "result" is the store's result code name when one is given).
HttpResponse error_response(const RestError& e, std::string_view detail = {},
                            std::string_view result = {});
// The error response for a failed store operation.
HttpResponse store_error_response(client::ResultCode result, std::string_view detail);
// BadArgs (400): a request whose headers or fields the store would refuse as invalid.
HttpResponse bad_args_response(std::string_view detail);
// An HTTP-level error (malformed request, limits, method, path): its code is chosen by status.
HttpResponse http_error_response(int status, std::string_view detail);

}  // namespace soss::rest
