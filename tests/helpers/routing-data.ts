// Test data for deferral: a layer whose better response says "correct" (a signal a reward model learns at once),
// 420 comparisons judged by one person, 60 clear and 30 undecidable ones pending, and one comparison in layer 1;
// and a run over it with RM0 trained and layer 0 routed.
import { expect } from 'vitest';
import type { ServiceFixture } from './api';
import { uploadSource } from './store';
export function routingRows() {
  const out = [];
  for (let i = 0; i < 510; i++) {
    const aGood = (i * 7) % 3 !== 0;
    const clear = i < 480;
    const good = clear ? `answer ${i}: this is correct and checked` : `answer ${i}: one way to see it`;
    const bad = clear ? `answer ${i}: this is wrong and unchecked` : `answer ${i}: another way to see it`;
    out.push({
      id: `r${i}`,
      prompt: `Problem number ${i}`,
      response_a: aGood ? good : bad,
      response_b: aGood ? bad : good,
      layer: 0,
      judgments: i < 420 ? [{ evaluator: 'ann', choice: aGood ? 'A' : 'B' }] : [],
    });
  }
  out.push({ id: 'top', prompt: 'Hard one', response_a: 'x', response_b: 'y', layer: 1 });
  return out;
}

/** Judged, pending (of them undecidable) and layer-1 counts of routingRows(). */
export const ROUTING_COUNTS = { judged: 420, pending: 90, undecidable: 30, layer0: 510 };

/** Imports routingRows, creates a two-layer run, trains RM0 and routes layer 0 (auditing auditShare of the auto-labels). */
export async function routedRun(s: ServiceFixture, name: string, auditShare = 0.1) {
  await s.value('importDataset', { source: uploadSource('route.jsonl', routingRows()) });
  const run = await s.value('createRun', { name, layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  let job = await s.value('startTraining', { runId: run.id, layer: 0, holdout: 0.25, seed: 3 });
  while (job.status === 'running') {
    await new Promise((r) => setTimeout(r, 50));
    job = await s.value('getTrainingJob', { jobId: job.id });
  }
  expect(job.status).toBe('done');
  const routed = await s.value('routeLayer', { runId: run.id, layer: 0, target: 0.05, confidence: 0.95, auditShare, seed: 2 });
  return { run, routed };
}
