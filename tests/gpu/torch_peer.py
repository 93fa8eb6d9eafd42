#!/usr/bin/env python3
"""PyTorch peer for the GPU benchmark (issue 5): the same ensemble MLP (D -> H ReLU -> 1, M members as one
D x M*H weight), the same per-member Bradley-Terry loss and AdamW (decay on weights only), the same W1 workload,
timed in eager mode and with torch.compile where it works, FP32 and TF32. Writes JSON (--out FILE).
Exits 0 with {"skipped": true, ...} when PyTorch or a CUDA device is missing."""
import argparse
import json
import math
import statistics
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="")
    ap.add_argument("--items", type=int, default=200_000)
    ap.add_argument("--pairs", type=int, default=500_000)
    ap.add_argument("--dim", type=int, default=768)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--members", type=int, default=5)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--no-compile", action="store_true")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    if a.quick:
        a.items, a.pairs, a.epochs = 20_000, 50_000, 2

    def write(obj):
        if a.out:
            with open(a.out, "w") as f:
                json.dump(obj, f, indent=1)
        print(json.dumps(obj, indent=1))

    try:
        import torch
        import torch.nn.functional as F
    except Exception as e:  # noqa: BLE001
        write({"skipped": True, "reason": f"PyTorch not importable: {e}"})
        return 0
    if not torch.cuda.is_available():
        write({"skipped": True, "reason": "torch.cuda.is_available() is False", "torch": torch.__version__})
        return 0

    dev = torch.device("cuda")
    N, D, P, H, M, B = a.items, a.dim, a.pairs, a.hidden, a.members, a.batch
    MH = M * H
    g = torch.Generator(device=dev).manual_seed(1)
    X = torch.rand(N, D, device=dev, generator=g) * 2 - 1
    u = torch.rand(D, device=dev, generator=g) * 2 - 1
    reward = X @ u
    pa = torch.randint(0, N, (P,), device=dev, generator=g)
    pb = torch.randint(0, N, (P,), device=dev, generator=g)
    tgt = (reward[pa] > reward[pb]).float()
    wts = torch.ones(P, M, device=dev)
    flops_per_epoch = 8.0 * D * MH * P

    def make_params():
        gg = torch.Generator(device=dev).manual_seed(2)
        W1 = (torch.randn(D, MH, device=dev, generator=gg) * math.sqrt(2.0 / D)).requires_grad_()
        b1 = torch.zeros(MH, device=dev, requires_grad=True)
        w2 = (torch.randn(MH, device=dev, generator=gg) / math.sqrt(H)).requires_grad_()
        b2 = torch.zeros(M, device=dev, requires_grad=True)
        return W1, b1, w2, b2

    def loss_fn(W1, b1, w2, b2, ia, ib, t, w):
        n = ia.shape[0]
        x = X.index_select(0, torch.cat([ia, ib]))
        h = torch.relu(torch.addmm(b1, x, W1))
        r = (h.view(-1, M, H) * w2.view(M, H)).sum(-1) + b2  # [2n, M]
        d = r[:n] - r[n:]
        per_member = (w * (F.softplus(d) - t[:, None] * d)).sum(0) / w.sum(0)
        return per_member.sum(), per_member.detach()

    def run(mode: str, tf32: bool):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        W1, b1, w2, b2 = make_params()
        try:
            opt = torch.optim.AdamW([{"params": [W1, w2], "weight_decay": 0.01}, {"params": [b1, b2], "weight_decay": 0.0}],
                                    lr=1e-3, betas=(0.9, 0.999), eps=1e-8, fused=True)
            fused = True
        except Exception:  # noqa: BLE001
            opt = torch.optim.AdamW([{"params": [W1, w2], "weight_decay": 0.01}, {"params": [b1, b2], "weight_decay": 0.0}],
                                    lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
            fused = False
        fn = torch.compile(loss_fn) if mode == "compile" else loss_fn
        gperm = torch.Generator(device=dev).manual_seed(3)

        def epoch():
            perm = torch.randperm(P, device=dev, generator=gperm)
            acc = torch.zeros((), device=dev)
            steps = 0
            for s in range(0, P, B):
                idx = perm[s:s + B]
                opt.zero_grad(set_to_none=True)
                total, per = fn(W1, b1, w2, b2, pa[idx], pb[idx], tgt[idx], wts[idx])
                total.backward()
                opt.step()
                acc += per.mean()
                steps += 1
            return acc, steps

        times, losses = [], []
        t_first = None
        for e in range(a.epochs + 1):
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            acc, steps = epoch()
            torch.cuda.synchronize()
            dt = time.perf_counter() - t0
            losses.append(acc.item() / steps)
            if e == 0:
                t_first = dt
            else:
                times.append(dt)
            print(f"  torch {mode} {'tf32' if tf32 else 'fp32'} epoch {e}: {dt:.4f} s, mean loss {losses[-1]:.5f}", file=sys.stderr)
        ep = statistics.median(times)
        # scoring: mean and std over members for every item, chunks of 65,536, no autograd
        with torch.no_grad():
            def score():
                for i0 in range(0, N, 65536):
                    x = X[i0:i0 + 65536]
                    r = (torch.relu(torch.addmm(b1, x, W1)).view(-1, M, H) * w2.view(M, H)).sum(-1) + b2
                    r.mean(1), r.std(1, correction=0)
            score()
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            score()
            torch.cuda.synchronize()
            items_per_s = N / (time.perf_counter() - t0)
        return {"precision": "tf32" if tf32 else "fp32", "fused_adamw": fused, "first_epoch_s": t_first, "epoch_s": ep, "epochs_s": times,
                "pairs_per_s": P / ep, "tflops": flops_per_epoch / ep / 1e12, "first_epoch_loss": losses[0], "last_epoch_loss": losses[-1],
                "score_resident_items_per_s": items_per_s}

    res = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0),
           "workload": {"items": N, "dim": D, "pairs": P, "hidden": H, "members": M, "batch": B, "mflop_per_pair": 8.0 * D * MH / 1e6},
           "eager": [], "compile": []}
    for tf32 in (False, True):
        res["eager"].append(run("eager", tf32))
    if a.no_compile:
        res["compile_error"] = "skipped (--no-compile)"
    else:
        for tf32 in (False, True):
            try:
                res["compile"].append(run("compile", tf32))
            except Exception as e:  # noqa: BLE001
                res["compile_error"] = f"{type(e).__name__}: {str(e)[:500]}"
                break
    write(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
