// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_console's model and view without a terminal: a fake backend and a fake Screen.
#include <map>

#include "console_model.hpp"
#include "console_view.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::console;
using namespace std::chrono_literals;

namespace {

HostStatus make_host(const std::string& address, const std::string& state, std::uint64_t requests,
                     const std::string& id) {
  HostStatus h;
  h.host.address = address;
  h.host.id = id;
  h.host.svr_port = 721;
  h.host.mgt_port = 720;
  h.host.primaries = "512";
  h.host.replicas = "512";
  h.state = state;
  client::AdminReply r;
  r.fields = {{"state", state},
              {"host_id", id},
              {"address", address},
              {"requests", std::to_string(requests)},
              {"objects", "3"},
              {"bytes", "2048"},
              {"primaries", "512"},
              {"replicated", "512"},
              {"epoch", "7"},
              {"interface", "lo 127.0.0.1/255.0.0.0"},
              {"interface", "eth0 10.0.0.5/255.255.255.0"}};
  h.status = r;
  return h;
}

class FakeBackend final : public ConsoleBackend {
 public:
  std::vector<HostStatus> hosts;
  bool down = false;
  std::vector<std::string> calls;
  std::map<std::string, std::string> values{
      {"lock_timeout", "90"}, {"io_threads", "0"}, {"net_interface", ""}};
  std::vector<client::KeyInfo> keys_in_ns{{client::Key("k1").bytes(), "k1"},
                                          {client::Key("k2").bytes(), "k2"}};

  Result<std::vector<HostStatus>> poll() override {
    if (down) {
      return Status(StatusCode::kUnavailable, "cannot connect to 127.0.0.1:720");
    }
    return hosts;
  }
  Result<client::AdminReply> params(const HostRef&) override {
    client::AdminReply r;
    for (const auto& [n, v] : values) {
      r.fields.emplace_back(n, v);
    }
    return r;
  }
  Result<client::AdminReply> join(const HostRef& h) override {
    calls.push_back("join " + h.address);
    return state("joining");
  }
  Result<client::AdminReply> leave(const HostRef& h) override {
    calls.push_back("leave " + h.address);
    return state("leaving");
  }
  Result<client::AdminReply> set_params(const HostRef& h, const Changes& changes) override {
    client::AdminReply r;
    for (const auto& [n, v] : changes) {
      calls.push_back("set " + h.address + " " + n + "=" + v);
      values[n] = v;
      if (n == "io_threads" || n == "net_interface" || n == "subnet_mask") {
        r.fields.emplace_back(n, "restart");
      }
    }
    return r;
  }
  std::vector<std::string> local_interfaces() override { return {"lo 127.0.0.1/255.0.0.0"}; }
  Result<std::vector<client::NamespaceInfo>> namespaces(const HostRef&) override {
    return std::vector<client::NamespaceInfo>{{11, "sessions", 2, 100}, {12, "carts", 0, 0}};
  }
  Result<std::vector<client::KeyInfo>> keys(const HostRef&, const std::string& ns,
                                            std::size_t) override {
    calls.push_back("keys " + ns);
    return keys_in_ns;
  }
  client::CacheResponse read(const HostRef&, const std::string& ns,
                             const client::KeyBytes& key) override {
    client::CacheResponse r;
    r.result = client::ResultCode::kRetrieved;
    r.value =
        std::string("value of ") + (key == client::Key("k1").bytes() ? "k1" : "other") + "\x01";
    r.version = 4;
    calls.push_back("read " + ns);
    return r;
  }
  client::CacheResponse remove(const HostRef&, const std::string& ns,
                               const client::KeyBytes&) override {
    calls.push_back("remove " + ns);
    client::CacheResponse r;
    r.result = client::ResultCode::kRemoved;
    return r;
  }

 private:
  static Result<client::AdminReply> state(const std::string& s) {
    client::AdminReply r;
    r.fields = {{"state", s}};
    return r;
  }
};

// A Screen in memory: one string per row, and the colour each cell was drawn with.
class FakeScreen final : public Screen {
 public:
  FakeScreen(int rows, int cols) : rows_(rows), cols_(cols) { clear(); }
  int rows() const override { return rows_; }
  int cols() const override { return cols_; }
  void clear() override {
    lines.assign(static_cast<std::size_t>(rows_),
                 std::string(static_cast<std::size_t>(cols_), ' '));
    colors.assign(static_cast<std::size_t>(rows_),
                  std::vector<Color>(static_cast<std::size_t>(cols_), Color::kNormal));
  }
  void text(int row, int col, std::string_view s, Color color) override {
    if (row < 0 || row >= rows_ || col < 0) {
      return;
    }
    for (std::size_t i = 0; i < s.size() && col + static_cast<int>(i) < cols_; ++i) {
      auto r = static_cast<std::size_t>(row);
      auto c = static_cast<std::size_t>(col) + i;
      lines[r][c] = s[i];
      colors[r][c] = color;
    }
  }
  void present() override {}
  int read_key(std::chrono::milliseconds) override { return key::kNone; }

  // The row holding `text`, or -1.
  int find(const std::string& text) const {
    for (std::size_t r = 0; r < lines.size(); ++r) {
      if (lines[r].find(text) != std::string::npos) {
        return static_cast<int>(r);
      }
    }
    return -1;
  }
  Color color_at(int row, const std::string& text) const {
    auto c = lines[static_cast<std::size_t>(row)].find(text);
    return colors[static_cast<std::size_t>(row)][c];
  }
  std::string all() const {
    std::string s;
    for (const auto& l : lines) {
      s += l + "\n";
    }
    return s;
  }

  std::vector<std::string> lines;
  std::vector<std::vector<Color>> colors;

 private:
  int rows_;
  int cols_;
};

void type(ConsoleModel& m, const std::string& text) {
  for (char c : text) {
    m.handle_key(c);
  }
}

}  // namespace

TEST_CASE("console: request rates come from successive counters", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 100, "1")};
  ConsoleModel m(b);
  auto t0 = ConsoleModel::Clock::now();
  m.refresh(t0);
  REQUIRE(m.hosts().size() == 1);
  CHECK(m.hosts()[0].request_rate < 0);  // one poll: no rate yet
  b.hosts = {make_host("10.0.0.1", "active", 300, "1")};
  m.refresh(t0 + 2s);
  CHECK(m.hosts()[0].request_rate == Approx(100.0));
  b.hosts = {make_host("10.0.0.1", "active", 5, "1")};  // the service restarted
  m.refresh(t0 + 3s);
  CHECK(m.hosts()[0].request_rate < 0);
}

TEST_CASE("console: an unreachable service is shown, and the next poll recovers",
          "[apps][console]") {
  FakeBackend b;
  b.down = true;
  ConsoleModel m(b);
  FakeScreen s(24, 80);
  m.refresh(ConsoleModel::Clock::now());
  CHECK_FALSE(m.reachable());
  draw(m, s, "127.0.0.1:720");
  CHECK(s.find("Cannot reach the soss service at 127.0.0.1:720") >= 0);
  CHECK(s.find("cannot connect to 127.0.0.1:720") >= 0);
  CHECK(m.handle_key('x'));
  b.down = false;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1")};
  m.refresh(ConsoleModel::Clock::now());
  CHECK(m.reachable());
  CHECK_FALSE(m.handle_key('q'));
}

TEST_CASE("console: the host list fits 80x24 with state colours", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1"), make_host("10.0.0.2", "joining", 1, "2"),
             make_host("10.0.0.3", "inactive", 1, "3")};
  HostStatus gone;
  gone.host.address = "10.0.0.4";
  gone.host.svr_port = 721;
  gone.state = "unreachable";
  b.hosts.push_back(gone);
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  FakeScreen s(24, 80);
  draw(m, s, "10.0.0.1:720");
  INFO(s.all());
  CHECK(s.find("store degraded: 4 hosts, 9 objects, epoch 7") == 0);
  int r1 = s.find("10.0.0.1:721");
  int r2 = s.find("10.0.0.2:721");
  int r3 = s.find("10.0.0.3:721");
  int r4 = s.find("10.0.0.4:721");
  REQUIRE((r1 > 0 && r2 > 0 && r3 > 0 && r4 > 0));
  CHECK(s.color_at(r1, "active") == Color::kGreen);
  CHECK(s.color_at(r2, "joining") == Color::kYellow);
  CHECK(s.color_at(r3, "inactive") == Color::kRed);
  CHECK(s.color_at(r4, "unreachable") == Color::kRed);
  CHECK(s.find("lock_timeout") > r4);
  CHECK(s.find("j join l leave") == 23);
  CHECK(state_color("leaving") == Color::kYellow);
  CHECK(state_color("isolated") == Color::kRed);
  CHECK(human_bytes(2048) == "2.0 KiB");
}

TEST_CASE("console: join and leave the selected host or all hosts", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1"), make_host("10.0.0.2", "inactive", 1, "2")};
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  m.handle_key(key::kDown);
  CHECK(m.selected() == 1);
  m.handle_key('j');
  CHECK(b.calls == std::vector<std::string>{"join 10.0.0.2"});
  CHECK(m.message() == "join: 10.0.0.2 is joining;");
  m.handle_key(key::kUp);
  m.handle_key('l');
  CHECK(m.mode() == Mode::kConfirm);
  CHECK(m.prompt() == "leave host 10.0.0.1? y/n");
  m.handle_key('n');
  CHECK(m.message() == "cancelled");
  CHECK(b.calls.size() == 1);
  m.handle_key('L');
  m.handle_key('y');
  CHECK(b.calls == std::vector<std::string>{"join 10.0.0.2", "leave 10.0.0.1", "leave 10.0.0.2"});
  m.handle_key('J');
  CHECK(b.calls.size() == 5);
  // The selection follows its host when the list changes order.
  m.handle_key(key::kDown);
  b.hosts = {make_host("10.0.0.2", "active", 1, "2"), make_host("10.0.0.1", "active", 1, "1")};
  m.refresh(ConsoleModel::Clock::now());
  CHECK(m.selected() == 0);
}

TEST_CASE("console: edit a parameter, with the restart note", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1")};
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  m.handle_key(key::kTab);
  CHECK(m.focus() == Focus::kParams);
  REQUIRE(m.params().size() == 3);  // io_threads, lock_timeout, net_interface (sorted map)
  m.handle_key(key::kDown);
  m.handle_key(key::kEnter);
  CHECK(m.mode() == Mode::kEdit);
  CHECK(m.prompt() == "lock_timeout (store-wide) = ");
  CHECK(m.input() == "90");
  m.handle_key(21);  // Ctrl-U
  type(m, "30");
  m.handle_key(key::kEnter);
  CHECK(b.calls.back() == "set 10.0.0.1 lock_timeout=30");
  CHECK(m.message() == "lock_timeout=30 saved on 10.0.0.1");
  CHECK(m.params()[1].second == "30");

  m.handle_key(key::kUp);
  m.handle_key('e');
  CHECK(m.prompt() == "io_threads (this host, needs a restart) = ");
  m.handle_key(key::kBackspace);
  type(m, "4");
  m.handle_key(key::kEnter);
  CHECK(m.message() ==
        "io_threads=4 saved on 10.0.0.1; takes effect after a restart (soss restart)");
  m.handle_key('e');
  type(m, "99");
  m.handle_key(key::kEscape);
  CHECK(m.message() == "edit cancelled");
  CHECK(b.values["io_threads"] == "4");
  CHECK(ConsoleModel::restart_note("lock_timeout").empty());
  CHECK(ConsoleModel::restart_note("int_port") == "restart");
}

TEST_CASE("console: choose net_interface from the host's interfaces", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1")};
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  m.handle_key('i');
  CHECK(m.mode() == Mode::kInterfaces);
  REQUIRE(m.interfaces().size() == 2);
  CHECK(m.interface_note().empty());
  m.handle_key(key::kDown);
  m.handle_key(key::kEnter);
  CHECK(b.calls == std::vector<std::string>{"set 10.0.0.1 net_interface=10.0.0.5",
                                            "set 10.0.0.1 subnet_mask=255.255.255.0"});
  CHECK(m.mode() == Mode::kMain);
  CHECK(m.message().find("takes effect after a restart") != std::string::npos);

  // A host whose service lists no interfaces: the local ones for this host, a note otherwise.
  b.hosts = {make_host("10.0.0.1", "active", 1, "1"), make_host("10.0.0.2", "active", 1, "2")};
  for (auto& h : b.hosts) {
    h.status->fields.erase(std::remove_if(h.status->fields.begin(), h.status->fields.end(),
                                          [](const auto& f) { return f.first == "interface"; }),
                           h.status->fields.end());
  }
  m.refresh(ConsoleModel::Clock::now());
  m.handle_key('i');
  CHECK(m.interfaces() == std::vector<std::string>{"lo 127.0.0.1/255.0.0.0"});
  m.handle_key(key::kEscape);
  m.handle_key(key::kDown);
  m.handle_key('i');
  CHECK(m.interfaces().empty());
  CHECK(m.interface_note().find("set net_interface by hand") != std::string::npos);
}

TEST_CASE("console: object browser lists, shows and removes", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1")};
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  m.handle_key('b');
  CHECK(m.mode() == Mode::kNamespaces);
  CHECK(m.namespace_list().size() == 2);
  m.handle_key(key::kEnter);
  CHECK(m.mode() == Mode::kKeys);
  CHECK(m.browsed_namespace() == "sessions");
  CHECK(m.key_list().size() == 2);
  m.handle_key(key::kEnter);
  CHECK(m.mode() == Mode::kObject);
  REQUIRE(m.object());
  CHECK(m.object()->value == "value of k1\x01");
  FakeScreen s(24, 80);
  draw(m, s, "10.0.0.1:720");
  CHECK(s.find("key k1 in sessions") >= 0);
  CHECK(s.find("version 4") >= 0);
  CHECK(s.find("value of k1\\x01") >= 0);
  m.handle_key('d');
  CHECK(m.prompt() == "remove k1 from sessions? y/n");
  m.handle_key('y');
  CHECK(b.calls.back() == "remove sessions");
  CHECK(m.mode() == Mode::kKeys);
  CHECK(m.key_list().size() == 1);
  m.handle_key(key::kEscape);
  CHECK(m.mode() == Mode::kNamespaces);
  m.handle_key(key::kEscape);
  CHECK(m.mode() == Mode::kMain);

  m.handle_key('o');
  type(m, "carts/k1");
  m.handle_key(key::kEnter);
  CHECK(m.mode() == Mode::kObject);
  CHECK(m.browsed_namespace() == "carts");
  m.handle_key(key::kEscape);
  CHECK(m.mode() == Mode::kMain);  // opened by name: back to the main screen
  m.handle_key('o');
  type(m, "nokey");
  m.handle_key(key::kEnter);
  CHECK(m.message_is_error());
  CHECK(ConsoleModel::key_text(client::KeyInfo{client::KeyBytes{}, ""}).rfind("0x0000", 0) == 0);
}

TEST_CASE("console: the summary says 1 object, not 1 objects", "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1")};
  for (auto& [name, value] : b.hosts[0].status->fields) {
    if (name == "objects") {
      value = "1";
    }
  }
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  INFO(m.store_summary());
  CHECK(m.store_summary().find(", 1 object, ") != std::string::npos);
}

TEST_CASE("console: the confirm prompt shows no leftover input, and a new view clears old messages",
          "[apps][console]") {
  FakeBackend b;
  b.hosts = {make_host("10.0.0.1", "active", 1, "1")};
  ConsoleModel m(b);
  m.refresh(ConsoleModel::Clock::now());
  m.handle_key(key::kTab);
  m.handle_key(key::kDown);
  m.handle_key(key::kEnter);  // edit lock_timeout
  m.handle_key(21);
  type(m, "12345");
  m.handle_key(key::kEnter);
  m.handle_key(key::kTab);
  m.handle_key('l');
  REQUIRE(m.mode() == Mode::kConfirm);
  FakeScreen s(24, 80);
  draw(m, s, "10.0.0.1:720");
  int row = s.find("leave host 10.0.0.1? y/n");
  REQUIRE(row >= 0);
  CHECK(s.lines[static_cast<std::size_t>(row)].find("12345") == std::string::npos);

  m.handle_key('n');
  CHECK(m.message() == "cancelled");
  m.handle_key('h');  // another view: the old message goes
  CHECK(m.mode() == Mode::kHelp);
  CHECK(m.message().empty());
  m.handle_key('x');  // back to the main view
  m.handle_key('l');
  m.handle_key('y');  // an action's own result stays
  CHECK(m.message().rfind("leave:", 0) == 0);
}
