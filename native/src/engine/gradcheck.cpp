// Gradient check: analytic gradient of Σ_m loss_m versus central differences, every parameter.
#include "gradcheck.h"

#include <cmath>
#include <vector>

#include "loss.h"
#include "mlp.h"
#include "rng.h"

namespace rung {

GradCheckResult check_gradients(bool sparse, Activation activation, uint64_t seed) {
  ModelConfig cfg;
  cfg.input_dim = 9;
  cfg.hidden = 6;
  cfg.members = 3;
  cfg.activation = activation;
  cfg.text = sparse ? 1 : 0;
  Model model = init_model(cfg, seed);
  Rng rng(seed);
  for (float& b : model.b1) b = (float)(rng.uniform() - 0.5) * 0.2f;
  for (float& b : model.b2) b = (float)(rng.uniform() - 0.5);
  const int64_t N = 12, B = 10, M = cfg.members, MH = model.mh(), D = cfg.input_dim;
  std::vector<float> dense((size_t)(N * D));
  for (float& x : dense) x = (float)(rng.uniform() * 2 - 1);
  std::vector<uint32_t> row_ptr{0}, col;
  std::vector<float> val;
  for (int64_t i = 0; i < N; i++) {
    for (int64_t d = 0; d < D; d++)
      if (rng.uniform() < 0.5) {
        col.push_back((uint32_t)d);
        val.push_back(dense[(size_t)(i * D + d)]);
      }
    row_ptr.push_back((uint32_t)col.size());
  }
  Items items;
  items.n = N;
  items.dim = D;
  if (sparse) {
    items.row_ptr = row_ptr.data();
    items.col = col.data();
    items.val = val.data();
  } else {
    items.dense = dense.data();
  }
  std::vector<uint32_t> rows((size_t)(2 * B));
  std::vector<float> target((size_t)B), w((size_t)(B * M));
  const float targets[4] = {0.0f, 0.5f, 1.0f, 0.8f};
  for (int64_t p = 0; p < B; p++) {
    rows[(size_t)p] = (uint32_t)rng.below(N);
    rows[(size_t)(B + p)] = (uint32_t)rng.below(N);
    target[(size_t)p] = targets[p % 4];
    for (int64_t m = 0; m < M; m++) w[(size_t)(p * M + m)] = (float)(0.5 + rng.uniform());
  }
  std::vector<float> r((size_t)(2 * B * M)), dr((size_t)(2 * B * M)), hpre((size_t)(2 * B * MH)), act((size_t)(2 * B * MH)),
      dhpre((size_t)(2 * B * MH)), loss((size_t)M);
  std::vector<uint8_t> active((size_t)(2 * B * MH));
  auto total_loss = [&]() {
    mlp_forward(r.data(), act.data(), hpre.data(), model, items, rows.data(), 2 * B, 1);
    for (size_t i = 0; i < active.size(); i++) active[i] = hpre[i] > 0.0f;
    bt_forward(loss.data(), r.data(), target.data(), w.data(), B, M);
    double s = 0;
    for (float l : loss) s += l;
    return s;
  };
  total_loss();
  bt_backward(dr.data(), r.data(), target.data(), w.data(), B, M);
  Grads g;
  mlp_backward(g, dhpre.data(), dr.data(), act.data(), hpre.data(), model, items, rows.data(), 2 * B, 1);
  std::vector<float> dw1((size_t)(D * MH), 0.0f);
  if (!items.sparse()) {
    dw1 = g.dw1;  // dense: D×MH (sparse: only the rows the batch touched, maybe none, so never read as D×MH)
  } else {
    for (size_t s = 0; s < g.w1_rows.size(); s++)
      for (int64_t c = 0; c < MH; c++) dw1[(size_t)(g.w1_rows[s] * MH + c)] = g.dw1[s * (size_t)MH + (size_t)c];
  }
  GradCheckResult res;
  auto check = [&](std::vector<float>& params, const std::vector<float>& grad) {
    for (size_t i = 0; i < params.size(); i++) {
      const float keep = params[i], h = 1e-2f;
      params[i] = keep + h;
      const double up = total_loss();
      const std::vector<uint8_t> active_up = active;
      params[i] = keep - h;
      const double down = total_loss();
      params[i] = keep;
      if (activation == Activation::relu && active != active_up) {
        res.skipped++;  // the step crosses a ReLU kink, where the loss has no derivative
        continue;
      }
      const double numeric = (up - down) / (2.0 * h), analytic = grad[i];
      const double rel = std::fabs(analytic - numeric) / std::fmax(std::fabs(analytic) + std::fabs(numeric), 1e-3);
      if (rel > res.max_rel_error) res.max_rel_error = rel;
      res.checked++;
    }
  };
  check(model.w1, dw1);
  check(model.b1, g.db1);
  check(model.w2, g.dw2);
  check(model.b2, g.db2);
  return res;
}

}  // namespace rung
