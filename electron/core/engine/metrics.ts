// Held-out metrics of pairwise predictions: accuracy (ties left out), log loss, expected calibration error,
// and the always-prefer-the-longer-response baseline on the same pairs.
export interface PairMetrics {
  pairs: number;
  /** pairs with a decided (non-tie) target, the denominator of the accuracies */
  decided: number;
  accuracy: number | null;
  logLoss: number | null;
  /** 10 equal-width bins of P(a ≻ b) over decided pairs: Σ (bin size / n) · |mean prediction − share where a won| */
  ece: number | null;
  lengthBaselineAccuracy: number | null;
}

/** prob[p] = predicted P(a ≻ b); target[p] ∈ {0, 0.5, 1}; lengthA/B in characters (a tie in length counts half). */
export function pairMetrics(prob: ArrayLike<number>, target: ArrayLike<number>, lengthA: ArrayLike<number>, lengthB: ArrayLike<number>): PairMetrics {
  const n = prob.length;
  let decided = 0, correct = 0, longer = 0, loss = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, won: 0 }));
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(prob[i], 1e-7), 1 - 1e-7), t = target[i];
    loss -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    if (t === 0.5) continue;
    decided++;
    const aWon = t > 0.5;
    correct += prob[i] === 0.5 ? 0.5 : (prob[i] > 0.5) === aWon ? 1 : 0;
    longer += lengthA[i] === lengthB[i] ? 0.5 : (lengthA[i] > lengthB[i]) === aWon ? 1 : 0;
    const bin = bins[Math.min(9, Math.floor(prob[i] * 10))];
    bin.n++;
    bin.p += prob[i];
    bin.won += aWon ? 1 : 0;
  }
  const ece = decided ? bins.reduce((s, b) => s + (b.n ? (b.n / decided) * Math.abs(b.p / b.n - b.won / b.n) : 0), 0) : null;
  return {
    pairs: n,
    decided,
    accuracy: decided ? correct / decided : null,
    logLoss: n ? loss / n : null,
    ece,
    lengthBaselineAccuracy: decided ? longer / decided : null,
  };
}
