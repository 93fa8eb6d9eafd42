// Argument checking and conversion at the addon boundary: every JS value is checked for type, length and
// range before the engine sees it (TypeError / RangeError); float arrays are borrowed, index arrays copied.
#pragma once
#include <napi.h>

#include <list>
#include <string>
#include <vector>

#include "engine/data.h"
#include "engine/model.h"
#include "engine/train.h"

namespace rung_addon {

// What a call holds until its work is done: the borrowed (float) typed arrays, kept alive, and its copies of the
// index arrays (pairs.a/b, rowPtr, col, indices). An index array is copied when it is read, before anything is
// checked: JS may change its own array while the work runs (or from a getter met later in the same call), and an
// index changed after validation would be read out of bounds; a float changed only changes the numbers. List nodes
// never move, so the engine's pointers into the copies stay valid when a Keep is moved into its worker.
struct Keep {
  std::vector<Napi::ObjectReference> borrowed;
  std::list<std::vector<uint32_t>> copies;
};

[[noreturn]] void throw_type(Napi::Env env, const std::string& message);
[[noreturn]] void throw_range(Napi::Env env, const std::string& message);

Napi::Object want_object(const Napi::Value& v, const std::string& what);
// An integer in [lo, hi]; `what` names the argument in the message.
int64_t want_int(const Napi::Value& v, const std::string& what, int64_t lo, int64_t hi);
double want_number(const Napi::Value& v, const std::string& what, double lo, double hi);
bool want_bool(const Napi::Value& v, const std::string& what);
int want_threads(const Napi::Value& v);
// "auto" (also for undefined), "cpu" or "cuda"; `what` names the argument in the message.
std::string want_device(const Napi::Value& v, const std::string& what);
// "fp32" (default) or "bf16".
std::string want_precision(const Napi::Value& v, const std::string& what);
// The key an object is shared under between threads (shared_by_key.h): a string, or "" when undefined (not shared).
std::string want_share_key(const Napi::Value& v);

// {dim, data: Float32Array} or {dim, rowPtr: Uint32Array, col: Uint32Array, val: Float32Array}; rowPtr and col copied.
rung::Items want_items(const Napi::Value& v, Keep& keep);
// {a: Uint32Array, b: Uint32Array, target: Float32Array, weight?: Float32Array}, all of one length ≥ 1; a and b copied.
rung::Pairs want_pairs(const Napi::Value& v, Keep& keep);
// Indices into items: a Uint32Array, copied into `keep`.
const uint32_t* want_indices(const Napi::Value& v, const std::string& what, size_t* length, Keep& keep);
// A Uint32Array of indices, copied (an Error when its copy cannot be allocated).
std::vector<uint32_t> want_index_copy(const Napi::Value& v, const std::string& what);
rung::TrainOptions want_train_options(const Napi::Value& v);
rung::FeaturizerConfig want_featurizer(const Napi::Value& v);
std::vector<std::string> want_strings(const Napi::Value& v, const std::string& what);

}  // namespace rung_addon
