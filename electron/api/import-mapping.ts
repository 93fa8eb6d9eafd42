// The `mapped` import format's column mapping: which fields hold the prompt, the two responses and the label, and which
// label value means A, B or tie — one rule with one message each, for importDataset's params, the page and `rung import`.
import { z } from 'zod';
import { shownValue } from './rules';

/** A label value as a file writes it: numbers and strings differ (1 is not "1"). */
export type LabelValue = string | number | boolean | null;
export type LabelChoice = 'A' | 'B' | 'tie';

/** How messages and the text form write a label value: JSON (a string quoted). */
export const labelValueText = (value: LabelValue): string => JSON.stringify(value);

const MALFORMED = 'must be VALUE=CHOICE pairs separated by commas, each CHOICE a, b or tie (e.g. "0=a,1=b,2=tie")';
const CHOICES: Record<string, LabelChoice> = { a: 'A', b: 'B', tie: 'tie' };

/** A value of the text form: JSON when it reads as a JSON scalar (`1`, `"1"`, `true`, `null`), else the bare text. */
function valueOf(text: string): LabelValue {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as LabelValue;
  } catch {
    // bare text
  }
  return text;
}

/** The text form `0=a,1=b,2=tie` (a "quoted" value may hold commas and `=`) as pairs; null when malformed. */
export function parseLabelValues(text: string): { value: LabelValue; choice: LabelChoice }[] | null {
  const pairs: { value: LabelValue; choice: LabelChoice }[] = [];
  const item = /\s*("(?:[^"\\]|\\.)*"|[^,="]+?)\s*=\s*([A-Za-z]+)\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    item.lastIndex = at;
    const match = item.exec(text);
    const choice = match ? CHOICES[match[2].toLowerCase()] : undefined;
    if (!match || !choice) return null;
    pairs.push({ value: valueOf(match[1]), choice });
    at = item.lastIndex;
    if (match[3] === ',' && at === text.length) return null; // a trailing comma
  }
  return pairs.length > 0 ? pairs : null;
}

/** A field's name; prompt, a and b are required with format mapped (checkFormatMapping), after the format itself is checked. */
const fieldName = z.string('must be a field name (text)').min(1, 'must be a field name, not empty').max(1000, 'must be a field name of at most 1000 characters');
const roles = { prompt: 'the prompt', a: 'response A', b: 'response B' } as const;

const LabelPair = z
  .object({
    value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()], { error: 'must be a JSON string, number, boolean or null' }),
    choice: z.enum(['A', 'B', 'tie'], { error: 'must be A, B or tie' }),
  })
  .strict();

const LabelPairs = z.array(LabelPair).min(1, 'must map at least one value').max(1000, 'must map at most 1000 values');

/** Label values: the text form (`0=a,1=b,2=tie`) or a list of {value, choice}; each value once. */
export const LabelValues = z
  .union([z.string(), z.array(z.unknown())], { error: (issue) => `${MALFORMED}, got "${shownValue(issue.input)}"` })
  .transform((input, ctx) => {
    if (typeof input === 'string') return parseLabelValues(input) ?? (ctx.addIssue({ code: 'custom', message: `${MALFORMED}, got "${input}"` }), z.NEVER);
    const list = LabelPairs.safeParse(input);
    if (!list.success) for (const issue of list.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return list.success ? list.data : z.NEVER;
  })
  .superRefine((pairs, ctx) => {
    const seen = new Set<string>();
    for (const { value } of pairs) {
      const key = labelValueText(value);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `maps ${key} twice` });
      seen.add(key);
    }
  });

/** Which fields of each record hold the prompt, response A, response B and (optionally) the label, and what its values mean. */
export const ColumnMapping = z
  .object({
    prompt: fieldName.optional(),
    a: fieldName.optional(),
    b: fieldName.optional(),
    label: fieldName.optional(),
    labelValues: LabelValues.optional(),
  }, { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object {prompt, a, b, label?, labelValues?}' : undefined) })
  .strict();
/** A mapping as importDataset passes it on: prompt, a and b named. */
export type ColumnMapping = z.output<typeof ColumnMapping> & { prompt: string; a: string; b: string };

/** importDataset's rule between format and mapping: a mapping goes with format mapped, which needs one naming prompt, a and b, and label
 * values exactly when it names a label. */
export function checkFormatMapping<P extends { format: string; mapping?: Partial<ColumnMapping> }>(p: P, ctx: z.RefinementCtx): void {
  if (p.format !== 'mapped') {
    if (p.mapping !== undefined) ctx.addIssue({ code: 'custom', path: ['format'], message: `must be mapped when fields are mapped (prompt, a, b, label), got "${p.format}"` });
    return;
  }
  if (p.mapping === undefined) return void ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'is required with format mapped: {prompt, a, b, label?, labelValues?}' });
  for (const [role, holds] of Object.entries(roles)) {
    if (p.mapping[role as keyof typeof roles] === undefined) ctx.addIssue({ code: 'custom', path: ['mapping', role], message: `is required with format mapped: the field that holds ${holds}` });
  }
  const { label, labelValues } = p.mapping;
  if (label !== undefined && labelValues === undefined) ctx.addIssue({ code: 'custom', path: ['mapping', 'label'], message: 'needs its values mapped to a, b or tie (label values, e.g. "0=a,1=b,2=tie")' });
  if (label === undefined && labelValues !== undefined) ctx.addIssue({ code: 'custom', path: ['mapping', 'labelValues'], message: 'maps the values of no field: name the label field too' });
}

/** importDataset's params once checkFormatMapping has passed them: a mapping names prompt, a and b. */
export const withCompleteMapping = <P extends { mapping?: Partial<ColumnMapping> }>(p: P) => p as Omit<P, 'mapping'> & { mapping?: ColumnMapping };
