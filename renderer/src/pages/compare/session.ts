// The Compare page's queue controller, free of React and the DOM so it can be tested against the real service.
// It keeps the comparison on screen plus a few prefetched ones in memory (the next one is shown at once on a
// verdict), and an outbox of verdicts being stored, sent one at a time in order, each with a request id so a
// retry cannot store it twice. A verdict counts as saved only when the server acknowledges it (after commit).
// If storing fails, the unsaved comparisons come back on screen, first the failed one, and the error is shown.
import type { Params, Result, RungClient } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { randomId } from '../../lib/random-id';

export type QueueItem = Result<'nextComparisons'>[number];
export type Choice = 'A' | 'B' | 'tie' | 'skip';
export type SubJudgment = NonNullable<Params<'submitJudgment'>['subJudgments']>[number];

/** A queue item as the page holds it: with the request id its verdict will be stored under, and time already spent. */
export interface HeldItem extends QueueItem {
  requestId: string;
  spentMs: number;
  /** After an undo: the retracted verdict's rationale, the draft of the new one. */
  draftRationale?: string;
  /** After an undo: the retracted verdict's per-criterion verdicts, the drafts of the new one. */
  draftCriteria?: Retracted['criteria'];
}

export interface Verdict {
  /** Which side is better as the evaluator saw it: left, right, tie or skip. */
  pick: 'left' | 'right' | 'tie' | 'skip';
  strength?: 1 | 2 | 3;
  rationale?: string;
  durationMs: number;
  /** The evaluator had collapsed the assistance panel (stored with the assistance shown). */
  collapsed?: boolean;
  /** Verdicts on segments of the assistance shown (only with assisted items). */
  subJudgments?: SubJudgment[];
  /** Under a rubric: a verdict per criterion, the first matching pick and strength (never with a skip). */
  criteria?: NonNullable<Params<'submitJudgment'>['criteria']>;
}

/** What is stored about the assistance of an item: exactly what was shown, `collapsed` set; sub-judgments only when assisted. */
export function assistanceParams(item: QueueItem, verdict: Pick<Verdict, 'collapsed' | 'subJudgments'>): Pick<Params<'submitJudgment'>, 'assistance' | 'subJudgments'> {
  const shown = item.assistance;
  if (!shown || shown.mode === 'unscored') return {}; // unscored: nothing was shown
  if (shown.mode === 'control') return { assistance: shown };
  return {
    assistance: { ...shown, collapsed: Boolean(verdict.collapsed) },
    ...(verdict.subJudgments && verdict.subJudgments.length > 0 ? { subJudgments: verdict.subJudgments } : {}),
  };
}

/** Where a verdict was judged and on what: the run (the item's rubric's, else the run filter's) and, under a rubric, a
 *  verdict per criterion. A skip carries no criteria. */
export function rubricParams(item: QueueItem, filterRunId: string | undefined, verdict: Pick<Verdict, 'pick' | 'criteria'>): Pick<Params<'submitJudgment'>, 'rubricRunId' | 'criteria'> {
  const runId = item.rubric?.runId ?? filterRunId;
  return {
    ...(runId ? { rubricRunId: runId } : {}),
    ...(item.rubric && verdict.pick !== 'skip' && verdict.criteria ? { criteria: verdict.criteria } : {}),
  };
}

export type SessionStatus = 'loading' | 'ready' | 'empty' | 'error';

export interface SessionState {
  status: SessionStatus;
  current: HeldItem | null;
  /** Prefetched items, next first. */
  upcoming: HeldItem[];
  /** Verdicts given but not yet acknowledged. */
  saving: number;
  /** Verdicts acknowledged in this session. */
  saved: number;
  /** The last failure, in plain words; cleared by the next successful save or load. */
  error: { title: string; message: string; code: ApiError['code'] } | null;
  /** A short note (e.g. "Nothing to undo"). */
  notice: string | null;
}

type Client = Pick<RungClient, 'nextComparisons' | 'submitJudgment' | 'undoLastJudgment' | 'retractJudgment'>;
/** A retracted verdict as undo and change return it: its comparison, and its rationale for the draft. */
type Retracted = NonNullable<Result<'undoLastJudgment'>>;

interface Outgoing {
  item: HeldItem;
  params: Params<'submitJudgment'>;
}

export const PREFETCH = 5;

/** Maps what the evaluator saw (left/right) to the stored choice (A/B) through the side shown on the left. */
export function choiceFor(pick: Verdict['pick'], leftSide: 'A' | 'B'): Choice {
  if (pick === 'tie' || pick === 'skip') return pick;
  const right = leftSide === 'A' ? 'B' : 'A';
  return pick === 'left' ? leftSide : right;
}

export class CompareSession {
  private state: SessionState = { status: 'loading', current: null, upcoming: [], saving: 0, saved: 0, error: null, notice: null };
  private readonly listeners = new Set<(state: SessionState) => void>();
  private outbox: Outgoing[] = [];
  private sending = false;
  private fetching = false;
  private exhausted = false;
  private drained: (() => void)[] = [];
  private closed = false;
  /** Undo was pressed at this session's start and told so: the next press undoes an earlier session's verdict. */
  private earlierUndoConfirmed = false;

  constructor(
    private readonly client: Client,
    private readonly evaluatorId: string,
    private readonly filters: { runId?: string; datasetId?: string; layer?: number },
    /** Called after each change to what is stored (a verdict saved, a verdict undone): e.g. to refresh progress. */
    private readonly onSaved: () => void = () => {},
  ) {}

  get snapshot(): SessionState {
    return this.state;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  private set(changes: Partial<SessionState>): void {
    this.state = { ...this.state, ...changes };
    if (this.state.current && this.state.status !== 'error') this.state.status = 'ready';
    for (const listener of this.listeners) listener(this.state);
  }

  private held(): HeldItem[] {
    return [...(this.state.current ? [this.state.current] : []), ...this.state.upcoming, ...this.outbox.map((o) => o.item)];
  }

  /** Loads the first items. */
  start(): Promise<void> {
    return this.refill();
  }

  /** Keeps PREFETCH items in memory beyond the one on screen. */
  async refill(): Promise<void> {
    if (this.fetching || this.closed) return;
    const want = PREFETCH + (this.state.current ? 0 : 1) - this.state.upcoming.length;
    if (want <= 0 || (this.exhausted && this.state.current)) return;
    this.fetching = true;
    const result = await this.client.nextComparisons({ evaluatorId: this.evaluatorId, ...this.filters, count: want, exclude: this.held().map((i) => i.comparison.id).slice(0, 200) });
    this.fetching = false;
    if (this.closed) return;
    if (!result.ok) {
      if (!this.state.current) this.set({ status: 'error', error: { title: 'Could not load comparisons.', message: result.error.message, code: result.error.code } });
      else if (!this.state.error?.title.startsWith('Your verdict')) {
        // A failed save says more than a failed prefetch: it stays on screen.
        this.set({ error: { title: 'Could not load the next comparisons.', message: result.error.message, code: result.error.code } });
      }
      return;
    }
    const heldIds = new Set(this.held().map((i) => i.comparison.id));
    const fresh = result.value.filter((item) => !heldIds.has(item.comparison.id)).map((item) => ({ ...item, requestId: randomId(), spentMs: 0 }));
    this.exhausted = result.value.length < want;
    const upcoming = [...this.state.upcoming, ...fresh];
    const current = this.state.current ?? upcoming.shift() ?? null;
    const status: SessionStatus = current ? 'ready' : this.outbox.length > 0 || this.sending ? 'loading' : 'empty';
    this.set({ current, upcoming, status, error: this.state.status === 'error' ? null : this.state.error });
    // More may have been asked for while this call was out.
    if (fresh.length > 0 && PREFETCH - upcoming.length > 0 && !this.exhausted) void this.refill();
  }

  /** Records a verdict on the comparison on screen and shows the next one at once; storing happens behind. */
  verdict(verdict: Verdict): void {
    const item = this.state.current;
    if (!item) return;
    const params: Params<'submitJudgment'> = {
      comparisonId: item.comparison.id,
      evaluatorId: this.evaluatorId,
      choice: choiceFor(verdict.pick, item.leftSide),
      leftSide: item.leftSide,
      durationMs: Math.max(0, Math.min(86_400_000, Math.round(verdict.durationMs))),
      requestId: item.requestId,
      ...(verdict.strength && (verdict.pick === 'left' || verdict.pick === 'right') ? { strength: verdict.strength } : {}),
      ...(verdict.rationale?.trim() ? { rationale: verdict.rationale.trim() } : {}),
      ...(item.repeatOf ? { repeatOf: item.repeatOf } : {}),
      ...assistanceParams(item, verdict),
      ...rubricParams(item, this.filters.runId, verdict),
    };
    this.outbox.push({ item: { ...item, spentMs: verdict.durationMs }, params });
    this.earlierUndoConfirmed = false;
    const [next, ...rest] = this.state.upcoming;
    // A strength belongs to a preference: with a tie or a skip it is not stored, and the evaluator is told.
    const notice = verdict.strength && (verdict.pick === 'tie' || verdict.pick === 'skip') ? `A ${verdict.pick} has no strength: the strength you chose was not stored with it.` : null;
    this.set({ current: next ?? null, upcoming: rest, saving: this.outbox.length, notice, status: next ? 'ready' : 'loading' });
    void this.pump();
    void this.refill();
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    while (this.outbox.length > 0 && !this.closed) {
      const { item, params } = this.outbox[0];
      const result = await this.client.submitJudgment(params);
      if (this.closed) return;
      if (result.ok) {
        this.outbox.shift();
        this.set({ saving: this.outbox.length, saved: this.state.saved + 1, error: this.state.error?.title.startsWith('Your verdict') ? null : this.state.error });
        this.onSaved();
        continue;
      }
      if (result.error.code === 'CONFLICT' && !params.repeatOf) {
        // Already judged elsewhere (another window): nothing of ours is lost; move on.
        this.outbox.shift();
        this.set({ saving: this.outbox.length, notice: `That comparison already had your verdict (from another window); it was left as it was.` });
        continue;
      }
      // Not stored: bring the unsaved comparisons back, the failed one on screen, and say so.
      const unsaved = this.outbox.map((o) => o.item);
      this.outbox = [];
      const upcoming = [...unsaved.slice(1), ...(this.state.current ? [this.state.current] : []), ...this.state.upcoming];
      this.set({
        current: item,
        upcoming,
        saving: 0,
        error: {
          title: `Your verdict was NOT saved${unsaved.length > 1 ? ` (nor the ${unsaved.length - 1} after it)` : ''}.`,
          message: `${result.error.message}\nThe comparison is back on screen: give your verdict again once the problem is fixed.`,
          code: result.error.code,
        },
      });
      break;
    }
    this.sending = false;
    for (const resolve of this.drained.splice(0)) resolve();
    void this.refill();
  }

  /** Resolves once every verdict given so far has been stored (or has failed and come back). */
  private whenDrained(): Promise<void> {
    if (!this.sending && this.outbox.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /**
   * Undoes the last stored verdict: it is retracted (kept, marked) and its comparison comes back on screen, its
   * rationale as the draft. Undo stops at the start of this session with a notice; pressed again, it goes on into
   * the verdicts given before, saying so each time.
   */
  async undo(): Promise<void> {
    await this.whenDrained();
    if (this.state.error?.title.startsWith('Your verdict')) return; // the failed one is on screen already
    const earlier = this.state.saved === 0;
    if (earlier && !this.earlierUndoConfirmed) {
      this.earlierUndoConfirmed = true;
      this.set({ notice: 'Nothing to undo in this session. Undo again to take back your latest verdict from an earlier session.' });
      return;
    }
    const result = await this.client.undoLastJudgment({ evaluatorId: this.evaluatorId });
    if (this.closed) return;
    if (!result.ok) {
      this.set({ error: { title: 'Could not undo.', message: result.error.message, code: result.error.code } });
      return;
    }
    if (!result.value) {
      this.set({ notice: 'Nothing to undo.' });
      return;
    }
    const notice = earlier ? 'Undone a verdict from an earlier session: the comparison is back.' : 'Undone: the comparison is back.';
    this.bringBack(result.value, notice, Math.max(0, this.state.saved - 1));
  }

  /**
   * Changes one of the evaluator's standing verdicts (the review's "change"): it is retracted as undo retracts, and
   * its comparison is put on screen to judge again, its rationale as the draft; the comparison that was on screen
   * comes next (with `spentMs`, the time already spent on it), so judging goes on where it was. Returns the server's
   * refusal in its words, or null when done.
   */
  async change(judgmentId: string, spentMs?: number): Promise<string | null> {
    await this.whenDrained();
    const result = await this.client.retractJudgment({ evaluatorId: this.evaluatorId, judgmentId });
    if (this.closed) return null;
    if (!result.ok) return result.error.message;
    if (this.state.current && spentMs !== undefined) this.state = { ...this.state, current: { ...this.state.current, spentMs } };
    this.bringBack(result.value, 'Your verdict was retracted: judge the comparison again, then judging goes on where it was.', this.state.saved);
    return null;
  }

  /** A retracted verdict's comparison goes on screen before everything held. */
  private bringBack(retracted: Retracted, notice: string, saved: number): void {
    const back: HeldItem = {
      ...retracted.item,
      requestId: randomId(),
      spentMs: 0,
      ...(retracted.rationale ? { draftRationale: retracted.rationale } : {}),
      ...(retracted.criteria?.length ? { draftCriteria: retracted.criteria } : {}),
    };
    const others = [...(this.state.current ? [this.state.current] : []), ...this.state.upcoming].filter((i) => i.comparison.id !== back.comparison.id);
    this.set({ current: back, upcoming: others, notice, saved, status: 'ready' });
    this.onSaved();
  }

  /** Reloads after an error (e.g. the database was unreachable). */
  retry(): Promise<void> {
    this.set({ error: null, status: this.state.current ? 'ready' : 'loading' });
    this.exhausted = false;
    return this.refill();
  }
}
