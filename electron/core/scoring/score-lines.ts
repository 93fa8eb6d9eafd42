// A lab's scores file for `rung scores import`: JSONL, one comparison per line (blank lines skipped), named by its id
// ({"comparison_id", ...}) or by its texts ({"prompt", "response_a", "response_b", ...}), with "reward_a" and
// "reward_b" (finite numbers) and optionally "std_a" and "std_b" (finite, ≥ 0; null: none). Read strictly: a bad line
// is refused as `file:line: field: what is wrong`, and so is any field not named here (a misspelt "std_A" is not lost).
import { importError } from '../datasets/errors';
import { parseStrictJson, StrictJsonError } from '../strict-json';

export type ScoreRef = { comparisonId: string } | { prompt: string; responseA: string; responseB: string };

export interface ScoreLine {
  line: number;
  ref: ScoreRef;
  rewardA: number;
  rewardB: number;
  stdA: number | null;
  stdB: number | null;
}

const FIELDS = ['comparison_id', 'prompt', 'response_a', 'response_b', 'reward_a', 'reward_b', 'std_a', 'std_b'];
const TEXTS = ['prompt', 'response_a', 'response_b'] as const;

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** Python's json.dumps writes NaN, Infinity and -Infinity, which are not JSON: the field that holds one, if any. */
function nonFiniteField(raw: string): { field: string; token: string } | null {
  const found = /"([^"\\]{1,64})"\s*:\s*(-?Infinity|NaN)\b/.exec(raw);
  return found ? { field: found[1], token: found[2] } : null;
}

/** The scores of one parsed line (see the file's comment); throws naming file, line and field. */
function scoreLine(file: string, line: number, record: unknown): ScoreLine {
  const fail = (field: string | null, message: string) => importError(file, line, field, message);
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw fail(null, 'must be a JSON object with comparison_id (or prompt, response_a and response_b), reward_a and reward_b');
  }
  const r = record as Record<string, unknown>;
  const unknown = Object.keys(r).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) throw fail(unknown, `unknown field (a line holds ${FIELDS.join(', ')})`);

  let ref: ScoreRef;
  const byTexts = TEXTS.some((field) => field in r);
  if ('comparison_id' in r) {
    if (byTexts) throw fail(TEXTS.find((field) => field in r)!, 'give comparison_id or prompt, response_a and response_b, not both');
    const id = r.comparison_id;
    if (typeof id !== 'string' || id.trim() === '') throw fail('comparison_id', `must be a non-empty string, got ${typeof id === 'string' ? 'an empty one' : typeName(id)}`);
    ref = { comparisonId: id };
  } else if (byTexts) {
    for (const field of TEXTS) {
      if (!(field in r)) throw fail(field, 'is missing (a comparison named by its texts needs prompt, response_a and response_b)');
      if (typeof r[field] !== 'string') throw fail(field, `must be a string, got ${typeName(r[field])}`);
    }
    ref = { prompt: r.prompt as string, responseA: r.response_a as string, responseB: r.response_b as string };
  } else {
    throw fail('comparison_id', 'is missing (name the comparison by comparison_id, or by prompt, response_a and response_b)');
  }

  const reward = (field: 'reward_a' | 'reward_b'): number => {
    const value = r[field];
    if (value === undefined) throw fail(field, 'is missing');
    if (typeof value !== 'number') throw fail(field, `must be a number, got ${typeName(value)}`);
    return value;
  };
  const std = (field: 'std_a' | 'std_b'): number | null => {
    const value = r[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number') throw fail(field, `must be a number or null, got ${typeName(value)}`);
    if (value < 0) throw fail(field, `must be at least 0, got ${value}`);
    return value;
  };
  return { line, ref, rewardA: reward('reward_a'), rewardB: reward('reward_b'), stdA: std('std_a'), stdB: std('std_b') };
}

/** The scores of a file's text, one per non-blank line; `file` is how messages name it. Throws at the first bad line. */
export function readScoreLines(file: string, text: string): ScoreLine[] {
  const out: ScoreLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    let record: unknown;
    try {
      record = parseStrictJson(raw);
    } catch (error) {
      if (!(error instanceof StrictJsonError)) throw error;
      const bad = nonFiniteField(raw);
      if (bad) throw importError(file, i + 1, bad.field, `${bad.token} is not a finite number (Python's json.dumps writes it for a float that is not): every reward and std must be finite`);
      throw importError(file, i + 1, error.path || null, error.message);
    }
    out.push(scoreLine(file, i + 1, record));
  }
  return out;
}
