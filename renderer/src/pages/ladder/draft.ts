// The "New run" form's state and its checks, kept free of React so they can be unit-tested: a layer
// draft holds the text of every rule kind's inputs (switching kinds loses nothing), and validateRun turns
// the drafts into createRun's params or into messages shown next to the fields they are about.
import type { Params } from '../../../../electron/api/contract';
import { MAX_FIELD_LAYER, MAX_VALUES, MAX_VALUE_CHARS, METADATA_KEY, parseCount, parseValues } from '../../../../electron/api/rule-text';
import { validateCriteria, type CriterionDraft, type CriterionErrors } from './criteria-draft';

export { MAX_FIELD_LAYER, MAX_VALUES, MAX_VALUE_CHARS, parseCount, parseValues };

export type CreateRunParams = Params<'createRun'>;
export type LayerRule = CreateRunParams['layers'][number]['rule'];
export type RuleKind = LayerRule['kind'];

export const ruleKinds: { kind: RuleKind; label: string; hint: string }[] = [
  { kind: 'datasets', label: 'Datasets', hint: 'Every comparison of the chosen datasets.' },
  { kind: 'field', label: "The data's layer field", hint: 'Comparisons whose own "layer" field has this number.' },
  { kind: 'length', label: 'Response length', hint: 'Both responses together, in characters. Leave a bound empty for no limit.' },
  { kind: 'segments', label: 'Number of segments', hint: "The larger segment count of the two responses (0 where the data gave none). Leave a bound empty for no limit." },
  { kind: 'metadata', label: 'Metadata value', hint: 'Comparisons whose metadata key has one of these values. Numbers match as numbers; put a value in "quotes" to match it as text.' },
];

// The server's limits (electron/api/ladder.ts), repeated here so the form can say so before sending.
export const MAX_NAME = 200;
export const MAX_DESCRIPTION = 2000;
export const MAX_LAYERS = 20;
export const MAX_DATASETS = 100;

export interface LayerDraft {
  /** Stable React key and focus target; never sent. */
  key: string;
  name: string;
  kind: RuleKind;
  datasetIds: string[];
  field: string;
  minChars: string;
  maxChars: string;
  minSegments: string;
  maxSegments: string;
  metaKey: string;
  metaValues: string;
}

export interface RunDraft {
  name: string;
  description: string;
  layers: LayerDraft[];
  /** The rubric (none: one verdict per comparison). */
  criteria?: CriterionDraft[];
}

/** Field name → message, for one layer. */
export type LayerErrors = Partial<Record<'name' | 'datasetIds' | 'field' | 'minChars' | 'maxChars' | 'minSegments' | 'maxSegments' | 'metaKey' | 'metaValues', string>>;

export interface RunErrors {
  name?: string;
  description?: string;
  layers?: string;
  /** Same order as the drafts; an empty object where a layer is fine. */
  layerErrors: LayerErrors[];
  /** About the criteria as a whole (too many). */
  criteria?: string;
  /** Same order as the criterion drafts; absent when they are fine. */
  criterionErrors?: CriterionErrors[];
}

let counter = 0;

export function newLayerDraft(kind: RuleKind = 'field', index = 0): LayerDraft {
  counter += 1;
  return {
    key: `layer-${counter}`,
    name: '',
    kind,
    datasetIds: [],
    field: kind === 'field' ? String(index) : '',
    minChars: '',
    maxChars: '',
    minSegments: '',
    maxSegments: '',
    metaKey: '',
    metaValues: '',
  };
}

export function emptyRunDraft(): RunDraft {
  return { name: '', description: '', layers: [newLayerDraft('field', 0)], criteria: [] };
}

/** Moves the layer at `from` to `to` (both in range); returns a new array. */
export function moveLayer<T>(layers: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= layers.length || to >= layers.length) return [...layers];
  const next = [...layers];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

function range(
  minText: string,
  maxText: string,
  minField: keyof LayerErrors,
  maxField: keyof LayerErrors,
  errors: LayerErrors,
): { min?: number; max?: number } | undefined {
  const min = parseCount(minText);
  const max = parseCount(maxText);
  if (!min.ok) errors[minField] = min.message;
  if (!max.ok) errors[maxField] = max.message;
  if (!min.ok || !max.ok) return undefined;
  if (min.value !== undefined && max.value !== undefined && min.value > max.value) {
    errors[maxField] = 'The maximum is below the minimum.';
    return undefined;
  }
  return { ...(min.value !== undefined ? { min: min.value } : {}), ...(max.value !== undefined ? { max: max.value } : {}) };
}

/** One layer's rule from its draft, or undefined with messages added to `errors`. */
export function draftRule(draft: LayerDraft, errors: LayerErrors): LayerRule | undefined {
  switch (draft.kind) {
    case 'datasets':
      if (draft.datasetIds.length === 0) {
        errors.datasetIds = 'Choose at least one dataset.';
        return undefined;
      }
      if (draft.datasetIds.length > MAX_DATASETS) {
        errors.datasetIds = `At most ${MAX_DATASETS} datasets.`;
        return undefined;
      }
      return { kind: 'datasets', datasetIds: [...draft.datasetIds] };
    case 'field': {
      const n = parseCount(draft.field, MAX_FIELD_LAYER);
      if (!n.ok) errors.field = n.message;
      else if (n.value === undefined) errors.field = 'Enter the layer number the data gives.';
      else return { kind: 'field', layer: n.value };
      return undefined;
    }
    case 'length': {
      const r = range(draft.minChars, draft.maxChars, 'minChars', 'maxChars', errors);
      if (!r) return undefined;
      return { kind: 'length', ...(r.min !== undefined ? { minChars: r.min } : {}), ...(r.max !== undefined ? { maxChars: r.max } : {}) };
    }
    case 'segments': {
      const r = range(draft.minSegments, draft.maxSegments, 'minSegments', 'maxSegments', errors);
      if (!r) return undefined;
      return { kind: 'segments', ...r };
    }
    case 'metadata': {
      const key = draft.metaKey.trim();
      if (key === '') errors.metaKey = 'Enter the metadata key.';
      else if (!METADATA_KEY.test(key)) errors.metaKey = 'Use a plain identifier: letters, digits and underscores, not starting with a digit (at most 64).';
      const values = parseValues(draft.metaValues);
      if (!values.ok) errors.metaValues = values.message;
      if (errors.metaKey || !values.ok) return undefined;
      return { kind: 'metadata', key, values: values.value };
    }
  }
}

export type Validated = { ok: true; params: CreateRunParams } | { ok: false; errors: RunErrors };

export function validateRun(draft: RunDraft): Validated {
  const errors: RunErrors = { layerErrors: draft.layers.map(() => ({})) };
  const name = draft.name.trim();
  if (name === '') errors.name = 'Give the run a name.';
  else if (name.length > MAX_NAME) errors.name = `At most ${MAX_NAME} characters (now ${name.length}).`;
  if (draft.description.length > MAX_DESCRIPTION) errors.description = `At most ${MAX_DESCRIPTION} characters (now ${draft.description.length}).`;
  if (draft.layers.length === 0) errors.layers = 'A run needs at least one layer.';
  else if (draft.layers.length > MAX_LAYERS) errors.layers = `At most ${MAX_LAYERS} layers.`;

  const layers = draft.layers.map((layer, i) => {
    const layerErrors = errors.layerErrors[i];
    const layerName = layer.name.trim();
    if (layerName === '') layerErrors.name = 'Give the layer a name.';
    else if (layerName.length > MAX_NAME) layerErrors.name = `At most ${MAX_NAME} characters.`;
    const rule = draftRule(layer, layerErrors);
    return rule ? { name: layerName, rule } : undefined;
  });

  const criteria = validateCriteria(draft.criteria ?? []);
  if (!criteria.ok) {
    errors.criterionErrors = criteria.errors;
    if (criteria.list) errors.criteria = criteria.list;
  }

  const fine = !errors.name && !errors.description && !errors.layers && errors.layerErrors.every((e) => Object.keys(e).length === 0) && criteria.ok;
  if (!fine || !criteria.ok || layers.some((l) => l === undefined)) return { ok: false, errors };
  return {
    ok: true,
    params: { name, description: draft.description.trim(), layers: layers as CreateRunParams['layers'], ...(criteria.criteria.length ? { criteria: criteria.criteria } : {}) },
  };
}

/** How many messages a validation produced (for the summary line next to the submit button). */
export function countErrors(errors: RunErrors): number {
  return (
    (errors.name ? 1 : 0) +
    (errors.description ? 1 : 0) +
    (errors.layers ? 1 : 0) +
    (errors.criteria ? 1 : 0) +
    errors.layerErrors.reduce((n, e) => n + Object.keys(e).length, 0) +
    (errors.criterionErrors ?? []).reduce((n, e) => n + Object.keys(e).length, 0)
  );
}
