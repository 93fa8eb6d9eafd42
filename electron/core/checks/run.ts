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
// A run reads the store a page of whole prompts at a time (a pass of about CHECK_PASS_SIZE comparisons; after an import,
// pages of the prompts of its dataset's comparisons, which held 0.5 GiB of verdicts at once for 200,000 records): the verdict
// and model checks examine each page's comparisons with their verdicts alone (every check but segment-vs-overall and
// drift looks at one comparison or one prompt at a time), so its memory follows the page, not the store; segment-vs-
// overall (verdicts with sub-judgments only) and drift (a fixed anchor set) run once. The flags are those of one pass
// over everything: the model checks sum what they could not check over the passes and say it once.
import { appendAudit } from '../db/audit';
import { comparisonPage, comparisonsOfPrompts, datasetPromptPages } from '../db/check-pages';
import type { Store } from '../store';
import { verdictsInScope, type CheckContext, type CheckOutcome, type CheckScope, type PassCheck } from './context';
import { criterionViews, withCriteria } from './criterion-checks';
import { crossLayerCheck } from './cross-layer';
import { driftFlags } from './drift';
import { evaluatorDisagreements } from './evaluator-disagreement';
import { openFlagsByKind, recordFlags, type FlagCandidate } from '../db/flags';
import { intransitiveCycles } from './intransitivity';
import { modelVsHuman } from './model-vs-human';
import { segmentOverallContradictions } from './segment-vs-overall';
import { selfInconsistencies } from './self-inconsistency';
import type { CheckKind } from './settings';
import { datasetComparisonIds, liveHumanVerdicts, liveHumanVerdictsOn } from '../db/verdicts';
import { runComparisonIds } from '../db/runs';
import { activeModels } from './model-scores';
import type { HumanVerdict } from './verdicts';

/** How many comparisons (whole prompts) a full run of the checks reads and examines at a time. */
export const CHECK_PASS_SIZE = 10_000;

/** What a run of the checks is about, whatever pass it is in: the store, and the comparisons or models it examines. */
type RunContext = Pick<CheckContext, 'store' | 'scope' | 'models'>;

/** Checks on the live human verdicts alone: those of one comparison at a time (given the verdicts in scope)… */
export const checks = {
  'evaluator-disagreement': evaluatorDisagreements,
  'self-inconsistency': selfInconsistencies,
} satisfies Partial<Record<CheckKind, (verdicts: readonly HumanVerdict[]) => FlagCandidate[]>>;

/** …and those across a prompt's comparisons (given every verdict read: all of the scope's prompts). */
export const promptChecks = {
  'intransitive-cycle': intransitiveCycles,
} satisfies Partial<Record<CheckKind, (verdicts: readonly HumanVerdict[]) => FlagCandidate[]>>;

/** Checks that read more of the store, synchronously (no model needed), once per run. */
export const dataChecks = {
  'segment-vs-overall': segmentOverallContradictions,
} satisfies Partial<Record<CheckKind, (run: RunContext) => CheckOutcome>>;

/** Checks that score the runs' active models on the native engine: a pass at a time… */
export const modelPassChecks = {
  'cross-layer': crossLayerCheck,
  'model-vs-human': modelVsHuman,
} satisfies Partial<Record<CheckKind, (run: RunContext) => PassCheck>>;

/** …and once per run (drift: on each run's fixed anchor set). */
export const modelChecks = {
  drift: driftFlags,
} satisfies Partial<Record<CheckKind, (run: RunContext) => Promise<CheckOutcome>>>;

/** Every check, in the order a report lists them. */
const kindOrder = Object.keys({ ...checks, ...promptChecks, ...dataChecks, ...modelPassChecks, ...modelChecks });

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

const message = (error: unknown) => (error as Error)?.message ?? String(error);

/** What each check found over the passes so far; a check that fails finds nothing, and is not run again. */
class Findings {
  readonly #found = new Map<string, CheckOutcome | { error: string }>();

  /** Runs one check (on one pass, or once) and keeps what it found, or its failure. */
  take(kind: string, run: () => CheckOutcome | Promise<CheckOutcome>): void | Promise<void> {
    const fail = (error: unknown) => void this.#found.set(kind, { error: message(error) });
    if (this.#found.get(kind) && 'error' in this.#found.get(kind)!) return;
    try {
      const outcome = run();
      if (outcome instanceof Promise) return outcome.then((o) => this.#add(kind, o), fail);
      this.#add(kind, outcome);
    } catch (error) {
      fail(error);
    }
  }

  #add(kind: string, { flags, notes }: CheckOutcome): void {
    const found = (this.#found.get(kind) as CheckOutcome | undefined) ?? { flags: [], notes: [] };
    for (const flag of flags) found.flags.push(flag); // not push(...flags): a check may find 10^5+ flags
    for (const note of notes) found.notes.push(note);
    this.#found.set(kind, found);
  }

  /** Records the flags found and the failures, and reports them in the checks' order. */
  finish(store: Store, actor: string): CheckReport {
    const report: Omit<CheckReport, 'added' | 'byKind'> = { found: {}, ran: [], notes: [], failed: [] };
    const candidates: FlagCandidate[] = [];
    for (const kind of kindOrder.filter((k) => this.#found.has(k))) {
      const found = this.#found.get(kind)!;
      if ('error' in found) {
        report.failed.push({ kind, error: found.error });
        continue;
      }
      report.found[kind] = found.flags.length;
      for (const flag of found.flags) candidates.push(flag);
      for (const note of found.notes) report.notes.push(note);
      report.ran.push(kind);
    }
    const { added } = recordFlags(store.db, candidates, actor);
    for (const f of report.failed) appendAudit(store.db, { actor, action: 'check-failed', entity: 'check', entityId: f.kind, details: { error: f.error } });
    return { ...report, added, byKind: openFlagsByKind(store.db) };
  }
}

/** The verdict checks on one pass's verdicts (per comparison: those in scope; per prompt: all read). */
function verdictChecks(context: CheckContext, findings: Findings): void {
  const scoped = verdictsInScope(context);
  const views = criterionViews(context);
  const scopedViews = views.map((view) => ({ ...view, verdicts: [...verdictsInScope({ ...context, verdicts: view.verdicts })] }));
  for (const [kind, check] of Object.entries(checks)) findings.take(kind, () => ({ flags: withCriteria(check, scoped, scopedViews), notes: [] }));
  for (const [kind, check] of Object.entries(promptChecks)) findings.take(kind, () => ({ flags: withCriteria(check, context.verdicts, views), notes: [] }));
}

/** The checks that need no model, synchronously, in one pass. */
export function runVerdictChecks(store: Store, actor = 'checks'): CheckReport {
  const findings = new Findings();
  verdictChecks({ store, verdicts: liveHumanVerdicts(store.db) }, findings);
  for (const [kind, check] of Object.entries(dataChecks)) findings.take(kind, () => check({ store }));
  return findings.finish(store, actor);
}

/** What the checks after an import examine: the comparisons of the dataset it wrote. */
export function importScope(store: Store, datasetId: string): CheckScope {
  return { datasetId, comparisonIds: new Set(datasetComparisonIds(store.db, datasetId)) };
}

/** The passes of a full run: each page of whole prompts with the live human verdicts on its comparisons (at least one
 *  pass, empty on an empty store). */
function* pages(store: Store, passSize: number): Generator<CheckContext> {
  for (let after: string | null = ''; after !== null; ) {
    const page = comparisonPage(store.db, after, passSize);
    yield { store, verdicts: liveHumanVerdictsOn(store.db, page.comparisonIds), pass: new Set(page.comparisonIds) };
    after = page.lastPromptId;
  }
}

/** The passes after an import: each page of the prompts of its dataset's comparisons, with the live human verdicts on
 *  every comparison of those prompts (a cycle or a contradiction may span earlier imports); at least one pass. */
function* scopedPages(store: Store, scope: CheckScope, passSize: number): Generator<CheckContext> {
  for (const promptIds of datasetPromptPages(store.db, scope.datasetId, passSize)) {
    const comparisonIds = comparisonsOfPrompts(store.db, promptIds);
    yield { store, scope, verdicts: liveHumanVerdictsOn(store.db, comparisonIds), pass: new Set(comparisonIds) };
  }
}

/** Every check: the verdict and model checks pass by pass, then the data checks and drift; all comparisons, or only
 *  those of `scope` (an import's), a page of whole prompts (about `passSize` comparisons) at a time. */
export async function runChecks(store: Store, actor = 'checks', scope?: CheckScope, passSize = CHECK_PASS_SIZE): Promise<CheckReport> {
  const run: RunContext = { store, scope };
  const passes = scope ? scopedPages(store, scope, passSize) : pages(store, passSize);
  const findings = new Findings();
  await modelPasses(run, passes, findings, (context) => verdictChecks(context, findings));
  for (const [kind, check] of Object.entries(dataChecks)) findings.take(kind, () => check(run));
  await onceModelChecks(run, findings);
  return findings.finish(store, actor);
}

/** The model checks alone, on these models only (the others are left as they are; drift: every layer pair of their
 *  runs), about `passSize` comparisons at a time. */
export async function runModelChecks(store: Store, actor: string, modelIds: readonly string[], passSize = CHECK_PASS_SIZE): Promise<CheckReport> {
  const run: RunContext = { store, models: new Set(modelIds) };
  const findings = new Findings();
  await modelPasses(run, modelPages(run, modelIds, passSize), findings);
  await onceModelChecks(run, findings);
  return findings.finish(store, actor);
}

/** The passes of the model checks of these models, each with the live human verdicts on its comparisons: the
 *  comparisons of their runs' layers up to theirs (model-vs-human reads their own layer's, cross-layer the layers
 *  below), `passSize` at a time in store order; every comparison, as a full run pages them, when one is outside any
 *  run (plain rung train). Both checks look at one comparison at a time, so a page need not hold whole prompts. */
function* modelPages(run: RunContext, modelIds: readonly string[], passSize: number): Generator<CheckContext> {
  const { store } = run;
  const layered = activeModels(store.db).filter((m) => modelIds.includes(m.modelId));
  if (layered.length < modelIds.length) {
    for (const page of pages(store, passSize)) yield { ...run, ...page };
    return;
  }
  const comparisonIds = new Set<string>();
  for (const m of layered) for (let k = 0; k <= m.layer; k++) for (const id of runComparisonIds(store.db, m.runId, k)) comparisonIds.add(id);
  const all = [...comparisonIds];
  for (let start = 0; start === 0 || start < all.length; start += passSize) { // at least one pass, as on an empty store
    const page = all.slice(start, start + passSize);
    yield { ...run, verdicts: liveHumanVerdictsOn(store.db, page), pass: new Set(page) };
  }
}

/** Each pass: `alsoOnPass` (the verdict checks), then the model pass checks one after another (they share the engine);
 *  then what the model checks could not check over them all. */
async function modelPasses(run: RunContext, passes: Iterable<CheckContext>, findings: Findings, alsoOnPass?: (context: CheckContext) => void): Promise<void> {
  const started = new Map<string, PassCheck>();
  const checkOf = (kind: keyof typeof modelPassChecks) => started.get(kind) ?? started.set(kind, modelPassChecks[kind](run)).get(kind)!;
  for (const context of passes) {
    alsoOnPass?.(context);
    for (const kind of Object.keys(modelPassChecks) as (keyof typeof modelPassChecks)[]) await findings.take(kind, async () => ({ flags: await checkOf(kind).pass(context), notes: [] }));
  }
  for (const [kind, check] of started) findings.take(kind, () => ({ flags: [], notes: check.notes() }));
}

async function onceModelChecks(run: RunContext, findings: Findings): Promise<void> {
  for (const [kind, check] of Object.entries(modelChecks)) await findings.take(kind, () => check(run));
}
