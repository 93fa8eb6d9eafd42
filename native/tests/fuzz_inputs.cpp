// Fuzzing the engine's readers of untrusted bytes (ctest "fuzz", built with RUNG_SANITIZE=ON for AddressSanitizer and
// UBSan): model blobs (bundles carry them), JSON and safetensors files and tokenizer vocabularies (encoder folders come
// from disk), text into the tokenizer, the featurizer and the arithmetic check. Each valid seed is mutated (bytes
// flipped, set to edge values, cut, cut out, repeated, spliced with another seed) and read; a reader may refuse with a
// std::exception and must do nothing else: a crash or a sanitizer report fails the run. Deterministic in its seed.
//   fuzz_inputs [iterations per target, default 4000] [seed, default 1]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "engine/encoder/json.h"
#include "engine/encoder/safetensors.h"
#include "engine/encoder/tokenizer.h"
#include "engine/featurize.h"
#include "engine/model.h"

using namespace rung;
using Bytes = std::vector<uint8_t>;

// splitmix64: a small deterministic generator of its own, so a failing case is reproduced by its seed alone.
struct Draws {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next() % n); }
};

// One mutation of `in` (never empty unless `in` is): the kinds a hostile or damaged file shows.
static Bytes mutate(const Bytes& in, const Bytes& other, Draws& d) {
  Bytes out = in;
  if (out.empty()) return out;
  static const uint8_t edges[] = {0x00, 0xFF, 0x7F, 0x80, '"', '\\', '{', '[', ']', '}', ',', ':', '-', '0', '9', 'e', 0xC3, 0xED, 0xF4};
  const int steps = 1 + (int)d.below(4);
  for (int s = 0; s < steps && !out.empty(); s++) {
    const size_t at = d.below(out.size());
    switch (d.below(7)) {
      case 0: out[at] ^= (uint8_t)(1u << d.below(8)); break;                                // flip a bit
      case 1: out[at] = edges[d.below(sizeof edges)]; break;                                 // an edge byte
      case 2: out.resize(at); break;                                                         // cut short
      case 3: out.erase(out.begin() + at, out.begin() + at + d.below(out.size() - at) / 2 + 1); break;  // cut a run out
      case 4: {                                                                              // repeat a run
        const size_t len = d.below(std::min<size_t>(64, out.size() - at)) + 1;
        Bytes run(out.begin() + at, out.begin() + at + len);
        out.insert(out.begin() + d.below(out.size()), run.begin(), run.end());
        break;
      }
      case 5: {                                                                              // splice another seed
        if (other.empty()) break;
        const size_t from = d.below(other.size());
        const size_t len = d.below(other.size() - from) + 1;
        out.insert(out.begin() + at, other.begin() + from, other.begin() + from + len);
        break;
      }
      default: {                                                                             // a little-endian integer at an edge
        static const uint64_t big[] = {0, 1, 0xFFFFFFFFull, 0x7FFFFFFFull, 0x80000000ull, ~0ull, 1ull << 40};
        const uint64_t v = big[d.below(sizeof big / sizeof big[0])];
        for (size_t i = 0; i < 8 && at + i < out.size(); i++) out[at + i] = (uint8_t)(v >> (8 * i));
      }
    }
  }
  return out;
}

static Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }
static std::string text_of(const Bytes& b) { return std::string(b.begin(), b.end()); }

static void write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), (std::streamsize)bytes.size());
}

// A target: seeds and how one input is read. Returns how many inputs were refused (the rest were read).
static int64_t run_target(const char* name, const std::vector<Bytes>& seeds, const std::function<void(const Bytes&)>& read, int iterations, Draws& d) {
  int64_t refused = 0;
  for (const Bytes& seed : seeds) read(seed);  // every seed is valid: it must read
  for (int i = 0; i < iterations; i++) {
    const Bytes& a = seeds[d.below(seeds.size())];
    const Bytes& b = seeds[d.below(seeds.size())];
    const Bytes input = mutate(a, b, d);
    try {
      read(input);
    } catch (const std::exception&) {
      refused++;
    }
  }
  std::printf("%-22s %6d inputs, %6lld refused, no crash\n", name, iterations, (long long)refused);
  return refused;
}

// A small safetensors file: an F32 [2,3] and a BF16 [4] tensor.
static Bytes safetensors_seed() {
  const std::string header = R"({"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"BF16","shape":[4],"data_offsets":[24,32]},"__metadata__":{"format":"pt"}})";
  Bytes out(8);
  for (int i = 0; i < 8; i++) out[i] = (uint8_t)((uint64_t)header.size() >> (8 * i));
  out.insert(out.end(), header.begin(), header.end());
  for (int i = 0; i < 32; i++) out.push_back((uint8_t)(i * 7));
  return out;
}

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 4000;
  Draws d{argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1};
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/rung-fuzz-" + std::to_string((long long)d.state);
  if (std::system(("mkdir -p '" + dir + "'").c_str()) != 0) return 2;

  // Model blobs: a text model and a dense one, each small.
  ModelConfig text_cfg;
  text_cfg.input_dim = 64, text_cfg.hidden = 4, text_cfg.members = 2, text_cfg.text = 1;
  ModelConfig dense_cfg = text_cfg;
  dense_cfg.text = 0, dense_cfg.activation = Activation::gelu, dense_cfg.input_dim = 8;
  const std::vector<Bytes> blobs = {serialize_model(init_model(text_cfg, 1)), serialize_model(init_model(dense_cfg, 2))};
  run_target("model blob", blobs, [](const Bytes& b) { deserialize_model(b.data(), b.size()); }, iterations, d);
  // The same with the checksum made right again, so the header's sizes and the parameters are read past the CRC.
  run_target("model blob, CRC fixed", blobs, [](const Bytes& b) {
    Bytes fixed = b;
    if (fixed.size() >= 20) {
      const uint32_t c = crc32(fixed.data(), fixed.size() - 4);
      for (int i = 0; i < 4; i++) fixed[fixed.size() - 4 + i] = (uint8_t)(c >> (8 * i));
    }
    deserialize_model(fixed.data(), fixed.size());
  }, iterations, d);

  // JSON as the encoder's files hold it.
  const std::vector<Bytes> jsons = {
      bytes_of(R"({"hidden_size": 8, "num_attention_heads": 2, "layer_norm_eps": 1e-12, "architectures": ["BertModel"], "x": [true, false, null, -0.5e3]})"),
      bytes_of(R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1, "##b": 2}}, "s": "\u00e9\ud83d\ude00\n"})"),
  };
  run_target("json", jsons, [](const Bytes& b) { encoder::parse_json(text_of(b), "f.json"); }, iterations, d);

  // safetensors from a file (the reader takes a path), every tensor read back as FP32.
  const std::string st_path = dir + "/model.safetensors";
  run_target("safetensors", {safetensors_seed()}, [&](const Bytes& b) {
    write_file(st_path, b);
    const auto file = encoder::SafetensorsFile::read(st_path);
    if (file.has("a")) file.floats("a", {2, 3}, "fuzz");
    if (file.has("b")) file.floats("b", {4}, "fuzz");
  }, iterations / 4, d);

  // Tokenizer vocabularies (vocab.txt with tokenizer_config.json).
  const std::string vocab_path = dir + "/vocab.txt", config_path = dir + "/tokenizer_config.json";
  const Bytes vocab = bytes_of("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\ncat\n##s\nsat\n,\n.\né\n中\n");
  write_file(config_path, bytes_of(R"({"do_lower_case": true, "strip_accents": null, "tokenize_chinese_chars": true})"));
  run_target("vocab.txt", {vocab}, [&](const Bytes& b) {
    write_file(vocab_path, b);
    encoder::Tokenizer::from_vocab_txt(vocab_path, config_path);
  }, iterations / 4, d);

  // Text: any bytes (invalid UTF-8 included) into the tokenizer, the featurizer and the arithmetic check.
  write_file(vocab_path, vocab);
  const encoder::Tokenizer tokenizer = encoder::Tokenizer::from_vocab_txt(vocab_path, config_path);
  const std::vector<Bytes> texts = {bytes_of("The cats sat, é中文 ÀÉ \t\r\n 3 + 4 = 7 and 12 * 3 = 35. ££ 𝔘"), bytes_of("Step 1: 2^10 = 1024\nStep 2: 1024 / 0 = ?\n-5 - -5 = 0"), Bytes{0xC3, 0x28, 0xE2, 0x82, 0xF0, 0x9F, 0x98, 0xED, 0xA0, 0x80, 0x00, 'a'}};
  FeaturizerConfig features;
  features.bucket_bits = 10;
  run_target("text", texts, [&](const Bytes& b) {
    std::vector<int32_t> ids;
    tokenizer.encode_words(ids, reinterpret_cast<const char*>(b.data()), b.size());
    for (int32_t id : ids)
      if (id < 0 || id > tokenizer.max_id()) {  // a bug, not a refusal
        std::printf("FAIL: token id %d out of range 0..%d\n", id, tokenizer.max_id());
        std::abort();
      }
    const std::string s = text_of(b);
    featurize({s}, {s, s + s}, {0, 0}, features, 1);
    check_arithmetic(s);
  }, iterations, d);

  if (std::system(("rm -rf '" + dir + "'").c_str()) != 0) std::printf("could not remove %s\n", dir.c_str());
  std::printf("ok\n");
  return 0;
}
