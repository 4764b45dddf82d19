// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "windows_service.hpp"

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include <asio/executor_work_guard.hpp>

#ifdef _WIN32
#include <windows.h>
#endif

#include "exit_codes.hpp"
#include "soss/core/common/log.hpp"

namespace soss::apps {

#ifdef _WIN32

namespace {

// The service's state shared by the service thread (service_main) and the thread on which the
// manager delivers controls; `mu` guards `status`.
struct ServiceState {
  std::string name;
  const ServiceBody* body = nullptr;
  SERVICE_STATUS_HANDLE handle = nullptr;
  std::mutex mu;
  SERVICE_STATUS status{};
  asio::io_context waiter;
  int exit_code = kExitOk;
};

// ServiceMain gets no context argument, so this is the one way in; set for the duration of
// run_windows_service only.
ServiceState* g_state = nullptr;

void set_state(ServiceState& s, DWORD state, DWORD wait_hint_ms = 0) {
  std::lock_guard<std::mutex> lock(s.mu);
  s.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  s.status.dwCurrentState = state;
  s.status.dwControlsAccepted =
      state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
  s.status.dwWaitHint = wait_hint_ms;
  bool pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
  s.status.dwCheckPoint = pending ? s.status.dwCheckPoint + 1 : 0;
  SetServiceStatus(s.handle, &s.status);
}

DWORD WINAPI control_handler(DWORD control, DWORD, LPVOID, LPVOID context) {
  auto& s = *static_cast<ServiceState*>(context);
  switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
      log::info("service", "{}: stopping",
                control == SERVICE_CONTROL_STOP ? "stop requested" : "system shutdown");
      set_state(s, SERVICE_STOP_PENDING, 15000);
      s.waiter.stop();
      return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
      return NO_ERROR;
    default:
      return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

void WINAPI service_main(DWORD, LPSTR*) {
  ServiceState& s = *g_state;
  s.handle = RegisterServiceCtrlHandlerExA(s.name.c_str(), control_handler, &s);
  if (s.handle == nullptr) {
    s.exit_code = kExitUnavailable;
    return;
  }
  set_state(s, SERVICE_START_PENDING, 30000);
  // Nothing but a stop control may end the wait.
  auto work = asio::make_work_guard(s.waiter);
  s.exit_code = (*s.body)(s.waiter, [&s] { set_state(s, SERVICE_RUNNING); });
  if (s.exit_code != kExitOk) {
    s.status.dwWin32ExitCode = ERROR_SERVICE_SPECIFIC_ERROR;
    s.status.dwServiceSpecificExitCode = static_cast<DWORD>(s.exit_code);
  }
  set_state(s, SERVICE_STOPPED);
}

}  // namespace

int run_windows_service(const std::string& name, const ServiceBody& body) {
  ServiceState state;
  state.name = name;
  state.body = &body;
  g_state = &state;
  std::string table_name = name;  // the table wants a mutable string
  SERVICE_TABLE_ENTRYA table[] = {{table_name.data(), service_main}, {nullptr, nullptr}};
  // Blocks until the service has stopped.
  if (StartServiceCtrlDispatcherA(table) == 0) {
    DWORD err = GetLastError();
    g_state = nullptr;
    log::error("service",
               "not started by the service control manager (error {}); run without "
               "--service for a console host",
               err);
    return kExitUnavailable;
  }
  g_state = nullptr;
  return state.exit_code;
}

void report_service_event(std::string_view source, ServiceEvent event, std::string_view text) {
  // No message file is registered for the source, so the Event Viewer shows the text as the
  // event's inserted string; the event id is what matters for filtering.
  HANDLE handle = RegisterEventSourceA(nullptr, std::string(source).c_str());
  if (handle == nullptr) {
    return;
  }
  std::string message(text);
  const char* strings[] = {message.c_str()};
  WORD type = event == ServiceEvent::kStartFailed || event == ServiceEvent::kRestartFailed
                  ? EVENTLOG_ERROR_TYPE
                  : EVENTLOG_INFORMATION_TYPE;
  ReportEventA(handle, type, 0, static_cast<DWORD>(event), nullptr, 1, 0, strings, nullptr);
  DeregisterEventSource(handle);
}

Status spawn_restart_helper(const std::string& helper_args) {
  char exe[MAX_PATH];
  DWORD n = GetModuleFileNameA(nullptr, exe, MAX_PATH);
  if (n == 0 || n == MAX_PATH) {
    return Status(StatusCode::kUnavailable, "restart: cannot find this program's path");
  }
  // Built by appending (GCC 12 warns, wrongly, about "literal" + std::string&& here).
  std::string command = "\"";
  command.append(exe, n).append("\" ").append(helper_args);
  STARTUPINFOA startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  // Detached: the copy outlives this process, which stops right after.
  if (CreateProcessA(nullptr, command.data(), nullptr, nullptr, FALSE,
                     DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP, nullptr, nullptr, &startup,
                     &process) == 0) {
    return Status(StatusCode::kUnavailable, "restart: cannot start the restart helper (error " +
                                                std::to_string(GetLastError()) + ")");
  }
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  return Status::ok();
}

namespace {

// The service's current state, 0 when it cannot be queried.
DWORD service_state(SC_HANDLE service) {
  SERVICE_STATUS status{};
  return QueryServiceStatus(service, &status) != 0 ? status.dwCurrentState : 0;
}

// Polls every 100 ms until the service is stopped, then asks for a start until the manager
// accepts it (a stopping process may still be on its way out) or `deadline` passes.
bool restart_when_stopped(SC_HANDLE service, std::chrono::steady_clock::time_point deadline,
                          DWORD& error) {
  bool stopped = false;
  while (std::chrono::steady_clock::now() < deadline) {
    stopped = stopped || service_state(service) == SERVICE_STOPPED;
    if (stopped) {
      if (StartServiceA(service, 0, nullptr) != 0) {
        return true;
      }
      error = GetLastError();
      DWORD state = service_state(service);
      if (error == ERROR_SERVICE_ALREADY_RUNNING &&
          (state == SERVICE_RUNNING || state == SERVICE_START_PENDING)) {
        return true;  // started by someone else meanwhile
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error = stopped ? error : static_cast<DWORD>(WAIT_TIMEOUT);
  return false;
}

}  // namespace

int start_service_when_stopped(const std::string& name, std::string_view source,
                               std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  DWORD error = 0;
  bool ok = false;
  SC_HANDLE manager = OpenSCManagerA(nullptr, nullptr, SC_MANAGER_CONNECT);
  SC_HANDLE service = manager == nullptr ? nullptr
                                         : OpenServiceA(manager, name.c_str(),
                                                        SERVICE_QUERY_STATUS | SERVICE_START);
  if (service == nullptr) {
    error = GetLastError();
  } else {
    ok = restart_when_stopped(service, deadline, error);
    CloseServiceHandle(service);
  }
  if (manager != nullptr) {
    CloseServiceHandle(manager);
  }
  if (!ok) {
    report_service_event(source, ServiceEvent::kRestartFailed,
                         "restart of service " + name + " failed (error " + std::to_string(error) +
                             "); start it with: net start " + name);
    return kExitUnavailable;
  }
  return kExitOk;
}

#else

int run_windows_service(const std::string&, const ServiceBody&) {
  std::fprintf(stderr, "--service is for Windows; on Linux systemd runs the services\n");
  return kExitUsage;
}

void report_service_event(std::string_view, ServiceEvent, std::string_view) {}

Status spawn_restart_helper(const std::string&) {
  return Status(StatusCode::kUnavailable, "the restart helper is for Windows services");
}

int start_service_when_stopped(const std::string&, std::string_view, std::chrono::seconds) {
  return kExitUsage;
}

#endif

int fail_before_serving(std::string_view program, std::string_view source, bool service,
                        const std::string& service_name, const std::string& message) {
  std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(program.size()), program.data(),
               message.c_str());
  if (!service) {
    return kExitConfig;
  }
  report_service_event(source, ServiceEvent::kStartFailed, message);
  return run_windows_service(
      service_name, [](asio::io_context&, const std::function<void()>&) { return kExitConfig; });
}

void report_service_end(std::string_view source, std::string_view program, int rc,
                        std::string_view log) {
  std::string text(program);
  if (rc == kExitOk) {
    text += " stopped";
    report_service_event(source, ServiceEvent::kStopped, text);
    return;
  }
  text.append(" could not start (exit code ").append(std::to_string(rc)).append("); see ");
  text.append(log);
  report_service_event(source, ServiceEvent::kStartFailed, text);
}

}  // namespace soss::apps
