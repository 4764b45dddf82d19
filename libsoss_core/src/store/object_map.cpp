// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/object_map.hpp"

#include <bit>
#include <cstring>
#include <utility>

namespace soss::core {
namespace {

constexpr std::size_t kNpos = static_cast<std::size_t>(-1);
constexpr std::size_t kMinSlots = 16;

std::uint64_t fmix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

std::uint64_t word(const KeyBytes& key, std::size_t i) {
  std::uint64_t w = 0;
  std::memcpy(&w, key.data() + 8 * i, sizeof w);
  return w;
}

}  // namespace

ObjectMap::~ObjectMap() {
  for (Slot& s : slots_) {
    delete s.entry;
  }
}

// String keys are SHA-256 outputs, already uniform: one finalizer over the folded words spreads
// raw keys that differ in any byte as well.
std::uint64_t ObjectMap::hash(const ObjectId& id) {
  std::uint64_t h = std::uint64_t{id.ns} * 0x9E3779B97F4A7C15ull;
  h ^= word(id.key, 0) ^ std::rotl(word(id.key, 1), 17) ^ std::rotl(word(id.key, 2), 31) ^
       std::rotl(word(id.key, 3), 47);
  return fmix64(h) | 1;  // never 0, so a tag alone tells a used slot
}

std::size_t ObjectMap::index_of(const ObjectId& id, std::uint64_t tag) const {
  if (slots_.empty()) {
    return kNpos;
  }
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(tag & mask);; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.entry == nullptr) {
      return kNpos;
    }
    if (s.tag == tag && s.entry->id == id) {
      return i;
    }
  }
}

StoredObject* ObjectMap::find(const ObjectId& id) const {
  std::size_t i = index_of(id, hash(id));
  if (i == kNpos) {
    return nullptr;
  }
  StoredObject& object = slots_[i].entry->object;
#if defined(__GNUC__) || defined(__clang__)
  // Nearly every caller goes on to read or overwrite the value: start loading it while the
  // request's checks run on the entry.
  __builtin_prefetch(object.value.data());
#endif
  return &object;
}

StoredObject& ObjectMap::insert(const ObjectId& id, StoredObject object) {
  if ((size_ + 1) * 2 > slots_.size()) {
    grow();
  }
  std::uint64_t tag = hash(id);
  std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(tag & mask);
  while (slots_[i].entry != nullptr) {
    i = (i + 1) & mask;
  }
  slots_[i].tag = tag;
  slots_[i].entry = new Entry{id, std::move(object)};
  ++size_;
  return slots_[i].entry->object;
}

StoredObject ObjectMap::take(const ObjectId& id) {
  std::size_t hole = index_of(id, hash(id));
  std::unique_ptr<Entry> gone(slots_[hole].entry);
  slots_[hole] = Slot{};
  --size_;
  // Backward-shift deletion: move later entries of the probe run into the hole when their home
  // slot does not lie (cyclically) between the hole and their position.
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (hole + 1) & mask; slots_[i].entry != nullptr; i = (i + 1) & mask) {
    std::size_t home = static_cast<std::size_t>(slots_[i].tag & mask);
    bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
    if (!stays) {
      slots_[hole] = slots_[i];
      slots_[i] = Slot{};
      hole = i;
    }
  }
  return std::move(gone->object);
}

void ObjectMap::prefetch(std::uint64_t tag, PrefetchStage stage) const {
#if defined(__GNUC__) || defined(__clang__)
  if (slots_.empty()) {
    return;
  }
  const Slot& s = slots_[static_cast<std::size_t>(tag & (slots_.size() - 1))];
  if (stage == PrefetchStage::kSlot) {
    __builtin_prefetch(&s);
    return;
  }
  if (s.entry == nullptr) {
    return;
  }
  if (stage == PrefetchStage::kEntry) {
    // A request touches most of the entry (value, metadata, lock, timers, dependents), which
    // spans several cache lines: load them all, so their misses overlap.
    const char* e = reinterpret_cast<const char*>(s.entry);
    for (std::size_t at = 0; at < sizeof(Entry); at += 64) {
      __builtin_prefetch(e + at);
    }
  } else if (s.tag == tag) {
    // The value's bytes: a read copies them, a write overwrites them in place.
    __builtin_prefetch(s.entry->object.value.data());
  }
#else
  (void)tag;
  (void)stage;
#endif
}

void ObjectMap::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kMinSlots : old.size() * 2, Slot{});
  std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.entry != nullptr) {
      std::size_t i = static_cast<std::size_t>(s.tag & mask);
      while (slots_[i].entry != nullptr) {
        i = (i + 1) & mask;
      }
      slots_[i] = s;
    }
  }
}

}  // namespace soss::core
