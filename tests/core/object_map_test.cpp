// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <map>
#include <random>
#include <string>

#include "store/object_map.hpp"
#include "support/catch.hpp"

using namespace soss::core;

namespace {

// Raw keys that differ only in their last byte, and namespaces that differ: the worst case for
// a hash that looks at part of the key.
ObjectId raw_id(std::uint32_t ns, std::uint32_t n) {
  ObjectId id;
  id.ns = ns;
  id.key[31] = static_cast<std::uint8_t>(n);
  id.key[30] = static_cast<std::uint8_t>(n >> 8);
  return id;
}

}  // namespace

TEST_CASE("ObjectMap agrees with std::map under random inserts and removals",
          "[core][store][object_map]") {
  std::mt19937 rng(99);
  ObjectMap map;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> model;
  for (int step = 0; step < 200000; ++step) {
    std::uint32_t ns = rng() % 3;
    std::uint32_t n = rng() % 2000;
    ObjectId id = raw_id(ns, n);
    auto key = std::make_pair(ns, n);
    bool present = model.count(key) > 0;
    REQUIRE((map.find(id) != nullptr) == present);
    if (present && rng() % 2 == 0) {
      StoredObject taken = map.take(id);
      REQUIRE(taken.value == model[key]);
      model.erase(key);
    } else if (!present) {
      StoredObject o;
      o.value = std::to_string(step);
      map.insert(id, std::move(o));
      model[key] = std::to_string(step);
    } else {
      REQUIRE(map.find(id)->value == model[key]);
    }
    REQUIRE(map.size() == model.size());
  }
  std::size_t seen = 0;
  map.for_each([&](const ObjectId& id, StoredObject& o) {
    std::uint32_t n = (std::uint32_t{id.key[30]} << 8) | id.key[31];
    REQUIRE(model.at({id.ns, n}) == o.value);
    ++seen;
  });
  CHECK(seen == model.size());
}

TEST_CASE("references to stored objects survive growth and other removals",
          "[core][store][object_map]") {
  ObjectMap map;
  StoredObject first;
  first.value = "first";
  StoredObject& ref = map.insert(raw_id(1, 0), std::move(first));
  for (std::uint32_t n = 1; n < 5000; ++n) {
    map.insert(raw_id(1, n), StoredObject{});
  }
  for (std::uint32_t n = 1; n < 5000; n += 2) {
    (void)map.take(raw_id(1, n));
  }
  CHECK(&ref == map.find(raw_id(1, 0)));
  CHECK(ref.value == "first");
}
