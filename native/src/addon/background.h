// Long work at a lower OS priority: run_in_background(work) runs `work` on a thread of its own that lowers its
// scheduling priority (nice BACKGROUND_NICE) on Linux, and waits for it, rethrowing what it threw. Training uses it: the
// libuv thread it is called on is shared with scoring for the interactive thread and cannot raise its priority back
// (unprivileged), while a thread of its own, and the OpenMP team it starts (whose threads inherit its priority), end
// with the work. So on a busy machine the threads that answer the user are scheduled before a training's. Elsewhere
// (macOS, Windows: a priority is the process's) the work runs on that thread unchanged.
#pragma once

#include <exception>
#include <functional>
#include <thread>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace rung_addon {

constexpr int BACKGROUND_NICE = 10;

inline void run_in_background(const std::function<void()>& work) {
#if defined(__linux__)
  std::exception_ptr thrown;
  std::thread worker([&] {
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), BACKGROUND_NICE);  // this thread only; a refusal leaves it as it was
    try {
      work();
    } catch (...) {
      thrown = std::current_exception();
    }
  });
  worker.join();
  if (thrown) std::rethrow_exception(thrown);
#else
  work();
#endif
}

}  // namespace rung_addon
