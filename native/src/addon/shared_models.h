// Models shared by the threads of this process: each worker thread is a Node-API environment of its own, but the
// addon is loaded once, so a model that several threads load (the assisting models, loaded by the interactive thread,
// the long-call threads and the reports' thread) is held once, by the key its loader gives (the blob's SHA-256),
// for as long as any thread holds it. A loaded model is immutable (shared_ptr<const Model>), so sharing it is safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/model.h"

namespace rung_addon {

using ModelPtr = std::shared_ptr<const rung::Model>;

class SharedModels {
 public:
  /** The model held under key, or null when no thread holds it now. */
  static ModelPtr find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex());
    auto it = models().find(key);
    return it == models().end() ? nullptr : it->second.lock();
  }

  /** Holds model under key and returns it, unless another thread added one meanwhile: then that one. */
  static ModelPtr add(const std::string& key, ModelPtr model) {
    std::lock_guard<std::mutex> lock(mutex());
    for (auto it = models().begin(); it != models().end();) it = it->second.expired() ? models().erase(it) : std::next(it);
    std::weak_ptr<const rung::Model>& slot = models()[key];
    if (ModelPtr existing = slot.lock()) return existing;
    slot = model;
    return model;
  }

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static std::unordered_map<std::string, std::weak_ptr<const rung::Model>>& models() {
    static std::unordered_map<std::string, std::weak_ptr<const rung::Model>> m;
    return m;
  }
};

}  // namespace rung_addon
