// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: dependencies whose parent and child live in partitions served by different hosts.
// The child's primary names the parent at once and asks the parent's primary to link it
// (link_dependent); the answer gives the parent's version, which the child keeps as its link
// (resolve_link). A parent that changes asks the child's primary to remove the child
// (remove_dependent), which does so only if the child is still linked to that version.
#include <algorithm>

#include "store/store_engine.hpp"

namespace soss::core {

StoreEngine::LinkVersions* StoreEngine::link_versions(const ObjectId& child) {
  auto& links = links_[partition_of(child)];
  auto it = links.find(child);
  return it != links.end() ? &it->second : nullptr;
}

// kLinked when `child` names `parent` and is linked to `parent_version` or an earlier version
// (the one that changed, or one whose change it missed); kPending while the link is not
// confirmed; kNone when it does not name the parent or is linked to a later version of it.
StoreEngine::LinkState StoreEngine::link_state(const ObjectId& child, const StoredObject& obj,
                                               const ObjectId& parent,
                                               std::uint64_t parent_version) const {
  const auto& parents = obj.meta.parents;
  auto at = std::find(parents.begin(), parents.end(), parent);
  auto index = static_cast<std::size_t>(at - parents.begin());
  if (at == parents.end() || index >= kMaxParents) {
    return LinkState::kNone;
  }
  const auto& links = links_[partition_of(child)];
  auto it = links.find(child);
  const std::uint64_t linked = it != links.end() ? it->second[index] : 0;
  if (linked == 0) {
    return LinkState::kPending;
  }
  return linked <= parent_version ? LinkState::kLinked : LinkState::kNone;
}

// The parent is dropped from the child's parents (it was absent when the link arrived).
void StoreEngine::drop_parent(const ObjectId& child, StoredObject& obj, std::size_t index) {
  auto& parents = obj.meta.parents;
  LinkVersions* versions = link_versions(child);
  parents.erase(parents.begin() + static_cast<std::ptrdiff_t>(index));
  if (versions != nullptr) {
    for (std::size_t i = index; i + 1 < versions->size(); ++i) {
      (*versions)[i] = (*versions)[i + 1];
    }
    versions->back() = 0;
  }
  if (parents.empty()) {
    links_[partition_of(child)].erase(child);
  }
  changed(child);
}

std::uint64_t StoreEngine::link_dependent(const ObjectId& child, const ObjectId& parent,
                                          std::uint64_t expected_version,
                                          std::vector<Effect>* effects, DependencyWork* work) {
  begin_tracking(effects, work);
  std::uint64_t version = 0;
  StoredObject* obj = settle(parent);
  if (obj != nullptr && (expected_version == 0 || obj->meta.version == expected_version)) {
    version = obj->meta.version;
    if (obj->dependents.insert(child).second) {
      changed(parent);
    }
  }
  end_tracking(effects);
  return version;
}

DependentRemoval StoreEngine::remove_dependent(const DependencyWork::Removal& removal,
                                               std::vector<Effect>* effects, DependencyWork* work) {
  begin_tracking(effects, work);
  DependentRemoval outcome = DependentRemoval::kDone;
  if (StoredObject* obj = settle(removal.child)) {
    LinkState link = link_state(removal.child, *obj, removal.parent, removal.parent_version);
    if (link == LinkState::kPending) {
      outcome = DependentRemoval::kPending;
    } else if (link == LinkState::kLinked) {
      std::vector<Doomed> doomed{
          Doomed{removal.child, Removal::kDependency, removal.parent, removal.parent_version}};
      cascade(doomed, nullptr);
    }
  }
  end_tracking(effects);
  return outcome;
}

void StoreEngine::resolve_link(const ObjectId& child, const ObjectId& parent,
                               std::uint64_t expected_version, std::uint64_t version,
                               std::vector<Effect>* effects, DependencyWork* work) {
  begin_tracking(effects, work);
  StoredObject* obj = settle(child);
  LinkVersions* versions = obj != nullptr ? link_versions(child) : nullptr;
  std::size_t index = kMaxParents;
  if (versions != nullptr) {
    const auto& parents = obj->meta.parents;
    index = static_cast<std::size_t>(std::find(parents.begin(), parents.end(), parent) -
                                     parents.begin());
  }
  // Only the link asked about: the child may have been rewritten (and relinked) since.
  if (index < kMaxParents && index < obj->meta.parents.size() &&
      (*versions)[index] == expected_version) {
    if (version != 0 && expected_version == 0) {
      (*versions)[index] = version;
      changed(child);
    } else if (version == 0 && expected_version == 0) {
      drop_parent(child, *obj, index);
    } else if (version != expected_version) {
      std::vector<Doomed> doomed{Doomed{child, Removal::kDependency, parent, expected_version}};
      cascade(doomed, nullptr);
    }
  }
  end_tracking(effects);
}

std::vector<ParentLink> StoreEngine::links_in(PartitionId partition) const {
  std::vector<ParentLink> out;
  if (partition >= kPartitionCount) {
    return out;
  }
  for (const auto& [child, versions] : links_[partition]) {
    const StoredObject* obj = objects_.find(child);
    if (obj == nullptr) {
      continue;
    }
    for (std::size_t i = 0; i < obj->meta.parents.size() && i < versions.size(); ++i) {
      out.push_back(ParentLink{child, obj->meta.parents[i], versions[i]});
    }
  }
  return out;
}

}  // namespace soss::core
