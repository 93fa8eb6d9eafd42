// C++ tests of the engine without Node (ctest): every GEMM kernel (AMX BF16 included) against the reference, gradients against
// finite differences, blob round trip and corruption, tokenizer and arithmetic-check examples, SHA-256 and content ids. Exit status 1 on any failure.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/content_id.h"
#include "engine/featurize.h"
#include "engine/gemm.h"
#include "engine/gemm_bf16.h"
#include "engine/gradcheck.h"
#include "engine/model.h"
#include "engine/rng.h"

using namespace rung;

static int failures = 0;
#define CHECK(cond, ...)                          \
  do {                                            \
    if (!(cond)) {                                \
      std::printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      std::printf(__VA_ARGS__);                   \
      std::printf("\n");                          \
      failures++;                                 \
    }                                             \
  } while (0)

// Rows handed to a GemmEpilogue: each must come exactly once, already equal to the reference (the GEMM is done with it).
struct EpilogueCheck {
  const float* want;
  const float* got;
  int64_t n;
  double tolerance;
  std::vector<int> seen;
  std::atomic<int> early{0};
  static void run(void* ctx, int64_t i0, int64_t i1) {
    EpilogueCheck& e = *static_cast<EpilogueCheck*>(ctx);
    for (int64_t i = i0; i < i1; i++) {
      e.seen[(size_t)i]++;
      for (int64_t j = 0; j < e.n; j++)
        if (std::fabs(e.want[i * e.n + j] - e.got[i * e.n + j]) >= e.tolerance) {
          e.early++;
          break;
        }
    }
  }
};

// Every kernel against the reference on an m×n×k shape: plain, gathered rows and transposed A, overwrite and accumulate;
// the epilogue sees every row once, finished.
static void test_gemm_shape(int64_t m, int64_t n, int64_t k) {
  Rng rng(7);
  std::vector<float> a((size_t)(m * k)), at((size_t)(k * m)), b((size_t)(k * n)), c0((size_t)(m * n)), c1((size_t)(m * n));
  for (float& x : a) x = (float)(rng.uniform() - 0.5);
  for (float& x : b) x = (float)(rng.uniform() - 0.5);
  for (int64_t i = 0; i < m; i++)
    for (int64_t kk = 0; kk < k; kk++) at[(size_t)(kk * m + i)] = a[(size_t)(i * k + kk)];
  std::vector<uint32_t> rows((size_t)m);
  for (int64_t i = 0; i < m; i++) rows[(size_t)i] = (uint32_t)((i * 13) % m);
  __builtin_cpu_init();
  struct K { const char* name; void (*fn)(int64_t, int64_t, int64_t, MatA, const float*, int64_t, float*, int64_t, bool, int, const GemmEpilogue*); bool ok; };
  const K kernels[] = {{"generic", sgemm_generic, true},
                       {"avx2", sgemm_avx2, (bool)__builtin_cpu_supports("avx2") && (bool)__builtin_cpu_supports("fma")},
                       {"avx512", sgemm_avx512, (bool)__builtin_cpu_supports("avx512f") && (bool)__builtin_cpu_supports("avx512vl") &&
                                                    (bool)__builtin_cpu_supports("avx512dq")}};
  for (const K& kern : kernels) {
    if (!kern.ok) {
      std::printf("skip gemm %s: not supported by this CPU\n", kern.name);
      continue;
    }
    const MatA ops[3] = {{a.data(), k, nullptr, false}, {a.data(), k, rows.data(), false}, {at.data(), m, nullptr, true}};
    for (const MatA& op : ops)
      for (int acc = 0; acc < 2; acc++) {
        for (size_t i = 0; i < c0.size(); i++) c0[i] = c1[i] = (float)i * 1e-3f;
        sgemm_reference(m, n, k, op, b.data(), n, c0.data(), n, acc);
        const double tolerance = 1e-4 * std::sqrt((double)k / 300);
        EpilogueCheck check{c0.data(), c1.data(), n, tolerance, std::vector<int>((size_t)m, 0)};
        const GemmEpilogue epilogue{EpilogueCheck::run, &check};
        kern.fn(m, n, k, op, b.data(), n, c1.data(), n, acc, 2, &epilogue);
        double worst = 0;
        for (size_t i = 0; i < c0.size(); i++) worst = std::fmax(worst, std::fabs(c0[i] - c1[i]));
        CHECK(worst < tolerance, "gemm %s %lldx%lldx%lld trans=%d rows=%d acc=%d: max abs error %g", kern.name, (long long)m,
              (long long)n, (long long)k, op.trans, op.rows != nullptr, acc, worst);
        CHECK(std::all_of(check.seen.begin(), check.seen.end(), [](int x) { return x == 1; }) && check.early == 0,
              "gemm %s %lldx%lldx%lld: the epilogue must see each row once, finished (%d rows seen early)", kern.name, (long long)m, (long long)n,
              (long long)k, check.early.load());
      }
  }
}

static void test_gemm() {
  test_gemm_shape(77, 101, 300);   // ragged edges, two k slices
  test_gemm_shape(30, 1100, 2100);  // deep k: B split into several column panels
}

// The AMX BF16 kernel against the reference on the BF16-rounded inputs (only FP32 summation order differs), with
// gathered rows and ragged edges; the same bits on 1 and 2 threads. Skipped where AMX is not available.
static void test_gemm_bf16_shape(int64_t m, int64_t n, int64_t k) {
  if (!amx_bf16_available()) {
    std::printf("skip gemm bf16: %s\n", amx_bf16_unavailable_reason());
    return;
  }
  Rng rng(9);
  std::vector<float> a((size_t)(m * k)), ar((size_t)(m * k)), b((size_t)(k * n)), br((size_t)(k * n));
  for (size_t i = 0; i < a.size(); i++) ar[i] = from_bf16(to_bf16(a[i] = (float)(rng.uniform() - 0.5)));
  for (size_t i = 0; i < b.size(); i++) br[i] = from_bf16(to_bf16(b[i] = (float)(rng.uniform() - 0.5)));
  std::vector<uint32_t> rows((size_t)m);
  for (int64_t i = 0; i < m; i++) rows[(size_t)i] = (uint32_t)((i * 7 + 3) % m);
  std::vector<float> want((size_t)(m * n)), got1((size_t)(m * n)), got2((size_t)(m * n));
  sgemm_reference(m, n, k, MatA{ar.data(), k, rows.data(), false}, br.data(), n, want.data(), n, false);
  const PackedBf16 packed = pack_bf16(b.data(), n, k, n);
  PackedBf16 fast;
  pack_bf16_into(fast, b.data(), n, k, n, 2);
  CHECK(fast.data == packed.data, "gemm bf16 %lldx%lldx%lld: the vectorized packing equals the reference packing", (long long)m, (long long)n, (long long)k);
  gemm_bf16_amx(m, MatA{a.data(), k, rows.data(), false}, packed, got1.data(), n, 1);
  gemm_bf16_amx(m, MatA{a.data(), k, rows.data(), false}, packed, got2.data(), n, 2);
  double worst = 0;
  for (size_t i = 0; i < want.size(); i++) worst = std::fmax(worst, std::fabs(want[i] - got1[i]));
  CHECK(worst < 1e-5 * std::sqrt((double)k), "gemm bf16 %lldx%lldx%lld: max abs error %g against the reference on rounded inputs", (long long)m,
        (long long)n, (long long)k, worst);
  CHECK(got1 == got2, "gemm bf16 %lldx%lldx%lld: 1 and 2 threads give the same bits", (long long)m, (long long)n, (long long)k);
  // Transposed with a gathered k-index (the dW1 = xᵀ·dh of training): op(A)[i][kk] = At[rows_k[kk]][i], At k×m.
  std::vector<float> at((size_t)(k * m)), atr((size_t)(k * m));
  for (size_t i = 0; i < at.size(); i++) atr[i] = from_bf16(to_bf16(at[i] = (float)(rng.uniform() - 0.5)));
  std::vector<uint32_t> rows_k((size_t)k);
  for (int64_t kk = 0; kk < k; kk++) rows_k[(size_t)kk] = (uint32_t)((kk * 5 + 1) % k);
  sgemm_reference(m, n, k, MatA{atr.data(), m, rows_k.data(), true}, br.data(), n, want.data(), n, false);
  gemm_bf16_amx(m, MatA{at.data(), m, rows_k.data(), true}, packed, got1.data(), n, 2);
  worst = 0;
  for (size_t i = 0; i < want.size(); i++) worst = std::fmax(worst, std::fabs(want[i] - got1[i]));
  CHECK(worst < 1e-5 * std::sqrt((double)k), "gemm bf16 transposed %lldx%lldx%lld: max abs error %g", (long long)m, (long long)n, (long long)k, worst);
}

static void test_gemm_bf16() {
  test_gemm_bf16_shape(1, 1, 1);
  test_gemm_bf16_shape(45, 70, 33);     // ragged in every dimension
  test_gemm_bf16_shape(100, 1280, 768);  // W1's first layer: D = 768, M·H = 1280
  test_gemm_bf16_shape(300, 200, 70);    // two super-blocks of rows, ragged
}

static void test_gradients() {
  for (int sparse = 0; sparse < 2; sparse++)
    for (Activation act : {Activation::relu, Activation::gelu}) {
      const GradCheckResult r = check_gradients(sparse, act, 3);
      CHECK(r.max_rel_error < 2e-2 && r.checked > 150 && r.skipped < r.checked / 4, "gradcheck sparse=%d act=%d: max rel error %g over %lld (%lld skipped)", sparse, (int)act, r.max_rel_error,
            (long long)r.checked, (long long)r.skipped);
    }
}

static void test_blob() {
  ModelConfig cfg;
  cfg.input_dim = 5;
  cfg.hidden = 4;
  cfg.members = 2;
  Model m = init_model(cfg, 11);
  std::vector<uint8_t> blob = serialize_model(m);
  Model back = deserialize_model(blob.data(), blob.size());
  CHECK(back.w1 == m.w1 && back.w2 == m.w2 && back.cfg.hidden == 4, "blob round trip");
  blob[blob.size() / 2] ^= 1;
  bool rejected = false;
  try {
    deserialize_model(blob.data(), blob.size());
  } catch (const std::runtime_error& e) {
    rejected = std::strstr(e.what(), "checksum") != nullptr;
  }
  CHECK(rejected, "corrupt blob rejected with a checksum error");

  // A format-1 blob (no featurizer.arithmetic: 4 bytes fewer in a 48-byte header) loads with arithmetic off.
  std::vector<uint8_t> v1 = serialize_model(m);
  const uint32_t version1 = 1, header1 = 48;
  std::memcpy(v1.data() + 8, &version1, 4);
  std::memcpy(v1.data() + 12, &header1, 4);
  v1.erase(v1.begin() + 16 + 48, v1.begin() + 16 + 52);
  const uint32_t crc = crc32(v1.data(), v1.size() - 4);
  std::memcpy(v1.data() + v1.size() - 4, &crc, 4);
  Model old = deserialize_model(v1.data(), v1.size());
  CHECK(old.cfg.featurizer.arithmetic == 0 && old.w1 == m.w1 && m.cfg.featurizer.arithmetic == 1, "format-1 blob loads, arithmetic off");
}

// The blob's CRC-32 (8 bytes per step) against the standard check value and a byte-at-a-time reference, for every
// length up to 100 and every start offset modulo 8 (the tail and unaligned reads).
static void test_crc32() {
  const char* check = "123456789";
  CHECK(crc32((const uint8_t*)check, 9) == 0xCBF43926u, "crc32 check value");
  CHECK(crc32(nullptr, 0) == 0, "crc32 of nothing");
  auto reference = [](const uint8_t* data, size_t size) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; i++) {
      c ^= data[i];
      for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
  };
  std::vector<uint8_t> bytes(120);
  for (size_t i = 0; i < bytes.size(); i++) bytes[i] = (uint8_t)(i * 167 + 13);
  int mismatches = 0;
  for (size_t start = 0; start < 8; start++)
    for (size_t n = 0; n <= 100; n++) mismatches += crc32(bytes.data() + start, n) != reference(bytes.data() + start, n);
  CHECK(mismatches == 0, "crc32 equals the bytewise reference (%d mismatches)", mismatches);
}

static void test_tokenize() {
  const std::vector<std::string> t = tokenize("Héllo, WORLD!\nÜber 東京 x2");
  const std::vector<std::string> want = {"héllo", ",", "world", "!", "\n", "über", "東", "京", "x2"};
  CHECK(t == want, "tokenize example (%zu tokens)", t.size());
}

// Arithmetic checks (featurize.h step 5): what is checked, what fails, and what is left alone.
static void test_arithmetic() {
  struct Case {
    const char* text;
    int64_t checked, failed;
  };
  const Case cases[] = {
      {"$12 + 30 = 42$", 1, 0},
      {"$12 + 30 = 43$", 1, 1},
      {"Pencils: $4 \\times 3 = 12$ euros. Total: $12 + 20 = 33$ euros.", 2, 1},
      {"2 + 3 × 4 = 14", 1, 0},                      // × binds first
      {"$386.2 \\div 60 = 6.44$ hours", 1, 0},      // 6.4367 shown to 2 decimals
      {"$386.2 \\div 60 = 6.45$ hours", 1, 1},
      {"22 / 7 = 3.14, roughly", 1, 0},
      {"1,000 + 250 = 1,250", 1, 0},                 // thousands groups
      {"5 − 8 = −3", 1, 0},                          // U+2212 as minus and as sign
      {"10 / 0 = 1", 0, 0},                          // division by zero: not checked
      {"x = 5 + 3", 0, 0},                           // no lone number on the right
      {"5km + 3 = 8", 0, 0},                         // a number glued to a word is not a number here
      {"version 1.2.3 + 1 = 2", 0, 0},
      {"a + b = c + d = e and 6 + 4 = 10 + 0 = 10", 1, 0},
      {"no arithmetic at all", 0, 0},
  };
  for (const Case& c : cases) {
    const ArithmeticCheck a = check_arithmetic(c.text);
    CHECK(a.checked == c.checked && a.failed == c.failed, "check_arithmetic(\"%s\"): checked %lld failed %lld, want %lld and %lld", c.text,
          (long long)a.checked, (long long)a.failed, (long long)c.checked, (long long)c.failed);
  }
}

static std::string hex_of(const uint8_t* bytes, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; i++) s += "0123456789abcdef"[bytes[i] >> 4], s += "0123456789abcdef"[bytes[i] & 15];
  return s;
}

// SHA-256 against the FIPS 180-4 examples, the dispatched block function against the portable one on every
// length around the block and padding boundaries, and the UUID layout of ids.ts.
static void test_content_id() {
  struct Vector {
    const char* text;
    const char* digest;
  };
  const Vector vectors[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  uint8_t digest[kSha256Bytes], reference[kSha256Bytes];
  for (const Vector& v : vectors) {
    sha256(digest, reinterpret_cast<const uint8_t*>(v.text), std::strlen(v.text));
    CHECK(hex_of(digest, kSha256Bytes) == v.digest, "sha256(\"%s\") = %s", v.text, hex_of(digest, kSha256Bytes).c_str());
    sha256_portable(reference, reinterpret_cast<const uint8_t*>(v.text), std::strlen(v.text));
    CHECK(hex_of(reference, kSha256Bytes) == v.digest, "sha256_portable(\"%s\")", v.text);
  }
  Rng rng(7);
  std::vector<uint8_t> data(300);
  for (size_t n = 0; n <= data.size(); n++) {
    for (uint8_t& b : data) b = uint8_t(rng.next());
    sha256(digest, data.data(), n);
    sha256_portable(reference, data.data(), n);
    CHECK(std::memcmp(digest, reference, kSha256Bytes) == 0, "sha256 (SHA-NI %d) differs from the portable one at %zu bytes", int(sha256_uses_sha_ni()), n);
  }
  sha256(digest, reinterpret_cast<const uint8_t*>("abc"), 3);
  char uuid[kUuidChars + 1] = {};
  uuid_from_digest(uuid, digest);
  CHECK(std::strcmp(uuid, "ba7816bf-8f01-8fea-8141-40de5dae2223") == 0, "uuid_from_digest(sha256(abc)) = %s", uuid);
}

int main() {
  test_gemm();
  test_gemm_bf16();
  test_gradients();
  test_blob();
  test_crc32();
  test_tokenize();
  test_arithmetic();
  test_content_id();
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
