// Boundary checks for the addon: exact TypeError / RangeError messages naming the argument at fault.
#include "convert.h"

#include <cmath>
#include <new>

namespace rung_addon {

void throw_type(Napi::Env env, const std::string& message) { throw Napi::TypeError::New(env, message); }
void throw_range(Napi::Env env, const std::string& message) { throw Napi::RangeError::New(env, message); }

Napi::Object want_object(const Napi::Value& v, const std::string& what) {
  if (!v.IsObject() || v.IsArray() || v.IsTypedArray()) throw_type(v.Env(), what + " must be an object");
  return v.As<Napi::Object>();
}

double want_number(const Napi::Value& v, const std::string& what, double lo, double hi) {
  if (!v.IsNumber()) throw_type(v.Env(), what + " must be a number");
  const double x = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x) || x < lo || x > hi) throw_range(v.Env(), what + " must be from " + std::to_string(lo) + " to " + std::to_string(hi));
  return x;
}

int64_t want_int(const Napi::Value& v, const std::string& what, int64_t lo, int64_t hi) {
  if (!v.IsNumber()) throw_type(v.Env(), what + " must be an integer");
  const double x = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x) || std::floor(x) != x) throw_type(v.Env(), what + " must be an integer");
  if (x < (double)lo || x > (double)hi) throw_range(v.Env(), what + " must be from " + std::to_string(lo) + " to " + std::to_string(hi));
  return (int64_t)x;
}

bool want_bool(const Napi::Value& v, const std::string& what) {
  if (!v.IsBoolean()) throw_type(v.Env(), what + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

int want_threads(const Napi::Value& v) { return (int)want_int(v, "threads", 1, 1024); }

std::string want_device(const Napi::Value& v, const std::string& what) {
  if (v.IsUndefined()) return "auto";
  if (!v.IsString()) throw_type(v.Env(), what + " must be a string");
  const std::string device = v.As<Napi::String>().Utf8Value();
  if (device != "auto" && device != "cpu" && device != "cuda") throw_range(v.Env(), what + " must be \"auto\", \"cpu\" or \"cuda\"");
  return device;
}

std::string want_precision(const Napi::Value& v, const std::string& what) {
  if (v.IsUndefined()) return "fp32";
  if (!v.IsString()) throw_type(v.Env(), what + " must be a string");
  const std::string precision = v.As<Napi::String>().Utf8Value();
  if (precision != "fp32" && precision != "bf16") throw_range(v.Env(), what + " must be \"fp32\" or \"bf16\"");
  return precision;
}

std::string want_share_key(const Napi::Value& v) {
  if (v.IsUndefined()) return std::string();
  if (!v.IsString()) throw_type(v.Env(), "key must be a string");
  return v.As<Napi::String>().Utf8Value();
}

template <typename T> static Napi::TypedArrayOf<T> typed(const Napi::Value& v, const std::string& what, napi_typedarray_type type, const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) throw_type(v.Env(), what + " must be a " + name);
  return v.As<Napi::TypedArrayOf<T>>();
}

// A Float32Array, borrowed: kept alive until the work is done, read in place.
static Napi::Float32Array borrowed_floats(const Napi::Value& v, const std::string& what, Keep& keep) {
  auto a = typed<float>(v, what, napi_float32_array, "Float32Array");
  keep.borrowed.push_back(Napi::Persistent(v.As<Napi::Object>()));
  return a;
}

std::vector<uint32_t> want_index_copy(const Napi::Value& v, const std::string& what) {
  auto a = typed<uint32_t>(v, what, napi_uint32_array, "Uint32Array");
  try {
    return std::vector<uint32_t>(a.Data(), a.Data() + a.ElementLength());
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(v.Env(), "out of memory while copying " + what);
  }
}

// An index array copied into `keep`, where the engine reads it (see Keep).
static const std::vector<uint32_t>& kept_indices(const Napi::Value& v, const std::string& what, Keep& keep) {
  keep.copies.push_back(want_index_copy(v, what));
  return keep.copies.back();
}

rung::Items want_items(const Napi::Value& v, Keep& keep) {
  const Napi::Object o = want_object(v, "items");
  rung::Items items;
  items.dim = want_int(o.Get("dim"), "items.dim", 1, int64_t(1) << 31);
  if (o.Has("data")) {
    auto data = borrowed_floats(o.Get("data"), "items.data", keep);
    if (data.ElementLength() == 0 || data.ElementLength() % (size_t)items.dim != 0)
      throw_range(v.Env(), "items.data length must be a positive multiple of items.dim");
    items.n = (int64_t)(data.ElementLength() / (size_t)items.dim);
    items.dense = data.Data();
  } else {
    const std::vector<uint32_t>& row_ptr = kept_indices(o.Get("rowPtr"), "items.rowPtr", keep);
    const std::vector<uint32_t>& col = kept_indices(o.Get("col"), "items.col", keep);
    auto val = borrowed_floats(o.Get("val"), "items.val", keep);
    if (row_ptr.size() < 2) throw_range(v.Env(), "items.rowPtr must have at least 2 entries (one item)");
    if (col.size() != val.ElementLength()) throw_range(v.Env(), "items.col and items.val must have the same length");
    if (row_ptr.back() != col.size()) throw_range(v.Env(), "items.rowPtr must end at the length of items.col");
    items.n = (int64_t)row_ptr.size() - 1;
    items.row_ptr = row_ptr.data();
    items.col = col.data();
    items.val = val.Data();
  }
  if (items.n > 0xFFFFFFFFll) throw_range(v.Env(), "items: at most 2^32 - 1 items");
  return items;
}

rung::Pairs want_pairs(const Napi::Value& v, Keep& keep) {
  const Napi::Object o = want_object(v, "pairs");
  const std::vector<uint32_t>& a = kept_indices(o.Get("a"), "pairs.a", keep);
  const std::vector<uint32_t>& b = kept_indices(o.Get("b"), "pairs.b", keep);
  auto t = borrowed_floats(o.Get("target"), "pairs.target", keep);
  rung::Pairs p;
  p.n = (int64_t)a.size();
  if (p.n == 0) throw_range(v.Env(), "pairs: at least one pair is needed");
  if (b.size() != a.size() || t.ElementLength() != a.size())
    throw_range(v.Env(), "pairs.a, pairs.b and pairs.target must have the same length");
  p.a = a.data();
  p.b = b.data();
  p.target = t.Data();
  const Napi::Value wv = o.Get("weight");
  if (!wv.IsUndefined()) {
    auto w = borrowed_floats(wv, "pairs.weight", keep);
    if (w.ElementLength() != a.size()) throw_range(v.Env(), "pairs.weight must have one entry per pair");
    p.weight = w.Data();
  }
  return p;
}

const uint32_t* want_indices(const Napi::Value& v, const std::string& what, size_t* length, Keep& keep) {
  const std::vector<uint32_t>& a = kept_indices(v, what, keep);
  *length = a.size();
  return a.data();
}

rung::FeaturizerConfig want_featurizer(const Napi::Value& v) {
  const Napi::Object o = want_object(v, "featurizer");
  rung::FeaturizerConfig f;
  f.bucket_bits = (uint32_t)want_int(o.Get("bucketBits"), "featurizer.bucketBits", 4, 24);
  f.bigrams = want_bool(o.Get("bigrams"), "featurizer.bigrams") ? 1 : 0;
  f.hash_seed = (uint64_t)want_int(o.Get("hashSeed"), "featurizer.hashSeed", 0, (int64_t(1) << 53) - 1);
  f.arithmetic = want_bool(o.Get("arithmetic"), "featurizer.arithmetic") ? 1 : 0;
  return f;
}

rung::TrainOptions want_train_options(const Napi::Value& v) {
  const Napi::Object o = want_object(v, "options");
  rung::TrainOptions t;
  t.hidden = want_int(o.Get("hidden"), "options.hidden", 1, 65536);
  t.members = want_int(o.Get("members"), "options.members", 1, 256);
  const Napi::Value act = o.Get("activation");
  if (!act.IsString()) throw_type(v.Env(), "options.activation must be a string");
  const std::string a = act.As<Napi::String>().Utf8Value();
  if (a != "relu" && a != "gelu") throw_range(v.Env(), "options.activation must be \"relu\" or \"gelu\"");
  t.activation = a == "relu" ? rung::Activation::relu : rung::Activation::gelu;
  t.batch = want_int(o.Get("batchSize"), "options.batchSize", 1, 1 << 20);
  t.epochs = want_int(o.Get("epochs"), "options.epochs", 1, 100000);
  t.adamw.lr = (float)want_number(o.Get("learningRate"), "options.learningRate", 1e-9, 10);
  t.adamw.weight_decay = (float)want_number(o.Get("weightDecay"), "options.weightDecay", 0, 10);
  t.val_fraction = want_number(o.Get("validationFraction"), "options.validationFraction", 0, 0.9);
  t.patience = want_int(o.Get("patience"), "options.patience", 1, 100000);
  t.bootstrap = want_bool(o.Get("bootstrap"), "options.bootstrap");
  t.seed = (uint64_t)want_int(o.Get("seed"), "options.seed", 0, (int64_t(1) << 53) - 1);
  t.threads = want_threads(o.Get("threads"));
  t.bf16 = want_precision(o.Get("precision"), "options.precision") == "bf16";
  const Napi::Value f = o.Get("featurizer");
  if (!f.IsUndefined() && !f.IsNull()) {
    t.text = 1;
    t.featurizer = want_featurizer(f);
  }
  return t;
}

std::vector<std::string> want_strings(const Napi::Value& v, const std::string& what) {
  if (!v.IsArray()) throw_type(v.Env(), what + " must be an array of strings");
  const Napi::Array arr = v.As<Napi::Array>();
  std::vector<std::string> out(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) {
    const Napi::Value s = arr.Get(i);
    if (!s.IsString()) throw_type(v.Env(), what + "[" + std::to_string(i) + "] must be a string");
    out[i] = s.As<Napi::String>().Utf8Value();
  }
  return out;
}

}  // namespace rung_addon
