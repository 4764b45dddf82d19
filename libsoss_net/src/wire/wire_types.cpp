// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "wire/wire_types.hpp"

namespace soss::core {
namespace {

using net::detail::load_bool;
using net::detail::load_count;
using net::detail::load_enum;
using net::detail::load_str;
using net::detail::load_vec;
using net::detail::save_bool;
using net::detail::save_enum;
using net::detail::save_str;
using net::detail::save_vec;
using Out = cereal::BinaryOutputArchive;

void save_strings(Out& ar, const std::vector<std::string>& v) {
  ar(static_cast<std::uint32_t>(v.size()));
  for (const auto& s : v) {
    save_str(ar, s);
  }
}
void load_strings(WireInArchive& ar, std::vector<std::string>& v) {
  std::uint32_t n = load_count(ar, 4);
  v.assign(n, std::string());
  for (auto& s : v) {
    load_str(ar, s);
  }
}

using Fields = std::vector<std::pair<std::string, std::string>>;
void save_fields(Out& ar, const Fields& v) {
  ar(static_cast<std::uint32_t>(v.size()));
  for (const auto& [name, value] : v) {
    save_str(ar, name);
    save_str(ar, value);
  }
}
void load_fields(WireInArchive& ar, Fields& v) {
  std::uint32_t n = load_count(ar, 8);
  v.assign(n, {});
  for (auto& [name, value] : v) {
    load_str(ar, name);
    load_str(ar, value);
  }
}

void load_key(WireInArchive& ar, KeyBytes& key) { ar(cereal::binary_data(key.data(), key.size())); }
void save_key(Out& ar, const KeyBytes& key) { ar(cereal::binary_data(key.data(), key.size())); }

constexpr auto kMaxStatus = static_cast<std::uint16_t>(kStatusCodeCount - 1);

}  // namespace

void save(Out& ar, const ObjectId& v) {
  ar(v.ns);
  save_key(ar, v.key);
}
void load(WireInArchive& ar, ObjectId& v) {
  ar(v.ns);
  load_key(ar, v.key);
}

void save(Out& ar, const CreatePolicy& v) {
  ar(v.timeout_s);
  save_enum(ar, v.timeout_type);
  save_enum(ar, v.priority);
  save_vec(ar, v.parents);
}
void load(WireInArchive& ar, CreatePolicy& v) {
  ar(v.timeout_s);
  load_enum(ar, v.timeout_type, 2, "timeout type");
  load_enum(ar, v.priority, 1, "priority");
  load_vec(ar, v.parents);
}

void save(Out& ar, const ObjectMetadata& v) {
  ar(v.version, v.created_ms, v.updated_ms, v.timeout_s);
  save_enum(ar, v.timeout_type);
  save_enum(ar, v.priority);
  save_bool(ar, v.locked);
  ar(v.size);
  save_str(ar, v.key_name);
  save_str(ar, v.content_type);
  save_vec(ar, v.parents);
  save_strings(ar, v.indexes);
}
void load(WireInArchive& ar, ObjectMetadata& v) {
  ar(v.version, v.created_ms, v.updated_ms, v.timeout_s);
  load_enum(ar, v.timeout_type, 2, "timeout type");
  load_enum(ar, v.priority, 1, "priority");
  load_bool(ar, v.locked, "locked");
  ar(v.size);
  load_str(ar, v.key_name);
  load_str(ar, v.content_type);
  load_vec(ar, v.parents);
  load_strings(ar, v.indexes);
}

void save(Out& ar, const BulkItem& v) {
  save_key(ar, v.key);
  save_str(ar, v.key_name);
  save_str(ar, v.value);
}
void load(WireInArchive& ar, BulkItem& v) {
  load_key(ar, v.key);
  load_str(ar, v.key_name);
  load_str(ar, v.value);
}

void save(Out& ar, const BulkResult& v) {
  save_enum(ar, v.code);
  save_str(ar, v.value);
  ar(v.version);
}
void load(WireInArchive& ar, BulkResult& v) {
  load_enum(ar, v.code, kMaxStatus, "status code");
  load_str(ar, v.value);
  ar(v.version);
}

void save(Out& ar, const NamespaceInfo& v) {
  ar(v.id);
  save_str(ar, v.name);
  ar(v.objects, v.bytes);
}
void load(WireInArchive& ar, NamespaceInfo& v) {
  ar(v.id);
  load_str(ar, v.name);
  ar(v.objects, v.bytes);
}

void save(Out& ar, const KeyInfo& v) {
  save_key(ar, v.key);
  save_str(ar, v.key_name);
}
void load(WireInArchive& ar, KeyInfo& v) {
  load_key(ar, v.key);
  load_str(ar, v.key_name);
}

void save(Out& ar, const Request& v) {
  ar(v.id);
  save_str(ar, v.ns_name);
  save_str(ar, v.key_name);
  save_str(ar, v.value);
  save_str(ar, v.content_type);
  ar(v.policy);
  save_strings(ar, v.indexes);
  ar(v.version, v.ticket, v.wait_ms);
  save_bool(ar, v.lock_after);
  save_vec(ar, v.items);
  save_str(ar, v.cursor);
  ar(v.limit);
  save_fields(ar, v.fields);
}
void load(WireInArchive& ar, Request& v) {
  ar(v.id);
  load_str(ar, v.ns_name);
  load_str(ar, v.key_name);
  load_str(ar, v.value);
  load_str(ar, v.content_type);
  ar(v.policy);
  load_strings(ar, v.indexes);
  ar(v.version, v.ticket, v.wait_ms);
  load_bool(ar, v.lock_after, "lock_after");
  load_vec(ar, v.items);
  load_str(ar, v.cursor);
  ar(v.limit);
  load_fields(ar, v.fields);
}

void save(Out& ar, const Response& v) {
  save_enum(ar, v.code);
  save_str(ar, v.message);
  save_str(ar, v.value);
  ar(v.meta, v.ticket, v.count);
  save_vec(ar, v.items);
  save_vec(ar, v.namespaces);
  save_vec(ar, v.keys);
  save_str(ar, v.cursor);
  save_fields(ar, v.fields);
}
void load(WireInArchive& ar, Response& v) {
  load_enum(ar, v.code, kMaxStatus, "status code");
  load_str(ar, v.message);
  load_str(ar, v.value);
  ar(v.meta, v.ticket, v.count);
  load_vec(ar, v.items);
  load_vec(ar, v.namespaces);
  load_vec(ar, v.keys);
  load_str(ar, v.cursor);
  load_fields(ar, v.fields);
}

}  // namespace soss::core
