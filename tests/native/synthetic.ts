// Synthetic data for the engine tests: a seeded generator, embeddings with a hidden reward function, and
// texts whose preferred response has a property the featurizer can see.
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Random pairs over n items, labelled by reward (a ≻ b ⇒ target 1); pairs with equal reward are left out. */
export function pairsByReward(reward: Float64Array, count: number, rand: () => number) {
  const a: number[] = [], b: number[] = [], target: number[] = [];
  while (a.length < count) {
    const i = Math.floor(rand() * reward.length), j = Math.floor(rand() * reward.length);
    if (i === j || reward[i] === reward[j]) continue;
    a.push(i);
    b.push(j);
    target.push(reward[i] > reward[j] ? 1 : 0);
  }
  return { a: Uint32Array.from(a), b: Uint32Array.from(b), target: Float32Array.from(target) };
}

/** Item 2k against item 2k+1 (each item in one pair, as in real preference data); equal rewards left out. */
export function disjointPairs(reward: Float64Array) {
  const a: number[] = [], b: number[] = [], target: number[] = [];
  for (let i = 0; i + 1 < reward.length; i += 2) {
    if (reward[i] === reward[i + 1]) continue;
    a.push(i);
    b.push(i + 1);
    target.push(reward[i] > reward[i + 1] ? 1 : 0);
  }
  return { a: Uint32Array.from(a), b: Uint32Array.from(b), target: Float32Array.from(target) };
}

/** n items of dimension dim ~ N(0, 1), with reward x·v + 0.5·x0·x1 (a fixed hidden v). */
export function plantedEmbeddings(n: number, dim: number, seed: number, shift = 0) {
  const rand = rng(seed);
  const v = Array.from({ length: dim }, (_, k) => gaussian(rng(1000 + k)) / Math.sqrt(dim));
  const data = new Float32Array(n * dim);
  const reward = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < dim; k++) {
      const x = gaussian(rand) + shift;
      data[i * dim + k] = x;
      r += x * v[k];
    }
    reward[i] = r + 0.5 * data[i * dim] * data[i * dim + 1];
  }
  return { items: { dim, data }, reward };
}

const neutral = Array.from({ length: 300 }, (_, i) => `word${i}`);
const good = ['clearly', 'because', 'therefore', 'precisely', 'verified', 'example', 'specifically', 'evidence'];
const bad = ['maybe', 'whatever', 'dunno', 'probably', 'guess', 'somehow', 'stuff', 'random'];

/** Responses of 20–60 neutral words; some contain a word of evidence (good), some a hedge (bad); reward = has good − has bad. */
export function plantedTexts(n: number, seed: number) {
  const rand = rng(seed);
  const prompts: string[] = [], responses: string[] = [];
  const reward = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const words: string[] = [];
    const length = 20 + Math.floor(rand() * 40);
    for (let k = 0; k < length; k++) words.push(neutral[Math.floor(rand() * neutral.length)]);
    const g = rand() < 0.5 ? 1 + Math.floor(rand() * 2) : 0, b = rand() < 0.5 ? 1 + Math.floor(rand() * 2) : 0;
    for (let k = 0; k < g; k++) words.splice(Math.floor(rand() * words.length), 0, good[Math.floor(rand() * good.length)]);
    for (let k = 0; k < b; k++) words.splice(Math.floor(rand() * words.length), 0, bad[Math.floor(rand() * bad.length)]);
    prompts.push(`Question ${i}: ${neutral[Math.floor(rand() * neutral.length)]}?`);
    responses.push(words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.');
    reward[i] = Math.sign(g) - Math.sign(b);
  }
  return { texts: { prompts, responses }, reward };
}
