// The training loop: seeded split and bootstrap, shuffled mini-batches, forward → BT loss → backward → AdamW
// (lazy, touched rows only, for a sparse first layer), validation after each epoch, best weights kept.
#include "train.h"

#include <chrono>
#include <cstdlib>
#include <new>
#include <cmath>
#include <numeric>
#include <vector>

#include "gemm_bf16.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"
#include "score.h"

namespace rung {

// Zero-filled floats from calloc: the OS maps zero pages lazily, so optimizer state of sparse rows that are
// never touched costs neither time nor memory.
struct ZeroFloats {
  float* p;
  explicit ZeroFloats(size_t n) : p((float*)std::calloc(n ? n : 1, sizeof(float))) {
    if (!p) throw std::bad_alloc();
  }
  ~ZeroFloats() { std::free(p); }
  ZeroFloats(const ZeroFloats&) = delete;
  ZeroFloats& operator=(const ZeroFloats&) = delete;
  float* data() { return p; }
};

void check_train_options(const TrainOptions& o) {
  if (o.batch < 1 || o.batch > (1 << 20)) throw std::invalid_argument("batch must be from 1 to 1048576 pairs");
  if (o.epochs < 1 || o.epochs > 100000) throw std::invalid_argument("epochs must be from 1 to 100000");
  if (!(o.val_fraction >= 0.0 && o.val_fraction <= 0.9)) throw std::invalid_argument("validation fraction must be from 0 to 0.9");
  if (o.patience < 1) throw std::invalid_argument("patience must be at least 1");
  if (o.threads < 1 || o.threads > 1024) throw std::invalid_argument("threads must be from 1 to 1024");
  if (o.bf16 && !amx_bf16_available()) throw std::invalid_argument(std::string("precision bf16 needs AMX: ") + amx_bf16_unavailable_reason());
  const AdamWConfig& a = o.adamw;
  if (!(a.lr > 0.0f && std::isfinite(a.lr))) throw std::invalid_argument("learning rate must be a positive finite number");
  if (!(a.weight_decay >= 0.0f && std::isfinite(a.weight_decay))) throw std::invalid_argument("weight decay must be finite and ≥ 0");
}

void evaluate_pairs(double* log_loss, double* accuracy, const Model& model, const Items& items, const Pairs& pairs, const uint32_t* idx, int64_t n,
                    int threads, const std::atomic<bool>* cancel) {
  const int64_t M = model.cfg.members;
  std::vector<uint32_t> rows((size_t)(2 * n));
  for (int64_t i = 0; i < n; i++) {
    rows[(size_t)i] = pairs.a[idx[i]];
    rows[(size_t)(n + i)] = pairs.b[idx[i]];
  }
  std::vector<float> r((size_t)(2 * n * M));
  member_rewards(r.data(), model, items, rows.data(), 2 * n, threads, cancel);
  pair_statistics(log_loss, accuracy, r.data(), M, pairs, idx, n);
}

void pair_statistics(double* log_loss, double* accuracy, const float* r, int64_t M, const Pairs& pairs, const uint32_t* idx, int64_t n) {
  double loss = 0, correct = 0;
  int64_t decided = 0;
  for (int64_t i = 0; i < n; i++) {
    double prob = 0;
    for (int64_t m = 0; m < M; m++) prob += sigmoid(r[(size_t)(i * M + m)] - r[(size_t)((n + i) * M + m)]);
    prob /= (double)M;
    const double t = pairs.target[idx[i]], q = std::fmin(std::fmax(prob, 1e-7), 1 - 1e-7);
    loss -= t * std::log(q) + (1 - t) * std::log(1 - q);
    if (t != 0.5) {
      decided++;
      correct += prob == 0.5 ? 0.5 : ((prob > 0.5) == (t > 0.5) ? 1.0 : 0.0);
    }
  }
  *log_loss = n ? loss / (double)n : NAN;
  *accuracy = decided ? correct / (double)decided : NAN;
}

TrainPlan plan_training(const Items& items, const Pairs& pairs, const TrainOptions& opt) {
  check_train_options(opt);
  validate_items(items, opt.threads);
  validate_pairs(pairs, items.n);
  TrainPlan plan{ModelConfig{}, Rng(splitmix64(opt.seed ^ 0x7ea1dULL)), {}, 0, 0, {}};
  plan.cfg.input_dim = items.dim;
  plan.cfg.hidden = opt.hidden;
  plan.cfg.members = opt.members;
  plan.cfg.activation = opt.activation;
  plan.cfg.text = opt.text;
  plan.cfg.featurizer = opt.featurizer;
  const int64_t M = opt.members, P = pairs.n;
  Rng& rng = plan.rng;

  // validation split
  plan.order.resize((size_t)P);
  std::iota(plan.order.begin(), plan.order.end(), 0u);
  for (int64_t i = P - 1; i > 0; i--) std::swap(plan.order[(size_t)i], plan.order[(size_t)rng.below((uint64_t)i + 1)]);
  int64_t n_val = opt.val_fraction > 0 ? (int64_t)std::llround((double)P * opt.val_fraction) : 0;
  if (opt.val_fraction > 0 && n_val < 1) n_val = 1;
  if (n_val > P - 1) n_val = P - 1;
  plan.n_val = n_val;
  plan.T = P - n_val;
  const int64_t T = plan.T;
  const uint32_t* train_idx = plan.train_idx();

  // per-member weights of each training pair: pair weight × bootstrap count  [T×M]
  plan.wt.resize((size_t)(T * M));
  std::vector<uint32_t> counts((size_t)T);
  for (int64_t m = 0; m < M; m++) {
    if (opt.bootstrap) {
      std::fill(counts.begin(), counts.end(), 0u);
      for (int64_t j = 0; j < T; j++) counts[(size_t)rng.below((uint64_t)T)]++;
    } else {
      std::fill(counts.begin(), counts.end(), 1u);
    }
    for (int64_t j = 0; j < T; j++) plan.wt[(size_t)(j * M + m)] = (float)counts[(size_t)j] * (pairs.weight ? pairs.weight[train_idx[j]] : 1.0f);
  }
  return plan;
}

TrainResult train(const Items& items, const Pairs& pairs, const TrainOptions& opt, const std::function<void(const Progress&)>& progress,
                  const std::atomic<bool>& cancel) {
  TrainPlan plan = plan_training(items, pairs, opt);
  TrainResult res;
  res.model = init_model(plan.cfg, opt.seed, &cancel);
  Model& model = res.model;
  const ModelConfig& cfg = plan.cfg;
  const int64_t M = cfg.members, MH = model.mh(), D = cfg.input_dim;
  Rng& rng = plan.rng;
  const uint32_t* val_idx = plan.val_idx();
  const uint32_t* train_idx = plan.train_idx();
  const int64_t n_val = plan.n_val, T = plan.T;
  const std::vector<float>& wt = plan.wt;
  res.train_pairs = T;
  res.val_pairs = n_val;

  // optimizer state and the best weights so far
  ZeroFloats mw1(model.w1.size()), vw1(model.w1.size());
  std::vector<float> mb1((size_t)MH, 0.f), vb1((size_t)MH, 0.f);
  std::vector<float> mw2((size_t)MH, 0.f), vw2((size_t)MH, 0.f), mb2((size_t)M, 0.f), vb2((size_t)M, 0.f);
  Model best;
  // sparse first layer: each row's own step count, for its bias correction (a row touched k times is on step k)
  std::vector<uint32_t> row_steps(items.sparse() ? (size_t)D : 0, 0u);

  // one batch of activations
  const int64_t B = opt.batch < T ? opt.batch : T;
  std::vector<uint32_t> rows((size_t)(2 * B));
  std::vector<float> hpre((size_t)(2 * B * MH)), act((size_t)(2 * B * MH)), dhpre((size_t)(2 * B * MH));
  std::vector<float> r((size_t)(2 * B * M)), dr((size_t)(2 * B * M)), tgt((size_t)B), w((size_t)(B * M)), loss((size_t)M);
  Grads g;
  // BF16 (dense only): W1 and dhpre rounded into AMX's layout every step; the master weights stay FP32
  const bool bf16 = opt.bf16 && !items.sparse();
  PackedBf16 w1_bf16, dhpre_bf16;
  std::vector<uint32_t> perm((size_t)T);
  std::iota(perm.begin(), perm.end(), 0u);

  const int64_t steps_per_epoch = (T + B - 1) / B;
  int64_t t = 0;
  EarlyStopping stopping;
  auto last_report = std::chrono::steady_clock::now();
  for (int64_t epoch = 1; epoch <= opt.epochs; epoch++) {
    for (int64_t i = T - 1; i > 0; i--) std::swap(perm[(size_t)i], perm[(size_t)rng.below((uint64_t)i + 1)]);
    double loss_sum = 0;
    for (int64_t s = 0; s < steps_per_epoch; s++) {
      if (cancel.load(std::memory_order_relaxed)) throw Cancelled();
      const int64_t j0 = s * B, nb = T - j0 < B ? T - j0 : B;
      for (int64_t i = 0; i < nb; i++) {
        const uint32_t j = perm[(size_t)(j0 + i)], p = train_idx[j];
        rows[(size_t)i] = pairs.a[p];
        rows[(size_t)(nb + i)] = pairs.b[p];
        tgt[(size_t)i] = pairs.target[p];
        for (int64_t m = 0; m < M; m++) w[(size_t)(i * M + m)] = wt[(size_t)(j * M + m)];
      }
      if (bf16) pack_bf16_into(w1_bf16, model.w1.data(), MH, D, MH, opt.threads);
      mlp_forward(r.data(), act.data(), hpre.data(), model, items, rows.data(), 2 * nb, opt.threads, bf16 ? &w1_bf16 : nullptr);
      bt_forward(loss.data(), r.data(), tgt.data(), w.data(), nb, M);
      bt_backward(dr.data(), r.data(), tgt.data(), w.data(), nb, M);
      mlp_backward(g, dhpre.data(), dr.data(), act.data(), hpre.data(), model, items, rows.data(), 2 * nb, opt.threads, bf16 ? &dhpre_bf16 : nullptr);
      t++;
      if (!items.sparse()) {
        // dense: every row of w1, in row blocks across threads (sparse: only the rows the batch touched, maybe none)
#pragma omp parallel for num_threads(opt.threads) schedule(static)
        for (int64_t d = 0; d < D; d++)
          adamw_update(model.w1.data() + d * MH, mw1.data() + d * MH, vw1.data() + d * MH, g.dw1.data() + d * MH, MH, opt.adamw, t, true);
      } else {
        const int64_t R = (int64_t)g.w1_rows.size();
#pragma omp parallel for num_threads(opt.threads) schedule(static)
        for (int64_t k = 0; k < R; k++) {
          const int64_t d = g.w1_rows[(size_t)k];
          adamw_update(model.w1.data() + d * MH, mw1.data() + d * MH, vw1.data() + d * MH, g.dw1.data() + k * MH, MH, opt.adamw, ++row_steps[(size_t)d], true);
        }
      }
      adamw_update(model.b1.data(), mb1.data(), vb1.data(), g.db1.data(), MH, opt.adamw, t, false);
      adamw_update(model.w2.data(), mw2.data(), vw2.data(), g.dw2.data(), MH, opt.adamw, t, true);
      adamw_update(model.b2.data(), mb2.data(), vb2.data(), g.db2.data(), M, opt.adamw, t, false);
      double mean_loss = 0;
      for (int64_t m = 0; m < M; m++) mean_loss += loss[(size_t)m];
      loss_sum += mean_loss / (double)M;
      const auto now = std::chrono::steady_clock::now();
      if (progress && now - last_report >= std::chrono::milliseconds(200) && s + 1 < steps_per_epoch) {
        last_report = now;
        progress(Progress{epoch, t, steps_per_epoch, loss_sum / (double)(s + 1), NAN, NAN, false});
      }
    }
    res.epochs_run = epoch;
    double vl = NAN, va = NAN;
    if (n_val > 0) evaluate_pairs(&vl, &va, model, items, pairs, val_idx, n_val, opt.threads, &cancel);
    if (progress) progress(Progress{epoch, t, steps_per_epoch, loss_sum / (double)steps_per_epoch, vl, va, true});
    last_report = std::chrono::steady_clock::now();
    if (n_val == 0) continue;
    if (stopping.improved(res, epoch, vl, va)) {
      best = model;
    } else if (stopping.patience_spent(opt.patience)) {
      res.stopped_early = epoch < opt.epochs;
      break;
    }
  }
  if (n_val > 0 && res.best_epoch > 0) model = std::move(best);
  if (n_val == 0) res.best_epoch = res.epochs_run;
  return res;
}

}  // namespace rung
