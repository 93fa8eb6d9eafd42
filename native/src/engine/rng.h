// Deterministic random numbers for the engine: a seeded stream (xoshiro256**) and a counter-based
// uniform (hash of seed and index), so parallel initialisation gives the same weights on any thread count.
#pragma once
#include <cstdint>

namespace rung {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct Rng {
  uint64_t s[4];
  explicit Rng(uint64_t seed) {
    for (int i = 0; i < 4; i++) s[i] = seed = splitmix64(seed + (uint64_t)i);
  }
  uint64_t next() {
    auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
  }
  // uniform in [0, n)
  uint64_t below(uint64_t n) { return (uint64_t)(((__uint128_t)next() * n) >> 64); }
  // uniform in [0, 1)
  double uniform() { return (double)(next() >> 11) * 0x1.0p-53; }
};

// A uniform value in [-1, 1) determined by (seed, index) alone.
inline float hashed_uniform(uint64_t seed, uint64_t index) {
  return (float)((double)(splitmix64(seed ^ splitmix64(index)) >> 11) * 0x1.0p-52 - 1.0);
}

}  // namespace rung
