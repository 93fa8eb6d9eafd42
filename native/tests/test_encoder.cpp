// C++ tests of the encoder's building blocks without Node (ctest "encoder"): the strict JSON reader (what it refuses,
// with file and byte), UTF-8 decoding, NFD with canonical ordering and Hangul, lower case, and the long-text window
// policy, and the FP32 forward pass against a plain double-precision one on head sizes and lengths that are not
// multiples of the kernels' tiles. Parity with PyTorch is tested from TypeScript (tests/native/encoder-*.test.ts).
// Exit status 1 on any failure.
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/encoder/encoder.h"
#include "engine/encoder/json.h"
#include "engine/encoder/unicode.h"

using namespace rung::encoder;

static int failures = 0;
#define CHECK(cond, ...)                                 \
  do {                                                   \
    if (!(cond)) {                                       \
      std::printf("FAIL %s:%d: ", __FILE__, __LINE__);   \
      std::printf(__VA_ARGS__);                          \
      std::printf("\n");                                 \
      failures++;                                        \
    }                                                    \
  } while (0)

static std::string json_error(const std::string& text) {
  try {
    parse_json(text, "f.json");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

static void test_json() {
  const Json j = parse_json(R"( {"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00\n", "c": {}} )", "f.json");
  CHECK(j.find("a") && j.find("a")->array.size() == 4 && j.find("a")->array[1].number == -2500, "array");
  CHECK(j.find("b") && j.find("b")->string == "x\xc3\xa9\xf0\x9f\x98\x80\n", "escapes: %s", j.find("b") ? j.find("b")->string.c_str() : "");
  const std::pair<const char*, const char*> bad[] = {
      {"{\"a\": 1,}", "f.json: byte 8: expected a string"},
      {"[1, 2,]", "f.json: byte 6: unexpected character"},
      {"{\"a\": 1, \"a\": 2}", "f.json: byte 12: duplicate key \"a\""},
      {"\"\\ud800\"", "f.json: byte 7: lone high surrogate escape"},
      {"\"\\udc00\"", "f.json: byte 7: lone low surrogate escape"},
      {"\"\xc3\x28\"", "f.json: byte 1: invalid UTF-8"},
      {"\"\xed\xa0\x80\"", "f.json: byte 1: invalid UTF-8"},  // an encoded surrogate
      {"\"a\tb\"", "f.json: byte 2: control character in a string"},
      {"01", "f.json: byte 1: unexpected data after the JSON value"},
      {"{} x", "f.json: byte 3: unexpected data after the JSON value"},
      {"// c\n{}", "f.json: byte 0: unexpected character"},
      {"", "f.json: byte 0: unexpected end of file"},
  };
  for (const auto& [text, message] : bad) CHECK(json_error(text) == message, "%s → \"%s\", expected \"%s\"", text, json_error(text).c_str(), message);
  CHECK(json_error(std::string(70, '[') + std::string(70, ']')).find("nested deeper than 64 levels") != std::string::npos, "depth bound");
  const JsonField f = root_field(j, "f.json");
  try {
    f.at("a").str();
    CHECK(false, "a string was expected");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "f.json: a: expected a string", "%s", e.what());
  }
  try {
    f.at("c").at("size").integer(1, 10);
    CHECK(false, "a missing field was accepted");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "f.json: c.size: missing (expected a number)", "%s", e.what());
  }
}

static void test_unicode() {
  const std::string s = "a\xc3\xa9\xff\xe4\xb8\xad";  // a é <bad byte> 中
  CHECK((utf8_decode(s.data(), s.size()) == std::vector<uint32_t>{'a', 0xE9, 0xFFFD, 0x4E2D}), "utf8_decode");
  std::vector<uint32_t> d;
  nfd(d, {0xE9, 0x1E09, 0xD55C, 'q', 0x301, 0x323});  // é, ḉ, 한, q + acute + dot below (reordered: ccc 220 before 230)
  CHECK((d == std::vector<uint32_t>{'e', 0x301, 'c', 0x327, 0x301, 0x1112, 0x1161, 0x11AB, 'q', 0x323, 0x301}), "nfd");
  std::vector<uint32_t> low;
  for (uint32_t c : {(uint32_t)'A', 0x130u, 0x3A3u, 0x1E9Eu}) to_lower(low, c);  // A, İ, Σ, ẞ
  CHECK((low == std::vector<uint32_t>{'a', 'i', 0x307, 0x3C3, 0xDF}), "to_lower");
  CHECK(is_punctuation(0x3002) && !is_punctuation('a') && is_other(0x200B) && !is_other(0x378) && is_mark_nonspacing(0x301), "categories");
}

static void test_windows() {
  std::vector<Window> w;
  windows_of(w, 0, 10, 10);
  CHECK(w.size() == 1 && w[0].start == 0 && w[0].length == 10, "a text that fits is one window");
  w.clear();
  windows_of(w, 3, 25, 10);  // starts 0, 5, 10, then the last one ends at the end: 15
  CHECK(w.size() == 4 && w[1].start == 5 && w[2].start == 10 && w[3].start == 15 && w[3].length == 10 && w[3].text == 3, "windows");
  w.clear();
  windows_of(w, 0, 11, 10);
  CHECK(w.size() == 2 && w[1].start == 1, "two windows, the second ending at the end");
}

// Row-major x[n × in] · w[in × out] + b, in double.
static std::vector<double> affine(const std::vector<double>& x, int64_t n, int64_t in, const std::vector<float>& w, const std::vector<float>& b,
                                  int64_t out) {
  std::vector<double> y(n * out);
  for (int64_t i = 0; i < n; i++)
    for (int64_t o = 0; o < out; o++) {
      double s = b[o];
      for (int64_t k = 0; k < in; k++) s += x[i * in + k] * w[k * out + o];
      y[i * out + o] = s;
    }
  return y;
}

// x[n × H] = LayerNorm(x) · g + b, row by row, in double.
static void layer_norm_rows(std::vector<double>& x, int64_t n, int64_t H, const std::vector<float>& g, const std::vector<float>& b, double eps) {
  for (int64_t i = 0; i < n; i++) {
    double mean = 0, var = 0;
    for (int64_t j = 0; j < H; j++) mean += x[i * H + j] / (double)H;
    for (int64_t j = 0; j < H; j++) var += (x[i * H + j] - mean) * (x[i * H + j] - mean) / (double)H;
    for (int64_t j = 0; j < H; j++) x[i * H + j] = (x[i * H + j] - mean) / std::sqrt(var + eps) * g[j] + b[j];
  }
}

// The last hidden states of one sequence of n tokens, written plainly in double (bert.h's shape legend).
static std::vector<double> plain_forward(const BertConfig& c, const BertWeights& w, const int32_t* ids, int64_t n) {
  const int64_t H = c.hidden, A = c.heads, d = H / A, I = c.intermediate;
  std::vector<double> x(n * H);
  for (int64_t t = 0; t < n; t++)
    for (int64_t j = 0; j < H; j++) x[t * H + j] = (double)w.word[ids[t] * H + j] + w.position[t * H + j] + w.token_type0[j];
  layer_norm_rows(x, n, H, w.ln_g, w.ln_b, c.layer_norm_eps);
  for (const BertLayer& L : w.layers) {
    const std::vector<double> qkv = affine(x, n, H, L.wqkv, L.bqkv, 3 * H);
    std::vector<double> ctx(n * H, 0.0), p(n);
    for (int64_t h = 0; h < A; h++)
      for (int64_t i = 0; i < n; i++) {
        double top = -1e300, sum = 0;
        for (int64_t j = 0; j < n; j++) {
          p[j] = 0;
          for (int64_t e = 0; e < d; e++) p[j] += qkv[i * 3 * H + h * d + e] * qkv[j * 3 * H + H + h * d + e] / std::sqrt((double)d);
          top = std::max(top, p[j]);
        }
        for (int64_t j = 0; j < n; j++) sum += (p[j] = std::exp(p[j] - top));
        for (int64_t j = 0; j < n; j++)
          for (int64_t e = 0; e < d; e++) ctx[i * H + h * d + e] += p[j] / sum * qkv[j * 3 * H + 2 * H + h * d + e];
      }
    std::vector<double> a = affine(ctx, n, H, L.wo, L.bo, H);
    for (int64_t k = 0; k < n * H; k++) x[k] += a[k];
    layer_norm_rows(x, n, H, L.ln1_g, L.ln1_b, c.layer_norm_eps);
    std::vector<double> inter = affine(x, n, H, L.w1, L.b1, I);
    for (double& v : inter) v = 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
    const std::vector<double> out = affine(inter, n, I, L.w2, L.b2, H);
    for (int64_t k = 0; k < n * H; k++) x[k] += out[k];
    layer_norm_rows(x, n, H, L.ln2_g, L.ln2_b, c.layer_norm_eps);
  }
  return x;
}

static void test_forward(int64_t hidden, int64_t heads) {
  BertConfig c;
  c.vocab = 50, c.hidden = hidden, c.layers = 2, c.heads = heads, c.intermediate = 40, c.max_positions = 40, c.type_vocab = 2;
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  auto random = [&](int64_t size, float mean) {
    std::vector<float> v(size);
    for (float& x : v) x = mean + normal(rng);
    return v;
  };
  const int64_t H = hidden, I = c.intermediate;
  BertWeights w;
  w.word = random(c.vocab * H, 0), w.position = random(c.max_positions * H, 0), w.token_type0 = random(H, 0);
  w.ln_g = random(H, 1), w.ln_b = random(H, 0);
  for (int64_t l = 0; l < c.layers; l++)
    w.layers.push_back(BertLayer{random(H * 3 * H, 0), random(3 * H, 0), random(H * H, 0), random(H, 0), random(H, 1), random(H, 0),
                                 random(H * I, 0), random(I, 0), random(I * H, 0), random(H, 0), random(H, 1), random(H, 0)});
  const std::vector<int64_t> offsets{0, 1, 8, 21, 50, 90};  // lengths 1, 7, 13, 29, 40: no multiple of 8 or 16 but the last
  std::vector<int32_t> ids(offsets.back());
  for (int32_t& id : ids) id = (int32_t)(rng() % c.vocab);
  const int64_t S = (int64_t)offsets.size() - 1, T = offsets.back();
  std::vector<float> one(T * H), two(T * H);
  BertScratch scratch;
  bert_forward(one.data(), c, w, ids.data(), offsets.data(), S, 1, scratch);
  bert_forward(two.data(), c, w, ids.data(), offsets.data(), S, 2, scratch);
  CHECK(one == two, "H=%ld heads=%ld: the same hidden states with 1 and 2 threads", (long)hidden, (long)heads);
  double worst = 0;
  for (int64_t s = 0; s < S; s++) {
    const std::vector<double> want = plain_forward(c, w, ids.data() + offsets[s], offsets[s + 1] - offsets[s]);
    for (size_t k = 0; k < want.size(); k++) worst = std::max(worst, std::fabs(want[k] - one[offsets[s] * H + k]));
  }
  CHECK(worst <= 1e-4, "H=%ld heads=%ld (head size %ld): max |Δ| %.3g against the plain double forward pass", (long)hidden, (long)heads,
        (long)(hidden / heads), worst);
}

int main() {
  test_json();
  test_unicode();
  test_windows();
  test_forward(48, 2);   // head size 24: values padded to 32 in attention's tiles
  test_forward(48, 6);   // head size 8
  test_forward(64, 2);   // head size 32, as MiniLM
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
