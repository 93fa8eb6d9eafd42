// The Node-API layer over the engine: deviceInfo, tokenize, featurize, train (async, progress, cancel),
// Model (score, serialize, tensors), loadModel and sharedModel (shared_by_key.h), gradientCheck, benchGemm, contentIds (import hashing), releaseFreedMemory (freed_memory.h). Long work
// runs on worker threads (training on one of its own at a lower priority: background.h) and settles a Promise; float inputs are borrowed typed arrays kept alive until the work is
// done, index arrays are copied when the call starts (convert.h, Keep).
#include <napi.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <new>

#include "background.h"
#include "convert.h"
#include "encoder.h"
#include "freed_memory.h"
#include "shared_by_key.h"
#include "task.h"
#include "cuda/backend.h"
#include "engine/content_id.h"
#include "engine/device.h"
#include "engine/featurize.h"
#include "engine/gemm.h"
#include "engine/gemm_bf16.h"
#include "engine/gradcheck.h"
#include "engine/score.h"
#include "engine/train.h"

namespace rung_addon {

using ModelPtr = std::shared_ptr<const rung::Model>;
using SharedModels = SharedByKey<rung::Model>;

Napi::Float32Array float_array(Napi::Env env, const float* data, size_t n) {
  Napi::Float32Array a = Napi::Float32Array::New(env, n);
  if (n) std::memcpy(a.Data(), data, n * sizeof(float));
  return a;
}

Napi::Uint32Array uint_array(Napi::Env env, const uint32_t* data, size_t n) {
  Napi::Uint32Array a = Napi::Uint32Array::New(env, n);
  if (n) std::memcpy(a.Data(), data, n * sizeof(uint32_t));
  return a;
}

Napi::Value nan_or(Napi::Env env, double x) { return std::isnan(x) ? env.Null() : Napi::Number::New(env, x); }

// ---- Model -------------------------------------------------------------------------------------------

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Model",
                       {InstanceMethod("config", &ModelWrap::Config), InstanceMethod("serialize", &ModelWrap::Serialize),
                        InstanceMethod("tensors", &ModelWrap::Tensors), InstanceMethod("scoreItems", &ModelWrap::ScoreItems),
                        InstanceMethod("scorePairs", &ModelWrap::ScorePairs)});
  }
  static Napi::Object Wrap(Napi::Env env, ModelPtr model);

  explicit ModelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ModelWrap>(info) {
    if (info.Length() != 1 || !info[0].IsExternal()) throw_type(info.Env(), "Model cannot be constructed directly: use train() or loadModel()");
    model_ = *info[0].As<Napi::External<ModelPtr>>().Data();
    // V8 is told the weights' size (tens of MiB behind a small object): a model the app drops (the model cache's
    // eviction) is then collected under memory pressure instead of waiting for a full GC that a small heap never needs.
    bytes_ = (int64_t)((model_->w1.size() + model_->b1.size() + model_->w2.size() + model_->b2.size()) * sizeof(float));
    Napi::MemoryManagement::AdjustExternalMemory(info.Env(), bytes_);
  }
  ~ModelWrap() {
    int64_t now = 0;  // the C call: a destructor must not throw (it cannot fail with a live env and a result pointer)
    napi_adjust_external_memory(Env(), -bytes_, &now);
  }

 private:
  ModelPtr model_;
  int64_t bytes_ = 0;

  Napi::Value Config(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const rung::ModelConfig& c = model_->cfg;
    Napi::Object o = Napi::Object::New(env);
    o.Set("inputDim", Napi::Number::New(env, (double)c.input_dim));
    o.Set("hidden", Napi::Number::New(env, (double)c.hidden));
    o.Set("members", Napi::Number::New(env, (double)c.members));
    o.Set("activation", Napi::String::New(env, c.activation == rung::Activation::relu ? "relu" : "gelu"));
    if (c.text) {
      Napi::Object f = Napi::Object::New(env);
      f.Set("bucketBits", Napi::Number::New(env, c.featurizer.bucket_bits));
      f.Set("bigrams", Napi::Boolean::New(env, c.featurizer.bigrams != 0));
      f.Set("hashSeed", Napi::Number::New(env, (double)c.featurizer.hash_seed));
      f.Set("arithmetic", Napi::Boolean::New(env, c.featurizer.arithmetic != 0));
      o.Set("featurizer", f);
    } else {
      o.Set("featurizer", env.Null());
    }
    o.Set("formatVersion", Napi::Number::New(env, rung::kModelFormatVersion));
    o.Set("engineVersion", Napi::String::New(env, rung::kEngineVersion));
    return o;
  }

  Napi::Value Serialize(const Napi::CallbackInfo& info) {
    const std::vector<uint8_t> blob = rung::serialize_model(*model_);
    return Napi::Buffer<uint8_t>::Copy(info.Env(), blob.data(), blob.size());
  }

  // PyTorch layout per member: fc1.weight [M, H, D], fc1.bias [M, H], fc2.weight [M, 1, H], fc2.bias [M, 1].
  Napi::Value Tensors(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const rung::Model& m = *model_;
    const int64_t D = m.cfg.input_dim, H = m.cfg.hidden, M = m.cfg.members, MH = m.mh();
    auto tensor = [&](std::initializer_list<int64_t> shape, Napi::Float32Array data) {
      Napi::Object t = Napi::Object::New(env);
      Napi::Array s = Napi::Array::New(env);
      uint32_t i = 0;
      for (int64_t d : shape) s.Set(i++, Napi::Number::New(env, (double)d));
      t.Set("shape", s);
      t.Set("data", data);
      return t;
    };
    Napi::Float32Array w1 = Napi::Float32Array::New(env, (size_t)(D * MH));
    float* dst = w1.Data();
    for (int64_t c = 0; c < MH; c++)
      for (int64_t d = 0; d < D; d++) dst[c * D + d] = m.w1[(size_t)(d * MH + c)];
    Napi::Object o = Napi::Object::New(env);
    o.Set("fc1.weight", tensor({M, H, D}, w1));
    o.Set("fc1.bias", tensor({M, H}, float_array(env, m.b1.data(), m.b1.size())));
    o.Set("fc2.weight", tensor({M, 1, H}, float_array(env, m.w2.data(), m.w2.size())));
    o.Set("fc2.bias", tensor({M, 1}, float_array(env, m.b2.data(), m.b2.size())));
    return o;
  }

  void check_dim(Napi::Env env, const rung::Items& items) {
    if (items.dim != model_->cfg.input_dim)
      throw_range(env, "items.dim is " + std::to_string(items.dim) + " but the model takes inputs of dimension " + std::to_string(model_->cfg.input_dim));
  }

  // Two float outputs of a scoring call and the device it ran on.
  struct Scores {
    std::vector<float> first, second;
    bool cuda = false, bf16 = false;
    Napi::Value value(Napi::Env e, const char* first_name, const char* second_name) const {
      Napi::Object o = Napi::Object::New(e);
      o.Set(first_name, float_array(e, first.data(), first.size()));
      o.Set(second_name, float_array(e, second.data(), second.size()));
      o.Set("device", cuda ? "cuda" : "cpu");
      o.Set("precision", bf16 ? "bf16" : "fp32");
      return o;
    }
  };

  // precision 'bf16' is the CPU's AMX path: refused with device 'cuda'; without AMX the task fails with the reason.
  static std::string want_score_precision(Napi::Env env, const Napi::Value& v, const std::string& device) {
    const std::string precision = want_precision(v, "precision");
    if (precision == "bf16" && device == "cuda") throw_range(env, "precision \"bf16\" runs on the CPU (AMX): use device \"cpu\" or \"auto\" with it");
    return precision;
  }

  // The backend for a scoring task (bf16: the CPU, once AMX is known to be usable) and what the result reports.
  static rung::Backend scoring_backend(Scores& out, const std::string& device, const std::string& precision, const rung::Items& items) {
    if (precision != "bf16") return rung::choose_backend(device);  // 'cuda' without a usable GPU throws with the reason
    if (!rung::amx_bf16_available()) throw std::runtime_error(std::string("precision \"bf16\" needs AMX: ") + rung::amx_bf16_unavailable_reason());
    out.bf16 = !items.sparse();
    return rung::choose_backend("cpu");
  }

  // scoreItems(items, threads, device, precision) → Promise<{mean, std, device, precision}>
  Napi::Value ScoreItems(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Keep keep;
    const rung::Items items = want_items(info[0], keep);
    check_dim(env, items);
    const int threads = want_threads(info[1]);
    const std::string device = want_device(info[2], "device");
    const std::string precision = want_score_precision(env, info[3], device);
    auto out = std::make_shared<Scores>();
    ModelPtr model = model_;
    Task* task = new Task(env, std::move(keep),
        [=] {
          rung::validate_items(items, threads);
          const rung::Backend backend = scoring_backend(*out, device, precision, items);
          out->cuda = backend.cuda;
          out->first.resize((size_t)items.n);
          out->second.resize((size_t)items.n);
          rung::score_items_on(backend, out->first.data(), out->second.data(), *model, items, threads, out->bf16 ? rung::ScorePrecision::bf16 : rung::ScorePrecision::fp32);
        },
        [=](Napi::Env e) { return out->value(e, "mean", "std"); });
    task->Queue();
    return task->promise();
  }

  // scorePairs(items, a, b, threads, device, precision) → Promise<{prob, spread, device, precision}>
  Napi::Value ScorePairs(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Keep keep;
    const rung::Items items = want_items(info[0], keep);
    check_dim(env, items);
    size_t na = 0, nb = 0;
    const uint32_t* a = want_indices(info[1], "a", &na, keep);
    const uint32_t* b = want_indices(info[2], "b", &nb, keep);
    if (na != nb) throw_range(env, "a and b must have the same length");
    const int threads = want_threads(info[3]);
    const std::string device = want_device(info[4], "device");
    const std::string precision = want_score_precision(env, info[5], device);
    auto out = std::make_shared<Scores>();
    ModelPtr model = model_;
    Task* task = new Task(env, std::move(keep),
        [=] {
          rung::validate_items(items, threads);
          for (size_t p = 0; p < na; p++)
            if ((int64_t)a[p] >= items.n || (int64_t)b[p] >= items.n)
              throw std::invalid_argument("item index at pair " + std::to_string(p) + " is out of range (" + std::to_string(items.n) + " items)");
          const rung::Backend backend = scoring_backend(*out, device, precision, items);
          out->cuda = backend.cuda;
          out->first.resize(na);
          out->second.resize(na);
          rung::score_pairs_on(backend, out->first.data(), out->second.data(), *model, items, a, b, (int64_t)na, threads,
                               out->bf16 ? rung::ScorePrecision::bf16 : rung::ScorePrecision::fp32);
        },
        [=](Napi::Env e) { return out->value(e, "prob", "spread"); });
    task->Queue();
    return task->promise();
  }
};

Napi::FunctionReference* model_constructor(Napi::Env env) { return env.GetInstanceData<Napi::FunctionReference>(); }

Napi::Object ModelWrap::Wrap(Napi::Env env, ModelPtr model) {
  ModelPtr* holder = new ModelPtr(std::move(model));
  Napi::External<ModelPtr> ext = Napi::External<ModelPtr>::New(env, holder, [](Napi::Env, ModelPtr* p) { delete p; });
  return model_constructor(env)->New({ext});
}

// ---- training ----------------------------------------------------------------------------------------

class TrainWorker : public Napi::AsyncProgressQueueWorker<rung::Progress> {
 public:
  TrainWorker(Napi::Env env, Keep keep, rung::Items items, rung::Pairs pairs, rung::TrainOptions opt, std::string device, Napi::Value on_progress,
              std::shared_ptr<std::atomic<bool>> cancel)
      : Napi::AsyncProgressQueueWorker<rung::Progress>(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        keep_(std::move(keep)),
        items_(items),
        pairs_(pairs),
        opt_(opt),
        device_(std::move(device)),
        cancel_(std::move(cancel)) {
    if (on_progress.IsFunction()) on_progress_ = Napi::Persistent(on_progress.As<Napi::Function>());
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    const bool report = !on_progress_.IsEmpty();
    outcome_.run([&] {
      // 'cuda' without a usable GPU throws with the reason; bf16 is the CPU's AMX path
      const rung::Backend backend = rung::choose_backend(opt_.bf16 ? "cpu" : device_);
      used_cuda_ = backend.cuda;
      // on a thread of its own at a lower priority (background.h); progress.Send may be called from any thread
      run_in_background([&] {
        result_ = rung::train_on(backend, items_, pairs_, opt_,
                                 report ? std::function<void(const rung::Progress&)>([&](const rung::Progress& p) { progress.Send(&p, 1); })
                                        : std::function<void(const rung::Progress&)>(),
                                 *cancel_);
      });
    });
  }

  void OnProgress(const rung::Progress* data, size_t count) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    for (size_t i = 0; i < count && callback_error_.IsEmpty(); i++) {
      const rung::Progress& p = data[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("epoch", Napi::Number::New(env, (double)p.epoch));
      o.Set("step", Napi::Number::New(env, (double)p.step));
      o.Set("stepsPerEpoch", Napi::Number::New(env, (double)p.steps_per_epoch));
      o.Set("trainLoss", nan_or(env, p.train_loss));
      o.Set("valLoss", nan_or(env, p.val_loss));
      o.Set("valAccuracy", nan_or(env, p.val_accuracy));
      o.Set("epochEnd", Napi::Boolean::New(env, p.epoch_end));
      try {
        on_progress_.Call({o});
      } catch (const Napi::Error& e) {
        // a throwing progress callback stops training and rejects with its error
        callback_error_ = Napi::Persistent(e.Value().As<Napi::Object>());
        cancel_->store(true);
      }
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (!callback_error_.IsEmpty()) return deferred_.Reject(callback_error_.Value());
    if (outcome_.kind != Outcome::ok) return deferred_.Reject(outcome_.error_value(env));
    Napi::Object o = Napi::Object::New(env);
    o.Set("model", ModelWrap::Wrap(env, std::make_shared<const rung::Model>(std::move(result_.model))));
    o.Set("epochsRun", Napi::Number::New(env, (double)result_.epochs_run));
    o.Set("bestEpoch", Napi::Number::New(env, (double)result_.best_epoch));
    o.Set("valLoss", nan_or(env, result_.val_loss));
    o.Set("valAccuracy", nan_or(env, result_.val_accuracy));
    o.Set("trainPairs", Napi::Number::New(env, (double)result_.train_pairs));
    o.Set("valPairs", Napi::Number::New(env, (double)result_.val_pairs));
    o.Set("stoppedEarly", Napi::Boolean::New(env, result_.stopped_early));
    o.Set("device", used_cuda_ ? "cuda" : "cpu");
    o.Set("precision", opt_.bf16 && !items_.sparse() ? "bf16" : "fp32");
    deferred_.Resolve(o);
  }

 private:
  Napi::Promise::Deferred deferred_;
  Keep keep_;
  rung::Items items_;
  rung::Pairs pairs_;
  rung::TrainOptions opt_;
  std::string device_;
  bool used_cuda_ = false;
  std::shared_ptr<std::atomic<bool>> cancel_;
  Napi::FunctionReference on_progress_;
  Napi::ObjectReference callback_error_;
  rung::TrainResult result_;
  Outcome outcome_;
};

// train(items, pairs, options, onProgress?) → {promise, cancel()}
Napi::Value Train(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Keep keep;
  const rung::Items items = want_items(info[0], keep);
  const rung::Pairs pairs = want_pairs(info[1], keep);
  const rung::TrainOptions opt = want_train_options(info[2]);
  const std::string device = want_device(info[2].As<Napi::Object>().Get("device"), "options.device");
  if (opt.bf16 && device == "cuda") throw_range(env, "options.precision \"bf16\" runs on the CPU (AMX): use device \"cpu\" or \"auto\" with it");
  if (!info[3].IsUndefined() && !info[3].IsFunction()) throw_type(env, "onProgress must be a function");
  if (opt.text && items.dim != rung::text_input_dim(opt.featurizer))
    throw_range(env, "items.dim does not match options.featurizer (expected 2^bucketBits + " + std::to_string(rung::extra_features(opt.featurizer)) + ")");
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  TrainWorker* worker = new TrainWorker(env, std::move(keep), items, pairs, opt, device, info[3], cancel);
  Napi::Object job = Napi::Object::New(env);
  job.Set("promise", worker->promise());
  job.Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo&) { cancel->store(true); }, "cancel"));
  worker->Queue();
  return job;
}

// ---- featurizer and the rest -------------------------------------------------------------------------

// featurize(prompts, responses, promptOf: Uint32Array, featurizer, threads, background?: boolean) → Promise<{dim, rowPtr, col, val}>
// background: on a thread of its own at a lower priority, with its own OpenMP team (background.h), as training runs:
// a training's texts are long work nobody waits on, while scoring for an evaluator keeps libuv's thread.
Napi::Value Featurize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto prompts = std::make_shared<std::vector<std::string>>(want_strings(info[0], "prompts"));
  auto responses = std::make_shared<std::vector<std::string>>(want_strings(info[1], "responses"));
  auto prompt_of = std::make_shared<std::vector<uint32_t>>(want_index_copy(info[2], "promptOf"));
  if (prompt_of->size() != responses->size()) throw_range(env, "promptOf must have one entry per response");
  const rung::FeaturizerConfig cfg = want_featurizer(info[3]);
  const int threads = want_threads(info[4]);
  if (!info[5].IsUndefined() && !info[5].IsBoolean()) throw_type(env, "background must be a boolean");
  const bool background = !info[5].IsUndefined() && info[5].As<Napi::Boolean>().Value();
  auto out = std::make_shared<rung::SparseRows>();
  auto work = [=] { *out = rung::featurize(*prompts, *responses, *prompt_of, cfg, threads); };
  Task* task = new Task(env, Keep(), [=] { background ? run_in_background(work) : work(); },
                        [=](Napi::Env e) {
                          Napi::Object o = Napi::Object::New(e);
                          o.Set("dim", Napi::Number::New(e, (double)rung::text_input_dim(cfg)));
                          o.Set("rowPtr", uint_array(e, out->row_ptr.data(), out->row_ptr.size()));
                          o.Set("col", uint_array(e, out->col.data(), out->col.size()));
                          o.Set("val", float_array(e, out->val.data(), out->val.size()));
                          return o.As<Napi::Value>();
                        });
  task->Queue();
  return task->promise();
}

Napi::Value Tokenize(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throw_type(info.Env(), "text must be a string");
  const std::vector<std::string> tokens = rung::tokenize(info[0].As<Napi::String>().Utf8Value());
  Napi::Array a = Napi::Array::New(info.Env(), tokens.size());
  for (size_t i = 0; i < tokens.size(); i++) a.Set((uint32_t)i, Napi::String::New(info.Env(), tokens[i]));
  return a;
}

// contentIds(keys, lengths) → string: keys is many keys back to back (each the NUL-joined parts ids.ts contentId
// hashes), lengths their UTF-16 lengths; returns each key's UUID (36 chars) back to back. One call per import
// batch: the string crosses once, each key is turned into UTF-8 here (lone surrogates as U+FFFD, as Node does).
Napi::Value ContentIds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw_type(env, "keys must be a string");
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array)
    throw_type(env, "lengths must be a Uint32Array");
  const std::u16string keys = info[0].As<Napi::String>().Utf16Value();
  Napi::Uint32Array lengths = info[1].As<Napi::Uint32Array>();
  const size_t count = lengths.ElementLength();
  constexpr size_t kMostKeys = size_t(1) << 23;  // 36 characters each stays far below V8's longest string
  if (count > kMostKeys) throw_range(env, "lengths has " + std::to_string(count) + " keys; at most " + std::to_string(kMostKeys) + " per call");
  uint64_t total = 0;
  for (size_t i = 0; i < count; i++) total += lengths[i];
  if (total != keys.size())
    throw_range(env, "lengths add up to " + std::to_string(total) + " but keys has " + std::to_string(keys.size()) + " UTF-16 units");
  std::string ids(count * rung::kUuidChars, '\0');
  std::string utf8;
  uint8_t digest[rung::kSha256Bytes];
  const char16_t* key = keys.data();
  for (size_t i = 0; i < count; key += lengths[i], i++) {
    rung::utf16_to_utf8(utf8, key, lengths[i]);
    rung::sha256(digest, reinterpret_cast<const uint8_t*>(utf8.data()), utf8.size());
    rung::uuid_from_digest(&ids[i * rung::kUuidChars], digest);
  }
  return Napi::String::New(env, ids);
}

// loadModel(blob[, key]) → Model; throws on a corrupt or foreign blob. With a key (the blob's SHA-256, checked by
// the caller), the model is shared with the other threads of the process (shared_by_key.h): one that a thread holds
// under that key already is returned instead of a second copy.
Napi::Value LoadModel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw_type(env, "blob must be a Buffer or Uint8Array");
  const std::string key = want_share_key(info[1]);
  if (!key.empty()) {
    if (ModelPtr held = SharedModels::find(key)) return ModelWrap::Wrap(env, held);
  }
  Napi::Uint8Array blob = info[0].As<Napi::Uint8Array>();
  try {
    ModelPtr model = std::make_shared<const rung::Model>(rung::deserialize_model(blob.Data(), blob.ElementLength()));
    return ModelWrap::Wrap(env, key.empty() ? model : SharedModels::add(key, model));
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "out of memory while loading the model");
  } catch (const std::runtime_error& e) {
    throw Napi::Error::New(env, e.what());
  }
}

// sharedModel(key) → Model | null: the model a thread of this process holds under key (loadModel), without its blob.
Napi::Value SharedModel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw_type(env, "key must be a string");
  ModelPtr held = SharedModels::find(info[0].As<Napi::String>().Utf8Value());
  return held ? ModelWrap::Wrap(env, held).As<Napi::Value>() : env.Null();
}

Napi::Value DeviceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const rung::DeviceInfo d = rung::device_info();
  Napi::Object o = Napi::Object::New(env);
  Napi::Array backends = Napi::Array::New(env), features = Napi::Array::New(env);
  const rung::CudaInfo c = rung::cuda_info();
  for (size_t i = 0; i < d.backends.size(); i++) backends.Set((uint32_t)i, d.backends[i]);
  if (c.available) backends.Set((uint32_t)d.backends.size(), "cuda");
  for (size_t i = 0; i < d.cpu_features.size(); i++) features.Set((uint32_t)i, d.cpu_features[i]);
  o.Set("backends", backends);
  o.Set("threads", Napi::Number::New(env, d.threads));
  o.Set("cpuFeatures", features);
  o.Set("gemmKernel", d.gemm_kernel);
  Napi::Object cuda = Napi::Object::New(env);
  cuda.Set("built", Napi::Boolean::New(env, c.built));
  cuda.Set("available", Napi::Boolean::New(env, c.available));
  cuda.Set("reason", c.reason);
  if (c.available) {
    cuda.Set("name", c.name);
    cuda.Set("computeCapability", std::to_string(c.cc_major) + "." + std::to_string(c.cc_minor));
    cuda.Set("totalMemory", Napi::Number::New(env, (double)c.total_memory));
    cuda.Set("gemm", c.gemm);
  }
  o.Set("cuda", cuda);
  Napi::Object amx = Napi::Object::New(env);
  amx.Set("available", Napi::Boolean::New(env, rung::amx_bf16_available()));
  amx.Set("reason", rung::amx_bf16_unavailable_reason());
  o.Set("amxBf16", amx);
  o.Set("engineVersion", rung::kEngineVersion);
  o.Set("modelFormatVersion", Napi::Number::New(env, rung::kModelFormatVersion));
  return o;
}

Napi::Value GradientCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const bool sparse = want_bool(info[0], "sparse");
  if (!info[1].IsString()) throw_type(env, "activation must be a string");
  const std::string a = info[1].As<Napi::String>().Utf8Value();
  if (a != "relu" && a != "gelu") throw_range(env, "activation must be \"relu\" or \"gelu\"");
  const uint64_t seed = (uint64_t)want_int(info[2], "seed", 0, (int64_t(1) << 53) - 1);
  const rung::GradCheckResult r = rung::check_gradients(sparse, a == "relu" ? rung::Activation::relu : rung::Activation::gelu, seed);
  Napi::Object o = Napi::Object::New(env);
  o.Set("maxRelError", Napi::Number::New(env, r.max_rel_error));
  o.Set("checked", Napi::Number::New(env, (double)r.checked));
  o.Set("skipped", Napi::Number::New(env, (double)r.skipped));
  return o;
}

// benchGemm(m, n, k, threads, reps) → Promise<seconds per GEMM> (best of reps), through the engine's kernel.
Napi::Value BenchGemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t m = want_int(info[0], "m", 1, 16384), n = want_int(info[1], "n", 1, 16384), k = want_int(info[2], "k", 1, 16384);
  const int threads = want_threads(info[3]);
  const int64_t reps = want_int(info[4], "reps", 1, 1000);
  auto best = std::make_shared<double>(0);
  Task* task = new Task(env, Keep(),
      [=] {
        std::vector<float> a((size_t)(m * k), 0.5f), b((size_t)(k * n), 0.25f), c((size_t)(m * n));
        double t_best = 1e30;
        for (int64_t r = 0; r < reps; r++) {
          const auto t0 = std::chrono::steady_clock::now();
          rung::sgemm(m, n, k, rung::MatA{a.data(), k, nullptr, false}, b.data(), n, c.data(), n, false, threads);
          t_best = std::min(t_best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        *best = t_best;
      },
      [=](Napi::Env e) { return Napi::Number::New(e, *best).As<Napi::Value>(); });
  task->Queue();
  return task->promise();
}

// releaseFreedMemory() → boolean: returns the allocator's free pages to the OS (freed_memory.h); false where it cannot.
Napi::Value ReleaseFreedMemory(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), release_freed_memory()); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Napi::Function model = ModelWrap::Define(env);
  env.SetInstanceData<Napi::FunctionReference>(new Napi::FunctionReference(Napi::Persistent(model)));
  exports.Set("Model", model);
  exports.Set("deviceInfo", Napi::Function::New(env, DeviceInfo, "deviceInfo"));
  exports.Set("tokenize", Napi::Function::New(env, Tokenize, "tokenize"));
  exports.Set("featurize", Napi::Function::New(env, Featurize, "featurize"));
  exports.Set("train", Napi::Function::New(env, Train, "train"));
  exports.Set("loadModel", Napi::Function::New(env, LoadModel, "loadModel"));
  exports.Set("sharedModel", Napi::Function::New(env, SharedModel, "sharedModel"));
  exports.Set("gradientCheck", Napi::Function::New(env, GradientCheck, "gradientCheck"));
  exports.Set("benchGemm", Napi::Function::New(env, BenchGemm, "benchGemm"));
  exports.Set("contentIds", Napi::Function::New(env, ContentIds, "contentIds"));
  exports.Set("releaseFreedMemory", Napi::Function::New(env, ReleaseFreedMemory, "releaseFreedMemory"));
  init_encoder(env, exports);
  return exports;
}

}  // namespace rung_addon

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return rung_addon::Init(env, exports); }
NODE_API_MODULE(rung, InitModule)
