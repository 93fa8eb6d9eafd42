// Node-API wrapper of rung::encoder::Encoder: folder loading and encoding run on libuv workers; texts cross as
// UTF-16 and become UTF-8 here (a lone surrogate becomes U+FFFD, as Node encodes strings, which the BERT normalizer
// then drops).
#include "encoder.h"

#include <atomic>
#include <cstring>
#include <memory>

#include "engine/content_id.h"
#include "engine/encoder/encoder.h"
#include "engine/encoder/unicode.h"
#include "shared_by_key.h"
#include "task.h"

namespace rung_addon {

namespace {

using EncoderPtr = std::shared_ptr<const rung::encoder::Encoder>;
using SharedEncoders = SharedByKey<rung::encoder::Encoder>;

std::vector<std::string> want_texts(const Napi::Value& v) {
  if (!v.IsArray()) throw_type(v.Env(), "texts must be an array of strings");
  const Napi::Array arr = v.As<Napi::Array>();
  std::vector<std::string> out(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) {
    const Napi::Value s = arr.Get(i);
    if (!s.IsString()) throw_type(v.Env(), "texts[" + std::to_string(i) + "] must be a string");
    const std::u16string utf16 = s.As<Napi::String>().Utf16Value();
    rung::utf16_to_utf8(out[i], utf16.data(), utf16.size());
  }
  return out;
}

class EncodeWorker : public Napi::AsyncProgressQueueWorker<int64_t> {
 public:
  EncodeWorker(Napi::Env env, EncoderPtr encoder, std::vector<std::string> texts, int64_t batch, int threads, Napi::Value on_progress,
               std::shared_ptr<std::atomic<bool>> cancel)
      : Napi::AsyncProgressQueueWorker<int64_t>(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        encoder_(std::move(encoder)),
        texts_(std::move(texts)),
        batch_(batch),
        threads_(threads),
        cancel_(std::move(cancel)) {
    if (on_progress.IsFunction()) on_progress_ = Napi::Persistent(on_progress.As<Napi::Function>());
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& progress) override {
    const bool report = !on_progress_.IsEmpty();
    outcome_.run([&] {
      out_.resize(texts_.size() * encoder_->info().config.hidden);
      encoder_->encode(out_.data(), texts_, batch_, threads_, cancel_.get(), [&](int64_t done, int64_t total) {
        if (!report) return;
        const int64_t pair[2] = {done, total};
        progress.Send(pair, 2);
      });
    });
  }
  void OnProgress(const int64_t* data, size_t count) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    for (size_t i = 0; i + 1 < count && callback_error_.IsEmpty(); i += 2) {
      try {
        on_progress_.Call({Napi::Number::New(env, (double)data[i]), Napi::Number::New(env, (double)data[i + 1])});
      } catch (const Napi::Error& e) {
        // a throwing progress callback stops encoding and rejects with its error
        callback_error_ = Napi::Persistent(e.Value().As<Napi::Object>());
        cancel_->store(true);
      }
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    if (!callback_error_.IsEmpty()) return deferred_.Reject(callback_error_.Value());
    if (outcome_.kind != Outcome::ok) return deferred_.Reject(outcome_.error_value(env));
    Napi::Float32Array a = Napi::Float32Array::New(env, out_.size());
    if (!out_.empty()) std::memcpy(a.Data(), out_.data(), out_.size() * sizeof(float));
    deferred_.Resolve(a);
  }

 private:
  Napi::Promise::Deferred deferred_;
  EncoderPtr encoder_;
  std::vector<std::string> texts_;
  int64_t batch_;
  int threads_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  Napi::FunctionReference on_progress_;
  Napi::ObjectReference callback_error_;
  std::vector<float> out_;
  Outcome outcome_;
};

class EncoderWrap : public Napi::ObjectWrap<EncoderWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Encoder",
                       {InstanceMethod("info", &EncoderWrap::Info), InstanceMethod("tokenize", &EncoderWrap::Tokenize),
                        InstanceMethod("encode", &EncoderWrap::Encode)});
  }
  explicit EncoderWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EncoderWrap>(info) {
    if (info.Length() != 1 || !info[0].IsExternal()) throw_type(info.Env(), "Encoder cannot be constructed directly: use loadEncoder()");
    encoder_ = *info[0].As<Napi::External<EncoderPtr>>().Data();
  }

 private:
  EncoderPtr encoder_;

  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const rung::encoder::EncoderInfo& e = encoder_->info();
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", e.name);
    o.Set("architecture", e.architecture);
    o.Set("checksum", e.checksum);
    o.Set("tokenizerFile", e.tokenizer_file);
    o.Set("dim", Napi::Number::New(env, (double)e.config.hidden));
    o.Set("layers", Napi::Number::New(env, (double)e.config.layers));
    o.Set("heads", Napi::Number::New(env, (double)e.config.heads));
    o.Set("intermediate", Napi::Number::New(env, (double)e.config.intermediate));
    o.Set("maxPositions", Napi::Number::New(env, (double)e.config.max_positions));
    o.Set("vocabSize", Napi::Number::New(env, (double)e.vocab_size));
    o.Set("window", Napi::Number::New(env, (double)e.window));
    o.Set("modelBytes", Napi::Number::New(env, (double)e.model_bytes));
    o.Set("pooling", e.pooling == rung::encoder::Pooling::cls ? "cls" : "mean");
    o.Set("normalize", Napi::Boolean::New(env, e.normalize));
    o.Set("unicodeVersion", rung::encoder::unicode_version());
    return o;
  }

  // tokenize(texts) → {ids: Int32Array, offsets: Uint32Array}: text i's ids ([CLS] … [SEP], whole) are
  // ids[offsets[i] .. offsets[i + 1]).
  Napi::Value Tokenize(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const std::vector<std::string> texts = want_texts(info[0]);
    std::vector<int32_t> ids;
    std::vector<uint32_t> offsets{0};
    for (const std::string& t : texts) {
      const std::vector<int32_t> one = encoder_->tokenize(t.data(), t.size());
      ids.insert(ids.end(), one.begin(), one.end());
      if (ids.size() > UINT32_MAX) throw_range(env, "texts have more than 2^32 tokens in all: tokenize fewer at a time");
      offsets.push_back((uint32_t)ids.size());
    }
    Napi::Int32Array a = Napi::Int32Array::New(env, ids.size());
    if (!ids.empty()) std::memcpy(a.Data(), ids.data(), ids.size() * sizeof(int32_t));
    Napi::Uint32Array o = Napi::Uint32Array::New(env, offsets.size());
    std::memcpy(o.Data(), offsets.data(), offsets.size() * sizeof(uint32_t));
    Napi::Object r = Napi::Object::New(env);
    r.Set("ids", a);
    r.Set("offsets", o);
    return r;
  }

  Napi::Value Encode(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::vector<std::string> texts = want_texts(info[0]);
    const int64_t batch = want_int(info[1], "batchSize", 1, 1 << 16);
    const int threads = want_threads(info[2]);
    if (!info[3].IsUndefined() && !info[3].IsFunction()) throw_type(env, "onProgress must be a function");
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    EncodeWorker* worker = new EncodeWorker(env, encoder_, std::move(texts), batch, threads, info[3], cancel);
    Napi::Object job = Napi::Object::New(env);
    job.Set("promise", worker->promise());
    job.Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo&) { cancel->store(true); }, "cancel"));
    worker->Queue();
    return job;
  }
};

// loadEncoder(dir[, key]) → Promise<Encoder>: reads and checks the folder on a worker thread. With a key (the folder's
// checksum, verified by the caller, and its path), the encoder is shared with the process's other threads
// (shared_by_key.h): one a thread holds under that key already is given instead, without reading the folder. The
// function's data is this environment's Encoder constructor.
Napi::Value LoadEncoder(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::FunctionReference* encoder_class = static_cast<Napi::FunctionReference*>(info.Data());
  if (!info[0].IsString()) throw_type(env, "dir must be a string");
  const std::string dir = info[0].As<Napi::String>().Utf8Value();
  // the file system would stop reading the path at the NUL (and the error message with it)
  if (dir.find('\0') != std::string::npos) throw_range(env, "dir must not contain NUL characters");
  const std::string key = want_share_key(info[1]);
  if (!key.empty()) {
    if (EncoderPtr held = SharedEncoders::find(key)) {
      Napi::Promise::Deferred found = Napi::Promise::Deferred::New(env);
      found.Resolve(encoder_class->New({Napi::External<EncoderPtr>::New(env, &held)}));
      return found.Promise();
    }
  }
  auto loaded = std::make_shared<EncoderPtr>();
  Task* task = new Task(
      env, {},
      [dir, key, loaded] {
        *loaded = rung::encoder::Encoder::load(dir);
        if (!key.empty()) *loaded = SharedEncoders::add(key, *loaded);
      },
      [loaded, encoder_class](Napi::Env env) -> Napi::Value { return encoder_class->New({Napi::External<EncoderPtr>::New(env, loaded.get())}); });
  Napi::Promise p = task->promise();
  task->Queue();
  return p;
}

// sharedEncoder(key) → Encoder | null: the encoder a thread of this process holds under key (loadEncoder).
Napi::Value SharedEncoder(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::FunctionReference* encoder_class = static_cast<Napi::FunctionReference*>(info.Data());
  if (!info[0].IsString()) throw_type(env, "key must be a string");
  EncoderPtr held = SharedEncoders::find(info[0].As<Napi::String>().Utf8Value());
  return held ? encoder_class->New({Napi::External<EncoderPtr>::New(env, &held)}).As<Napi::Value>() : env.Null();
}

}  // namespace

void init_encoder(Napi::Env env, Napi::Object exports) {
  Napi::Function cls = EncoderWrap::Define(env);
  exports.Set("Encoder", cls);
  // kept for the life of the environment, like the Model constructor
  exports.Set("loadEncoder", Napi::Function::New(env, LoadEncoder, "loadEncoder", new Napi::FunctionReference(Napi::Persistent(cls))));
  exports.Set("sharedEncoder", Napi::Function::New(env, SharedEncoder, "sharedEncoder", new Napi::FunctionReference(Napi::Persistent(cls))));
}

}  // namespace rung_addon
