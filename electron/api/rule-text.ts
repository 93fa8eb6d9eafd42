// A layer's rule as text, shared by the Ladder page's "New run" form and `rung run create --layer "NAME=RULE"`: the
// form's parsers of counts and metadata values, and the rule language of the command line —
// dataset=NAME_OR_ID, layer=N, length<=N, length>=N, length=N..M (both responses' characters together, as the form
// counts them), segments>=N, segments<=N, segments=N..M, meta.KEY=VALUE[,VALUE…].
import type { z } from 'zod';
import type { LayerRule as LayerRuleSchema } from './ladder';

export type LayerRule = z.infer<typeof LayerRuleSchema>;

export const MAX_VALUES = 100;
export const MAX_VALUE_CHARS = 200;
export const MAX_FIELD_LAYER = 1000;
export const METADATA_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** An optional whole number ≥ 0 (empty → undefined), with a plain-words message otherwise. */
export function parseCount(text: string, max = Number.MAX_SAFE_INTEGER): Parsed<number | undefined> {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(t)) return { ok: false, message: 'Enter a whole number of 0 or more.' };
  const n = Number(t);
  if (n > max) return { ok: false, message: `At most ${max}.` };
  return { ok: true, value: n };
}

/**
 * Comma-separated metadata values: numbers become numbers (the data's JSON numbers only match numbers),
 * "quoted" values stay text (commas allowed inside quotes), empty entries are dropped.
 */
export function parseValues(text: string): Parsed<(string | number)[]> {
  const values: (string | number)[] = [];
  let i = 0;
  const s = text;
  while (i <= s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) return { ok: false, message: 'A quote is not closed.' };
      values.push(s.slice(i + 1, end));
      i = end + 1;
      while (i < s.length && /\s/.test(s[i])) i++;
      if (i < s.length && s[i] !== ',') return { ok: false, message: 'Put a comma after a quoted value.' };
      i++;
      continue;
    }
    const comma = s.indexOf(',', i);
    const end = comma < 0 ? s.length : comma;
    const raw = s.slice(i, end).trim();
    if (raw !== '') values.push(/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
    i = end + 1;
  }
  if (values.length === 0) return { ok: false, message: 'Enter at least one value.' };
  if (values.length > MAX_VALUES) return { ok: false, message: `At most ${MAX_VALUES} values.` };
  const long = values.find((v) => typeof v === 'string' && v.length > MAX_VALUE_CHARS);
  if (long !== undefined) return { ok: false, message: `A value may have at most ${MAX_VALUE_CHARS} characters.` };
  return { ok: true, value: values };
}

/** The rule language's forms, for messages and help. */
export const RULE_FORMS = 'dataset=NAME_OR_ID, layer=N, length<=N, length>=N, length=N..M, segments>=N, segments<=N, segments=N..M or meta.KEY=VALUE[,VALUE…]';

/**
 * One rule from its text. `datasetId` resolves a dataset's name or id (and returns a message when it cannot). The same
 * checks as the form's: whole numbers ≥ 0, a range's maximum not below its minimum, a plain metadata key, 1–100 values.
 */
export function parseRuleText(text: string, datasetId: (nameOrId: string) => Parsed<string>): Parsed<LayerRule> {
  const t = text.trim();
  const bad = (why: string): Parsed<LayerRule> => ({ ok: false, message: why });
  const count = (s: string, max?: number) => {
    const n = parseCount(s, max);
    return n.ok && n.value === undefined ? ({ ok: false, message: 'Enter a whole number of 0 or more.' } as const) : n;
  };
  let m = /^dataset=(.+)$/.exec(t);
  if (m) {
    const id = datasetId(m[1].trim());
    return id.ok ? { ok: true, value: { kind: 'datasets', datasetIds: [id.value] } } : bad(id.message);
  }
  m = /^layer=(.*)$/.exec(t);
  if (m) {
    const n = count(m[1], MAX_FIELD_LAYER);
    return n.ok ? { ok: true, value: { kind: 'field', layer: n.value! } } : bad(n.message);
  }
  m = /^(length|segments)\s*(<=|>=|=)\s*(.*)$/.exec(t);
  if (m) {
    const [, what, op, rest] = m;
    let min: number | undefined, max: number | undefined;
    if (op === '=') {
      const r = /^(\S*)\s*\.\.\s*(\S*)$/.exec(rest.trim());
      if (!r) return bad(`write ${what}=N..M for a range`);
      const [lo, hi] = [count(r[1]), count(r[2])];
      if (!lo.ok) return bad(lo.message);
      if (!hi.ok) return bad(hi.message);
      if (lo.value! > hi.value!) return bad('The maximum is below the minimum.');
      [min, max] = [lo.value, hi.value];
    } else {
      const n = count(rest);
      if (!n.ok) return bad(n.message);
      if (op === '>=') min = n.value;
      else max = n.value;
    }
    if (what === 'length') return { ok: true, value: { kind: 'length', ...(min !== undefined ? { minChars: min } : {}), ...(max !== undefined ? { maxChars: max } : {}) } };
    return { ok: true, value: { kind: 'segments', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } };
  }
  m = /^meta\.([^=]*)=(.*)$/.exec(t);
  if (m) {
    const key = m[1].trim();
    if (!METADATA_KEY.test(key)) return bad('Use a plain identifier: letters, digits and underscores, not starting with a digit (at most 64).');
    const values = parseValues(m[2]);
    return values.ok ? { ok: true, value: { kind: 'metadata', key, values: values.value } } : bad(values.message);
  }
  return bad(`a rule is ${RULE_FORMS}`);
}
