// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_errors.hpp"

#include <nlohmann/json.hpp>

namespace soss::rest {

using client::ResultCode;

RestError rest_error_for(ResultCode result) {
  switch (result) {
    case ResultCode::kNotFound:
      return {404, "ObjNotFound", "Object not found."};
    case ResultCode::kAlreadyExists:
      return {412, "ObjAlreadyExists", "The object already exists."};
    case ResultCode::kVersionMismatch:
      return {412, "VersionMismatch", "Version mismatch on optimistic locking update."};
    case ResultCode::kObjectLocked:
    case ResultCode::kAlreadyLocked:
    case ResultCode::kLockLost:
      return {409, "ObjLocked", "The object is locked by another client."};
    case ResultCode::kInvalidArgument:
      return {400, "BadArgs", "An argument is invalid."};
    case ResultCode::kObjectTooLarge:
      return {413, "ObjTooLarge", "The object is larger than the store's max_object_size."};
    case ResultCode::kNamespaceConflict:
      return {409, "NamespaceConflict",
              "The namespace's id collides with another registered namespace."};
    case ResultCode::kLowMemory:
      return {503, "LowMemory",
              "The soss service has insufficient free memory to store the object."};
    case ResultCode::kNotReady:
      return {503, "NotReady", "The soss service is not ready to perform this operation."};
    case ResultCode::kUnavailable:
      return {503, "CantConnect", "Cannot connect to the soss service."};
    case ResultCode::kTimeout:
      return {503, "ServiceTimeout", "The soss service did not answer in time."};
    case ResultCode::kUnauthorized:
      return {503, "CantAccess", "The soss service refused access."};
    default:
      return {500, "OperationFailed", "The operation failed."};
  }
}

HttpResponse error_response(const RestError& e, std::string_view detail, std::string_view result) {
  nlohmann::json j = {{"code", e.code}, {"message", e.message}, {"status", e.status}};
  if (!detail.empty()) {
    j["detail"] = detail;
  }
  if (!result.empty()) {
    j["result"] = result;
  }
  HttpResponse r;
  r.status = e.status;
  r.set("Content-Type", "application/json");
  // Store details may hold bytes that are not UTF-8 (e.g. echoed names): replace, never throw.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse store_error_response(ResultCode result, std::string_view detail) {
  return error_response(rest_error_for(result), detail, client::result_code_name(result));
}

HttpResponse bad_args_response(std::string_view detail) {
  return store_error_response(ResultCode::kInvalidArgument, detail);
}

HttpResponse http_error_response(int status, std::string_view detail) {
  switch (status) {
    case 400:
      return error_response({400, "BadRequest", "The request is malformed."}, detail);
    case 401:
      return error_response({401, "Unauthorized", "Authentication is required."}, detail);
    case 404:
      return error_response({404, "BadPath", "No such resource."}, detail);
    case 405:
      return error_response({405, "MethodNotAllowed", "Method not allowed here."}, detail);
    case 408:
      return error_response({408, "RequestTimeout", "The request came too slowly."}, detail);
    case 413:
      return error_response({413, "TooLarge", "The request body is too large."}, detail);
    case 417:
      return error_response({417, "ExpectationFailed", "Unsupported Expect."}, detail);
    case 431:
      return error_response({431, "HeadersTooLarge", "The request headers are too large."}, detail);
    case 501:
      return error_response({501, "NotImplemented", "Not implemented."}, detail);
    case 503:
      return error_response({503, "Busy", "Too many connections."}, detail);
    case 505:
      return error_response({505, "BadVersion", "HTTP version not supported."}, detail);
    default:
      return error_response({status, "OperationFailed", "The operation failed."}, detail);
  }
}

}  // namespace soss::rest
