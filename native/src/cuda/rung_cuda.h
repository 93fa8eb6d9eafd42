// The CUDA backend's public face, plain C++ (no CUDA headers): device probe, training and scoring on the GPU
// with the same inputs, outputs and seeded behaviour as the CPU engine (engine/train.h, engine/score.h).
// Shapes: N items, D input dim, H hidden, M members, MH = M·H, P pairs, T training pairs, B pairs per batch.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/adamw.h"
#include "engine/data.h"
#include "engine/model.h"
#include "engine/train.h"

namespace rung {
namespace cuda {

// What the machine offers. available == false ⇒ reason says why (no driver, no device, driver too old, ...).
struct Probe {
  bool available = false;
  std::string reason;          // empty when available
  int device_count = 0;
  int device = -1;             // the device the backend uses (0, or RUNG_CUDA_DEVICE)
  std::string name;            // e.g. "NVIDIA H100 80GB HBM3"
  int cc_major = 0, cc_minor = 0;
  int64_t total_memory = 0;    // bytes
  int64_t free_memory = 0;     // bytes, at the time of the probe
  int sm_count = 0;
  int driver_version = 0;      // e.g. 13000
  int runtime_version = 0;     // the runtime linked in (static)
  std::string gemm;            // "cublas" or "rung-simt" (the built-in FP32 tiled GEMM, used when cuBLAS was not linked)
};
// Never throws; cheap after the first call (the driver is initialised once).
Probe probe();

// GEMM precision: exact FP32 (parity tests, default) or TF32 tensor cores with FP32 accumulation
// (faster; ~1e-3 relative error per product). Elementwise work, reductions and master weights are FP32 always.
enum class Precision { fp32, tf32 };

struct CudaOptions {
  Precision precision = Precision::fp32;
  // Item table placement: "auto" keeps it on the card when it fits in free memory (after the model,
  // optimizer and one batch, with 10% headroom) and streams per-batch gathers from host memory otherwise.
  enum class Items { automatic, resident, streamed } items = Items::automatic;
  int64_t score_chunk = 16384;  // items per scoring chunk (device memory ≈ chunk·(2·D + MH + 4·M)·4 bytes, plus 2·chunk·D·4 pinned)
};

// Thrown when the card lacks memory: the message names what was being allocated, bytes needed and free.
struct OutOfMemory : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One training session on the device: the model, AdamW moments, the training pairs (endpoints, targets,
// per-member weights) and, when resident, the item table live on the card. The CPU's loop order is kept:
// the caller shuffles on the host and hands over each epoch's permutation.
class Trainer {
 public:
  // model: initial weights (from rung::init_model, so both backends start identically).
  // train_a/train_b/target: T training pairs (item indices, P(a ≻ b)); wt: T×M per-member weights
  // (pair weight × bootstrap count), as built by the CPU loop. batch: pairs per step (B).
  Trainer(const Model& model, const Items& items, int64_t T, const uint32_t* train_a, const uint32_t* train_b, const float* target, const float* wt,
          int64_t batch, const AdamWConfig& adamw, const CudaOptions& opt = {});
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // One epoch over perm[0..T) (indices into the training pairs), ⌈T/B⌉ AdamW steps continuing the step
  // counter. step_loss (optional, steps_per_epoch × M, host) receives every step's per-member loss.
  // on_step(s, loss_sum_so_far) is called with a lag of ≤ 2 steps (the GPU runs ahead); cancel is checked
  // every step (≤ 2 steps queued, so a cancel lands within milliseconds). Returns the mean member loss.
  double train_epoch(const uint32_t* perm, float* step_loss = nullptr, const std::function<void(int64_t, double)>& on_step = {},
                     const std::atomic<bool>* cancel = nullptr);
  // Every member's reward for items rows[0..n) with the current weights: r[n×M] (host).
  void member_rewards(float* r, const uint32_t* rows, int64_t n);
  void snapshot_best();           // copies the weights to a device-side "best" slot
  void download(Model& out) const;       // current weights → out (cfg kept)
  void download_best(Model& out) const;  // the snapshot → out
  int64_t steps_done() const;
  bool items_resident() const;
  int64_t device_bytes() const;   // bytes this session allocated on the card
  double gemm_flops_per_epoch() const;  // matrix FLOPs of one epoch (forward + weight-gradient GEMMs), for TFLOP/s

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The whole CPU training procedure (engine/train.cpp: seeded split, bootstrap, shuffles, AdamW, validation,
// early stopping, best weights) with the steps on the GPU. Same signature and result as rung::train.
TrainResult train_cuda(const Items& items, const Pairs& pairs, const TrainOptions& opt, const std::function<void(const Progress&)>& progress,
                       const std::atomic<bool>& cancel, const CudaOptions& copt = {});

// The scoring functions of engine/score.h on the GPU, same outputs (host pointers in and out).
void member_rewards_cuda(float* r, const Model& model, const Items& items, const uint32_t* rows, int64_t n, const CudaOptions& opt = {});
void score_items_cuda(float* mean, float* std, const Model& model, const Items& items, const CudaOptions& opt = {});
void score_pairs_cuda(float* prob, float* spread, const Model& model, const Items& items, const uint32_t* a, const uint32_t* b, int64_t P,
                      const CudaOptions& opt = {});
// evaluate_pairs of engine/train.h with the rewards computed by `trainer`.
void evaluate_pairs_cuda(double* log_loss, double* accuracy, Trainer& trainer, int64_t M, const Pairs& pairs, const uint32_t* idx, int64_t n);

}  // namespace cuda
}  // namespace rung
