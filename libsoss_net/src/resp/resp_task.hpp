// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace soss::net::resp {

// A RESP command (or a step of one) as a C++20 coroutine: it runs at once, on the connection's
// io thread, and suspends only where the store's answer comes later (RespContext::call). The
// connection resumes it on the same thread when that answer arrives, so a command never blocks
// a thread. Awaiting a Task runs it to its first suspension inside await_ready, so a step that
// needs no late answer costs no suspension and no stack growth in loops. Move-only; owned by
// whoever awaits it (the connection owns the command's outermost one). Not thread-safe.
template <class T = void>
class [[nodiscard]] Task;

namespace task_detail {

struct TaskPromiseBase {
  std::coroutine_handle<> continuation;  // set only when the awaiter had to suspend
  std::exception_ptr error;

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) const noexcept {
      std::coroutine_handle<> next = h.promise().continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <class T>
struct TaskPromise : TaskPromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  void return_value(T v) { value = std::move(v); }
  T take() {
    if (error) {
      std::rethrow_exception(error);
    }
    return std::move(*value);
  }
};

template <>
struct TaskPromise<void> : TaskPromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void take() const {
    if (error) {
      std::rethrow_exception(error);
    }
  }
};

}  // namespace task_detail

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = task_detail::TaskPromise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  // For the outermost task: runs it to its end or its first suspension.
  void start() {
    if (h_) {
      h_.resume();
    }
  }
  bool done() const { return !h_ || h_.done(); }
  // The outermost task's end: rethrows what the command threw.
  T result() { return h_ ? h_.promise().take() : T(); }
  void reset() {
    if (h_) {
      h_.destroy();
      h_ = {};
    }
  }

  // An empty task (a step that was not a coroutine and had nothing to wait for) is ready.
  bool await_ready() {
    if (!h_) {
      return true;
    }
    h_.resume();
    return h_.done();
  }
  void await_suspend(std::coroutine_handle<> caller) noexcept {
    h_.promise().continuation = caller;
  }
  T await_resume() { return h_ ? h_.promise().take() : T(); }

 private:
  Handle h_;
};

namespace task_detail {
template <class T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}
inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}
}  // namespace task_detail

}  // namespace soss::net::resp
