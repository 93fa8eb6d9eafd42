// SHA-256 (FIPS 180-4): a readable portable block function and one on the x86 SHA extensions, chosen at run
// time; both share the padding. Plus what content ids need around it: UTF-16 to UTF-8 and the UUID layout.
#include "engine/content_id.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RUNG_SHA_NI 1
#endif

namespace rung {
namespace {

// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
alignas(16) const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Initial state: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline uint32_t load_be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

using BlockFn = void (*)(uint32_t* state, const uint8_t* blocks, size_t count);

// state (8 words) updated by `count` 64-byte blocks.
void blocks_portable(uint32_t* state, const uint8_t* blocks, size_t count) {
  for (; count > 0; count--, blocks += 64) {
    uint32_t w[64];
    for (int t = 0; t < 16; t++) w[t] = load_be32(blocks + 4 * t);
    for (int t = 16; t < 64; t++) {
      uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; t++) {
      uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
      uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    state[0] += a, state[1] += b, state[2] += c, state[3] += d, state[4] += e, state[5] += f, state[6] += g, state[7] += h;
  }
}

#ifdef RUNG_SHA_NI
// The same block function on the SHA extensions. The state lives as two registers, ABEF and CDGH (the order
// sha256rnds2 wants); each group of four rounds adds K to four message words and runs sha256rnds2 twice; the
// schedule keeps the last 16 words in msg[0..3] and extends them with sha256msg1/msg2.
__attribute__((target("sha,sse4.1,ssse3"))) void blocks_sha_ni(uint32_t* state, const uint8_t* blocks, size_t count) {
  const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; count > 0; count--, blocks += 64) {
    const __m128i abef_start = abef, cdgh_start = cdgh;
    __m128i msg[4];
#pragma GCC unroll 16
    for (int group = 0; group < 16; group++) {
      __m128i& w = msg[group & 3];
      if (group < 4) {
        w = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16 * group)), byteswap);
      } else {
        // w[t] = w[t-16] + σ0(w[t-15]) + w[t-7] + σ1(w[t-2]), four at a time.
        const __m128i& prev1 = msg[(group + 3) & 3];
        const __m128i& prev2 = msg[(group + 2) & 3];
        __m128i x = _mm_sha256msg1_epu32(w, msg[(group + 1) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(prev1, prev2, 4));
        w = _mm_sha256msg2_epu32(x, prev1);
      }
      __m128i wk = _mm_add_epi32(w, _mm_load_si128(reinterpret_cast<const __m128i*>(K + 4 * group)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef_start);
    cdgh = _mm_add_epi32(cdgh, cdgh_start);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

BlockFn pick_blocks() {
#ifdef RUNG_SHA_NI
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3")) return blocks_sha_ni;
#endif
  return blocks_portable;
}

const BlockFn best_blocks = pick_blocks();

// The whole message through `blocks`, then the padding: 0x80, zeros, the bit length big-endian.
void sha256_with(BlockFn blocks, uint8_t* digest, const uint8_t* data, size_t n) {
  uint32_t state[8];
  std::memcpy(state, H0, sizeof state);
  const size_t full = n / 64;
  blocks(state, data, full);
  uint8_t tail[128] = {};
  const size_t rest = n - full * 64;
  std::memcpy(tail, data + full * 64, rest);
  tail[rest] = 0x80;
  const size_t tail_len = rest + 9 <= 64 ? 64 : 128;
  const uint64_t bits = uint64_t(n) * 8;
  for (int i = 0; i < 8; i++) tail[tail_len - 1 - i] = uint8_t(bits >> (8 * i));
  blocks(state, tail, tail_len / 64);
  for (int i = 0; i < 8; i++) {
    digest[4 * i] = uint8_t(state[i] >> 24), digest[4 * i + 1] = uint8_t(state[i] >> 16);
    digest[4 * i + 2] = uint8_t(state[i] >> 8), digest[4 * i + 3] = uint8_t(state[i]);
  }
}

}  // namespace

void sha256(uint8_t* digest, const uint8_t* data, size_t n) { sha256_with(best_blocks, digest, data, n); }
void sha256_portable(uint8_t* digest, const uint8_t* data, size_t n) { sha256_with(blocks_portable, digest, data, n); }
bool sha256_uses_sha_ni() { return best_blocks != blocks_portable; }

void utf16_to_utf8(std::string& utf8, const char16_t* text, size_t n) {
  utf8.resize(3 * n);  // no UTF-16 unit becomes more than 3 bytes (a pair of 2 becomes 4)
  char* out = &utf8[0];
  for (size_t i = 0; i < n; i++) {
    uint32_t c = text[i];
    if (c < 0x80) {
      *out++ = char(c);
      continue;
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      const bool pair = c <= 0xDBFF && i + 1 < n && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF;
      if (pair) {
        c = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
        *out++ = char(0xF0 | c >> 18), *out++ = char(0x80 | ((c >> 12) & 0x3F));
        *out++ = char(0x80 | ((c >> 6) & 0x3F)), *out++ = char(0x80 | (c & 0x3F));
        continue;
      }
      c = 0xFFFD;
    }
    if (c < 0x800) {
      *out++ = char(0xC0 | c >> 6), *out++ = char(0x80 | (c & 0x3F));
    } else {
      *out++ = char(0xE0 | c >> 12), *out++ = char(0x80 | ((c >> 6) & 0x3F)), *out++ = char(0x80 | (c & 0x3F));
    }
  }
  utf8.resize(size_t(out - utf8.data()));
}

void uuid_from_digest(char* uuid, const uint8_t* digest) {
  static const char hex[] = "0123456789abcdef";
  char h[32];
  for (int i = 0; i < 16; i++) h[2 * i] = hex[digest[i] >> 4], h[2 * i + 1] = hex[digest[i] & 15];
  h[12] = '8';                        // version 8: custom
  h[16] = "89ab"[(digest[8] >> 4) & 3];  // variant 10xx
  std::memcpy(uuid, h, 8);
  uuid[8] = '-';
  std::memcpy(uuid + 9, h + 8, 4);
  uuid[13] = '-';
  std::memcpy(uuid + 14, h + 12, 4);
  uuid[18] = '-';
  std::memcpy(uuid + 19, h + 16, 4);
  uuid[23] = '-';
  std::memcpy(uuid + 24, h + 20, 12);
}

}  // namespace rung
