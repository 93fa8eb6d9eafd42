// Objects shared by the threads of this process: each worker thread is a Node-API environment of its own, but the
// addon is loaded once, so a reward model or an encoder that several threads load (the interactive thread, the
// long-call threads, the reports' thread) is held once, by the key its loader gives (a model's blob SHA-256, an
// encoder's folder checksum and path), for as long as any thread holds it. Only immutable objects are shared
// (shared_ptr<const T>), so sharing them is safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rung_addon {

template <class T>
class SharedByKey {
 public:
  using Ptr = std::shared_ptr<const T>;

  /** The object held under key, or null when no thread holds it now. */
  static Ptr find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex());
    auto it = held().find(key);
    return it == held().end() ? nullptr : it->second.lock();
  }

  /** Holds `object` under key and returns it, unless another thread added one meanwhile: then that one. */
  static Ptr add(const std::string& key, Ptr object) {
    std::lock_guard<std::mutex> lock(mutex());
    for (auto it = held().begin(); it != held().end();) it = it->second.expired() ? held().erase(it) : std::next(it);
    std::weak_ptr<const T>& slot = held()[key];
    if (Ptr existing = slot.lock()) return existing;
    slot = object;
    return object;
  }

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static std::unordered_map<std::string, std::weak_ptr<const T>>& held() {
    static std::unordered_map<std::string, std::weak_ptr<const T>> m;
    return m;
  }
};

}  // namespace rung_addon
