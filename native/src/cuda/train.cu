// Training on the GPU: Trainer (model, AdamW moments and items on the card; per step forward → fused BT loss →
// backward → AdamW, all asynchronous, ≤ 2 steps in flight) and train_cuda, engine/train.cpp's procedure
// (seeded split, bootstrap, shuffles, validation, early stopping, best weights) with its steps on the GPU.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

#include "cuda/session.h"
#include "engine/loss.h"
#include "engine/rng.h"

namespace rung {
namespace cuda {

struct Trainer::Impl {
  Context ctx;
  ModelOnDevice model;
  DeviceBuffer mom1, mom2, best;  // AdamW moments and the best-weights snapshot, each in the model's layout
  DeviceBuffer dw1, dsmall, w1_rows, n_rows;
  DeviceBuffer hpre, dhpre, r, dr, loss, batch_tw[2];
  SparseScratch ss;
  ReduceScratch rs;
  std::unique_ptr<ItemSource> src;
  PinnedBuffer pin_tw[2], step_loss;
  cudaEvent_t step_done[2] = {nullptr, nullptr};
  std::vector<uint32_t> a, b;
  std::vector<float> target, wt;
  std::vector<uint32_t> rows;
  int64_t T, B, M, MH, D, t = 0, max_rows_sparse = 0, bytes = 0;
  AdamWConfig adamw;
  bool sparse;

  Impl(const Model& m, const Items& items, int64_t T_, const uint32_t* ta, const uint32_t* tb, const float* tt, const float* w, int64_t batch,
       const AdamWConfig& aw, const CudaOptions& opt)
      : ctx(opt.precision), T(T_), adamw(aw), sparse(items.sparse()) {
    check_config(m.cfg);
    if (T < 1) throw std::invalid_argument("at least one training pair is needed");
    if (batch < 1) throw std::invalid_argument("batch must be at least 1 pair");
    if (m.cfg.input_dim != items.dim)
      throw std::invalid_argument("items have dimension " + std::to_string(items.dim) + " but the model expects " + std::to_string(m.cfg.input_dim));
    M = m.cfg.members, MH = m.mh(), D = m.cfg.input_dim;
    B = std::min(batch, T);
    a.assign(ta, ta + T), b.assign(tb, tb + T), target.assign(tt, tt + T), wt.assign(w, w + T * M);
    for (int64_t j = 0; j < T; j++)
      if ((int64_t)a[(size_t)j] >= items.n || (int64_t)b[(size_t)j] >= items.n) throw std::invalid_argument("pairs: item index out of range");
    const int64_t N2 = 2 * B;
    // memory plan: everything but the item table, then the table if it fits (10% headroom), else stream it
    // sparse scratch is sized for batches of twice the mean row length (grown in step() if a batch needs more;
    // the worst case, 2B copies of the longest row, would waste memory on real text)
    const int64_t max_nnz = ItemSource::max_row_nnz_of(items);
    const int64_t mean2 = sparse ? (2 * (int64_t)items.row_ptr[items.n] + items.n - 1) / items.n : 0;
    const int64_t max_entries = N2 * std::max<int64_t>(1, std::min(max_nnz, mean2));
    max_rows_sparse = std::min<int64_t>(D, max_entries);
    const int64_t P = ModelOnDevice::param_count(m.cfg);
    const int64_t chunks = (N2 + kRowChunk - 1) / kRowChunk;
    int64_t base = 4 * (4 * P) + 4 * (sparse ? max_rows_sparse * MH : D * MH) + 4 * (2 * MH + M) + 8 * max_rows_sparse + 2 * 4 * N2 * MH +
                   2 * 4 * N2 * M + 2 * 4 * B * (M + 1) + 2 * 4 * chunks * MH + (sparse ? 9 * 4 * max_entries + 8 * (N2 + 1) : 0);
    const int64_t resident_extra = ItemSource::resident_bytes(items) + (sparse ? 0 : 4 * N2 * D) + 2 * 4 * N2;
    const int64_t streamed_extra = ItemSource::staging_bytes(items, N2, max_nnz);
    bool resident;
    if (opt.items == CudaOptions::Items::resident) {
      require_free(base + resident_extra, "training with the item table resident on the device (model, AdamW state, one batch, items)");
      resident = true;
    } else if (opt.items == CudaOptions::Items::streamed) {
      require_free(base + streamed_extra, "training with streamed items (model, AdamW state, one batch, staging)");
      resident = false;
    } else {
      require_free(base + std::min(resident_extra, streamed_extra), "training (model, AdamW state, one batch of activations)");
      size_t free_b = 0, total_b = 0;
      check(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
      resident = (double)(base + resident_extra) <= 0.9 * (double)free_b;
    }
    model.upload(ctx, m);
    const size_t pb = sizeof(float) * (size_t)P;
    mom1.alloc(pb, "AdamW first moments");
    mom2.alloc(pb, "AdamW second moments");
    best.alloc(pb, "best-weights snapshot");
    check(cudaMemsetAsync(mom1.p, 0, pb, ctx.stream), "zero moments");
    check(cudaMemsetAsync(mom2.p, 0, pb, ctx.stream), "zero moments");
    dw1.alloc(sizeof(float) * (size_t)((sparse ? max_rows_sparse : D) * MH), "first-layer gradient");
    dsmall.alloc(sizeof(float) * (size_t)(2 * MH + M), "small gradients");
    if (sparse) {
      w1_rows.alloc(sizeof(uint32_t) * (size_t)max_rows_sparse, "touched-row list");
      n_rows.alloc(sizeof(int32_t), "touched-row count");
      ss.reserve(max_entries, N2, MH);
    }
    rs.reserve(N2, MH);
    hpre.alloc(sizeof(float) * (size_t)(N2 * MH), "hidden pre-activations");
    dhpre.alloc(sizeof(float) * (size_t)(N2 * MH), "hidden gradients");
    r.alloc(sizeof(float) * (size_t)(N2 * M), "member rewards");
    dr.alloc(sizeof(float) * (size_t)(N2 * M), "reward gradients");
    loss.alloc(sizeof(float) * (size_t)M, "member losses");
    for (int s = 0; s < 2; s++) {
      batch_tw[s].alloc(sizeof(float) * (size_t)(B * (M + 1)), "batch targets and weights");
      pin_tw[s].reserve(sizeof(float) * (size_t)(B * (M + 1)), "batch targets and weights");
      check(cudaEventCreateWithFlags(&step_done[s], cudaEventDisableTiming), "cudaEventCreate");
    }
    src.reset(new ItemSource(ctx, items, resident, N2));
    rows.resize((size_t)N2);
    ctx.sync();
    size_t free_b = 0, total_b = 0;
    check(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
    bytes = (int64_t)(model.buf.bytes + mom1.bytes + mom2.bytes + best.bytes + dw1.bytes + dsmall.bytes + w1_rows.bytes + n_rows.bytes + hpre.bytes +
                      dhpre.bytes + r.bytes + dr.bytes + loss.bytes + batch_tw[0].bytes * 2 + rs.partial.bytes) +
            src->device_bytes() +
            (int64_t)(ss.keys.bytes * 7 + ss.entry_len.bytes + ss.entry_off.bytes);
  }

  ~Impl() {
    for (int s = 0; s < 2; s++)
      if (step_done[s]) cudaEventDestroy(step_done[s]);
  }

  DevGrads grads() {
    DevGrads g;
    g.dw1 = dw1.as<float>();
    g.db1 = dsmall.as<float>();
    g.dw2 = g.db1 + MH;
    g.db2 = g.dw2 + MH;
    g.w1_rows = w1_rows.as<uint32_t>();
    g.n_rows = n_rows.as<int32_t>();
    g.max_rows = max_rows_sparse;
    return g;
  }

  // A batch with more nonzeros than the scratch holds: wait for the queued work, then grow (rare; 25% slack).
  void grow_sparse(int64_t entries) {
    if (entries <= ss.max_entries && std::min(D, entries) <= max_rows_sparse) return;
    ctx.sync();
    const int64_t e = entries + entries / 4;
    ss.reserve(e, 2 * B, MH);
    if (std::min(D, entries) > max_rows_sparse) {
      max_rows_sparse = std::min(D, e);
      dw1.alloc(sizeof(float) * (size_t)(max_rows_sparse * MH), "first-layer gradient (touched rows)");
      w1_rows.alloc(sizeof(uint32_t) * (size_t)max_rows_sparse, "touched-row list");
    }
  }

  // Queues step s of the epoch (pairs perm[j0 .. j0+nb)); the per-member losses land in host_loss (pinned).
  void step(const uint32_t* perm, int64_t j0, int64_t nb, float* host_loss, int slot) {
    float* tw = pin_tw[slot].as<float>();  // target[nb] | w[nb×M]
    for (int64_t i = 0; i < nb; i++) {
      const uint32_t j = perm[j0 + i];
      rows[(size_t)i] = a[j];
      rows[(size_t)(nb + i)] = b[j];
      tw[i] = target[j];
      for (int64_t m = 0; m < M; m++) tw[nb + i * M + m] = wt[(size_t)(j * M + m)];
    }
    check(cudaMemcpyAsync(batch_tw[slot].p, tw, sizeof(float) * (size_t)(nb * (M + 1)), cudaMemcpyHostToDevice, ctx.stream), "upload batch");
    const float* d_target = batch_tw[slot].as<float>();
    const float* d_w = d_target + nb;
    const uint32_t* dev_rows = nullptr;
    int64_t entries = 0;
    const DevItems it = src->stage(ctx, rows.data(), 2 * nb, &dev_rows, &entries);
    if (sparse) grow_sparse(entries);
    const DevModel dm = model.view();
    mlp_forward_cuda(ctx, r.as<float>(), nullptr, hpre.as<float>(), dm, it, dev_rows, 2 * nb);
    bt_forward_backward_cuda(ctx, loss.as<float>(), dr.as<float>(), r.as<float>(), d_target, d_w, nb, M);
    DevGrads g = grads();
    mlp_backward_cuda(ctx, g, dhpre.as<float>(), dr.as<float>(), hpre.as<float>(), dm, it, dev_rows, 2 * nb, entries, ss, rs);
    t++;
    const DevModel m1 = model.view(mom1.as<float>()), m2 = model.view(mom2.as<float>());
    if (sparse) adamw_update_rows_cuda(ctx, dm.w1, m1.w1, m2.w1, g.dw1, g.w1_rows, g.n_rows, max_rows_sparse, MH, adamw, t);
    else adamw_update_cuda(ctx, dm.w1, m1.w1, m2.w1, g.dw1, D * MH, adamw, t, true);
    adamw_update_cuda(ctx, dm.b1, m1.b1, m2.b1, g.db1, MH, adamw, t, false);
    adamw_update_cuda(ctx, dm.w2, m1.w2, m2.w2, g.dw2, MH, adamw, t, true);
    adamw_update_cuda(ctx, dm.b2, m1.b2, m2.b2, g.db2, M, adamw, t, false);
    check(cudaMemcpyAsync(host_loss, loss.p, sizeof(float) * (size_t)M, cudaMemcpyDeviceToHost, ctx.stream), "download loss");
    src->release(ctx);
    check(cudaEventRecord(step_done[slot], ctx.stream), "cudaEventRecord");
  }
};

Trainer::Trainer(const Model& model, const Items& items, int64_t T, const uint32_t* train_a, const uint32_t* train_b, const float* target,
                 const float* wt, int64_t batch, const AdamWConfig& adamw, const CudaOptions& opt)
    : impl_(new Impl(model, items, T, train_a, train_b, target, wt, batch, adamw, opt)) {}
Trainer::~Trainer() = default;

double Trainer::train_epoch(const uint32_t* perm, float* step_loss, const std::function<void(int64_t, double)>& on_step,
                            const std::atomic<bool>* cancel) {
  Impl& I = *impl_;
  const int64_t steps = (I.T + I.B - 1) / I.B, M = I.M;
  I.step_loss.reserve(sizeof(float) * (size_t)(steps * M), "per-step losses");
  float* L = I.step_loss.as<float>();
  double loss_sum = 0;
  int64_t summed = 0;
  auto add_done = [&](int64_t upto) {  // adds the losses of steps [summed, upto) — already synchronised
    for (; summed < upto; summed++) {
      double mean = 0;
      for (int64_t m = 0; m < M; m++) mean += L[summed * M + m];
      loss_sum += mean / (double)M;
    }
  };
  for (int64_t s = 0; s < steps; s++) {
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      I.ctx.sync();
      throw Cancelled();
    }
    const int slot = (int)(s & 1);
    check(cudaEventSynchronize(I.step_done[slot]), "wait for step s-2");  // ≤ 2 steps in flight
    if (s >= 2) {
      add_done(s - 1);
      if (on_step) on_step(s - 2, loss_sum);
    }
    const int64_t j0 = s * I.B, nb = std::min(I.B, I.T - j0);
    I.step(perm, j0, nb, L + s * M, slot);
  }
  I.ctx.sync();
  add_done(steps);
  if (on_step) on_step(steps - 1, loss_sum);
  if (step_loss) std::copy(L, L + steps * M, step_loss);
  return loss_sum / (double)steps;
}

void Trainer::member_rewards(float* out, const uint32_t* rows, int64_t n) {
  Impl& I = *impl_;
  const int64_t chunk = 2 * I.B;
  PinnedBuffer host;
  host.reserve(sizeof(float) * (size_t)(chunk * I.M), "rewards");
  for (int64_t i0 = 0; i0 < n; i0 += chunk) {
    const int64_t c = std::min(chunk, n - i0);
    const uint32_t* dev_rows = nullptr;
    int64_t entries = 0;
    const DevItems it = I.src->stage(I.ctx, rows + i0, c, &dev_rows, &entries);
    mlp_forward_cuda(I.ctx, I.r.as<float>(), nullptr, I.hpre.as<float>(), I.model.view(), it, dev_rows, c);
    I.src->release(I.ctx);
    check(cudaMemcpyAsync(host.p, I.r.p, sizeof(float) * (size_t)(c * I.M), cudaMemcpyDeviceToHost, I.ctx.stream), "download rewards");
    I.ctx.sync();
    std::copy(host.as<float>(), host.as<float>() + c * I.M, out + i0 * I.M);
  }
}

void Trainer::snapshot_best() {
  check(cudaMemcpyAsync(impl_->best.p, impl_->model.buf.p, sizeof(float) * (size_t)impl_->model.n_params, cudaMemcpyDeviceToDevice, impl_->ctx.stream),
        "snapshot weights");
}
void Trainer::download(Model& out) const { impl_->model.download(impl_->ctx, out); }
void Trainer::download_best(Model& out) const { impl_->model.download(impl_->ctx, out, impl_->best.as<float>()); }
int64_t Trainer::steps_done() const { return impl_->t; }
bool Trainer::items_resident() const { return impl_->src->resident(); }
int64_t Trainer::device_bytes() const { return impl_->bytes; }
double Trainer::gemm_flops_per_epoch() const { return impl_->sparse ? 0.0 : 8.0 * (double)impl_->T * (double)impl_->D * (double)impl_->MH; }

void evaluate_pairs_cuda(double* log_loss, double* accuracy, Trainer& trainer, int64_t M, const Pairs& pairs, const uint32_t* idx, int64_t n) {
  std::vector<uint32_t> rows((size_t)(2 * n));
  for (int64_t i = 0; i < n; i++) {
    rows[(size_t)i] = pairs.a[idx[i]];
    rows[(size_t)(n + i)] = pairs.b[idx[i]];
  }
  std::vector<float> r((size_t)(2 * n * M));
  trainer.member_rewards(r.data(), rows.data(), 2 * n);
  pair_statistics(log_loss, accuracy, r.data(), M, pairs, idx, n);  // exactly as the CPU evaluation
}

// The same checks and messages as engine/train.cpp's check_options.

TrainResult train_cuda(const Items& items, const Pairs& pairs, const TrainOptions& opt, const std::function<void(const Progress&)>& progress,
                       const std::atomic<bool>& cancel, const CudaOptions& copt) {
  // validation split, bootstrap weights and the shuffle stream: the same plan as the CPU trainer (train.h)
  TrainPlan plan = plan_training(items, pairs, opt);
  TrainResult res;
  res.model = init_model(plan.cfg, opt.seed, &cancel);
  const int64_t M = plan.cfg.members;
  Rng& rng = plan.rng;
  const uint32_t* val_idx = plan.val_idx();
  const uint32_t* train_idx = plan.train_idx();
  const int64_t n_val = plan.n_val, T = plan.T;
  std::vector<float>& wt = plan.wt;
  res.train_pairs = T;
  res.val_pairs = n_val;
  std::vector<uint32_t> ta((size_t)T), tb((size_t)T);
  std::vector<float> tt((size_t)T);
  for (int64_t j = 0; j < T; j++) ta[(size_t)j] = pairs.a[train_idx[j]], tb[(size_t)j] = pairs.b[train_idx[j]], tt[(size_t)j] = pairs.target[train_idx[j]];

  Trainer trainer(res.model, items, T, ta.data(), tb.data(), tt.data(), wt.data(), opt.batch, opt.adamw, copt);
  const int64_t B = opt.batch < T ? opt.batch : T, steps_per_epoch = (T + B - 1) / B;
  std::vector<uint32_t> perm((size_t)T);
  std::iota(perm.begin(), perm.end(), 0u);
  EarlyStopping stopping;
  auto last_report = std::chrono::steady_clock::now();
  for (int64_t epoch = 1; epoch <= opt.epochs; epoch++) {
    for (int64_t i = T - 1; i > 0; i--) std::swap(perm[(size_t)i], perm[(size_t)rng.below((uint64_t)i + 1)]);
    const int64_t t0 = trainer.steps_done();
    const double train_loss = trainer.train_epoch(
        perm.data(), nullptr,
        [&](int64_t s, double loss_sum) {
          const auto now = std::chrono::steady_clock::now();
          if (progress && now - last_report >= std::chrono::milliseconds(200) && s + 1 < steps_per_epoch) {
            last_report = now;
            progress(Progress{epoch, t0 + s + 1, steps_per_epoch, loss_sum / (double)(s + 1), NAN, NAN, false});
          }
        },
        &cancel);
    res.epochs_run = epoch;
    double vl = NAN, va = NAN;
    if (n_val > 0) evaluate_pairs_cuda(&vl, &va, trainer, M, pairs, val_idx, n_val);
    if (progress) progress(Progress{epoch, trainer.steps_done(), steps_per_epoch, train_loss, vl, va, true});
    last_report = std::chrono::steady_clock::now();
    if (n_val == 0) continue;
    if (stopping.improved(res, epoch, vl, va)) {
      trainer.snapshot_best();
    } else if (stopping.patience_spent(opt.patience)) {
      res.stopped_early = epoch < opt.epochs;
      break;
    }
  }
  if (n_val > 0 && res.best_epoch > 0) trainer.download_best(res.model);
  else trainer.download(res.model);
  if (n_val == 0) res.best_epoch = res.epochs_run;
  return res;
}

}  // namespace cuda
}  // namespace rung
