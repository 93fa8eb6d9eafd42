// The reward model: an ensemble of M MLPs (D → H, ReLU or GELU → 1) with its featurizer settings,
// and its versioned, checksummed byte blob (magic, version, JSON-free fixed header, params, CRC-32).
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace rung {

enum class Activation : uint32_t { relu = 0, gelu = 1 };

// How text became features (recorded in the model so scoring featurizes the same way).
struct FeaturizerConfig {
  uint32_t bucket_bits = 18;  // 2^bits hashed buckets
  uint32_t bigrams = 1;       // hash response bigrams too
  uint64_t hash_seed = 0;
  uint32_t arithmetic = 1;    // append the arithmetic-check features (featurize.h, step 5); format-1 blobs have none
};

struct ModelConfig {
  int64_t input_dim = 0;  // D
  int64_t hidden = 0;     // H
  int64_t members = 0;    // M
  Activation activation = Activation::relu;
  uint32_t text = 0;      // 1: inputs are featurized text (sparse), 0: dense embeddings
  FeaturizerConfig featurizer;
};

// Parameters. Layout: w1 is D × (M·H) row-major (member m owns columns m·H .. m·H+H-1), so one GEMM
// serves all members and a sparse feature's row is contiguous.
struct Model {
  ModelConfig cfg;
  std::vector<float> w1;  // D × MH
  std::vector<float> b1;  // MH
  std::vector<float> w2;  // MH
  std::vector<float> b2;  // M
  int64_t mh() const { return cfg.members * cfg.hidden; }
};

constexpr uint32_t kModelFormatVersion = 2;  // 2 added featurizer.arithmetic; format 1 still loads
constexpr const char* kEngineVersion = "rung-engine 0.1.0";

// Throws std::invalid_argument if the sizes are out of range (D, H, M ≥ 1; parameters ≤ 2^31).
void check_config(const ModelConfig& cfg);
// Allocates parameters: w1 uniform with std s = sqrt(2/D) for dense inputs (He), 0.1 for L2-normalised sparse
// rows; w2 uniform with std 1/sqrt(H); biases 0. Deterministic in `seed`, whatever the thread count.
// w1 (up to 2^31 floats) is allocated and filled in slices; with `cancel`, throws Cancelled (train.h) between slices once it is set.
Model init_model(const ModelConfig& cfg, uint64_t seed, const std::atomic<bool>* cancel = nullptr);

std::vector<uint8_t> serialize_model(const Model& model);
// Throws std::runtime_error ("not a Rung model blob", "unsupported model format version N",
// "model blob is corrupt (checksum mismatch)", "model blob is truncated") on a bad blob.
Model deserialize_model(const uint8_t* data, size_t size);

uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace rung
