// Test data for deferral: a layer whose better response says "correct" (a signal a reward model learns at once),
// 420 comparisons judged by one person, 60 clear and 30 undecidable ones pending, and one comparison in layer 1.
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
