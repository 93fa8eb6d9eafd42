// The "Assign work" form's fields as typed, and the createAssignment params they make: numbers pass as numbers, other
// text as typed (the contract refuses it with its own message, the same as `rung assign` shows), empty ones left out.
import type { Params } from '../../../../electron/api/contract';

export interface AssignmentDraft {
  /** "run:<runId>:<layer>", "dataset:<datasetId>" or "filter:<saved filter's name>"; '' when nothing is chosen. */
  source: string;
  evaluatorIds: string[];
  overlap: string;
  seed: string;
  quota: string;
  /** Chosen evaluators' own quotas as typed, by name; a name without one (or with '') gets the overall quota. */
  quotas: Record<string, string>;
  deadline: string;
}

export const emptyAssignmentDraft: AssignmentDraft = { source: '', evaluatorIds: [], overlap: '1', seed: '1', quota: '', quotas: {}, deadline: '' };

export const runLayerSource = (runId: string, layer: number) => `run:${runId}:${layer}`;
export const datasetSource = (datasetId: string) => `dataset:${datasetId}`;
export const filterSource = (name: string) => `filter:${name}`;

/** The source's createAssignment fields (a filter's name may hold ':'). */
function sourceParams(source: string): Pick<Params<'createAssignment'>, 'runId' | 'layer' | 'datasetId' | 'filter'> {
  if (source.startsWith('filter:')) return { filter: source.slice('filter:'.length) };
  const [kind, id, layer] = source.split(':');
  return kind === 'run' ? { runId: id, layer: Number(layer) } : kind === 'dataset' ? { datasetId: id } : {};
}

/** A typed number as a number; anything else as typed, for the contract to refuse; empty: left out. */
function numberField(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isNaN(n) ? trimmed : n;
}

export function assignmentParams(draft: AssignmentDraft): Params<'createAssignment'> {
  const source = sourceParams(draft.source);
  const deadline = draft.deadline.trim();
  const quotas = Object.entries(draft.quotas).flatMap(([name, typed]) => {
    const n = numberField(typed);
    return n === undefined ? [] : [[name, n] as const];
  });
  // Typed text goes through as typed: the contract's message names the field and the value.
  return {
    ...source,
    evaluators: draft.evaluatorIds,
    overlap: numberField(draft.overlap) as number | undefined,
    seed: numberField(draft.seed) as number | undefined,
    quota: numberField(draft.quota) as number | undefined,
    quotas: quotas.length === 0 ? undefined : (Object.fromEntries(quotas) as Record<string, number>),
    deadline: deadline === '' ? undefined : deadline,
  };
}
