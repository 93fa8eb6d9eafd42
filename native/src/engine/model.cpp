// Model allocation, initialisation and the byte blob: "RUNGMDL\0", u32 version, u32 header size,
// fixed little-endian header (D, H, M, activation, text, featurizer), float32 parameters, CRC-32 trailer.
// Format 2 added featurizer.arithmetic (u32) after the hash seed; format-1 blobs load with arithmetic off.
#include "model.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "rng.h"
#include "train.h"

namespace rung {

static const uint8_t kMagic[8] = {'R', 'U', 'N', 'G', 'M', 'D', 'L', '\0'};
static constexpr uint32_t kHeaderSize = 52;          // format 2
static constexpr uint32_t kHeaderSizeFormat1 = 48;  // format 1: no featurizer.arithmetic

void check_config(const ModelConfig& cfg) {
  if (cfg.input_dim < 1) throw std::invalid_argument("input dimension must be at least 1");
  if (cfg.hidden < 1 || cfg.hidden > 65536) throw std::invalid_argument("hidden must be from 1 to 65536");
  if (cfg.members < 1 || cfg.members > 256) throw std::invalid_argument("members must be from 1 to 256");
  if (cfg.input_dim > (int64_t(1) << 31) || cfg.input_dim * cfg.hidden * cfg.members > (int64_t(1) << 31))
    throw std::invalid_argument("model too large: input dimension × hidden × members must be at most 2^31 parameters");
  if (cfg.activation != Activation::relu && cfg.activation != Activation::gelu) throw std::invalid_argument("unknown activation");
  if (cfg.featurizer.bucket_bits < 4 || cfg.featurizer.bucket_bits > 24) throw std::invalid_argument("bucket bits must be from 4 to 24");
  if (cfg.featurizer.arithmetic > 1) throw std::invalid_argument("featurizer arithmetic must be 0 or 1");
}

Model init_model(const ModelConfig& cfg, uint64_t seed, const std::atomic<bool>* cancel) {
  check_config(cfg);
  Model m;
  m.cfg = cfg;
  const int64_t D = cfg.input_dim, MH = m.mh();
  m.w1.reserve((size_t)(D * MH));  // no pages touched yet: resize below zero-fills slice by slice
  m.b1.assign((size_t)MH, 0.0f);
  m.w2.resize((size_t)MH);
  m.b2.assign((size_t)cfg.members, 0.0f);
  // uniform on [-a, a] has std a/√3: a = √3·s gives std s
  const float s1 = cfg.text ? 0.1f : std::sqrt(2.0f / (float)D);
  const float s2 = 1.0f / std::sqrt((float)cfg.hidden);
  const float a1 = std::sqrt(3.0f) * s1, a2 = std::sqrt(3.0f) * s2;
  const uint64_t k1 = splitmix64(seed ^ 0x77311), k2 = splitmix64(seed ^ 0x77322);
  const int64_t slice = int64_t(1) << 20;  // 4 MiB, a few ms: a cancel is seen well within 100 ms
  for (int64_t i0 = 0; i0 < D * MH; i0 += slice) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    const int64_t i1 = i0 + slice < D * MH ? i0 + slice : D * MH;
    m.w1.resize((size_t)i1);
    float* w1 = m.w1.data();
#pragma omp parallel for schedule(static)
    for (int64_t i = i0; i < i1; i++) w1[i] = a1 * hashed_uniform(k1, (uint64_t)i);
  }
  for (int64_t i = 0; i < MH; i++) m.w2[(size_t)i] = a2 * hashed_uniform(k2, (uint64_t)i);
  return m;
}

// CRC-32 (IEEE 802.3, reflected, the zlib/PNG one), 8 bytes per step with eight tables ("slicing-by-8"): the same
// value as the byte-at-a-time loop at the end, about 5x faster, which matters for a 40 MiB model loaded while an
// evaluator waits. table[0] is the classic table; table[k][b] is table[k-1][b] carried through one more zero byte.
uint32_t crc32(const uint8_t* data, size_t size) {
  static uint32_t table[8][256];
  static bool ready = [] {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[0][i] = c;
    }
    for (int k = 1; k < 8; k++)
      for (uint32_t i = 0; i < 256; i++) table[k][i] = (table[k - 1][i] >> 8) ^ table[0][table[k - 1][i] & 0xFF];
    return true;
  }();
  (void)ready;
  uint32_t c = 0xFFFFFFFFu;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint8_t b[8];
    std::memcpy(b, data + i, 8);
    const uint32_t lo = c ^ ((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
    c = table[7][lo & 0xFF] ^ table[6][(lo >> 8) & 0xFF] ^ table[5][(lo >> 16) & 0xFF] ^ table[4][lo >> 24] ^  //
        table[3][b[4]] ^ table[2][b[5]] ^ table[1][b[6]] ^ table[0][b[7]];
  }
  for (; i < size; i++) c = table[0][(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

namespace {
struct Writer {
  std::vector<uint8_t>& out;
  template <typename T> void put(T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));  // x86-64 is little-endian, as the format is
    out.insert(out.end(), b, b + sizeof(T));
  }
  void floats(const std::vector<float>& v) {
    const uint8_t* p = reinterpret_cast<const uint8_t*>(v.data());
    out.insert(out.end(), p, p + v.size() * sizeof(float));
  }
};
struct Reader {
  const uint8_t* p;
  size_t left;
  template <typename T> T get() {
    if (left < sizeof(T)) throw std::runtime_error("model blob is truncated");
    T v;
    std::memcpy(&v, p, sizeof(T));
    p += sizeof(T);
    left -= sizeof(T);
    return v;
  }
  void floats(std::vector<float>& v, size_t n) {
    if (left < n * sizeof(float)) throw std::runtime_error("model blob is truncated");
    v.resize(n);
    std::memcpy(v.data(), p, n * sizeof(float));
    p += n * sizeof(float);
    left -= n * sizeof(float);
  }
};
}  // namespace

std::vector<uint8_t> serialize_model(const Model& m) {
  std::vector<uint8_t> out;
  out.reserve(16 + kHeaderSize + 4 * (m.w1.size() + m.b1.size() + m.w2.size() + m.b2.size()) + 4);
  out.insert(out.end(), kMagic, kMagic + 8);
  Writer w{out};
  w.put<uint32_t>(kModelFormatVersion);
  w.put<uint32_t>(kHeaderSize);
  w.put<int64_t>(m.cfg.input_dim);
  w.put<int64_t>(m.cfg.hidden);
  w.put<int64_t>(m.cfg.members);
  w.put<uint32_t>((uint32_t)m.cfg.activation);
  w.put<uint32_t>(m.cfg.text);
  w.put<uint32_t>(m.cfg.featurizer.bucket_bits);
  w.put<uint32_t>(m.cfg.featurizer.bigrams);
  w.put<uint64_t>(m.cfg.featurizer.hash_seed);
  w.put<uint32_t>(m.cfg.featurizer.arithmetic);
  w.floats(m.w1);
  w.floats(m.b1);
  w.floats(m.w2);
  w.floats(m.b2);
  w.put<uint32_t>(crc32(out.data(), out.size()));
  return out;
}

Model deserialize_model(const uint8_t* data, size_t size) {
  if (size < 16 || std::memcmp(data, kMagic, 8) != 0) throw std::runtime_error("not a Rung model blob (bad magic bytes)");
  Reader r{data + 8, size - 8};
  uint32_t version = r.get<uint32_t>();
  if (version != kModelFormatVersion && version != 1)
    throw std::runtime_error("unsupported model format version " + std::to_string(version) + " (this engine reads versions 1 to " +
                             std::to_string(kModelFormatVersion) + ")");
  if (size < 20 || crc32(data, size - 4) != [&] { uint32_t c; std::memcpy(&c, data + size - 4, 4); return c; }())
    throw std::runtime_error("model blob is corrupt (checksum mismatch)");
  r.left -= 4;  // the trailer
  if (r.get<uint32_t>() != (version == 1 ? kHeaderSizeFormat1 : kHeaderSize)) throw std::runtime_error("model blob is corrupt (bad header size)");
  Model m;
  m.cfg.input_dim = r.get<int64_t>();
  m.cfg.hidden = r.get<int64_t>();
  m.cfg.members = r.get<int64_t>();
  m.cfg.activation = (Activation)r.get<uint32_t>();
  m.cfg.text = r.get<uint32_t>();
  m.cfg.featurizer.bucket_bits = r.get<uint32_t>();
  m.cfg.featurizer.bigrams = r.get<uint32_t>();
  m.cfg.featurizer.hash_seed = r.get<uint64_t>();
  m.cfg.featurizer.arithmetic = version == 1 ? 0 : r.get<uint32_t>();
  try {
    check_config(m.cfg);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("model blob is corrupt (") + e.what() + ")");
  }
  const size_t D = (size_t)m.cfg.input_dim, MH = (size_t)m.mh();
  if (r.left != 4 * (D * MH + 2 * MH + (size_t)m.cfg.members)) throw std::runtime_error("model blob is corrupt (wrong parameter count)");
  r.floats(m.w1, D * MH);
  r.floats(m.b1, MH);
  r.floats(m.w2, MH);
  r.floats(m.b2, (size_t)m.cfg.members);
  return m;
}

}  // namespace rung
