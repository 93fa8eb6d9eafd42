// GPU parity tests (llm.c style): every CUDA kernel against its CPU reference on random inputs with a stated
// tolerance, then end to end (same seed and data ⇒ same loss curve and held-out accuracy within tolerance).
// Exit 0: all passed; 1: a failure; 77 (ctest SKIP_RETURN_CODE): "SKIPPED: no CUDA device (reason)".
//
// Tolerances (FP32 unless said; u = 2^-24, the FP32 unit roundoff):
//  - GEMM, FP32: |Δc_ij| ≤ 2·k·u·(|A||B|)_ij — the classical worst-case bound for a length-k dot product in any
//    summation order (cuBLAS and the CPU sum in different orders and may fuse multiply-adds).
//    TF32: |Δc_ij| ≤ (2·2^-11 + 2·k·u)·(|A||B|)_ij — each input is rounded to a 10-bit mantissa (u_tf32 = 2^-11).
//  - Sparse first layer forward and backward: products and sums are rounded separately in the CPU's order on
//    both sides, so the result is expected bit-identical; allowed 4·nnz·u·Σ|v·w| in case the CPU build contracts FMAs.
//  - Elementwise (activation, its derivative, AdamW, BT loss and gradient): 1e-5 relative + 1e-6·scale absolute —
//    a few ulp from expf/tanhf/log1pf versus glibc and from operation order.
//  - Reductions over N rows (db1, dw2, db2, member rewards over H): 2·N·u·Σ|terms| (order differs: tree vs loop).
//  - End to end: per-epoch train loss and validation loss within 1e-3 relative, held-out accuracy within 1 point,
//    final weights within 1e-2 relative L2. Every step starts from ~1e-7 relative roundoff differences; AdamW divides
//    by √v, so a weight whose gradient is at rounding level (cancelling sums) can take a ±lr step on one side and
//    not the other — a few such weights move the L2 distance far more than the losses, hence the looser weight bound.
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "cuda/kernels.h"
#include "cuda/rung_cuda.h"
#include "engine/adamw.h"
#include "engine/gemm.h"
#include "engine/loss.h"
#include "engine/mlp.h"
#include "engine/model.h"
#include "engine/rng.h"
#include "engine/score.h"
#include "engine/train.h"

using namespace rung;
namespace rc = rung::cuda;

static int failures = 0, checks = 0;
static const double kU = 1.0 / 16777216.0;  // 2^-24

// ---- device helpers
template <typename T> struct Dev {
  rc::DeviceBuffer buf;
  size_t n = 0;
  Dev() = default;
  explicit Dev(const std::vector<T>& h) : buf(sizeof(T) * std::max<size_t>(h.size(), 1), "test buffer"), n(h.size()) {
    if (!h.empty()) rc::check(cudaMemcpy(buf.p, h.data(), sizeof(T) * h.size(), cudaMemcpyHostToDevice), "test upload");
    rc::check(cudaDeviceSynchronize(), "sync");  // the kernels run on a non-blocking stream: finish the copy first
  }
  explicit Dev(size_t count) : buf(sizeof(T) * std::max<size_t>(count, 1), "test buffer"), n(count) {
    rc::check(cudaMemset(buf.p, 0, sizeof(T) * std::max<size_t>(count, 1)), "test memset");
    rc::check(cudaDeviceSynchronize(), "sync");
  }
  T* p() const { return buf.as<T>(); }
  std::vector<T> get(size_t count = 0) const {
    std::vector<T> h(count ? count : n);
    rc::check(cudaDeviceSynchronize(), "sync");
    if (!h.empty()) rc::check(cudaMemcpy(h.data(), buf.p, sizeof(T) * h.size(), cudaMemcpyDeviceToHost), "test download");
    return h;
  }
};

// |gpu − cpu| ≤ bound[i] elementwise; reports the worst ratio.
static void expect_within(const char* what, const std::vector<float>& gpu, const std::vector<float>& cpu, const std::vector<double>& bound) {
  checks++;
  size_t bad = 0, worst_i = 0;
  double worst = 0, max_abs = 0;
  if (gpu.size() != cpu.size()) {
    std::printf("FAIL %s: sizes differ (%zu vs %zu)\n", what, gpu.size(), cpu.size());
    failures++;
    return;
  }
  for (size_t i = 0; i < gpu.size(); i++) {
    const double d = std::fabs((double)gpu[i] - (double)cpu[i]);
    if (!(d <= bound[i]) || !std::isfinite(gpu[i])) bad++;
    const double ratio = bound[i] > 0 ? d / bound[i] : (d > 0 ? INFINITY : 0);
    if (ratio > worst || !std::isfinite(gpu[i])) worst = ratio, worst_i = i;
    max_abs = std::max(max_abs, d);
  }
  if (bad) {
    failures++;
    std::printf("FAIL %-44s %zu of %zu outside tolerance; worst at %zu: gpu %.9g cpu %.9g bound %.3g\n", what, bad, gpu.size(), worst_i,
                (double)gpu[worst_i], (double)cpu[worst_i], bound[worst_i]);
  } else {
    std::printf("ok   %-44s n=%-8zu max|Δ| %.3g, worst |Δ|/tolerance %.3f\n", what, gpu.size(), max_abs, worst);
  }
}
static std::vector<double> rel_bound(const std::vector<float>& ref, double rtol, double atol_scale) {
  double scale = 0;
  for (float x : ref) scale = std::max(scale, (double)std::fabs(x));
  std::vector<double> b(ref.size());
  for (size_t i = 0; i < ref.size(); i++) b[i] = rtol * std::fabs((double)ref[i]) + atol_scale * scale + 1e-30;
  return b;
}
static void expect_close(const char* what, const std::vector<float>& gpu, const std::vector<float>& cpu, double rtol = 1e-5, double atol = 1e-6) {
  expect_within(what, gpu, cpu, rel_bound(cpu, rtol, atol));
}
static void expect(bool ok, const std::string& what) {
  checks++;
  if (!ok) failures++;
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
}

static std::vector<float> randv(Rng& rng, size_t n, float lo = -1.f, float hi = 1.f) {
  std::vector<float> v(n);
  for (float& x : v) x = lo + (hi - lo) * (float)rng.uniform();
  return v;
}

// ---- GEMM
static void test_gemm(rc::Context& ctx, bool tf32) {
  Rng rng(11);
  struct Case { int64_t m, n, k; bool trans, gather, acc; };
  const Case cases[] = {{77, 101, 300, false, false, false}, {77, 101, 300, true, false, true}, {130, 257, 129, false, true, false},
                        {96, 1280, 513, true, true, false},  {1, 5, 1, false, false, true},    {513, 1280, 768, false, true, false}};
  for (const Case& c : cases) {
    const int64_t arows = c.trans ? c.k : c.m, acols = c.trans ? c.m : c.k, src_rows = arows + 7;
    std::vector<float> A = randv(rng, (size_t)(src_rows * acols)), B = randv(rng, (size_t)(c.k * c.n)), C0 = randv(rng, (size_t)(c.m * c.n));
    std::vector<uint32_t> rows((size_t)arows);
    for (int64_t i = 0; i < arows; i++) rows[(size_t)i] = (uint32_t)((i * 13 + 5) % src_rows);
    std::vector<float> ref = C0, absref((size_t)(c.m * c.n));
    const MatA ma{A.data(), acols, c.gather ? rows.data() : nullptr, c.trans};
    sgemm_reference(c.m, c.n, c.k, ma, B.data(), c.n, ref.data(), c.n, c.acc);
    std::vector<float> Aabs(A.size()), Babs(B.size());
    for (size_t i = 0; i < A.size(); i++) Aabs[i] = std::fabs(A[i]);
    for (size_t i = 0; i < B.size(); i++) Babs[i] = std::fabs(B[i]);
    sgemm_reference(c.m, c.n, c.k, MatA{Aabs.data(), acols, ma.rows, c.trans}, Babs.data(), c.n, absref.data(), c.n, false);
    Dev<float> dA(A), dB(B), dC(C0);
    Dev<uint32_t> dR(rows);
    rc::gemm_cuda(ctx, c.m, c.n, c.k, dA.p(), acols, c.gather ? dR.p() : nullptr, c.trans, dB.p(), c.n, dC.p(), c.n, c.acc);
    const double per = (tf32 ? 2.0 * 0.00048828125 : 0.0) + 2.0 * (double)c.k * kU;
    std::vector<double> bound(absref.size());
    for (size_t i = 0; i < bound.size(); i++) bound[i] = per * (absref[i] + (c.acc ? std::fabs(C0[i]) : 0.0)) + 1e-30;
    char name[128];
    std::snprintf(name, sizeof name, "gemm%s %lldx%lldx%lld%s%s%s", tf32 ? "[tf32]" : "", (long long)c.m, (long long)c.n, (long long)c.k,
                  c.trans ? " transA" : "", c.gather ? " gathered" : "", c.acc ? " +=" : "");
    expect_within(name, dC.get(), ref, bound);
  }
}

// ---- data for the MLP tests
struct TestItems {
  Items items;
  std::vector<float> dense;
  std::vector<uint32_t> row_ptr, col;
  std::vector<float> val;
};
static TestItems make_items(Rng& rng, bool sparse, int64_t n, int64_t D, int64_t max_nnz) {
  TestItems t;
  t.items.n = n;
  t.items.dim = D;
  if (!sparse) {
    t.dense = randv(rng, (size_t)(n * D));
    t.items.dense = t.dense.data();
    return t;
  }
  t.row_ptr.push_back(0);
  for (int64_t i = 0; i < n; i++) {
    const int64_t k = i == 3 ? 0 : (int64_t)rng.below((uint64_t)max_nnz + 1);  // row 3 is empty
    std::vector<uint32_t> cols;
    for (int64_t j = 0; j < k; j++) cols.push_back((uint32_t)(j < 2 ? rng.below(16) : rng.below((uint64_t)D)));  // hot columns 0..15
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    double nrm = 0;
    std::vector<float> v;
    for (size_t j = 0; j < cols.size(); j++) v.push_back((float)(rng.uniform() * 2 - 1)), nrm += (double)v.back() * v.back();
    for (size_t j = 0; j < cols.size(); j++) t.col.push_back(cols[j]), t.val.push_back(nrm > 0 ? (float)(v[j] / std::sqrt(nrm)) : 0.f);
    t.row_ptr.push_back((uint32_t)t.col.size());
  }
  t.items.row_ptr = t.row_ptr.data();
  t.items.col = t.col.data();
  t.items.val = t.val.data();
  return t;
}

struct DevItemsOwner {
  Dev<float> dense, val;
  Dev<uint32_t> row_ptr, col;
  rc::DevItems view;
  explicit DevItemsOwner(const TestItems& t) {
    view.n = t.items.n;
    view.dim = t.items.dim;
    if (!t.items.sparse()) {
      dense = Dev<float>(t.dense);
      view.dense = dense.p();
    } else {
      row_ptr = Dev<uint32_t>(t.row_ptr);
      col = Dev<uint32_t>(t.col);
      val = Dev<float>(t.val);
      view.row_ptr = row_ptr.p(), view.col = col.p(), view.val = val.p();
    }
  }
};

struct DevModelOwner {
  Dev<float> w1, b1, w2, b2;
  rc::DevModel view;
  explicit DevModelOwner(const Model& m) : w1(m.w1), b1(m.b1), w2(m.w2), b2(m.b2) {
    view.D = m.cfg.input_dim, view.H = m.cfg.hidden, view.M = m.cfg.members, view.activation = m.cfg.activation;
    view.w1 = w1.p(), view.b1 = b1.p(), view.w2 = w2.p(), view.b2 = b2.p();
  }
};

static Model random_model(Rng& rng, int64_t D, int64_t H, int64_t M, Activation a, bool text) {
  ModelConfig cfg;
  cfg.input_dim = D, cfg.hidden = H, cfg.members = M, cfg.activation = a, cfg.text = text ? 1 : 0;
  Model m = init_model(cfg, 1234);
  for (float& x : m.b1) x = (float)(rng.uniform() - 0.5) * 0.2f;
  for (float& x : m.b2) x = (float)(rng.uniform() - 0.5);
  return m;
}

// ---- MLP forward and backward
static void test_mlp(rc::Context& ctx, bool sparse, Activation act) {
  Rng rng(sparse ? 21 : 22);
  const int64_t N = 300, D = sparse ? 5000 : 96, H = 40, M = 3, MH = M * H, n = 2 * 97;
  TestItems ti = make_items(rng, sparse, N, D, 60);
  Model model = random_model(rng, D, H, M, act, sparse);
  std::vector<uint32_t> rows((size_t)n);
  for (int64_t i = 0; i < n; i++) rows[(size_t)i] = (uint32_t)rng.below((uint64_t)N);
  rows[5] = 3;  // the empty row
  rows[6] = rows[7];  // a repeated item
  const char* tag = sparse ? (act == Activation::relu ? "sparse relu" : "sparse gelu") : (act == Activation::relu ? "dense relu" : "dense gelu");

  // CPU reference
  std::vector<float> r((size_t)(n * M)), a((size_t)(n * MH)), h((size_t)(n * MH)), dh((size_t)(n * MH));
  mlp_forward(r.data(), a.data(), h.data(), model, ti.items, rows.data(), n, 2);
  std::vector<float> dr = randv(rng, (size_t)(n * M), -0.01f, 0.01f);
  Grads g;
  mlp_backward(g, dh.data(), dr.data(), a.data(), h.data(), model, ti.items, rows.data(), n, 2);

  // GPU
  DevItemsOwner di(ti);
  DevModelOwner dm(model);
  Dev<uint32_t> drows(rows);
  Dev<float> gr((size_t)(n * M)), ga((size_t)(n * MH)), gh((size_t)(n * MH)), gdh((size_t)(n * MH)), gdr(dr);
  rc::mlp_forward_cuda(ctx, gr.p(), ga.p(), gh.p(), dm.view, di.view, drows.p(), n);
  int64_t entries = 0;
  for (uint32_t row : rows) entries += sparse ? ti.row_ptr[row + 1] - ti.row_ptr[row] : 0;
  const int64_t max_rows = sparse ? std::min<int64_t>(D, std::max<int64_t>(entries, 1)) : D;
  Dev<float> gdw1((size_t)(max_rows * MH)), gsmall((size_t)(2 * MH + M));
  Dev<uint32_t> gw1rows((size_t)max_rows);
  Dev<int32_t> gnrows(1);
  rc::DevGrads dg;
  dg.dw1 = gdw1.p(), dg.db1 = gsmall.p(), dg.dw2 = gsmall.p() + MH, dg.db2 = gsmall.p() + 2 * MH;
  dg.w1_rows = gw1rows.p(), dg.n_rows = gnrows.p(), dg.max_rows = max_rows;
  rc::SparseScratch ss;
  rc::ReduceScratch rs;
  if (sparse) ss.reserve(entries, n, MH);
  rc::mlp_backward_cuda(ctx, dg, gdh.p(), gdr.p(), gh.p(), dm.view, di.view, drows.p(), n, entries, ss, rs);

  // forward
  std::vector<double> hb(h.size());
  if (sparse) {
    for (int64_t i = 0; i < n; i++) {
      const uint32_t row = rows[(size_t)i];
      for (int64_t c = 0; c < MH; c++) {
        double s = std::fabs(model.b1[(size_t)c]);
        for (uint32_t j = ti.row_ptr[row]; j < ti.row_ptr[row + 1]; j++) s += std::fabs(ti.val[j] * model.w1[(size_t)(ti.col[j] * MH + c)]);
        hb[(size_t)(i * MH + c)] = 4.0 * (double)(ti.row_ptr[row + 1] - ti.row_ptr[row] + 1) * kU * s + 1e-30;
      }
    }
  } else {
    for (int64_t i = 0; i < n; i++)
      for (int64_t c = 0; c < MH; c++) {
        double s = std::fabs(model.b1[(size_t)c]);
        for (int64_t k = 0; k < D; k++) s += std::fabs(ti.dense[(size_t)(rows[(size_t)i] * D + k)] * model.w1[(size_t)(k * MH + c)]);
        hb[(size_t)(i * MH + c)] = 2.0 * (double)(D + 1) * kU * s + 1e-30;
      }
  }
  std::string nm = std::string("mlp_forward hpre ") + tag;
  const std::vector<float> gh_h = gh.get();
  expect_within(nm.c_str(), gh_h, h, hb);
  // activations: f evaluated on the GPU's hpre against f on the CPU's (slope ≤ 1.13 for GELU) plus a few ulp
  std::vector<double> ab(a.size());
  for (size_t i = 0; i < a.size(); i++) ab[i] = 1.13 * hb[i] + 1e-5 * std::fabs(a[i]) + 1e-7;
  nm = std::string("mlp_forward act ") + tag;
  expect_within(nm.c_str(), ga.get(), a, ab);
  std::vector<double> rb(r.size());
  for (int64_t i = 0; i < n; i++)
    for (int64_t m = 0; m < M; m++) {
      double s = std::fabs(model.b2[(size_t)m]), prop = 0;
      for (int64_t k = 0; k < H; k++) {
        s += std::fabs(a[(size_t)(i * MH + m * H + k)] * model.w2[(size_t)(m * H + k)]);
        prop += ab[(size_t)(i * MH + m * H + k)] * std::fabs(model.w2[(size_t)(m * H + k)]);
      }
      rb[(size_t)(i * M + m)] = 2.0 * (double)(H + 1) * kU * s + prop + 1e-30;
    }
  nm = std::string("mlp_forward r ") + tag;
  expect_within(nm.c_str(), gr.get(), r, rb);

  // backward: compare against the CPU backward run on the GPU's forward values, so only the backward's own
  // rounding is measured
  std::vector<float> a2((size_t)(n * MH)), dh2((size_t)(n * MH));
  for (size_t i = 0; i < a2.size(); i++) a2[i] = activation_forward(act, gh_h[i]);
  Grads g2;
  mlp_backward(g2, dh2.data(), dr.data(), a2.data(), gh_h.data(), model, ti.items, rows.data(), n, 2);
  nm = std::string("mlp_backward dhpre ") + tag;
  const std::vector<float> gdh_h = gdh.get();
  expect_close(nm.c_str(), gdh_h, dh2, 1e-5, 1e-6);
  // the reductions are checked against references built from the GPU's own dhpre, so each kernel's rounding is
  // measured alone (not the ulp-level dhpre differences propagated through sums with cancellation)
  const std::vector<float> small = gsmall.get();
  std::vector<float> gdb1(small.begin(), small.begin() + MH), gdw2(small.begin() + MH, small.begin() + 2 * MH), gdb2(small.begin() + 2 * MH, small.end());
  std::vector<float> db1_ref((size_t)MH, 0.f);
  std::vector<double> db1_b((size_t)MH, 0.0), dw2_b((size_t)MH, 0.0), db2_b((size_t)M, 0.0);
  for (int64_t i = 0; i < n; i++)
    for (int64_t c = 0; c < MH; c++) {
      db1_ref[(size_t)c] += gdh_h[(size_t)(i * MH + c)];
      db1_b[(size_t)c] += std::fabs(gdh_h[(size_t)(i * MH + c)]);
      dw2_b[(size_t)c] += std::fabs(dr[(size_t)(i * M + c / H)] * a2[(size_t)(i * MH + c)]);
    }
  for (int64_t i = 0; i < n; i++)
    for (int64_t m = 0; m < M; m++) db2_b[(size_t)m] += std::fabs(dr[(size_t)(i * M + m)]);
  // fixed-order sums of n terms in a different order than the CPU: |Δ| ≤ 2·n·u·Σ|terms| (+ GELU's f(h) ulps for dw2)
  for (double& b : db1_b) b = 2.0 * (double)n * kU * b + 1e-30;
  for (double& b : dw2_b) b = 2.0 * (double)n * kU * b + 1e-5 * b + 1e-30;
  for (double& b : db2_b) b = 2.0 * (double)n * kU * b + 1e-30;
  nm = std::string("mlp_backward db1 ") + tag;
  expect_within(nm.c_str(), gdb1, db1_ref, db1_b);
  nm = std::string("mlp_backward dw2 ") + tag;
  expect_within(nm.c_str(), gdw2, g2.dw2, dw2_b);
  nm = std::string("mlp_backward db2 ") + tag;
  expect_within(nm.c_str(), gdb2, g2.db2, db2_b);
  if (!sparse) {
    std::vector<float> ref((size_t)(D * MH)), absx(ti.dense.size()), absdh(gdh_h.size()), absref((size_t)(D * MH));
    sgemm_reference(D, MH, n, MatA{ti.dense.data(), D, rows.data(), true}, gdh_h.data(), MH, ref.data(), MH, false);
    for (size_t i = 0; i < absx.size(); i++) absx[i] = std::fabs(ti.dense[i]);
    for (size_t i = 0; i < absdh.size(); i++) absdh[i] = std::fabs(gdh_h[i]);
    sgemm_reference(D, MH, n, MatA{absx.data(), D, rows.data(), true}, absdh.data(), MH, absref.data(), MH, false);
    std::vector<double> wb(absref.size());
    for (size_t i = 0; i < wb.size(); i++) wb[i] = 2.0 * (double)n * kU * absref[i] + 1e-30;
    nm = std::string("mlp_backward dw1 ") + tag;
    expect_within(nm.c_str(), gdw1.get((size_t)(D * MH)), ref, wb);
  } else {
    const int32_t R = gnrows.get()[0];
    std::vector<uint32_t> grows = gw1rows.get((size_t)std::max(R, 1));
    grows.resize((size_t)R);
    std::vector<uint32_t> crows = g2.w1_rows;
    std::sort(crows.begin(), crows.end());
    expect(grows == crows, std::string("mlp_backward sparse touched rows ") + tag + " (" + std::to_string(R) + " rows, ascending, same set as CPU)");
    // reference: the CPU's summation (entries in batch order, product then sum) over the GPU's dhpre
    std::map<uint32_t, size_t> slot;
    for (size_t s2 = 0; s2 < grows.size(); s2++) slot[grows[s2]] = s2;
    std::vector<float> cd((size_t)R * (size_t)MH, 0.f);
    std::vector<double> b((size_t)R * (size_t)MH, 0.0);
    std::vector<int64_t> cnt((size_t)R, 0);
    for (int64_t i = 0; i < n; i++) {
      const uint32_t row = rows[(size_t)i];
      for (uint32_t j = ti.row_ptr[row]; j < ti.row_ptr[row + 1]; j++) {
        const auto it = slot.find(ti.col[j]);
        if (it == slot.end()) continue;
        cnt[it->second]++;
        for (int64_t c = 0; c < MH; c++) {
          cd[it->second * (size_t)MH + (size_t)c] += ti.val[j] * gdh_h[(size_t)(i * MH + c)];
          b[it->second * (size_t)MH + (size_t)c] += std::fabs(ti.val[j] * gdh_h[(size_t)(i * MH + c)]);
        }
      }
    }
    for (size_t k = 0; k < b.size(); k++) b[k] = 4.0 * (double)cnt[k / (size_t)MH] * kU * b[k] + 1e-30;
    const std::vector<float> gd = gdw1.get((size_t)R * (size_t)MH);
    nm = std::string("mlp_backward sparse dw1 ") + tag;
    expect_within(nm.c_str(), gd, cd, b);
    size_t exact = 0;
    for (size_t k = 0; k < gd.size(); k++) exact += gd[k] == cd[k];
    std::printf("     sparse dw1 %s: %zu of %zu elements bit-identical to the CPU-order sum\n", tag, exact, gd.size());
    // determinism: the segmented reduction has no atomics, so a second run is bit-identical
    rc::mlp_backward_cuda(ctx, dg, gdh.p(), gdr.p(), gh.p(), dm.view, di.view, drows.p(), n, entries, ss, rs);
    const std::vector<float> gd2 = gdw1.get((size_t)R * (size_t)MH);
    expect(std::memcmp(gd.data(), gd2.data(), sizeof(float) * gd.size()) == 0, std::string("mlp_backward sparse dw1 bit-identical on rerun ") + tag);
  }
}

// ---- Bradley–Terry loss
static void test_bt(rc::Context& ctx) {
  Rng rng(31);
  const int64_t B = 1000, M = 4;
  std::vector<float> r = randv(rng, (size_t)(2 * B * M), -6.f, 6.f), t((size_t)B), w((size_t)(B * M));
  for (int64_t p = 0; p < B; p++) {
    const uint64_t k = rng.below(4);
    t[(size_t)p] = k == 0 ? 0.f : k == 1 ? 1.f : k == 2 ? 0.5f : (float)rng.uniform();
    for (int64_t m = 0; m < M; m++) w[(size_t)(p * M + m)] = m == 3 ? 0.f : (float)rng.below(4) * 0.7f;  // member 3: all weights 0
  }
  r[0] = 80.f, r[(size_t)(B * M)] = -80.f;  // a very large difference: the stable forms must not overflow
  std::vector<float> loss((size_t)M), dr((size_t)(2 * B * M));
  bt_forward(loss.data(), r.data(), t.data(), w.data(), B, M);
  bt_backward(dr.data(), r.data(), t.data(), w.data(), B, M);
  Dev<float> gr(r), gt(t), gw(w), gl((size_t)M), gdr((size_t)(2 * B * M));
  rc::bt_forward_backward_cuda(ctx, gl.p(), gdr.p(), gr.p(), gt.p(), gw.p(), B, M);
  expect_close("bt_forward loss (ties, weights, zero member)", gl.get(), loss, 1e-5, 1e-7);
  expect_close("bt_backward dr", gdr.get(), dr, 1e-5, 1e-6);
}

// ---- AdamW
static void test_adamw(rc::Context& ctx) {
  Rng rng(41);
  AdamWConfig c;
  c.lr = 3e-3f, c.weight_decay = 0.05f;
  const int64_t n = 10007;
  for (int64_t t : {1, 7, 1000})
    for (bool decay : {true, false}) {
      std::vector<float> p = randv(rng, (size_t)n), m = randv(rng, (size_t)n, -0.01f, 0.01f), v = randv(rng, (size_t)n, 0.f, 1e-4f),
                         g = randv(rng, (size_t)n, -0.1f, 0.1f);
      g[0] = 0.f, v[0] = 0.f, m[0] = 0.f;  // an untouched parameter: the update must be the decay alone
      Dev<float> gp(p), gm(m), gv(v), gg(g);
      adamw_update(p.data(), m.data(), v.data(), g.data(), n, c, t, decay);
      rc::adamw_update_cuda(ctx, gp.p(), gm.p(), gv.p(), gg.p(), n, c, t, decay);
      const std::string tag = " t=" + std::to_string(t) + (decay ? " decay" : "");
      expect_close(("adamw p" + tag).c_str(), gp.get(), p, 1e-6, 1e-7);
      expect_close(("adamw m" + tag).c_str(), gm.get(), m, 1e-6, 1e-7);
      expect_close(("adamw v" + tag).c_str(), gv.get(), v, 1e-6, 1e-7);
    }
  // lazy rows
  const int64_t rowsN = 50, MH = 33;
  std::vector<float> p = randv(rng, (size_t)(rowsN * MH)), m((size_t)(rowsN * MH), 0.f), v((size_t)(rowsN * MH), 0.f);
  std::vector<uint32_t> rows = {3, 17, 18, 49};
  std::vector<float> g = randv(rng, rows.size() * (size_t)MH, -0.1f, 0.1f);
  Dev<float> gp(p), gm(m), gv(v), gg(g);
  Dev<uint32_t> gr(rows);
  Dev<int32_t> gn(std::vector<int32_t>{(int32_t)rows.size()});
  for (size_t k = 0; k < rows.size(); k++)
    adamw_update(p.data() + rows[k] * MH, m.data() + rows[k] * MH, v.data() + rows[k] * MH, g.data() + k * MH, MH, c, 3, true);
  rc::adamw_update_rows_cuda(ctx, gp.p(), gm.p(), gv.p(), gg.p(), gr.p(), gn.p(), (int64_t)rows.size(), MH, c, 3);
  expect_close("adamw lazy rows p (untouched rows unchanged)", gp.get(), p, 1e-6, 1e-7);
}

// ---- scoring
static void test_score(bool sparse) {
  Rng rng(sparse ? 51 : 52);
  const int64_t N = 5000, D = sparse ? 3000 : 64;
  TestItems ti = make_items(rng, sparse, N, D, 40);
  Model model = random_model(rng, D, 32, 5, Activation::gelu, sparse);
  std::vector<float> mean((size_t)N), sd((size_t)N), gmean((size_t)N), gsd((size_t)N);
  score_items(mean.data(), sd.data(), model, ti.items, 2);
  rc::CudaOptions o;
  o.score_chunk = 1500;  // several chunks, the last one partial
  rc::score_items_cuda(gmean.data(), gsd.data(), model, ti.items, o);
  const char* tag = sparse ? "sparse" : "dense";
  expect_close((std::string("score_items mean ") + tag).c_str(), gmean, mean, 1e-4, 1e-5);
  expect_close((std::string("score_items std ") + tag).c_str(), gsd, sd, 1e-3, 1e-5);
  const int64_t P = 3000;
  std::vector<uint32_t> a((size_t)P), b((size_t)P);
  for (int64_t p = 0; p < P; p++) a[(size_t)p] = (uint32_t)rng.below((uint64_t)N), b[(size_t)p] = (uint32_t)rng.below((uint64_t)N);
  std::vector<float> prob((size_t)P), spread((size_t)P), gprob((size_t)P), gspread((size_t)P);
  score_pairs(prob.data(), spread.data(), model, ti.items, a.data(), b.data(), P, 2);
  rc::score_pairs_cuda(gprob.data(), gspread.data(), model, ti.items, a.data(), b.data(), P, o);
  expect_close((std::string("score_pairs prob ") + tag).c_str(), gprob, prob, 1e-4, 1e-5);
  expect_close((std::string("score_pairs spread ") + tag).c_str(), gspread, spread, 1e-3, 1e-5);
}

// ---- end to end
struct Curve {
  std::vector<double> train_loss, val_loss, val_acc;
};
struct Synthetic {
  TestItems ti;
  std::vector<uint32_t> a, b;
  std::vector<float> t, w;
  Pairs pairs;
};
static Synthetic make_synthetic(bool sparse) {
  Synthetic s;
  Rng rng(sparse ? 61 : 62);
  const int64_t N = 3000, D = sparse ? 4096 : 48, P = 12000;
  s.ti = make_items(rng, sparse, N, D, 40);
  std::vector<float> u = randv(rng, (size_t)D);  // planted linear reward
  std::vector<double> reward((size_t)N, 0.0);
  for (int64_t i = 0; i < N; i++) {
    if (sparse)
      for (uint32_t j = s.ti.row_ptr[(size_t)i]; j < s.ti.row_ptr[(size_t)i + 1]; j++) reward[(size_t)i] += s.ti.val[j] * u[s.ti.col[j]] * 4.0;
    else
      for (int64_t k = 0; k < D; k++) reward[(size_t)i] += s.ti.dense[(size_t)(i * D + k)] * u[(size_t)k] * 0.5;
  }
  for (int64_t p = 0; p < P; p++) {
    const uint32_t x = (uint32_t)rng.below((uint64_t)N), y = (uint32_t)rng.below((uint64_t)N);
    s.a.push_back(x), s.b.push_back(y);
    const double d = reward[x] - reward[y];
    s.t.push_back(std::fabs(d) < 0.05 ? 0.5f : (d > 0 ? 1.f : 0.f));  // near-equal pairs are ties
    s.w.push_back(0.5f + (float)rng.uniform());
  }
  s.pairs.n = P, s.pairs.a = s.a.data(), s.pairs.b = s.b.data(), s.pairs.target = s.t.data(), s.pairs.weight = s.w.data();
  return s;
}
static TrainOptions e2e_options(bool sparse) {
  TrainOptions o;
  o.hidden = 32, o.members = 3, o.batch = 256, o.epochs = 4, o.val_fraction = 0.2, o.patience = 10, o.seed = 7, o.threads = 2;
  o.activation = sparse ? Activation::relu : Activation::gelu;
  o.text = sparse ? 1 : 0;
  o.adamw.lr = 3e-3f;
  return o;
}
static double rel_l2(const std::vector<float>& x, const std::vector<float>& y) {
  double n = 0, d = 0;
  for (size_t i = 0; i < x.size(); i++) n += ((double)x[i] - y[i]) * ((double)x[i] - y[i]), d += (double)y[i] * y[i];
  return std::sqrt(n / (d > 0 ? d : 1));
}
static void test_end_to_end(bool sparse) {
  const Synthetic s = make_synthetic(sparse);
  const TrainOptions o = e2e_options(sparse);
  std::atomic<bool> cancel{false};
  Curve cpu, gpu;
  auto rec = [](Curve& c) {
    return [&c](const Progress& p) {
      if (!p.epoch_end) return;
      c.train_loss.push_back(p.train_loss), c.val_loss.push_back(p.val_loss), c.val_acc.push_back(p.val_accuracy);
    };
  };
  const TrainResult rc_ = train(s.ti.items, s.pairs, o, rec(cpu), cancel);
  const TrainResult rg = rc::train_cuda(s.ti.items, s.pairs, o, rec(gpu), cancel);
  const char* tag = sparse ? "sparse" : "dense";
  bool ok = cpu.train_loss.size() == gpu.train_loss.size();
  std::printf("     e2e %s: epoch  train loss cpu / gpu        val loss cpu / gpu          val acc cpu / gpu\n", tag);
  for (size_t e = 0; ok && e < cpu.train_loss.size(); e++) {
    std::printf("     e2e %s: %5zu  %.6f / %.6f   %.6f / %.6f   %.4f / %.4f\n", tag, e + 1, cpu.train_loss[e], gpu.train_loss[e], cpu.val_loss[e],
                gpu.val_loss[e], cpu.val_acc[e], gpu.val_acc[e]);
    ok = ok && std::fabs(cpu.train_loss[e] - gpu.train_loss[e]) <= 1e-3 * std::fabs(cpu.train_loss[e]) &&
         std::fabs(cpu.val_loss[e] - gpu.val_loss[e]) <= 1e-3 * std::fabs(cpu.val_loss[e]) && std::fabs(cpu.val_acc[e] - gpu.val_acc[e]) <= 0.01;
  }
  expect(ok, std::string("end-to-end ") + tag + ": loss curves within 1e-3 relative, held-out accuracy within 1 point");
  expect(rc_.best_epoch == rg.best_epoch && rc_.epochs_run == rg.epochs_run && rc_.val_pairs == rg.val_pairs,
         std::string("end-to-end ") + tag + ": same split, epochs run and best epoch");
  const double dw = rel_l2(rg.model.w1, rc_.model.w1), dw2 = rel_l2(rg.model.w2, rc_.model.w2);
  char buf[160];
  std::snprintf(buf, sizeof buf, "end-to-end %s: final weights within 1e-2 relative L2 (w1 %.2e, w2 %.2e); cpu acc %.4f gpu acc %.4f", tag, dw, dw2,
                rc_.val_accuracy, rg.val_accuracy);
  expect(dw <= 1e-2 && dw2 <= 1e-2, buf);
  expect(rg.val_accuracy >= 0.8, std::string("end-to-end ") + tag + ": the GPU model learned the planted rule (held-out accuracy ≥ 0.8)");

  // determinism and item placement: a second GPU run, and one with streamed items, give bit-identical weights
  rc::CudaOptions streamed;
  streamed.items = rc::CudaOptions::Items::streamed;
  const TrainResult rg2 = rc::train_cuda(s.ti.items, s.pairs, o, nullptr, cancel);
  const TrainResult rg3 = rc::train_cuda(s.ti.items, s.pairs, o, nullptr, cancel, streamed);
  expect(rg2.model.w1 == rg.model.w1 && rg2.model.w2 == rg.model.w2, std::string("end-to-end ") + tag + ": same seed ⇒ bit-identical GPU weights");
  expect(rg3.model.w1 == rg.model.w1 && rg3.model.b1 == rg.model.b1, std::string("end-to-end ") + tag + ": streamed items ⇒ the same weights as resident");

  // TF32 (tensor cores; only differs from FP32 when cuBLAS is linked): same accuracy within 2 points
  rc::CudaOptions tf;
  tf.precision = rc::Precision::tf32;
  const TrainResult rt = rc::train_cuda(s.ti.items, s.pairs, o, nullptr, cancel, tf);
  std::snprintf(buf, sizeof buf, "end-to-end %s TF32: held-out accuracy %.4f within 2 points of FP32 %.4f", tag, rt.val_accuracy, rg.val_accuracy);
  expect(std::fabs(rt.val_accuracy - rg.val_accuracy) <= 0.02, buf);

  // cancellation
  std::atomic<bool> stop{true};
  bool cancelled = false;
  try {
    rc::train_cuda(s.ti.items, s.pairs, o, nullptr, stop);
  } catch (const Cancelled&) {
    cancelled = true;
  }
  expect(cancelled, std::string("end-to-end ") + tag + ": cancel throws Cancelled");
}

// ---- out of memory is an error naming bytes, not a crash
static void test_oom() {
  const rc::Probe p = rc::probe();
  std::string msg;
  try {
    rc::DeviceBuffer huge((size_t)p.total_memory * 4, "a test allocation four times the card");
  } catch (const rc::OutOfMemory& e) {
    msg = e.what();
  }
  expect(msg.find("needs") != std::string::npos && msg.find("free of") != std::string::npos, "out of memory → OutOfMemory: " + msg);
  msg.clear();
  try {
    rc::require_free(p.total_memory * 2, "a plan twice the card");
  } catch (const rc::OutOfMemory& e) {
    msg = e.what();
  }
  expect(!msg.empty(), "memory plan check → OutOfMemory: " + msg);
}

int main() {
  const rc::Probe p = rc::probe();
  if (!p.available) {
    if (std::getenv("RUNG_PARITY_DRYRUN")) {  // CPU side of the end-to-end cases only: checks the test's own design
      for (bool sparse : {false, true}) {
        const Synthetic s = make_synthetic(sparse);
        std::atomic<bool> cancel{false};
        const TrainResult r = train(s.ti.items, s.pairs, e2e_options(sparse), [](const Progress& q) {
          if (q.epoch_end) std::printf("     cpu epoch %lld: train %.6f val %.6f acc %.4f\n", (long long)q.epoch, q.train_loss, q.val_loss, q.val_accuracy);
        }, cancel);
        std::printf("dry run %s: cpu held-out accuracy %.4f (the GPU must reach ≥ 0.8 and match within 1 point)\n", sparse ? "sparse" : "dense",
                    r.val_accuracy);
      }
    }
    std::printf("SKIPPED: %s\n", p.reason.c_str());
    return 77;
  }
  std::printf("device: %s (cc %d.%d, %d SMs, %s), driver %d, runtime %d, GEMM %s\n", p.name.c_str(), p.cc_major, p.cc_minor, p.sm_count,
              rc::format_bytes(p.total_memory).c_str(), p.driver_version, p.runtime_version, p.gemm.c_str());
  try {
    rc::Context fp32(rc::Precision::fp32);
    test_gemm(fp32, false);
    if (p.gemm == "cublas") {
      rc::Context tf32(rc::Precision::tf32);
      test_gemm(tf32, true);
    }
    for (bool sparse : {false, true})
      for (Activation a : {Activation::relu, Activation::gelu}) test_mlp(fp32, sparse, a);
    test_bt(fp32);
    test_adamw(fp32);
    test_score(false);
    test_score(true);
    test_end_to_end(false);
    test_end_to_end(true);
    test_oom();
  } catch (const std::exception& e) {
    std::printf("FAIL exception: %s\n", e.what());
    failures++;
  }
  std::printf("%d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
