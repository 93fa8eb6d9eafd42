// The "New run" form's rubric: criterion drafts (key, label, description) and their checks by the contract's own rules
// (electron/api/rubrics.ts), as messages next to the fields they are about. Kept free of React for unit tests.
import { MAX_CRITERIA, NewCriteria } from '../../../../electron/api/rubrics';

export { MAX_CRITERIA };

export interface CriterionDraft {
  /** Stable React key and focus target; never sent. */
  uid: string;
  key: string;
  label: string;
  description: string;
}

export type CriterionErrors = Partial<Record<'key' | 'label' | 'description', string>>;

/** The rule, in one line, as the form states it. */
export const CRITERIA_RULE =
  'None, or up to 8: each verdict in the run then gives one verdict per criterion (the first is the judgment’s own). Keys: a lower-case letter, then lower-case letters, digits, _ or -. Fixed once the run is created.';

let counter = 0;

export function newCriterionDraft(): CriterionDraft {
  counter += 1;
  return { uid: `criterion-${counter}`, key: '', label: '', description: '' };
}

const sentence = (message: string) => `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;

/** createRun's criteria from the drafts, or the messages per draft (and for the list: too many). */
export function validateCriteria(
  drafts: readonly CriterionDraft[],
): { ok: true; criteria: { key: string; label: string; description: string }[] } | { ok: false; errors: CriterionErrors[]; list?: string } {
  const criteria = drafts.map((d) => ({ key: d.key.trim(), label: d.label.trim(), description: d.description.trim() }));
  const parsed = NewCriteria.safeParse(criteria);
  if (parsed.success) return { ok: true, criteria };
  const errors: CriterionErrors[] = drafts.map(() => ({}));
  let list: string | undefined;
  for (const issue of parsed.error.issues) {
    const [index, field] = issue.path as [number | undefined, keyof CriterionErrors | undefined];
    if (index === undefined || field === undefined) list = sentence(issue.message);
    else errors[index][field] ??= sentence(issue.message);
  }
  return { ok: false, errors, ...(list ? { list } : {}) };
}
