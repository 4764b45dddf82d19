// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "console_view.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "soss/core/common/param_registry.hpp"

namespace soss::console {
namespace {

#ifdef _WIN32
constexpr const char* kServiceStatusCommand = "sc query soss";
#else
constexpr const char* kServiceStatusCommand = "systemctl status soss";
#endif

constexpr const char* kMainKeys =
    "j join l leave J/L all Tab params e edit i iface b browse o open ? help q quit";

// The first row to show so that `cursor` is visible in a window of `height` rows.
std::size_t scroll_top(std::size_t cursor, std::size_t height) {
  return cursor >= height ? cursor - height + 1 : 0;
}

std::string printable(const std::string& value, std::size_t max) {
  std::string out;
  for (unsigned char c : value) {
    if (out.size() >= max) {
      break;
    }
    if (c >= 32 && c < 127) {
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

std::string time_text(std::int64_t ms) {
  if (ms == 0) {
    return "-";
  }
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  const std::tm* tm = std::gmtime(&t);  // the console draws from one thread
  if (tm == nullptr) {
    return "-";
  }
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", tm);
  return buf;
}

void draw_hosts(const ConsoleModel& m, Screen& s, int top, int height) {
  s.text(top, 0,
         fmt::format(" {:<22} {:<11} {:>6} {:>6} {:>9} {:>10} {:>7}", "host", "state", "prim",
                     "repl", "objects", "memory", "req/s"),
         Color::kDim);
  const auto& hosts = m.hosts();
  std::size_t first = scroll_top(m.selected(), static_cast<std::size_t>(height));
  for (int r = 0; r < height && first + static_cast<std::size_t>(r) < hosts.size(); ++r) {
    std::size_t i = first + static_cast<std::size_t>(r);
    const HostRow& h = hosts[i];
    bool sel = i == m.selected();
    std::string addr = h.status.host.address + ":" + std::to_string(h.status.host.svr_port);
    std::string rate = h.request_rate < 0 ? "-" : fmt::format("{:.1f}", h.request_rate);
    std::string mem = h.status.status ? human_bytes(std::stoull("0" + h.get("bytes"))) : "-";
    std::string objects = h.status.status ? h.get("objects") : "-";
    int row = top + 1 + r;
    s.text(row, 0, fmt::format("{}{:<22}", sel ? ">" : " ", addr),
           sel && m.focus() == Focus::kHosts ? Color::kSelected : Color::kNormal);
    s.text(row, 24, fmt::format("{:<11}", h.status.state), state_color(h.status.state));
    s.text(row, 35,
           fmt::format(" {:>6} {:>6} {:>9} {:>10} {:>7}", h.status.host.primaries,
                       h.status.host.replicas, objects, mem, rate));
  }
}

void draw_details(const ConsoleModel& m, Screen& s, int top) {
  const HostRow* h = m.selected_host();
  if (h == nullptr) {
    return;
  }
  if (!h->status.status) {
    s.text(top, 1, "host " + h->status.host.address + ": unreachable: " + h->status.error,
           Color::kRed);
    return;
  }
  std::string max = h->get("max_memory_mb");
  s.text(top, 1,
         fmt::format("host {} (id {})  {}  up {} s  soss {}", h->get("address"), h->get("host_id"),
                     h->status.state, h->get("uptime_s"), h->get("version")));
  s.text(top + 1, 1,
         fmt::format("memory {} (with overhead) of {}  objects {}  ns {}  replicated {}/{}",
                     human_bytes(std::stoull("0" + h->get("bytes"))),
                     max.empty() || max == "0" ? "unlimited" : max + " MiB", h->get("objects"),
                     h->get("namespaces"), h->get("replicated"), h->get("primaries")));
  s.text(top + 2, 1,
         fmt::format("requests {} ({} /s)  connections {}  evictions {}  expirations {}",
                     h->get("requests"),
                     h->request_rate < 0 ? "-" : fmt::format("{:.1f}", h->request_rate),
                     h->get("connections"), h->get("evictions"), h->get("expirations")));
}

void draw_params(const ConsoleModel& m, Screen& s, int top, int height) {
  const auto& p = m.params();
  bool focus = m.focus() == Focus::kParams;
  s.text(top, 0,
         fmt::format(" parameters ({})  scope  R = needs a restart",
                     focus ? "Tab: hosts, e: edit" : "Tab to select"),
         Color::kDim);
  std::size_t first = scroll_top(m.param_cursor(), static_cast<std::size_t>(height));
  for (int r = 0; r < height && first + static_cast<std::size_t>(r) < p.size(); ++r) {
    std::size_t i = first + static_cast<std::size_t>(r);
    const auto* spec = core::find_param(p[i].first);
    std::string line =
        fmt::format("{}{:<18} {:<28} {:<6} {}", i == m.param_cursor() ? ">" : " ", p[i].first,
                    p[i].second.empty() ? "(empty)" : p[i].second.substr(0, 28),
                    spec && spec->scope == core::ParamScope::kStore ? "store" : "host",
                    ConsoleModel::restart_note(p[i].first).empty() ? "" : "R");
    s.text(top + 1 + r, 0, line,
           focus && i == m.param_cursor() ? Color::kSelected : Color::kNormal);
  }
}

template <typename T, typename F>
void draw_list(const std::vector<T>& items, std::size_t cursor, Screen& s, int top, int height,
               F line) {
  std::size_t first = scroll_top(cursor, static_cast<std::size_t>(height));
  for (int r = 0; r < height && first + static_cast<std::size_t>(r) < items.size(); ++r) {
    std::size_t i = first + static_cast<std::size_t>(r);
    s.text(top + r, 0, (i == cursor ? ">" : " ") + line(items[i]),
           i == cursor ? Color::kSelected : Color::kNormal);
  }
}

void draw_object(const ConsoleModel& m, Screen& s, int top, int height) {
  s.text(top, 1, "key " + ConsoleModel::key_text(m.object_key()) + " in " + m.browsed_namespace());
  if (!m.object() || !m.object()->ok()) {
    s.text(top + 1, 1, "(not readable: " + m.message() + ")", Color::kRed);
    return;
  }
  const client::CacheResponse& o = *m.object();
  const client::ObjectMetadata& md = o.metadata;
  const char* types[] = {"absolute", "sliding", "reset-on-update"};
  s.text(top + 1, 1,
         fmt::format("version {}  size {} B  locked {}  content type {}", o.version, o.value.size(),
                     md.locked ? "yes" : "no", md.content_type.empty() ? "-" : md.content_type));
  s.text(top + 2, 1,
         fmt::format("created {}  updated {}", time_text(md.created_ms), time_text(md.updated_ms)));
  s.text(top + 3, 1,
         fmt::format("timeout {} ({})  priority {}",
                     md.timeout.count() == 0 ? std::string("never")
                                             : std::to_string(md.timeout.count()) + " s",
                     types[std::min<std::size_t>(static_cast<std::size_t>(md.timeout_type), 2)],
                     md.priority == client::Priority::kNotRemovable ? "not removable" : "normal"));
  s.text(top + 5, 1, "value:", Color::kDim);
  int width = std::max(10, s.cols() - 2);
  std::string text = printable(o.value, static_cast<std::size_t>(width * std::max(1, height - 6)));
  for (int r = 0; r < height - 6 && static_cast<std::size_t>(r * width) < text.size(); ++r) {
    s.text(top + 6 + r, 1,
           text.substr(static_cast<std::size_t>(r * width), static_cast<std::size_t>(width)));
  }
}

void draw_help(Screen& s, int top) {
  const char* lines[] = {
      "Up/Down PgUp/PgDn  move in the hosts (or in the parameters after Tab)",
      "j / l             join / leave the selected host (leave asks first)",
      "J / L             join / leave every listed host",
      "Tab, e, Enter     select and edit a parameter; store-wide ones go to every",
      "                  host; R marks those that need a restart (soss restart)",
      "i                 choose net_interface from the host's interfaces",
      "b                 browse: namespaces > keys > object (d removes, Esc back)",
      "o                 open one object by namespace/key (also on many hosts)",
      "q                 quit (in a sub-screen: back)",
      "",
      "Green active, yellow joining/leaving, red inactive/isolated/unreachable.",
      "Refreshed every second; req/s: client requests (not this console's polls).",
      "memory: keys, values and per-object overhead, as max_memory counts it.",
      "Press any key to go back."};
  int r = top;
  for (const char* l : lines) {
    s.text(r++, 1, l);
  }
}

}  // namespace

Color state_color(const std::string& state) {
  if (state == "active") {
    return Color::kGreen;
  }
  if (state == "joining" || state == "leaving") {
    return Color::kYellow;
  }
  return Color::kRed;
}

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1024) {
    return fmt::format("{} B", bytes);
  }
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes) / 1024.0;
  int u = 0;
  while (v >= 1024.0 && u < 3) {
    v /= 1024.0;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, units[u]);
}

void draw(const ConsoleModel& m, Screen& s, const std::string& where) {
  s.clear();
  const int rows = s.rows();
  s.text(0, 0, fmt::format(" soss_console  {}  {}", where, m.store_summary()), Color::kTitle);
  if (!m.reachable()) {
    s.text(2, 1, "Cannot reach the soss service at " + where + ":", Color::kRed);
    s.text(3, 3, m.error().empty() ? std::string("connecting...") : m.error(), Color::kRed);
    s.text(5, 1,
           std::string("Is soss_service running (") + kServiceStatusCommand +
               ")? Retrying every second;");
    s.text(6, 1, "--host/--port or --params choose another service. q quits.");
    s.present();
    return;
  }
  const int body_top = 1;
  const int body_height = rows - 3;  // above the message and key lines
  switch (m.mode()) {
    case Mode::kNamespaces:
      s.text(body_top, 0,
             fmt::format(" {:>10}  {:>8}  {:>10}  {}", "id", "objects", "bytes",
                         "namespace   (Enter keys, Esc back)"),
             Color::kDim);
      draw_list(m.namespace_list(), m.list_cursor(), s, body_top + 1, body_height - 1,
                [](const client::NamespaceInfo& n) {
                  return fmt::format("{:>10}  {:>8}  {:>10}  {}", n.id, n.objects,
                                     human_bytes(n.bytes), n.name);
                });
      break;
    case Mode::kKeys:
      s.text(body_top, 0,
             " keys of " + m.browsed_namespace() + "   (Enter view, d remove, Esc back)",
             Color::kDim);
      draw_list(m.key_list(), m.list_cursor(), s, body_top + 1, body_height - 1,
                [](const client::KeyInfo& k) { return ConsoleModel::key_text(k); });
      break;
    case Mode::kObject:
      draw_object(m, s, body_top, body_height);
      break;
    case Mode::kInterfaces:
      s.text(body_top, 0,
             " network interfaces of " +
                 (m.selected_host() ? m.selected_host()->status.host.address : std::string()) +
                 "   (Enter sets net_interface, Esc back)",
             Color::kDim);
      if (!m.interface_note().empty()) {
        s.text(body_top + 1, 1, m.interface_note(), Color::kYellow);
      }
      draw_list(m.interfaces(), m.list_cursor(), s, body_top + 2, body_height - 2,
                [](const std::string& i) { return i; });
      break;
    case Mode::kHelp:
      draw_help(s, body_top + 1);
      break;
    default: {
      int host_rows = std::clamp(static_cast<int>(m.hosts().size()), 1, std::max(1, rows / 4));
      draw_hosts(m, s, body_top, host_rows);
      int details = body_top + 1 + host_rows + 1;
      draw_details(m, s, details);
      draw_params(m, s, details + 4, std::max(1, rows - 2 - (details + 5)));
      break;
    }
  }
  if (m.mode() == Mode::kEdit || m.mode() == Mode::kConfirm) {
    s.text(rows - 2, 0, m.prompt() + (m.mode() == Mode::kEdit ? m.input() + "_" : ""),
           Color::kYellow);
  } else if (!m.message().empty()) {
    s.text(rows - 2, 0, m.message(), m.message_is_error() ? Color::kRed : Color::kGreen);
  }
  s.text(rows - 1, 0, m.mode() == Mode::kMain ? kMainKeys : "Esc back  q main screen", Color::kDim);
  s.present();
}

}  // namespace soss::console
