// The BERT encoder's forward pass on CUDA, beside its CPU reference (engine/encoder/bert.h, same shape legend):
// weights uploaded once, sequences packed back to back (no padding), GEMMs through gemm_cuda, then fused kernels
// for embeddings + LayerNorm, bias (+ GELU), bias + residual + LayerNorm, and attention per (sequence, head) with an
// online softmax. Tested against bert_forward by native/tests/gpu/test_cuda_encoder.cpp.
#pragma once
#include <vector>

#include "cuda/kernels.h"
#include "engine/encoder/bert.h"

namespace rung {
namespace cuda {

struct BertOnDevice {
  encoder::BertConfig cfg;
  DeviceBuffer word, position, type0, ln_g, ln_b;  // V×H, P×H, H, H, H
  struct Layer {
    DeviceBuffer wqkv, bqkv, wo, bo, ln1_g, ln1_b, w1, b1, w2, b2, ln2_g, ln2_b;  // as encoder::BertLayer
  };
  std::vector<Layer> layers;
  void upload(Context& ctx, const encoder::BertConfig& cfg, const encoder::BertWeights& w);
};

struct BertScratchCuda {
  DeviceBuffer ids, pos, offsets, hidden, qkv, ctx, tmp, inter;
};

// Head sizes the attention kernel is compiled for (d = H / A).
bool bert_head_dim_supported(int64_t d);

// hidden[T × H] (host) = bert_forward(...) of engine/encoder/bert.h computed on the GPU: ids and offsets are host
// arrays (sequence s is ids[offsets[s] .. offsets[s + 1])). Throws for an unsupported head size.
void bert_forward_cuda(Context& ctx, float* hidden, const BertOnDevice& m, const int32_t* ids, const int64_t* offsets, int64_t S,
                       BertScratchCuda& scratch);

}  // namespace cuda
}  // namespace rung
