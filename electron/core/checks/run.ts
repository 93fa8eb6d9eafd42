// Runs the consistency checks over the store and records their flags; returns what each check found, which
// checks ran, what they could not check, and which failed (a failing check is reported, never fatal to the rest).
// runVerdictChecks is the synchronous subset (no model needed); runChecks adds the model checks (native engine).
// After an import, runChecks examines that import's comparisons only (a scope): per-comparison checks look at those,
// the cycle check at every comparison of their prompts (earlier imports' too), and the model checks score only those;
// drift compares two models on the run's fixed anchor set, which does not depend on what is examined, and runs whole.
// After a training, runModelChecks runs the model checks on the trained model alone, reading only the verdicts on its
// run's layers up to its own: the verdict and data checks do not depend on a model, and the other models' scores have
// not changed (re-checking everything after a layer-0 training at 300,000 comparisons took 20 s and 0.7 GiB more).
// The verdict checks run per criterion too, for the later criteria of runs with a rubric (checks/criterion-checks.ts).
import { appendAudit } from '../db/audit';
import type { Store } from '../store';
import { verdictsInScope, type CheckContext, type CheckScope, type StoreCheck } from './context';
import { criterionViews, withCriteria } from './criterion-checks';
import { crossLayerContradictions } from './cross-layer';
import { driftFlags } from './drift';
import { evaluatorDisagreements } from './evaluator-disagreement';
import { openFlagsByKind, recordFlags, type FlagCandidate } from '../db/flags';
import { intransitiveCycles } from './intransitivity';
import { modelHumanDisagreements } from './model-vs-human';
import { segmentOverallContradictions } from './segment-vs-overall';
import { selfInconsistencies } from './self-inconsistency';
import type { CheckKind } from './settings';
import { datasetComparisonIds, liveHumanVerdicts, liveHumanVerdictsOn } from '../db/verdicts';
import { runComparisonIds } from '../db/runs';
import { activeModels } from './model-scores';
import type { HumanVerdict } from './verdicts';

/** Checks on the live human verdicts alone: those of one comparison at a time (given the verdicts in scope)… */
export const checks = {
  'evaluator-disagreement': evaluatorDisagreements,
  'self-inconsistency': selfInconsistencies,
} satisfies Partial<Record<CheckKind, (verdicts: readonly HumanVerdict[]) => FlagCandidate[]>>;

/** …and those across a prompt's comparisons (given every verdict read: all of the scope's prompts). */
export const promptChecks = {
  'intransitive-cycle': intransitiveCycles,
} satisfies Partial<Record<CheckKind, (verdicts: readonly HumanVerdict[]) => FlagCandidate[]>>;

/** Checks that read more of the store, synchronously (no model needed). */
export const dataChecks = {
  'segment-vs-overall': segmentOverallContradictions,
} satisfies Partial<Record<CheckKind, (context: CheckContext) => ReturnType<typeof segmentOverallContradictions>>>;

/** Checks that score the runs' active models on the native engine. */
export const modelChecks = {
  'cross-layer': crossLayerContradictions,
  'model-vs-human': modelHumanDisagreements,
  drift: driftFlags,
} satisfies Partial<Record<CheckKind, StoreCheck>>;

export interface CheckReport {
  /** Flags each check found this time (new or already recorded). */
  found: Record<string, number>;
  added: number;
  /** Open flags per kind after the run (all kinds, including those from other checks). */
  byKind: Record<string, number>;
  /** The checks that ran to the end. */
  ran: string[];
  /** What the checks could not check and why (no active model, too few anchors, …). */
  notes: string[];
  /** Checks that failed, with the error; the other checks' flags are still recorded. */
  failed: { kind: string; error: string }[];
}

interface Collected {
  found: Record<string, number>;
  candidates: FlagCandidate[];
  ran: string[];
  notes: string[];
  failed: { kind: string; error: string }[];
}

const message = (error: unknown) => (error as Error)?.message ?? String(error);

function syncChecks(context: CheckContext): Collected {
  const out: Collected = { found: {}, candidates: [], ran: [], notes: [], failed: [] };
  const take = (kind: string, run: () => { flags: FlagCandidate[]; notes: string[] }) => {
    try {
      const { flags, notes } = run();
      out.found[kind] = flags.length;
      for (const flag of flags) out.candidates.push(flag); // not push(...flags): a check may find 10^5+ flags
      for (const note of notes) out.notes.push(note);
      out.ran.push(kind);
    } catch (error) {
      out.failed.push({ kind, error: message(error) });
    }
  };
  const scoped = verdictsInScope(context);
  const views = criterionViews(context.store.db, context.verdicts);
  const scopedViews = views.map((view) => ({ ...view, verdicts: [...verdictsInScope({ ...context, verdicts: view.verdicts })] }));
  for (const [kind, check] of Object.entries(checks)) take(kind, () => ({ flags: withCriteria(check, scoped, scopedViews), notes: [] }));
  for (const [kind, check] of Object.entries(promptChecks)) take(kind, () => ({ flags: withCriteria(check, context.verdicts, views), notes: [] }));
  for (const [kind, check] of Object.entries(dataChecks)) take(kind, () => check(context));
  return out;
}

function finish(store: Store, partial: Collected, actor: string): CheckReport {
  const { added } = recordFlags(store.db, partial.candidates, actor);
  for (const f of partial.failed) appendAudit(store.db, { actor, action: 'check-failed', entity: 'check', entityId: f.kind, details: { error: f.error } });
  return { found: partial.found, added, byKind: openFlagsByKind(store.db), ran: partial.ran, notes: partial.notes, failed: partial.failed };
}

/** The checks that need no model, synchronously. */
export function runVerdictChecks(store: Store, actor = 'checks'): CheckReport {
  return finish(store, syncChecks({ store, verdicts: liveHumanVerdicts(store.db) }), actor);
}

/** What the checks after an import examine: the comparisons of the dataset it wrote. */
export function importScope(store: Store, datasetId: string): CheckScope {
  return { datasetId, comparisonIds: new Set(datasetComparisonIds(store.db, datasetId)) };
}

/** Every check: the verdict and data checks, then the model checks (one after another: they share the engine); all
 *  comparisons, or only those of `scope`. */
export async function runChecks(store: Store, actor = 'checks', scope?: CheckScope): Promise<CheckReport> {
  const context: CheckContext = { store, verdicts: liveHumanVerdicts(store.db, scope?.datasetId), scope };
  const partial = syncChecks(context);
  await addModelChecks(context, partial);
  return finish(store, partial, actor);
}

/** The model checks alone, on these models only (the others are left as they are; drift: every layer pair of their runs). */
export async function runModelChecks(store: Store, actor: string, modelIds: readonly string[]): Promise<CheckReport> {
  const context: CheckContext = { store, verdicts: verdictsOfModels(store, modelIds), models: new Set(modelIds) };
  const partial: Collected = { found: {}, candidates: [], ran: [], notes: [], failed: [] };
  await addModelChecks(context, partial);
  return finish(store, partial, actor);
}

/** The live verdicts the model checks of these models read: those on their runs' layers up to theirs (model-vs-human
 *  reads their own layer's, cross-layer the layers below); all of them when one is outside any run (plain rung train). */
function verdictsOfModels(store: Store, modelIds: readonly string[]): HumanVerdict[] {
  const layered = activeModels(store.db).filter((m) => modelIds.includes(m.modelId));
  if (layered.length < modelIds.length) return liveHumanVerdicts(store.db);
  const comparisonIds = new Set<string>();
  for (const m of layered) for (let k = 0; k <= m.layer; k++) for (const id of runComparisonIds(store.db, m.runId, k)) comparisonIds.add(id);
  return liveHumanVerdictsOn(store.db, [...comparisonIds]);
}

async function addModelChecks(context: CheckContext, partial: Collected): Promise<void> {
  for (const [kind, check] of Object.entries(modelChecks)) {
    try {
      const { flags, notes } = await check(context);
      partial.found[kind] = flags.length;
      for (const flag of flags) partial.candidates.push(flag);
      for (const note of notes) partial.notes.push(note);
      partial.ran.push(kind);
    } catch (error) {
      partial.failed.push({ kind, error: message(error) });
    }
  }
}
