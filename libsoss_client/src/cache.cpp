// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/cache.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <utility>

#include "channel.hpp"
#include "convert.hpp"
#include "send.hpp"

namespace soss::client {

using core::OpCode;
using detail::error_of;
using detail::ready;

namespace {

std::uint32_t wait_ms_of(std::chrono::milliseconds wait) {
  auto ms = std::clamp<std::int64_t>(wait.count(), 0, std::numeric_limits<std::uint32_t>::max());
  return static_cast<std::uint32_t>(ms);
}

}  // namespace

// The cache's identity; shared by copies of the Cache, immutable.
struct Cache::Impl {
  std::shared_ptr<GridConnection> connection;
  std::string name;
  core::NamespaceId ns_id = 0;
  CreatePolicy default_policy;

  // Every operation goes through here: a request for this namespace, completed by `fill`, sent,
  // and its response converted to T. Failures before sending become ready futures.
  template <typename T, typename Fill>
  std::future<T> run(OpCode op, Fill&& fill, T (*convert)(core::Response)) const {
    if (!connection) {
      return ready(error_of<T>(ResultCode::kInvalidArgument, "the cache has no connection"));
    }
    try {
      core::Request r;
      r.op = op;
      r.id.ns = ns_id;
      r.ns_name = name;
      Status s = fill(r);
      if (!s.is_ok()) {
        return ready(error_of<T>(detail::to_result(s.code()), std::string(s.message())));
      }
      return detail::send_request<T>(connection->channel(), r, convert);
    } catch (const std::exception& e) {
      return ready(error_of<T>(ResultCode::kInternal, e.what()));
    }
  }

  // A single-object operation; `fill` sets the fields beyond the key.
  template <typename Fill>
  std::future<CacheResponse> object_op(OpCode op, const Key& key, Fill&& fill) const {
    return run<CacheResponse>(
        op,
        [&](core::Request& r) {
          r.id.key = key.bytes();
          return fill(r);
        },
        &detail::to_cache_response);
  }

  std::future<CacheResponse> object_op(OpCode op, const Key& key) const {
    return object_op(op, key, [](core::Request&) { return Status::ok(); });
  }

  // The fields of a write: value, the key's name, and (for creating writes) policy and options.
  Status set_write(core::Request& r, const Key& key, std::string_view value,
                   const WriteOptions* options) const {
    r.key_name = key.name();
    r.value = std::string(value);
    if (options == nullptr) {
      return Status::ok();
    }
    r.indexes = options->index_values;
    r.content_type = options->content_type;
    return detail::to_core_policy(options->policy ? *options->policy : default_policy, ns_id,
                                  r.policy);
  }
};

Cache::Cache(std::shared_ptr<GridConnection> connection, std::string namespace_name,
             CreatePolicy default_policy) {
  auto impl = std::make_shared<Impl>();
  impl->connection = std::move(connection);
  impl->ns_id = core::namespace_id_of(namespace_name);
  impl->name = std::move(namespace_name);
  impl->default_policy = std::move(default_policy);
  impl_ = std::move(impl);
}

const std::string& Cache::name() const { return impl_->name; }
std::uint32_t Cache::namespace_id() const { return impl_->ns_id; }
const CreatePolicy& Cache::default_policy() const { return impl_->default_policy; }

// ---- writes ----

std::future<CacheResponse> Cache::add_async(const Key& key, std::string_view value,
                                            const WriteOptions& options) const {
  return impl_->object_op(OpCode::kAdd, key, [&](core::Request& r) {
    return impl_->set_write(r, key, value, &options);
  });
}

std::future<CacheResponse> Cache::put_async(const Key& key, std::string_view value,
                                            const WriteOptions& options) const {
  return impl_->object_op(OpCode::kPut, key, [&](core::Request& r) {
    return impl_->set_write(r, key, value, &options);
  });
}

std::future<CacheResponse> Cache::update_async(const Key& key, std::string_view value) const {
  return impl_->object_op(OpCode::kUpdate, key, [&](core::Request& r) {
    return impl_->set_write(r, key, value, nullptr);
  });
}

std::future<CacheResponse> Cache::update_optimistic_async(const Key& key, std::string_view value,
                                                          std::uint64_t version) const {
  return impl_->object_op(OpCode::kUpdateOptimistic, key, [&](core::Request& r) {
    r.version = version;
    return impl_->set_write(r, key, value, nullptr);
  });
}

std::future<CacheResponse> Cache::update_async(const Key& key, std::string_view value,
                                               const WriteOptions& options) const {
  return impl_->object_op(OpCode::kUpdate, key, [&](core::Request& r) {
    return impl_->set_write(r, key, value, &options);
  });
}

std::future<CacheResponse> Cache::update_optimistic_async(const Key& key, std::string_view value,
                                                          std::uint64_t version,
                                                          const WriteOptions& options) const {
  return impl_->object_op(OpCode::kUpdateOptimistic, key, [&](core::Request& r) {
    r.version = version;
    return impl_->set_write(r, key, value, &options);
  });
}

std::future<CacheResponse> Cache::remove_optimistic_async(const Key& key,
                                                          std::uint64_t version) const {
  return impl_->object_op(OpCode::kRemoveOptimistic, key, [&](core::Request& r) {
    r.version = version;
    return Status::ok();
  });
}

std::future<CacheResponse> Cache::read_or_add_async(const Key& key, std::string_view value,
                                                    const WriteOptions& options) const {
  return impl_->object_op(OpCode::kReadOrAdd, key, [&](core::Request& r) {
    return impl_->set_write(r, key, value, &options);
  });
}

// ---- reads and removes ----

std::future<CacheResponse> Cache::read_async(const Key& key) const {
  return impl_->object_op(OpCode::kRead, key);
}

std::future<CacheResponse> Cache::metadata_async(const Key& key) const {
  return impl_->object_op(OpCode::kMetadata, key);
}

std::future<CacheResponse> Cache::remove_async(const Key& key) const {
  return impl_->object_op(OpCode::kRemove, key);
}

std::future<CacheResponse> Cache::touch_async(const Key& key) const {
  return impl_->object_op(OpCode::kTouch, key);
}

// ---- locks ----

std::future<CacheResponse> Cache::read_exclusive_async(const Key& key, Millis wait) const {
  return impl_->object_op(OpCode::kReadExclusive, key, [&](core::Request& r) {
    r.wait_ms = wait_ms_of(wait);
    return Status::ok();
  });
}

std::future<CacheResponse> Cache::try_read_exclusive_async(const Key& key) const {
  return impl_->object_op(OpCode::kTryReadExclusive, key);
}

std::future<CacheResponse> Cache::lock_async(const Key& key, Millis wait) const {
  return impl_->object_op(OpCode::kLock, key, [&](core::Request& r) {
    r.wait_ms = wait_ms_of(wait);
    return Status::ok();
  });
}

std::future<CacheResponse> Cache::read_locked_async(const Key& key, std::uint64_t ticket) const {
  return impl_->object_op(OpCode::kReadLocked, key, [&](core::Request& r) {
    r.ticket = ticket;
    return Status::ok();
  });
}

std::future<CacheResponse> Cache::update_and_retain_async(const Key& key, std::string_view value,
                                                          std::uint64_t ticket) const {
  return impl_->object_op(OpCode::kUpdateAndRetain, key, [&](core::Request& r) {
    r.ticket = ticket;
    return impl_->set_write(r, key, value, nullptr);
  });
}

std::future<CacheResponse> Cache::update_and_release_async(const Key& key, std::string_view value,
                                                           std::uint64_t ticket) const {
  return impl_->object_op(OpCode::kUpdateAndRelease, key, [&](core::Request& r) {
    r.ticket = ticket;
    return impl_->set_write(r, key, value, nullptr);
  });
}

std::future<CacheResponse> Cache::release_lock_async(const Key& key, std::uint64_t ticket) const {
  return impl_->object_op(OpCode::kReleaseLock, key, [&](core::Request& r) {
    r.ticket = ticket;
    return Status::ok();
  });
}

std::future<CacheResponse> Cache::refresh_lock_async(const Key& key, std::uint64_t ticket) const {
  return impl_->object_op(OpCode::kRefreshLock, key, [&](core::Request& r) {
    r.ticket = ticket;
    return Status::ok();
  });
}

std::future<CacheResponse> Cache::remove_locked_async(const Key& key, std::uint64_t ticket) const {
  return impl_->object_op(OpCode::kRemoveLocked, key, [&](core::Request& r) {
    r.ticket = ticket;
    return Status::ok();
  });
}

// ---- bulk, lists ----

std::future<BulkResponse> Cache::bulk_read_async(const std::vector<Key>& keys) const {
  auto fill = [&](core::Request& r) {
    r.items.reserve(keys.size());
    for (const Key& key : keys) {
      r.items.push_back(core::BulkItem{key.bytes(), {}, {}});
    }
    return Status::ok();
  };
  return impl_->run<BulkResponse>(OpCode::kBulkRead, fill, &detail::to_bulk_response);
}

std::future<BulkResponse> Cache::bulk_add_async(const KeyValues& items,
                                                const WriteOptions& options) const {
  auto fill = [&](core::Request& r) {
    r.items.reserve(items.size());
    for (const auto& [key, value] : items) {
      r.items.push_back(core::BulkItem{key.bytes(), key.name(), value});
    }
    r.indexes = options.index_values;
    r.content_type = options.content_type;
    return detail::to_core_policy(options.policy ? *options.policy : impl_->default_policy,
                                  impl_->ns_id, r.policy);
  };
  return impl_->run<BulkResponse>(OpCode::kBulkAdd, fill, &detail::to_bulk_response);
}

std::future<KeyListResponse> Cache::list_keys_async(const std::string& cursor,
                                                    std::uint32_t limit) const {
  auto fill = [&](core::Request& r) {
    r.cursor = cursor;
    r.limit = limit;
    return Status::ok();
  };
  return impl_->run<KeyListResponse>(OpCode::kListKeys, fill, &detail::to_key_list_response);
}

std::future<KeyListResponse> Cache::query_async(const std::vector<std::string>& index_values,
                                                const std::string& cursor,
                                                std::uint32_t limit) const {
  auto fill = [&](core::Request& r) {
    r.indexes = index_values;
    r.cursor = cursor;
    r.limit = limit;
    return Status::ok();
  };
  return impl_->run<KeyListResponse>(OpCode::kQuery, fill, &detail::to_key_list_response);
}

std::future<ClearResponse> Cache::clear_async() const {
  auto fill = [](core::Request&) { return Status::ok(); };
  return impl_->run<ClearResponse>(OpCode::kClearNamespace, fill, &detail::to_clear_response);
}

}  // namespace soss::client
