// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "console_backend.hpp"

namespace soss::console {

// What the console shows.
enum class Mode : std::uint8_t {
  kMain,        // the hosts, and the selected host's details and parameters
  kEdit,        // editing a parameter's value on the bottom line
  kInterfaces,  // choosing net_interface from the host's interfaces
  kConfirm,     // a yes/no question on the bottom line
  kNamespaces,  // object browser: namespaces
  kKeys,        // object browser: keys of a namespace
  kObject,      // object browser: one object's metadata and value
  kHelp,
};

enum class Focus : std::uint8_t { kHosts, kParams };

// One host as shown: its status fields and the request rate computed between two polls.
struct HostRow {
  HostStatus status;
  double request_rate = -1;  // requests per second; < 0 until two polls were seen
  std::string get(const std::string& name) const;
};

// The console's state and key handling, free of any terminal: refresh() polls the backend,
// handle_key() acts on one key, the view draws what the accessors return. Owned by the
// console's main loop; not thread-safe.
class ConsoleModel {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ConsoleModel(ConsoleBackend& backend);

  // Polls the store (status of every host, parameters of the selected one) and recomputes
  // request rates against the previous poll at `now`.
  void refresh(Clock::time_point now);
  // Acts on one key; false when the console should quit.
  bool handle_key(int key);

  Mode mode() const { return mode_; }
  Focus focus() const { return focus_; }
  bool reachable() const { return reachable_; }
  const std::string& error() const { return error_; }
  const std::vector<HostRow>& hosts() const { return hosts_; }
  std::size_t selected() const { return selected_; }
  const HostRow* selected_host() const;
  const Changes& params() const { return params_; }
  std::size_t param_cursor() const { return param_cursor_; }
  const std::string& message() const { return message_; }
  bool message_is_error() const { return message_error_; }
  const std::string& prompt() const { return prompt_; }
  const std::string& input() const { return input_; }
  const std::vector<std::string>& interfaces() const { return interfaces_; }
  const std::string& interface_note() const { return interface_note_; }
  std::size_t list_cursor() const { return list_cursor_; }
  const std::vector<client::NamespaceInfo>& namespace_list() const { return namespaces_; }
  const std::vector<client::KeyInfo>& key_list() const { return keys_; }
  const std::string& browsed_namespace() const { return ns_; }
  const std::optional<client::CacheResponse>& object() const { return object_; }
  const client::KeyInfo& object_key() const { return object_key_; }
  std::string store_summary() const;

  // Texts the view and tests share.
  static std::string restart_note(const std::string& name);  // "" when changeable at run time
  static std::string key_text(const client::KeyInfo& key);   // the name, else 0x<hex>

 private:
  bool main_key(int key);
  void edit_key(int key);
  void confirm_key(int key);
  void list_key(int key, std::size_t size);
  void browser_key(int key);
  void start_edit(const std::string& name);
  void start_open_object();
  void open_named_object(const std::string& text);
  void commit_edit();
  void choose_interface();
  void host_action(bool join, bool all);
  void open_namespaces();
  void open_keys();
  void open_object();
  void remove_object();
  void load_params();
  void say(std::string text, bool error = false);
  bool dispatch_key(int key);  // handle_key without clearing the message
  std::vector<HostRef> action_targets(bool all) const;

  ConsoleBackend& backend_;
  Mode mode_ = Mode::kMain;
  Mode after_confirm_ = Mode::kMain;
  Focus focus_ = Focus::kHosts;
  bool reachable_ = false;
  bool polled_ = false;
  std::string error_;
  std::vector<HostRow> hosts_;
  std::size_t selected_ = 0;
  Changes params_;
  std::size_t param_cursor_ = 0;
  std::string message_;
  bool message_error_ = false;
  std::uint64_t said_ = 0;  // messages said so far
  std::string prompt_;
  std::string input_;
  std::string editing_;            // the parameter being edited
  bool editing_object_ = false;    // the edit line asks for "namespace/key" ('o')
  bool object_from_list_ = false;  // Esc from the object goes back to the key list
  std::function<void()> confirmed_;
  std::vector<std::string> interfaces_;
  std::string interface_note_;
  std::size_t list_cursor_ = 0;
  std::vector<client::NamespaceInfo> namespaces_;
  std::string ns_;
  std::vector<client::KeyInfo> keys_;
  std::optional<client::CacheResponse> object_;
  client::KeyInfo object_key_;
  // host address:svr_port -> (requests counter, when it was read)
  std::map<std::string, std::pair<std::uint64_t, Clock::time_point>> last_requests_;
};

}  // namespace soss::console
