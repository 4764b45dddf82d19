// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cluster/scatter_merge.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace soss::core {

bool is_bulk(OpCode op) { return op == OpCode::kBulkRead || op == OpCode::kBulkAdd; }

namespace {

std::vector<NamespaceInfo> merge_namespaces(std::vector<Response>& shares) {
  std::map<NamespaceId, NamespaceInfo> by_id;
  for (Response& share : shares) {
    for (NamespaceInfo& ns : share.namespaces) {
      auto [it, fresh] = by_id.try_emplace(ns.id, ns);
      if (!fresh) {
        it->second.objects += ns.objects;
        it->second.bytes += ns.bytes;
        if (it->second.name.empty()) {
          it->second.name = std::move(ns.name);
        }
      }
    }
  }
  std::vector<NamespaceInfo> out;
  out.reserve(by_id.size());
  for (auto& [id, ns] : by_id) {
    out.push_back(std::move(ns));
  }
  return out;
}

}  // namespace

Response merge_shares(const Request& request, std::vector<Response> shares,
                      std::uint32_t max_page) {
  for (Response& share : shares) {
    if (share.code != StatusCode::kOk) {
      return std::move(share);
    }
  }
  Response out;
  switch (request.op) {
    case OpCode::kListNamespaces:
      out.namespaces = merge_namespaces(shares);
      break;
    case OpCode::kClearNamespace:
      for (const Response& share : shares) {
        out.count += share.count;
      }
      break;
    case OpCode::kListKeys:
    case OpCode::kQuery: {
      bool more = false;
      for (Response& share : shares) {
        more = more || !share.cursor.empty();
        std::move(share.keys.begin(), share.keys.end(), std::back_inserter(out.keys));
      }
      std::sort(out.keys.begin(), out.keys.end(),
                [](const KeyInfo& a, const KeyInfo& b) { return a.key < b.key; });
      const std::uint32_t page = request.limit == 0 ? max_page : std::min(request.limit, max_page);
      if (out.keys.size() > page) {
        out.keys.resize(page);
        more = true;
      }
      if (request.op == OpCode::kListKeys && more && !out.keys.empty()) {
        out.cursor = key_hex(out.keys.back().key);
      }
      break;
    }
    default:
      return Response::of(StatusCode::kInternal, "not a request with shares");
  }
  return out;
}

}  // namespace soss::core
