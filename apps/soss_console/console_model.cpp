// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "console_model.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "screen.hpp"
#include "soss/core/common/param_registry.hpp"

namespace soss::console {
namespace {

std::uint64_t to_u64(const std::string& s) {
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return 0;
    }
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

void move_cursor(std::size_t& cursor, std::size_t size, int key) {
  if (size == 0) {
    cursor = 0;
    return;
  }
  if (key == key::kUp && cursor > 0) {
    --cursor;
  } else if (key == key::kDown && cursor + 1 < size) {
    ++cursor;
  } else if (key == key::kPageUp) {
    cursor = cursor > 10 ? cursor - 10 : 0;
  } else if (key == key::kPageDown) {
    cursor = std::min(size - 1, cursor + 10);
  }
  cursor = std::min(cursor, size - 1);
}

}  // namespace

std::string HostRow::get(const std::string& name) const {
  return status.status ? status.status->field(name) : std::string();
}

ConsoleModel::ConsoleModel(ConsoleBackend& backend) : backend_(backend) {}

const HostRow* ConsoleModel::selected_host() const {
  return selected_ < hosts_.size() ? &hosts_[selected_] : nullptr;
}

std::string ConsoleModel::restart_note(const std::string& name) {
  const auto* spec = core::find_param(name);
  if (spec == nullptr || spec->runtime_changeable) {
    return {};
  }
  return "restart";
}

std::string ConsoleModel::key_text(const client::KeyInfo& key) {
  if (!key.key_name.empty()) {
    return key.key_name;
  }
  std::string s = "0x";
  for (auto b : key.key) {
    s += fmt::format("{:02x}", b);
  }
  return s;
}

void ConsoleModel::refresh(Clock::time_point now) {
  auto polled = backend_.poll();
  polled_ = true;
  if (!polled) {
    reachable_ = false;
    error_ = polled.error().to_string();
    hosts_.clear();
    params_.clear();
    return;
  }
  reachable_ = true;
  error_.clear();
  std::string selected_address = selected_host() ? selected_host()->status.host.address : "";
  hosts_.clear();
  for (HostStatus& s : *polled) {
    HostRow row;
    row.status = std::move(s);
    std::string id = row.status.host.address + ":" + std::to_string(row.status.host.svr_port);
    if (row.status.status) {
      std::uint64_t requests = to_u64(row.get("requests"));
      auto it = last_requests_.find(id);
      if (it != last_requests_.end() && now > it->second.second && requests >= it->second.first) {
        double dt = std::chrono::duration<double>(now - it->second.second).count();
        row.request_rate = static_cast<double>(requests - it->second.first) / dt;
      }
      last_requests_[id] = {requests, now};
    }
    hosts_.push_back(std::move(row));
  }
  // Keep the selection on the same host when the list changes.
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].status.host.address == selected_address) {
      selected_ = i;
    }
  }
  selected_ = hosts_.empty() ? 0 : std::min(selected_, hosts_.size() - 1);
  load_params();
}

void ConsoleModel::load_params() {
  const HostRow* h = selected_host();
  if (h == nullptr || !h->status.status) {
    params_.clear();
    return;
  }
  auto p = backend_.params(h->status.host);
  if (p) {
    params_ = p->fields;
  } else {
    params_.clear();
  }
  param_cursor_ = params_.empty() ? 0 : std::min(param_cursor_, params_.size() - 1);
}

std::string ConsoleModel::store_summary() const {
  if (!reachable_) {
    return polled_ ? "service unreachable" : "connecting...";
  }
  bool healthy = !hosts_.empty();
  std::uint64_t objects = 0;
  for (const HostRow& h : hosts_) {
    healthy = healthy && h.status.state == "active" && h.get("primaries") == h.get("replicated");
    objects += to_u64(h.get("objects"));
  }
  std::string local_state = hosts_.empty() ? "" : hosts_.front().status.state;
  std::string state = healthy ? "active" : (local_state == "active" ? "degraded" : local_state);
  std::string epoch = hosts_.empty() ? "" : hosts_.front().get("epoch");
  return fmt::format("store {}: {} host{}, {} object{}, epoch {}", state, hosts_.size(),
                     hosts_.size() == 1 ? "" : "s", objects, objects == 1 ? "" : "s", epoch);
}

void ConsoleModel::say(std::string text, bool error) {
  message_ = std::move(text);
  message_error_ = error;
  ++said_;
}

// A key that changes the screen without a result of its own clears the last message: an old
// error must not look like it belongs to the new view.
bool ConsoleModel::handle_key(int key) {
  const Mode before = mode_;
  const std::uint64_t said = said_;
  const bool go_on = dispatch_key(key);
  if (mode_ != before && said_ == said) {
    message_.clear();
    message_error_ = false;
  }
  return go_on;
}

bool ConsoleModel::dispatch_key(int key) {
  switch (mode_) {
    case Mode::kMain:
      return main_key(key);
    case Mode::kEdit:
      edit_key(key);
      return true;
    case Mode::kConfirm:
      confirm_key(key);
      return true;
    case Mode::kHelp:
      mode_ = Mode::kMain;
      return true;
    case Mode::kInterfaces:
      if (key == key::kEnter) {
        choose_interface();
      } else if (key == key::kEscape || key == 'q') {
        mode_ = Mode::kMain;
      } else {
        list_key(key, interfaces_.size());
      }
      return true;
    case Mode::kNamespaces:
    case Mode::kKeys:
    case Mode::kObject:
      browser_key(key);
      return true;
  }
  return true;
}

bool ConsoleModel::main_key(int key) {
  const HostRow* h = selected_host();
  switch (key) {
    case 'q':
    case 'Q':
      return false;
    case key::kTab:
      focus_ = focus_ == Focus::kHosts ? Focus::kParams : Focus::kHosts;
      break;
    case key::kUp:
    case key::kDown:
    case key::kPageUp:
    case key::kPageDown:
      if (focus_ == Focus::kHosts) {
        std::size_t before = selected_;
        move_cursor(selected_, hosts_.size(), key);
        if (before != selected_) {
          load_params();
        }
      } else {
        move_cursor(param_cursor_, params_.size(), key);
      }
      break;
    case 'j':
      host_action(true, false);
      break;
    case 'J':
      host_action(true, true);
      break;
    case 'l':
      host_action(false, false);
      break;
    case 'L':
      host_action(false, true);
      break;
    case 'e':
    case key::kEnter:
      if (param_cursor_ < params_.size() && (key == 'e' || focus_ == Focus::kParams)) {
        start_edit(params_[param_cursor_].first);
      }
      break;
    case 'i':
      if (h != nullptr) {
        interfaces_ =
            h->status.status ? h->status.status->all("interface") : std::vector<std::string>{};
        interface_note_.clear();
        if (interfaces_.empty() && selected_ == 0) {
          interfaces_ = backend_.local_interfaces();
          interface_note_ = "listed on this machine (the service did not list them)";
        } else if (interfaces_.empty()) {
          interface_note_ =
              "this host's service does not list its interfaces: set "
              "net_interface by hand (e)";
        }
        list_cursor_ = 0;
        mode_ = Mode::kInterfaces;
      }
      break;
    case 'b':
      open_namespaces();
      break;
    case 'o':
      start_open_object();
      break;
    case 'h':
    case '?':
      mode_ = Mode::kHelp;
      break;
    default:
      break;
  }
  return true;
}

void ConsoleModel::list_key(int key, std::size_t size) { move_cursor(list_cursor_, size, key); }

std::vector<HostRef> ConsoleModel::action_targets(bool all) const {
  std::vector<HostRef> out;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (all || i == selected_) {
      out.push_back(hosts_[i].status.host);
    }
  }
  return out;
}

void ConsoleModel::host_action(bool join, bool all) {
  std::vector<HostRef> targets = action_targets(all);
  if (targets.empty()) {
    say("no host to " + std::string(join ? "join" : "leave"), true);
    return;
  }
  auto act = [this, join, targets] {
    std::string done;
    std::string failed;
    for (const HostRef& t : targets) {
      auto r = join ? backend_.join(t) : backend_.leave(t);
      if (r) {
        done += fmt::format(" {} is {};", t.address, r->field("state"));
      } else {
        failed += fmt::format(" {}: {};", t.address, r.error().to_string());
      }
    }
    say((join ? "join:" : "leave:") + done + (failed.empty() ? "" : " failed:" + failed),
        !failed.empty());
  };
  if (join) {
    act();
    return;
  }
  prompt_ = all ? "leave ALL hosts (the store stops serving)? y/n"
                : "leave host " + targets.front().address + "? y/n";
  confirmed_ = act;
  after_confirm_ = Mode::kMain;
  mode_ = Mode::kConfirm;
}

void ConsoleModel::confirm_key(int key) {
  mode_ = after_confirm_;
  if (key == 'y' || key == 'Y') {
    if (confirmed_) {
      confirmed_();
    }
  } else {
    say("cancelled");
  }
  confirmed_ = nullptr;
  prompt_.clear();
}

void ConsoleModel::start_edit(const std::string& name) {
  editing_object_ = false;
  editing_ = name;
  input_.clear();
  for (const auto& [n, v] : params_) {
    if (n == name) {
      input_ = v;
    }
  }
  const auto* spec = core::find_param(name);
  prompt_ =
      fmt::format("{} ({}{}) = ", name, spec ? core::param_scope_text(spec->scope) : "unknown",
                  restart_note(name).empty() ? "" : ", needs a restart");
  mode_ = Mode::kEdit;
}

void ConsoleModel::edit_key(int key) {
  if (key == key::kEscape) {
    mode_ = Mode::kMain;
    prompt_.clear();
    say("edit cancelled");
  } else if (key == key::kEnter) {
    commit_edit();
  } else if (key == 21) {  // Ctrl-U: clear the line
    input_.clear();
  } else if (key == key::kBackspace || key == 8) {
    if (!input_.empty()) {
      input_.pop_back();
    }
  } else if (key >= 32 && key < 127 && input_.size() < 200) {
    input_ += static_cast<char>(key);
  }
}

namespace {
std::string describe_set(const Changes& changes, const client::AdminReply& r,
                         const std::string& host) {
  std::string what;
  for (const auto& [n, v] : changes) {
    what += (what.empty() ? "" : " ") + n + "=" + v;
  }
  std::string text = what + " saved on " + host;
  std::vector<std::string> restart;
  int sent = 0;
  std::string failed;
  for (const auto& [n, v] : r.fields) {
    if (n == "propagated") {
      if (v.find(" failed") != std::string::npos) {
        failed += " " + v + ";";
      } else {
        ++sent;
      }
    } else {
      restart.push_back(n);
    }
  }
  if (sent > 0) {
    text += fmt::format("; store-wide: sent to {} other host(s)", sent);
  }
  if (!failed.empty()) {
    text += "; NOT sent to" + failed;
  }
  if (!restart.empty()) {
    text += "; takes effect after a restart (soss restart)";
  }
  return text;
}
}  // namespace

void ConsoleModel::commit_edit() {
  mode_ = Mode::kMain;
  prompt_.clear();
  if (editing_object_) {
    editing_object_ = false;
    open_named_object(input_);
    return;
  }
  const HostRow* h = selected_host();
  if (h == nullptr) {
    say("no host selected", true);
    return;
  }
  Changes changes{{editing_, input_}};
  auto r = backend_.set_params(h->status.host, changes);
  if (!r) {
    say(r.error().to_string(), true);
    return;
  }
  say(describe_set(changes, *r, h->status.host.address));
  load_params();
}

void ConsoleModel::choose_interface() {
  mode_ = Mode::kMain;
  const HostRow* h = selected_host();
  if (h == nullptr || list_cursor_ >= interfaces_.size()) {
    return;
  }
  // "eth0 10.0.0.11/255.255.255.0"
  const std::string& line = interfaces_[list_cursor_];
  std::string addr = line.substr(line.find(' ') + 1);
  std::string mask;
  if (auto slash = addr.find('/'); slash != std::string::npos) {
    mask = addr.substr(slash + 1);
    addr.resize(slash);
  }
  Changes changes{{"net_interface", addr}};
  if (!mask.empty()) {
    changes.emplace_back("subnet_mask", mask);
  }
  auto r = backend_.set_params(h->status.host, changes);
  if (!r) {
    say(r.error().to_string(), true);
    return;
  }
  say(describe_set(changes, *r, h->status.host.address));
  load_params();
}

}  // namespace soss::console
