// Worker-thread work settling a Promise: how it ended (Outcome: ok, RangeError for bad arguments, AbortError when
// cancelled, Error otherwise) and the AsyncWorker that runs it (Task).
#pragma once
#include <napi.h>

#include <functional>
#include <new>
#include <stdexcept>
#include <string>

#include "convert.h"
#include "engine/train.h"

namespace rung_addon {

// How worker-thread work ended; becomes the Promise's settlement on the JS thread.
struct Outcome {
  enum Kind { ok, range, abort, error } kind = ok;
  std::string message;
  void run(const std::function<void()>& work) {
    try {
      work();
    } catch (const rung::Cancelled& e) {
      kind = abort, message = e.what();
    } catch (const std::invalid_argument& e) {
      kind = range, message = e.what();
    } catch (const std::bad_alloc&) {
      kind = error, message = "out of memory: the engine could not allocate what this call needs";
    } catch (const std::exception& e) {
      kind = error, message = e.what();
    }
  }
  Napi::Value error_value(Napi::Env env) const {
    if (kind == range) return Napi::RangeError::New(env, message).Value();
    Napi::Error e = Napi::Error::New(env, message);
    if (kind == abort) e.Set("name", Napi::String::New(env, "AbortError"));
    return e.Value();
  }
};

// A Promise settled by work on a libuv worker thread.
class Task : public Napi::AsyncWorker {
 public:
  Task(Napi::Env env, Keep keep, std::function<void()> work, std::function<Napi::Value(Napi::Env)> done)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), keep_(std::move(keep)), work_(std::move(work)), done_(std::move(done)) {}
  Napi::Promise promise() const { return deferred_.Promise(); }
  void Execute() override { outcome_.run(work_); }
  void OnOK() override {
    try {
      if (outcome_.kind != Outcome::ok) return deferred_.Reject(outcome_.error_value(Env()));
      deferred_.Resolve(done_(Env()));
    } catch (const Napi::Error&) {
      // The thread that asked is being torn down (a worker terminated while this ran): nobody is left to settle.
    }
  }

 private:
  Napi::Promise::Deferred deferred_;
  Keep keep_;
  std::function<void()> work_;
  std::function<Napi::Value(Napi::Env)> done_;
  Outcome outcome_;
};

}  // namespace rung_addon
