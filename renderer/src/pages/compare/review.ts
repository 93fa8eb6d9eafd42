// The Compare page's review of the evaluator's own standing verdicts (every session), free of React and the DOM: it
// moves back (older) and forward (newer) through them, newest first, fetching them a page at a time
// (listOwnVerdicts); nothing is changed by looking. "Change" retracts the verdict on screen through the queue
// session (CompareSession.change, passed in), which puts its comparison in front to judge again; the review closes.
import type { Result, RungClient } from '../../../../electron/api/contract';

export type OwnVerdict = Result<'listOwnVerdicts'>['rows'][number];

export interface ReviewState {
  open: boolean;
  /** Position of the verdict on screen: 0 the newest. */
  index: number;
  /** How many standing verdicts the evaluator has. */
  total: number;
  /** The verdict on screen (null while the first page loads, or when there is none). */
  verdict: OwnVerdict | null;
  loading: boolean;
  /** A short note: a refusal, the oldest reached, a verdict key pressed while reviewing. */
  notice: string | null;
}

export const REVIEW_PAGE = 20;

const closed: ReviewState = { open: false, index: 0, total: 0, verdict: null, loading: false, notice: null };

/** The verdict in words, as the evaluator saw it: which side, and how strongly. */
export function verdictWords(v: Pick<OwnVerdict, 'choice' | 'leftSide' | 'strength'>): string {
  if (v.choice === 'tie') return 'Tie';
  if (v.choice === 'skip') return 'Skipped';
  const side = v.choice === v.leftSide ? 'Left' : 'Right';
  const strength = v.strength ? ({ 1: 'slightly', 2: 'clearly', 3: 'much' } as Record<number, string>)[v.strength] : undefined;
  return `${side} ${strength ? `${strength} ` : ''}better`;
}

export class VerdictReview {
  private state: ReviewState = closed;
  private rows: OwnVerdict[] = [];
  private readonly listeners = new Set<(state: ReviewState) => void>();
  /** Bumped on open and close, so a page that arrives after them is dropped. */
  private generation = 0;
  /** Steps back asked for while a page loaded, taken when it has come. */
  private pendingBack = 0;

  constructor(
    private readonly client: Pick<RungClient, 'listOwnVerdicts'>,
    private readonly evaluatorId: string,
  ) {}

  get snapshot(): ReviewState {
    return this.state;
  }

  subscribe(listener: (state: ReviewState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(changes: Partial<ReviewState>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener(this.state);
  }

  /** Opens the review at the newest verdict, or moves one further back (older). A press while a page loads is kept
   *  and taken once it has come, so `[` pressed three times quickly lands on the third newest. */
  async back(): Promise<void> {
    if (!this.state.open) {
      this.generation += 1;
      this.rows = [];
      this.pendingBack = 0;
      this.set({ ...closed, open: true, loading: true });
      await this.fetchMore();
      if (this.state.open) this.set({ verdict: this.rows[0] ?? null });
      return this.takePending();
    }
    if (this.state.loading) {
      this.pendingBack += 1;
      return;
    }
    await this.stepBack();
  }

  private async stepBack(): Promise<void> {
    const next = this.state.index + 1;
    if (next >= this.state.total) {
      this.pendingBack = 0;
      this.set({ notice: this.state.total === 0 ? null : 'That is your oldest standing verdict.' });
      return;
    }
    if (next >= this.rows.length) await this.fetchMore();
    if (this.state.open && this.rows[next]) this.set({ index: next, verdict: this.rows[next], notice: null });
    await this.takePending();
  }

  /** The presses of `back` that came while a page loaded. */
  private async takePending(): Promise<void> {
    while (this.pendingBack > 0 && this.state.open && !this.state.loading) {
      this.pendingBack -= 1;
      await this.stepBack();
    }
  }

  /** One verdict newer (or one pending step back undone); from the newest, the review closes (back to judging). */
  forward(): void {
    if (!this.state.open) return;
    if (this.pendingBack > 0) {
      this.pendingBack -= 1;
      return;
    }
    if (this.state.loading) return;
    if (this.state.index === 0) return this.close();
    const index = this.state.index - 1;
    this.set({ index, verdict: this.rows[index], notice: null });
  }

  close(): void {
    if (!this.state.open) return;
    this.generation += 1;
    this.pendingBack = 0;
    this.rows = [];
    this.set(closed);
  }

  /** Says something in the review (e.g. that verdict keys do nothing here). */
  tell(notice: string): void {
    if (this.state.open) this.set({ notice });
  }

  /**
   * Changes the verdict on screen: refused with its reason when it cannot be changed (as listed, or as the server
   * answers now); else retracted by `retract` (CompareSession.change, which puts the comparison in front; it answers
   * the refusal or null), and the review closes.
   */
  async change(retract: (judgmentId: string) => Promise<string | null>): Promise<void> {
    const shown = this.state.verdict;
    if (!this.state.open || !shown || this.state.loading) return;
    if (shown.changeRefusal) return this.tell(`Not changed: ${shown.changeRefusal}`);
    this.set({ loading: true, notice: null });
    const refusal = await retract(shown.judgmentId);
    if (refusal) this.set({ loading: false, notice: `Not changed: ${refusal}` });
    else this.close();
  }

  private async fetchMore(): Promise<void> {
    const generation = this.generation;
    this.set({ loading: true });
    const result = await this.client.listOwnVerdicts({ evaluatorId: this.evaluatorId, offset: this.rows.length, limit: REVIEW_PAGE });
    if (generation !== this.generation) return;
    if (!result.ok) {
      this.set({ loading: false, notice: `Could not load your verdicts: ${result.error.message}` });
      return;
    }
    // Verdicts already held are not taken twice (one may have been given meanwhile, shifting the pages by one).
    const held = new Set(this.rows.map((r) => r.judgmentId));
    this.rows.push(...result.value.rows.filter((r) => !held.has(r.judgmentId)));
    this.set({ loading: false, total: Math.max(result.value.total, this.rows.length) });
  }
}
