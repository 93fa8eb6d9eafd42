// Argument checking and conversion at the addon boundary: every JS value is checked for type, length and
// range before the engine sees it (TypeError / RangeError), and typed arrays are borrowed without copying.
#pragma once
#include <napi.h>

#include <string>
#include <vector>

#include "engine/data.h"
#include "engine/model.h"
#include "engine/train.h"

namespace rung_addon {

// Keeps the borrowed typed arrays alive while a worker uses them.
using Keep = std::vector<Napi::ObjectReference>;

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

// {dim, data: Float32Array} or {dim, rowPtr: Uint32Array, col: Uint32Array, val: Float32Array}.
rung::Items want_items(const Napi::Value& v, Keep& keep);
// {a: Uint32Array, b: Uint32Array, target: Float32Array, weight?: Float32Array}, all of one length ≥ 1.
rung::Pairs want_pairs(const Napi::Value& v, Keep& keep);
// Indices into items: a Uint32Array.
const uint32_t* want_indices(const Napi::Value& v, const std::string& what, size_t* length, Keep& keep);
rung::TrainOptions want_train_options(const Napi::Value& v);
rung::FeaturizerConfig want_featurizer(const Napi::Value& v);
std::vector<std::string> want_strings(const Napi::Value& v, const std::string& what);

}  // namespace rung_addon
