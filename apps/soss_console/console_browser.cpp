// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The object browser of ConsoleModel: namespaces, keys, one object, remove.
#include <algorithm>

#include <fmt/format.h>

#include "console_model.hpp"
#include "screen.hpp"

namespace soss::console {
namespace {

constexpr std::size_t kMaxKeys = 1000;  // keys the browser lists per namespace

}  // namespace

void ConsoleModel::start_open_object() {
  editing_object_ = true;
  input_.clear();
  prompt_ = "open object (namespace/key): ";
  mode_ = Mode::kEdit;
}

void ConsoleModel::open_named_object(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) {
    say("type namespace/key, e.g. sessions/user42", true);
    return;
  }
  ns_ = text.substr(0, slash);
  std::string name = text.substr(slash + 1);
  keys_.clear();
  keys_.push_back(client::KeyInfo{client::Key(name).bytes(), name});
  list_cursor_ = 0;
  open_object();
  object_from_list_ = false;
}

void ConsoleModel::open_namespaces() {
  const HostRow* h = selected_host();
  if (h == nullptr) {
    say("no host to browse", true);
    return;
  }
  auto r = backend_.namespaces(h->status.host);
  if (!r) {
    say("browse: " + r.error().to_string(), true);
    return;
  }
  namespaces_ = std::move(*r);
  list_cursor_ = 0;
  mode_ = Mode::kNamespaces;
  say(fmt::format("{} namespace(s) on the store (through {})", namespaces_.size(),
                  h->status.host.address));
}

void ConsoleModel::open_keys() {
  const HostRow* h = selected_host();
  if (h == nullptr || list_cursor_ >= namespaces_.size()) {
    return;
  }
  ns_ = namespaces_[list_cursor_].name;
  auto r = backend_.keys(h->status.host, ns_, kMaxKeys);
  if (!r) {
    say("keys: " + r.error().to_string(), true);
    return;
  }
  keys_ = std::move(*r);
  list_cursor_ = 0;
  mode_ = Mode::kKeys;
  say(fmt::format("{} key(s) in {}{}", keys_.size(), ns_,
                  keys_.size() >= kMaxKeys ? " (first 1000 shown)" : ""));
}

void ConsoleModel::open_object() {
  const HostRow* h = selected_host();
  if (h == nullptr || list_cursor_ >= keys_.size()) {
    return;
  }
  object_key_ = keys_[list_cursor_];
  object_ = backend_.read(h->status.host, ns_, object_key_.key);
  mode_ = Mode::kObject;
  object_from_list_ = true;
  if (!object_->ok()) {
    say(fmt::format("read {}: {} {}", key_text(object_key_),
                    client::result_code_name(object_->result), object_->message),
        true);
  } else {
    say("");
  }
}

void ConsoleModel::remove_object() {
  const HostRow* h = selected_host();
  if (h == nullptr) {
    return;
  }
  auto r = backend_.remove(h->status.host, ns_, object_key_.key);
  if (!r.ok()) {
    say(fmt::format("remove {}: {} {}", key_text(object_key_), client::result_code_name(r.result),
                    r.message),
        true);
    return;
  }
  say("removed " + key_text(object_key_));
  keys_.erase(std::remove_if(keys_.begin(), keys_.end(),
                             [&](const client::KeyInfo& k) { return k.key == object_key_.key; }),
              keys_.end());
  list_cursor_ = keys_.empty() ? 0 : std::min(list_cursor_, keys_.size() - 1);
  object_.reset();
  mode_ = object_from_list_ ? Mode::kKeys : Mode::kMain;
}

void ConsoleModel::browser_key(int key) {
  const bool back = key == key::kEscape || key == key::kBackspace || key == key::kLeft;
  if (key == 'q') {
    mode_ = Mode::kMain;
    return;
  }
  switch (mode_) {
    case Mode::kNamespaces:
      if (back) {
        mode_ = Mode::kMain;
      } else if (key == key::kEnter || key == key::kRight) {
        open_keys();
      } else if (key == 'r') {
        open_namespaces();
      } else {
        list_key(key, namespaces_.size());
      }
      break;
    case Mode::kKeys:
      if (back) {
        open_namespaces();
        for (std::size_t i = 0; i < namespaces_.size(); ++i) {
          if (namespaces_[i].name == ns_) {
            list_cursor_ = i;
          }
        }
      } else if (key == key::kEnter || key == key::kRight) {
        open_object();
      } else if (key == 'd' && list_cursor_ < keys_.size()) {
        object_key_ = keys_[list_cursor_];
        prompt_ = "remove " + key_text(object_key_) + " from " + ns_ + "? y/n";
        confirmed_ = [this] { remove_object(); };
        after_confirm_ = Mode::kKeys;
        mode_ = Mode::kConfirm;
      } else {
        list_key(key, keys_.size());
      }
      break;
    case Mode::kObject:
      if (back) {
        mode_ = object_from_list_ ? Mode::kKeys : Mode::kMain;
      } else if (key == 'd') {
        prompt_ = "remove " + key_text(object_key_) + " from " + ns_ + "? y/n";
        confirmed_ = [this] { remove_object(); };
        after_confirm_ = Mode::kObject;
        mode_ = Mode::kConfirm;
      }
      break;
    default:
      break;
  }
}

}  // namespace soss::console
