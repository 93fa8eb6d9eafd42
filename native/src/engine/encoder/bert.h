// The BERT encoder's forward pass on the CPU in FP32 (the reference): embeddings, L post-LayerNorm transformer
// layers, final hidden states. Sequences are packed one after another (no padding rows at all): the linear layers
// run on every token of the batch at once, and attention runs per sequence over its own tokens only, which is
// exactly what Hugging Face's padding mask computes for a padded batch.
//
// Shapes (the legend used in comments): S sequences, T tokens in the batch (sum of their lengths n_s),
// H hidden, A attention heads, d = H / A per head, I intermediate, V vocabulary, P max positions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "safetensors.h"

namespace rung::encoder {

struct BertConfig {
  int64_t vocab = 0, hidden = 0, layers = 0, heads = 0, intermediate = 0, max_positions = 0, type_vocab = 0;
  double layer_norm_eps = 1e-12;
};

// config.json of a BertModel checkpoint; throws "FILE: FIELD: what is wrong" for another architecture, a missing or
// out-of-range size, hidden_act other than gelu, or position_embedding_type other than absolute.
BertConfig read_bert_config(const std::string& path);

// Linear weights are stored transposed (in × out) for sgemm's row-major B; biases and LayerNorm vectors as is.
struct BertLayer {
  std::vector<float> wqkv, bqkv;      // H × 3H (query | key | value), 3H
  std::vector<float> wo, bo;          // H × H, H
  std::vector<float> ln1_g, ln1_b;    // H, H (attention output LayerNorm)
  std::vector<float> w1, b1;          // H × I, I
  std::vector<float> w2, b2;          // I × H, H
  std::vector<float> ln2_g, ln2_b;    // H, H (output LayerNorm)
};
struct BertWeights {
  std::vector<float> word, position, token_type0;  // V × H, P × H, H (token type 0's row: every token has type 0)
  std::vector<float> ln_g, ln_b;                   // H, H
  std::vector<BertLayer> layers;
};

// The tensors of `file` (names with or without a "bert." prefix), each shape checked against the config.
BertWeights load_bert_weights(const SafetensorsFile& file, const BertConfig& cfg);

// Scratch reused across batches (grows to the largest batch seen).
struct BertScratch {
  std::vector<float> qkv, ctx, tmp, inter;  // T × 3H, T × H, T × H, T × I
  std::vector<std::vector<float>> attn;     // per thread: one head's keys transposed, a block's scores, values
};

// hidden[T × H] = the last layer's hidden states of S sequences packed back to back: sequence s is
// ids[offsets[s] .. offsets[s + 1]) (its own positions 0 .. n_s − 1, token type 0). Every id < cfg.vocab, n_s ≤ P.
void bert_forward(float* hidden, const BertConfig& cfg, const BertWeights& w, const int32_t* ids, const int64_t* offsets, int64_t S, int threads,
                  BertScratch& scratch);

}  // namespace rung::encoder
