// The encoder's Node-API surface: loadEncoder(dir) → Promise<Encoder>, and the Encoder's info(), tokenize(texts),
// encode(texts, batchSize, threads, onProgress?) → {promise, cancel()}.
#pragma once
#include <napi.h>

namespace rung_addon {

void init_encoder(Napi::Env env, Napi::Object exports);

}  // namespace rung_addon
