// Training an ensemble with the Bradley–Terry loss: mini-batches of pairs, AdamW, bootstrap weights per
// member, validation split with early stopping, progress reports and cancellation. Same seed and thread
// count ⇒ identical weights.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>

#include "adamw.h"
#include "data.h"
#include "model.h"
#include "rng.h"
#include <vector>

namespace rung {

struct TrainOptions {
  int64_t hidden = 64;
  int64_t members = 5;
  Activation activation = Activation::relu;
  int64_t batch = 512;       // pairs per step
  int64_t epochs = 20;
  AdamWConfig adamw;
  double val_fraction = 0.1;  // of the pairs, chosen at random (seeded); 0: no validation, no early stopping
  int64_t patience = 3;      // epochs without a better validation loss before stopping
  bool bootstrap = true;     // each member sees a resample (multinomial counts as weights) of the training pairs
  uint64_t seed = 1;
  int threads = 1;
  uint32_t text = 0;         // recorded in the model: items are featurized text
  bool bf16 = false;         // dense first layer's GEMMs on AMX in BF16 with FP32 sums and FP32 master weights (CPU only)
  FeaturizerConfig featurizer;
};

struct Progress {
  int64_t epoch;       // 1-based
  int64_t step;        // steps done in total
  int64_t steps_per_epoch;
  double train_loss;   // mean member loss over the epoch so far
  double val_loss;     // ensemble log loss on the validation pairs; NaN between epochs or without validation
  double val_accuracy; // on validation pairs that are not ties; NaN as above
  bool epoch_end;
};

struct TrainResult {
  Model model;
  int64_t epochs_run = 0;
  int64_t best_epoch = 0;
  double val_loss = NAN;
  double val_accuracy = NAN;
  int64_t train_pairs = 0;
  int64_t val_pairs = 0;
  bool stopped_early = false;
};

struct Cancelled : std::runtime_error {
  explicit Cancelled(const char* what = "training was cancelled") : std::runtime_error(what) {}
};

// Throws std::invalid_argument on options out of range.
void check_train_options(const TrainOptions& o);

// What every backend trains on, drawn from one seeded random stream in a fixed order — the validation split,
// then each member's bootstrap weights — so the CPU and the CUDA trainer see the same data (rng then goes on to
// the per-epoch shuffles). Shapes: P pairs, T = P − n_val training pairs, M members.
struct TrainPlan {
  ModelConfig cfg;
  Rng rng;
  std::vector<uint32_t> order;  // [P] pair indices: the first n_val are validation, the rest training
  int64_t n_val = 0, T = 0;
  std::vector<float> wt;        // [T×M] pair weight × bootstrap count of training pair j for member m
  const uint32_t* val_idx() const { return order.data(); }
  const uint32_t* train_idx() const { return order.data() + n_val; }
};

// Early stopping on the validation loss, shared by the CPU and CUDA trainers.
struct EarlyStopping {
  double best_loss = INFINITY;
  int64_t since_best = 0;
  // Records an epoch's validation result in res; true when it is the best so far (keep these weights).
  bool improved(TrainResult& res, int64_t epoch, double val_loss, double val_accuracy) {
    if (!(val_loss < best_loss)) {
      since_best++;
      return false;
    }
    best_loss = val_loss;
    since_best = 0;
    res.best_epoch = epoch;
    res.val_loss = val_loss;
    res.val_accuracy = val_accuracy;
    return true;
  }
  bool patience_spent(int64_t patience) const { return since_best >= patience; }
};

// Checks options, items and pairs (std::invalid_argument), then draws the plan.
TrainPlan plan_training(const Items& items, const Pairs& pairs, const TrainOptions& opt);

// Throws std::invalid_argument on bad inputs, Cancelled when cancel becomes true (checked every step).
TrainResult train(const Items& items, const Pairs& pairs, const TrainOptions& opt, const std::function<void(const Progress&)>& progress,
                  const std::atomic<bool>& cancel);

// Ensemble log loss and accuracy (non-tie pairs) from member rewards r[2n×M] (rows 0..n−1: the a-items of pairs idx,
// rows n..2n−1: their b-items). Shared by the CPU and CUDA evaluations.
void pair_statistics(double* log_loss, double* accuracy, const float* r, int64_t M, const Pairs& pairs, const uint32_t* idx, int64_t n);

// Ensemble log loss and accuracy (non-tie pairs) of a model on pairs idx[0..n); `cancel` as in member_rewards.
void evaluate_pairs(double* log_loss, double* accuracy, const Model& model, const Items& items, const Pairs& pairs, const uint32_t* idx, int64_t n,
                    int threads, const std::atomic<bool>* cancel = nullptr);

}  // namespace rung
