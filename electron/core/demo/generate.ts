// Generates the built-in demo dataset deterministically: step-by-step solutions to word problems, one
// of each pair usually carrying a planted wrong step (carried through to the answer), in three layers.
import { generators, type Problem } from './problems';
import { seededRandom, type Random } from './random';

export const DEMO_SEED = 20261126;
export const DEMO_COUNTS: Record<0 | 1 | 2, number> = { 0: 120, 1: 80, 2: 40 };
/** Share of pairs where both solutions are correct (ground truth: tie). */
const TIE_SHARE = 0.1;

export interface DemoRecord {
  id: string;
  prompt: string;
  response_a: string;
  response_b: string;
  layer: number;
  segments: { a: string[]; b: string[] };
  ground_truth: 'A' | 'B' | 'tie';
  metadata: { demo: true; kind: string; steps: number; wrong: { side: 'A' | 'B'; step: number } | null };
}

const show = (value: number, digits: number): string => (digits === 0 ? String(Math.round(value)) : value.toFixed(digits));

/** A plausible slip: off by a small amount, by ten, or a swapped pair of digits. */
function slip(value: number, digits: number, r: Random): number {
  const unit = digits === 0 ? 1 : 10 ** -digits;
  const kind = r.int(0, 2);
  if (kind === 0) return value + r.pick([-1, 1]) * r.int(1, 3) * unit * (digits === 0 ? 1 : 10);
  if (kind === 1) return value + r.pick([-10, 10]) * (digits === 0 ? 1 : 0.1) * (Math.abs(value) >= 20 ? 1 : 0.1);
  const text = show(value, digits);
  const places = [...text].map((c, i) => (/\d/.test(c) && /\d/.test(text[i + 1] ?? '') && c !== text[i + 1] ? i : -1)).filter((i) => i >= 0);
  if (places.length === 0) return value + unit;
  const i = r.pick(places);
  return Number(text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2));
}

/** Works the steps; with `wrongStep`, that step's shown value is a slip and later steps build on it. */
function solve(problem: Problem, wrongStep: number | null, r: Random): { lines: string[]; values: string[] } {
  const shown: number[] = [];
  const lines = problem.steps.map((s, i) => {
    let value = s.compute(shown);
    const correctText = show(value, s.digits);
    if (i === wrongStep) {
      let wrong = slip(value, s.digits, r);
      if (show(wrong, s.digits) === correctText) wrong = value + (s.digits === 0 ? 1 : 10 ** -s.digits);
      value = wrong;
    }
    shown.push(Number(show(value, s.digits)));
    return s.template.replace(/#(\d|v)/g, (_, ref: string) => (ref === 'v' ? show(value, s.digits) : show(shown[Number(ref)], problem.steps[Number(ref)].digits)));
  });
  return { lines, values: shown.map((v, i) => show(v, problem.steps[i].digits)) };
}

/** A solution with a slip at `wrongStep` whose stated answer differs from the correct one (rounding can hide small slips). */
function solveWrong(problem: Problem, wrongStep: number, correct: { values: string[] }, r: Random): { lines: string[]; values: string[] } {
  const correctAnswer = problem.answer(correct.values);
  for (let attempt = 0; attempt < 20; attempt++) {
    const wrong = solve(problem, wrongStep, r);
    if (problem.answer(wrong.values) !== correctAnswer) return wrong;
  }
  throw new Error(`demo generator: no visible slip found for step ${wrongStep} of "${problem.question}"`);
}

const OPENINGS = ['Let me work through this step by step.', 'Here is the solution.', "Let's solve it carefully.", 'Working it out:'];

function render(problem: Problem, solution: { lines: string[]; values: string[] }, r: Random): { text: string; segments: string[] } {
  const steps = solution.lines.map((line, i) => (problem.steps.length === 1 ? line : `${i + 1}. ${line}`));
  const answer = problem.answer(solution.values);
  const segments = [...steps, answer];
  const parts = [r.pick(OPENINGS), '', steps.join('\n'), '', answer];
  if (problem.check && r.chance(0.5)) parts.push('', 'A check without intermediate rounding:', '', '```python', ...problem.check, '```');
  return { text: parts.join('\n'), segments };
}

/** The same solution under the next opening line: a tie's two renderings can come out word for word the same. */
function reworded(response: { text: string; segments: string[] }): { text: string; segments: string[] } {
  const [opening, ...rest] = response.text.split('\n');
  return { ...response, text: [OPENINGS[(OPENINGS.indexOf(opening) + 1) % OPENINGS.length], ...rest].join('\n') };
}

/** The demo's comparisons per layer at a scale (1: DEMO_COUNTS; larger scales suit simulations that need more pairs). */
export function demoCounts(scale = 1): Record<0 | 1 | 2, number> {
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`the demo scale must be a positive number, got ${scale}`);
  return { 0: Math.round(DEMO_COUNTS[0] * scale), 1: Math.round(DEMO_COUNTS[1] * scale), 2: Math.round(DEMO_COUNTS[2] * scale) };
}

export function generateDemo(seed: number = DEMO_SEED, scale = 1): DemoRecord[] {
  const r = seededRandom(seed);
  const counts = demoCounts(scale);
  const records: DemoRecord[] = [];
  for (const layer of [0, 1, 2] as const) {
    for (let i = 0; i < counts[layer]; i++) {
      const problem = r.pick(generators[layer])(r);
      const tie = r.chance(TIE_SHARE);
      const wrongStep = tie ? null : r.int(0, problem.steps.length - 1);
      const correct = solve(problem, null, r);
      const good = render(problem, correct, r);
      const rendered = render(problem, wrongStep === null ? correct : solveWrong(problem, wrongStep, correct, r), r);
      const other = rendered.text === good.text ? reworded(rendered) : rendered;
      const goodIsA = r.chance(0.5);
      const [a, b] = goodIsA ? [good, other] : [other, good];
      records.push({
        id: `demo-${layer}-${String(i).padStart(3, '0')}`,
        prompt: problem.question,
        response_a: a.text,
        response_b: b.text,
        layer,
        segments: { a: a.segments, b: b.segments },
        ground_truth: tie ? 'tie' : goodIsA ? 'A' : 'B',
        metadata: { demo: true, kind: problem.kind, steps: problem.steps.length, wrong: wrongStep === null ? null : { side: goodIsA ? 'B' : 'A', step: wrongStep } },
      });
    }
  }
  return records;
}
