// report.html of an experiment: one self-contained page (inline CSS and SVG, nothing fetched, no external address),
// readable offline and printable — the five claims with their intervals and readings, a chart of them, and each
// condition's figures per layer, averaged over seeds.
import type { Claim } from './claims';
import type { Condition } from './presets';
import type { LayerSummary, RunSummary } from './run-summary';

export interface ReportInput {
  preset: string;
  scale: number;
  seeds: number;
  startedAt: string;
  seconds: number;
  conditions: readonly Condition[];
  runs: readonly RunSummary[];
  claims: readonly Claim[];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

/** The mean of the defined values, NaN when there are none. */
function mean(values: readonly (number | null)[]): number {
  const defined = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return defined.length === 0 ? Number.NaN : defined.reduce((s, x) => s + x, 0) / defined.length;
}

/** The claims as dots with 95% whiskers on one percentage axis. */
function claimsChart(claims: readonly Claim[]): string {
  const shown = claims.filter((c) => c.value !== null && c.ci !== null);
  const width = 640;
  const left = 150;
  const right = 20;
  const rowHeight = 30;
  const height = 40 + rowHeight * Math.max(1, shown.length);
  const low = Math.min(0, ...shown.map((c) => c.ci![0]));
  const high = Math.max(1, ...shown.map((c) => c.ci![1]));
  const x = (v: number) => left + ((v - low) / (high - low)) * (width - left - right);
  const ticks: string[] = [];
  for (let t = Math.ceil(low * 5) / 5; t <= high + 1e-9; t += 0.2) {
    ticks.push(`<line x1="${x(t)}" x2="${x(t)}" y1="10" y2="${height - 20}" class="grid"/><text x="${x(t)}" y="${height - 5}" class="tick">${Math.round(t * 100)}%</text>`);
  }
  const rows = shown.map((c, i) => {
    const y = 25 + i * rowHeight;
    return (
      `<text x="${left - 8}" y="${y + 4}" class="label">${escape(c.id)}</text>` +
      `<line x1="${x(c.ci![0])}" x2="${x(c.ci![1])}" y1="${y}" y2="${y}" class="whisker"/>` +
      `<circle cx="${x(c.value!)}" cy="${y}" r="5" class="dot"><title>${escape(`${c.id}: ${pct(c.value)} (95% CI ${pct(c.ci![0])} to ${pct(c.ci![1])})`)}</title></circle>`
    );
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="The claims with 95% intervals over seeds">${ticks.join('')}<line x1="${x(0)}" x2="${x(0)}" y1="10" y2="${height - 20}" class="zero"/>${rows.join('')}</svg>`;
}

function claimsTable(claims: readonly Claim[]): string {
  const rows = claims.map(
    (c) =>
      `<tr><td><code>${escape(c.id)}</code></td><td class="n">${pct(c.value)}</td><td class="n">${c.ci ? `${pct(c.ci[0])} to ${pct(c.ci[1])}` : '—'}</td><td class="n">${c.seeds}</td><td>${escape(c.note)}<div class="metric">${escape(c.metric)}</div></td></tr>`,
  );
  return `<table><thead><tr><th>claim</th><th>value</th><th>95% CI</th><th>seeds</th><th>reading</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Per condition and layer: the mean over seeds of the figures a reader compares. */
function conditionTable(condition: Condition, runs: readonly RunSummary[]): string {
  const layers = runs[0]?.layers.map((l) => l.layer) ?? [];
  const at = (layer: number, read: (l: LayerSummary) => number | null) => mean(runs.map((r) => read(r.layers[layer])));
  const bias = condition.rm0Bias.kind === 'none' ? 'length' : condition.rm0Bias.kind;
  const rows = layers.map(
    (k) =>
      `<tr><td class="n">${k}</td><td class="n">${num(at(k, (l) => l.humanLabels))}</td><td class="n">${num(at(k, (l) => l.humanLabelsSaved))}</td><td class="n">${pct(at(k, (l) => l.labelAccuracy.rate))}</td>` +
      `<td class="n">${pct(at(k, (l) => l.assistedAccuracy.rate))}</td><td class="n">${pct(at(k, (l) => l.unassistedAccuracy.rate))}</td><td class="n">${pct(at(k, (l) => l.autoLabelError.rate))}</td>` +
      `<td class="n">${pct(at(k, (l) => l.thresholdErrorBound))}</td><td class="n">${pct(at(k, (l) => l.bias[bias].labels.rate))}</td><td class="n">${num(at(k, (l) => l.checks.flaggedWrongLabels), 1)} of ${num(at(k, (l) => l.checks.wrongLabels), 1)}</td></tr>`,
  );
  return (
    `<h3>${escape(condition.label)} <code>${escape(condition.id)}</code></h3>` +
    `<p class="settings">assistance ${condition.assistance ? 'shown' : 'not shown'}; RM0 bias ${escape(condition.rm0Bias.kind)}${condition.rm0Bias.kind === 'none' ? '' : ` on ${pct(condition.rm0Bias.share)} of the seed items it can touch`}; over-trust ${condition.overtrust}; target ${pct(condition.target)}; ${runs.length} seeds</p>` +
    `<table><thead><tr><th>layer</th><th>human labels</th><th>saved</th><th>label acc.</th><th>assisted acc.</th><th>unassisted acc.</th><th>auto-label error</th><th>certified bound</th><th>labels on the ${escape(bias)} side</th><th>wrong labels flagged</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** The report's one style sheet, inline: the app's CSP allows exactly this <style> element by its hash (web/csp.ts), so
 *  the Experiments page can show report.html in a sandboxed srcdoc frame, which inherits that policy. */
export const REPORT_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; margin: 2em auto; max-width: 1000px; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; font-size: 1.2em; } h3 { font-size: 1em; margin: 1.4em 0 0.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; } th, td { border-bottom: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.metric, .settings, .meta { color: #57606a; font-size: 0.9em; } code { font-size: 0.92em; }
svg .grid { stroke: #e5e7eb; } svg .zero { stroke: #57606a; } svg .whisker { stroke: #0969da; stroke-width: 2; } svg .dot { fill: #0969da; }
svg .tick { font-size: 11px; text-anchor: middle; fill: #57606a; } svg .label { font-size: 12px; text-anchor: end; fill: #1b1f24; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
`;

export function reportHtml(input: ReportInput): string {
  const byCondition = input.conditions.map((c) => conditionTable(c, input.runs.filter((r) => r.condition === c.id)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rung oversight report (${escape(input.preset)}, ${input.seeds} seeds)</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<h1>Oversight report</h1>
<p class="meta">Preset <b>${escape(input.preset)}</b>: ${input.conditions.length} conditions × ${input.seeds} seeds on the demo ladder at scale ${input.scale} (${input.scale * 120}/${input.scale * 80}/${input.scale * 40} comparisons on layers 0/1/2), three simulated evaluators per run; started ${escape(input.startedAt)}, took ${Math.round(input.seconds)} s. Simulated evaluators know the ground truth, so every figure below can be checked against it; a lab's own ladder cannot.</p>
<h2>Claims</h2>
${claimsChart(input.claims)}
${claimsTable(input.claims)}
<p class="meta">Intervals are 95% over seeds: Student's t for means, Wilson for the share of seeds. "People alone" in cost-reduction and quality-gain is not run: it is computed from the simulator's own error model (each unassisted verdict wrong with the evaluators' chance for an item of that many steps, independently), as majorities of several verdicts per top-layer comparison.</p>
<h2>Conditions, per layer (means over seeds)</h2>
<p class="meta">Accuracies and errors are against the ground truth: labels are the simulated people's consensus where they judged, else the auto-label; auto-label error and label accuracy count comparisons with a decisive ground truth. "Labels on the … side": on the items where that bias's side is the wrong one, the share of labels that took it (for conditions without a planted bias, the length bias's baseline).</p>
${byCondition.join('\n')}
</body>
</html>
`;
}
