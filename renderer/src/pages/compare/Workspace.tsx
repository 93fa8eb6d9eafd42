// The evaluator's workspace: prompt on top, the two responses side by side (which one is left is random per
// comparison and recorded), a verdict bar, progress, and every action on a key (remappable, shown with `?`). Under a
// rubric the verdict keys judge one criterion at a time (RubricPanel) and Enter submits them all.
// The next comparison comes from memory (prefetched and pre-rendered), so it is on screen at once; verdicts
// are stored behind, and a failure brings the comparison back with the error in plain words.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunSelect } from '../../components/RunSelect';
import { LoadDemoButton } from '../../components/LoadDemoButton';
import { plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { cachedWordDiff } from './diff';
import { HelpOverlay } from './HelpOverlay';
import { AssistancePanel } from './AssistancePanel';
import { actionFor, keyLabel, loadKeymap, saveKeymap, type Action, type Keymap } from './keymap';
import { renderMarkdown } from '../../lib/markdown';
import { SegmentedResponse, pieces, type SegmentVerdict } from './SegmentedResponse';
import { CompareSession, choiceFor, type HeldItem, type SessionState, type SubJudgment, type Verdict } from './session';
import { RubricPanel } from './RubricPanel';
import { draftsFrom, firstMissing, nextActive, pickFor, rubricVerdict, stepActive, type Drafts } from './rubric';
import { Stopwatch } from './stopwatch';
import { RelabelNote } from './RelabelNote';
import { GuidelinesPanel, useGuidelinesOpen } from './GuidelinesPanel';
import { ReviewView } from './ReviewView';
import { useVerdictReview } from './useVerdictReview';
import { loadFilters, loadSyncScroll, saveFilters, saveSyncScroll, type QueueFilters } from '../../lib/storage';
import { useMoreBelow } from './useMoreBelow';
import { useSyncedScroll } from './useSyncedScroll';
import { isTypingTarget } from '../../lib/typing-target';

type Evaluator = Result<'listEvaluators'>[number];
type Strength = 1 | 2 | 3;

const strengthNames: Record<Strength, string> = { 1: 'slightly', 2: 'clearly', 3: 'much' };

function localMidnightIso(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** Renders the upcoming items' texts in idle time, so they come on screen from the cache. */
function prerender(items: HeldItem[]): () => void {
  let cancelled = false;
  const texts = items.flatMap((i) => [i.comparison.prompt, i.comparison.responseA, i.comparison.responseB, ...segmentTexts(i)]);
  const step = () => {
    if (cancelled) return;
    const text = texts.shift();
    if (text === undefined) return;
    renderMarkdown(text);
    setTimeout(step, 0);
  };
  const timer = setTimeout(step, 0);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}

/** The texts an assisted item's panes render piece by piece (its segments and the text between them). */
function segmentTexts(item: HeldItem): string[] {
  const a = item.assistance;
  if (a?.mode !== 'assisted') return [];
  return [...pieces(item.comparison.responseA, a.segments.A), ...pieces(item.comparison.responseB, a.segments.B)].map((p) => p.text);
}

const subKey = (side: 'A' | 'B', index: number) => `${side}:${index}`;

/** One queue session per evaluator and filters; created in the effect so a remount (StrictMode) gets a fresh one. */
function useSession(evaluatorId: string, filters: QueueFilters, onSaved: () => void): [CompareSession | null, SessionState] {
  const savedRef = useRef(onSaved);
  savedRef.current = onSaved;
  const [session, setSession] = useState<CompareSession | null>(null);
  const [state, setState] = useState<SessionState>({ status: 'loading', current: null, upcoming: [], saving: 0, saved: 0, error: null, notice: null });
  useEffect(() => {
    const created = new CompareSession(getClient(), evaluatorId, filters, () => savedRef.current());
    setSession(created);
    setState(created.snapshot);
    const unsubscribe = created.subscribe(setState);
    void created.start();
    return () => {
      unsubscribe();
      created.close();
    };
  }, [evaluatorId, filters]);
  return [session, state];
}

export function Workspace({ evaluator, onSwitch }: { evaluator: Evaluator; onSwitch: () => void }) {
  const [filters, setFiltersState] = useState<QueueFilters>(loadFilters);
  const setFilters = (next: QueueFilters) => {
    saveFilters(next);
    setFiltersState(next);
  };
  const [progressTick, setProgressTick] = useState(0);
  const progressTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onSaved = useCallback(() => {
    clearTimeout(progressTimer.current);
    progressTimer.current = setTimeout(() => setProgressTick((t) => t + 1), 150);
  }, []);
  const [session, state] = useSession(evaluator.id, filters, onSaved);
  const [review, reviewState] = useVerdictReview(evaluator.id);
  const progress = useResource(() => getClient().getProgress({ evaluatorId: evaluator.id, ...filters, since: localMidnightIso() }), `${progressTick}:${JSON.stringify(filters)}`);
  const [dataVersion, setDataVersion] = useState(0);
  const datasets = useResource(() => getClient().listDatasets({}), dataVersion);
  const layers = useResource(() => getClient().listLayers({ datasetId: filters.datasetId }), `${filters.datasetId ?? ''}:${dataVersion}`);
  const runs = useResource(() => getClient().listRuns({}), dataVersion);
  const run = runs.value?.find((r) => r.id === filters.runId);
  // Within a run, the layer filter picks one of its rungs (by entry rule); otherwise the data's own layer field.
  const layerOptions = run ? run.layers.map((l) => ({ value: l.index, label: `${l.index} · ${l.name}` })) : (layers.value ?? []).map((l) => ({ value: l, label: `Layer ${l}` }));

  const [keymap, setKeymapState] = useState<Keymap>(() => loadKeymap(evaluator.id));
  const setKeymap = (next: Keymap) => {
    saveKeymap(evaluator.id, next);
    setKeymapState(next);
  };
  const [strength, setStrength] = useState<Strength | null>(null);
  const [rationale, setRationale] = useState('');
  const [rationaleOpen, setRationaleOpen] = useState(false);
  const [diff, setDiff] = useState(false);
  const [help, setHelp] = useState(false);
  // Assistance: collapsed stays as the evaluator left it; sub-judgments and the selected segment are per comparison.
  // Collapsing hides only the model's numbers and marks: the segments and the evaluator's own marks on them stay.
  const [collapsed, setCollapsed] = useState(false);
  const [guidelinesOpen, toggleGuidelines] = useGuidelinesOpen(evaluator.id);
  const [subs, setSubs] = useState<Record<string, SegmentVerdict>>({});
  const [focus, setFocus] = useState<number | null>(null);
  // Under a rubric: the verdicts per criterion so far, the criterion the verdict keys judge, why Enter was refused.
  const [drafts, setDrafts] = useState<Drafts>({});
  const [active, setActive] = useState(0);
  const [rubricHint, setRubricHint] = useState<string | null>(null);

  const current = state.current;
  const rubric = current?.rubric ?? null;
  const assisted = current?.assistance?.mode === 'assisted' ? current.assistance : null;
  const showSegments = Boolean(assisted && !diff);
  // Segments in reading order: the left pane's, then the right pane's.
  const order = useMemo(() => {
    if (!assisted || !current) return [] as { side: 'A' | 'B'; index: number }[];
    const right: 'A' | 'B' = current.leftSide === 'A' ? 'B' : 'A';
    return ([current.leftSide, right] as const).flatMap((side) => assisted.segments[side].map((_, index) => ({ side, index })));
  }, [assisted, current]);
  const stopwatch = useMemo(() => new Stopwatch(), []);
  useEffect(() => stopwatch.followVisibility(), [stopwatch]);
  // Reviewing past verdicts is not time spent on the comparison waiting to be judged.
  useEffect(() => {
    if (reviewState.open) stopwatch.pause();
    else if (!document.hidden) stopwatch.resume();
  }, [reviewState.open, stopwatch]);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const promptRef = useRef<HTMLDivElement>(null);
  const [syncScroll, setSyncScroll] = useState(loadSyncScroll);
  const toggleSyncScroll = () => setSyncScroll((on) => (saveSyncScroll(!on), !on));
  const paneKey = `${current?.requestId ?? ''}:${diff}:${showSegments}`;
  useSyncedScroll(syncScroll, rootRef, paneKey);
  const promptHasMore = useMoreBelow(promptRef, current?.requestId ?? '');

  // A new comparison on screen: its clock starts (from time already spent, after a failed save). The text panes
  // are keyed by the item, so they start scrolled to the top without forcing a layout here.
  useLayoutEffect(() => {
    if (current) stopwatch.reset(current.spentMs);
  }, [current, stopwatch]);
  // The per-comparison drafts start afresh in the commit that shows the comparison (a layout effect, like the keys'
  // listener): after the paint, this reset would wipe a key pressed the moment the comparison appeared.
  useLayoutEffect(() => {
    setStrength(null);
    setRationale(current?.draftRationale ?? ''); // after an undo, the retracted verdict's rationale is the draft
    setRationaleOpen(false);
    setSubs({});
    setFocus(null);
    // after an undo, the retracted verdict's criteria are the drafts; the first one without a verdict is active
    const restored = draftsFrom(current?.rubric ?? null, current?.draftCriteria);
    setDrafts(restored);
    setActive(current?.rubric ? Math.max(0, firstMissing(current.rubric, restored)) : 0);
    setRubricHint(null);
  }, [current?.requestId]);
  useEffect(() => {
    if (focus === null || !order[focus]) return;
    const { side, index } = order[focus];
    const pane = side === current?.leftSide ? 'left' : 'right';
    rootRef.current?.querySelector(`[data-segment="${pane}:${index}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focus, order, current?.leftSide]);

  const mark = useCallback((side: 'A' | 'B', index: number, verdict: SegmentVerdict) => {
    setSubs((before) => {
      const key = subKey(side, index);
      const next = { ...before };
      if (next[key] === verdict) delete next[key];
      else next[key] = verdict;
      return next;
    });
  }, []);

  useEffect(() => prerender(state.upcoming), [state.upcoming]);

  /** Stores the verdict on the comparison on screen (a skip too) and clears what was drafted for it; rendered
   *  synchronously inside the key event: the next comparison (from memory) is in the very next frame. */
  const submitVerdict = useCallback(
    (pick: Verdict['pick'], given: Strength | null, criteria?: Verdict['criteria']) => {
      if (!session?.snapshot.current) return;
      flushSync(() => {
        const subJudgments: SubJudgment[] = Object.entries(subs).map(([key, verdict]) => {
          const [side, index] = key.split(':');
          return { side: side as 'A' | 'B', segment: Number(index), verdict };
        });
        session.verdict({ pick, strength: given ?? undefined, rationale, durationMs: stopwatch.elapsedMs(), collapsed, subJudgments, ...(criteria ? { criteria } : {}) });
        setStrength(null);
        setRationale('');
        setRationaleOpen(false);
        setSubs({});
        setFocus(null);
        setDrafts({});
        setActive(0);
        setRubricHint(null);
      });
    },
    [session, subs, rationale, stopwatch, collapsed],
  );

  /** Under a rubric: Enter submits once every criterion has a verdict (else names the first missing one and makes it
   *  active); Tab / Shift+Tab move the active criterion. */
  const rubricKey = useCallback(
    (key: 'submit' | 'next' | 'prev') => {
      const item = session?.snapshot.current;
      if (!rubric || !item) return;
      if (key !== 'submit') {
        setActive((a) => stepActive(rubric, a, key === 'next' ? 1 : -1));
        return;
      }
      const verdict = rubricVerdict(rubric, drafts);
      if (!verdict) {
        const missing = firstMissing(rubric, drafts);
        setActive(missing);
        setRubricHint(`Not submitted: “${rubric.criteria[missing].label}” (criterion ${missing + 1} of ${rubric.criteria.length}) has no verdict yet.`);
        return;
      }
      submitVerdict(pickFor(verdict.first.choice, item.leftSide), verdict.first.strength ?? null, verdict.criteria);
    },
    [session, rubric, drafts, submitVerdict],
  );

  const act = useCallback(
    (action: Action) => {
      if (review.snapshot.open && !['reviewBack', 'reviewForward', 'change', 'guidelines', 'help'].includes(action)) {
        const keys = (a: Action) => keymap[a].map(keyLabel).join(' / ');
        return review.tell(`Reviewing (read-only): verdict keys do nothing here. ${keys('change')} changes this verdict; Esc or ${keys('reviewForward')} goes back to judging.`);
      }
      switch (action) {
        case 'left':
        case 'right':
        case 'tie':
        case 'skip': {
          const item = session?.snapshot.current;
          if (!session || !item) return;
          if (rubric && action !== 'skip') {
            // The active criterion's verdict; the next criterion without one becomes active.
            const choice = choiceFor(action, item.leftSide) as 'A' | 'B' | 'tie';
            const next = { ...drafts, [rubric.criteria[active].key]: { choice, ...(strength && choice !== 'tie' ? { strength } : {}) } };
            setDrafts(next);
            setActive(nextActive(rubric, next, active));
            setStrength(null);
            setRubricHint(null);
            return;
          }
          return submitVerdict(action, strength);
        }
        case 'slight':
          return setStrength((s) => (s === 1 ? null : 1));
        case 'clear':
          return setStrength((s) => (s === 2 ? null : 2));
        case 'strong':
          return setStrength((s) => (s === 3 ? null : 3));
        case 'rationale':
          if (!session?.snapshot.current) return;
          // The box takes the focus as it mounts (autoFocus, in the same commit as the key), so letters typed right
          // after r go into it and not to the page's keys; an open box is focused again.
          if (rationaleRef.current) rationaleRef.current.focus();
          else setRationaleOpen(true);
          return;
        case 'undo':
          void session?.undo();
          return;
        case 'diff':
          return setDiff((d) => !d);
        case 'segmentNext':
        case 'segmentPrev':
          if (!showSegments || order.length === 0) return;
          return setFocus((f) => (f === null ? (action === 'segmentNext' ? 0 : order.length - 1) : (f + (action === 'segmentNext' ? 1 : order.length - 1)) % order.length));
        case 'segmentCorrect':
        case 'segmentWrong':
        case 'segmentUnsure': {
          const target = focus === null || !showSegments ? undefined : order[focus];
          if (!target) return;
          return mark(target.side, target.index, action === 'segmentCorrect' ? 'correct' : action === 'segmentWrong' ? 'wrong' : 'unsure');
        }
        case 'assistance':
          if (!assisted) return;
          return setCollapsed((c) => !c);
        case 'reviewBack':
          void review.back();
          return;
        case 'reviewForward':
          return review.forward();
        case 'change':
          if (session) void review.change((judgmentId) => session.change(judgmentId, stopwatch.elapsedMs()));
          return;
        case 'guidelines':
          return toggleGuidelines();
        case 'help':
          return setHelp((h) => !h);
      }
    },
    [session, strength, stopwatch, showSegments, order, focus, mark, assisted, review, keymap, toggleGuidelines, rubric, drafts, active, submitVerdict],
  );

  const actRef = useRef(act);
  actRef.current = act;
  const rubricKeyRef = useRef(rubric ? rubricKey : null);
  rubricKeyRef.current = rubric ? rubricKey : null;
  const keymapRef = useRef(keymap);
  keymapRef.current = keymap;
  const helpRef = useRef(help);
  helpRef.current = help;
  const reviewRef = useRef(review);
  reviewRef.current = review;

  // Attached in the commit that first shows a comparison (a layout effect), not after the paint: a key pressed the
  // moment the comparison appears (a fast evaluator, a browser busy elsewhere) is never dropped.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (helpRef.current || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      const typing = isTypingTarget(target);
      if (event.key === 'Escape' && reviewRef.current.snapshot.open && !typing) {
        event.preventDefault();
        reviewRef.current.close(); // back to judging
        rootRef.current?.focus();
        return;
      }
      if (event.key === 'Escape' && target && target !== rootRef.current) {
        // Esc leaves a filter or button and hands the keys back to judging.
        if (target.tagName !== 'TEXTAREA') rootRef.current?.focus();
        return;
      }
      if (typing) return;
      // Under a rubric, Enter and Tab belong to the criteria while the keys are with judging (not in the filters).
      const judging = !(target instanceof Element) || target === rootRef.current || target === document.body || Boolean(target.closest('.compare-actions'));
      if ((event.key === 'Enter' || event.key === 'Tab') && rubricKeyRef.current && judging && !reviewRef.current.snapshot.open) {
        event.preventDefault();
        if (event.key === 'Enter' && event.repeat) return;
        rubricKeyRef.current(event.key === 'Enter' ? 'submit' : event.shiftKey ? 'prev' : 'next');
        return;
      }
      const action = actionFor(keymapRef.current, event.key);
      if (!action) return;
      event.preventDefault();
      if (event.repeat) return; // a held key gives one verdict, not a burst
      actRef.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const closeRationale = (keep: boolean) => {
    if (!keep) setRationale('');
    setRationaleOpen(false);
    rootRef.current?.focus();
  };

  const keysFor = (action: Action) => keymap[action].map(keyLabel).join(' / ');
  const leftText = current ? (current.leftSide === 'A' ? current.comparison.responseA : current.comparison.responseB) : '';
  const rightText = current ? (current.leftSide === 'A' ? current.comparison.responseB : current.comparison.responseA) : '';
  const paneSide = (pane: 'left' | 'right'): 'A' | 'B' => (pane === 'left' ? current!.leftSide : current!.leftSide === 'A' ? 'B' : 'A');
  const diffHtml = current && diff ? cachedWordDiff(`${current.comparison.id}:${current.leftSide}`, leftText, rightText) : null;
  const p = progress.value;

  return (
    <div
      className="compare"
      ref={rootRef}
      tabIndex={-1}
      data-testid="compare"
      data-comparison-id={current?.comparison.id ?? ''}
      data-left-side={current?.leftSide ?? ''}
      data-kind={current?.kind ?? ''}
      data-saving={state.saving}
    >
      <div className="compare-toolbar">
        <div className="compare-who">
          <span className="muted">Judging as</span>{' '}
          <strong data-testid="compare-evaluator">{evaluator.name}</strong>
          {evaluator.domains.length > 0 && <span className="muted"> ({evaluator.domains.join(', ')})</span>}{' '}
          <button type="button" className="button button-small" onClick={onSwitch} data-testid="compare-switch">
            Switch
          </button>
        </div>
        {(runs.value?.length ?? 0) > 0 && (
          <label className="compare-filter">
            <span className="muted">Run</span>
            <RunSelect
              runs={runs.value ?? []}
              value={filters.runId ?? ''}
              onChange={(runId) => setFilters({ ...(runId ? { runId } : {}), ...(filters.datasetId ? { datasetId: filters.datasetId } : {}) })}
              noneLabel="All runs"
              testId="compare-run"
            />
          </label>
        )}
        <label className="compare-filter">
          <span className="muted">Dataset</span>
          <select
            value={filters.datasetId ?? ''}
            onChange={(e) => setFilters({ ...(filters.runId ? { runId: filters.runId } : {}), ...(e.target.value ? { datasetId: e.target.value } : {}) })}
            data-testid="compare-dataset"
          >
            <option value="">All datasets</option>
            {datasets.value?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-filter">
          <span className="muted">Layer</span>
          <select
            value={filters.layer ?? ''}
            onChange={(e) =>
              setFilters({
                ...(filters.runId ? { runId: filters.runId } : {}),
                ...(filters.datasetId ? { datasetId: filters.datasetId } : {}),
                ...(e.target.value !== '' ? { layer: Number(e.target.value) } : {}),
              })
            }
            data-testid="compare-layer"
          >
            <option value="">All layers</option>
            {layerOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <span className={`compare-saving${state.saving > 0 ? ' is-saving' : ''}`} role="status" title={state.notice ?? undefined} data-testid="compare-saving">
          {state.saving > 0 ? `Saving ${state.saving}…` : state.notice && !state.error ? state.notice : state.saved > 0 ? 'All saved' : ''}
        </span>
        <dl className="compare-progress" data-testid="compare-progress">
          <div>
            <dt>Done today</dt>
            <dd data-testid="progress-done">{p ? p.doneToday : '–'}</dd>
          </div>
          <div>
            <dt>Remaining</dt>
            <dd data-testid="progress-remaining">{p ? p.remaining : '–'}</dd>
          </div>
          <div>
            <dt>Median</dt>
            <dd data-testid="progress-median">{p?.medianSeconds != null ? `${p.medianSeconds.toFixed(1)} s` : '–'}</dd>
          </div>
        </dl>
        <button type="button" className="button button-small" onClick={() => setHelp(true)} aria-keyshortcuts="?" data-testid="compare-help-button">
          Keys <kbd>{keysFor('help')}</kbd>
        </button>
      </div>

      {state.error && (
        <ErrorAlert title={state.error.title} error={state.error.message} onRetry={state.status === 'error' ? () => void session?.retry() : undefined} testId="compare-error" />
      )}

      {reviewState.open && (
        <ReviewView
          state={reviewState}
          keys={{ back: keysFor('reviewBack'), forward: keysFor('reviewForward'), change: keysFor('change') }}
          onBack={() => act('reviewBack')}
          onForward={() => act('reviewForward')}
          onChange={() => act('change')}
          onClose={() => review.close()}
        />
      )}
      {!reviewState.open && state.status === 'loading' && !current && <div className="compare-body compare-placeholder muted">Loading comparisons…</div>}
      {!reviewState.open && state.status === 'empty' && <EmptyQueue filtered={Boolean(filters.runId || filters.datasetId || filters.layer !== undefined)} onLoaded={() => {
            setDataVersion((v) => v + 1);
            onSaved();
            void session?.retry();
          }} onClearFilters={() => setFilters({})} />}
      {!reviewState.open && state.status === 'error' && !current && <div className="compare-body compare-placeholder muted">No comparison can be shown until Rung reaches its database.</div>}

      {!reviewState.open && current && (
        <div className="compare-body">
          <RelabelNote relabel={current.relabel} />
          <GuidelinesPanel datasetId={filters.datasetId ?? current.comparison.datasetId} runId={filters.runId} layer={filters.layer} open={guidelinesOpen} onToggle={() => act('guidelines')} toggleKeys={keysFor('guidelines')} />
          <section className={`compare-prompt${promptHasMore ? ' has-more' : ''}`} aria-label="Prompt">
            <header className="pane-header">
              <span>Prompt</span>
              <span className="pane-tags">
                {current.comparison.layer !== null && <span className="chip">Layer {current.comparison.layer}</span>}
                {promptHasMore && (
                  <span className="chip" data-testid="compare-prompt-more">
                    More below ↓
                  </span>
                )}
                {current.kind === 'returned' && <span className="chip">Back after undo</span>}
                {current.kind === 'relabel' && (
                  <span className="chip chip-accent" title="A researcher asked for this comparison to be judged again (from the Flags page)" data-testid="compare-relabel">
                    Relabel requested
                  </span>
                )}
              </span>
            </header>
            <div key={current.requestId} ref={promptRef} className="pane-body md" data-testid="compare-prompt" dangerouslySetInnerHTML={{ __html: renderMarkdown(current.comparison.prompt) }} />
          </section>
          {current.assistance && (
            <AssistancePanel
              assistance={current.assistance}
              leftSide={current.leftSide}
              collapsed={collapsed}
              onToggle={() => act('assistance')}
              toggleKeys={keysFor('assistance')}
              segmentKeys={{ next: keysFor('segmentNext'), prev: keysFor('segmentPrev'), correct: keysFor('segmentCorrect'), wrong: keysFor('segmentWrong'), unsure: keysFor('segmentUnsure') }}
              marked={Object.keys(subs).length}
            />
          )}
          <div className="compare-panes">
            {(['left', 'right'] as const).map((side) => (
              <section key={side} className={`pane pane-${side}`} aria-label={side === 'left' ? 'Left response' : 'Right response'}>
                <header className="pane-header">
                  <span>
                    {side === 'left' ? 'Left' : 'Right'} <kbd>{keysFor(side)}</kbd>
                  </span>
                  {diffHtml && <span className="muted pane-diff-count">{plural(side === 'left' ? diffHtml.leftOnly : diffHtml.rightOnly, 'word')} only here</span>}
                </header>
                {diffHtml ? (
                  <div key={`diff:${current.requestId}`} className="pane-body diff-text" data-testid={`compare-${side}`} dangerouslySetInnerHTML={{ __html: side === 'left' ? diffHtml.left : diffHtml.right }} />
                ) : showSegments && assisted ? (
                  <div key={`seg:${current.requestId}`} className="pane-body" data-testid={`compare-${side}`}>
                    <SegmentedResponse
                      pane={side}
                      text={side === 'left' ? leftText : rightText}
                      segments={assisted.segments[paneSide(side)]}
                      showScores={!collapsed}
                      verdicts={Object.fromEntries(assisted.segments[paneSide(side)].map((_, i) => [i, subs[subKey(paneSide(side), i)]]))}
                      focused={focus !== null && order[focus]?.side === paneSide(side) ? order[focus].index : null}
                      onMark={(index, verdict) => mark(paneSide(side), index, verdict)}
                      onFocus={(index) => setFocus(order.findIndex((o) => o.side === paneSide(side) && o.index === index))}
                    />
                  </div>
                ) : (
                  <div key={current.requestId} className="pane-body md" data-testid={`compare-${side}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(side === 'left' ? leftText : rightText) }} />
                )}
              </section>
            ))}
          </div>
        </div>
      )}

      <div className="compare-actions" aria-label="Verdict">
        {rationaleOpen ? (
          <div className="rationale-row">
            <label htmlFor="compare-rationale" className="visually-hidden">
              Rationale
            </label>
            <textarea
              id="compare-rationale"
              ref={rationaleRef}
              autoFocus
              value={rationale}
              rows={2}
              maxLength={20_000}
              placeholder="Why? Enter saves the rationale (Shift+Enter for a new line), Esc cancels; then give the verdict."
              onChange={(e) => setRationale(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  closeRationale(true);
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  closeRationale(false);
                }
              }}
              data-testid="compare-rationale"
            />
          </div>
        ) : (
          rationale && (
            <p className="rationale-chip" data-testid="compare-rationale-saved">
              Rationale: {rationale}
            </p>
          )
        )}
        {rubric && current && !reviewState.open && (
          <RubricPanel
            rubric={rubric}
            drafts={drafts}
            active={active}
            leftSide={current.leftSide}
            hint={rubricHint}
            verdictKeys={[keysFor('left'), keysFor('tie'), keysFor('right')].join(', ')}
            onActivate={(i) => {
              setActive(i);
              rootRef.current?.focus();
            }}
            onSubmit={() => rubricKey('submit')}
          />
        )}
        <div className="verdict-row">
          <div className="verdict-group" role="group" aria-label="Verdict">
            <VerdictButton label="Left better" keys={keysFor('left')} onClick={() => act('left')} disabled={!current} testId="verdict-left" primary />
            <VerdictButton label="Tie" keys={keysFor('tie')} onClick={() => act('tie')} disabled={!current} testId="verdict-tie" />
            <VerdictButton label="Right better" keys={keysFor('right')} onClick={() => act('right')} disabled={!current} testId="verdict-right" primary />
            <VerdictButton label="Skip" keys={keysFor('skip')} onClick={() => act('skip')} disabled={!current} testId="verdict-skip" />
          </div>
          <div className="verdict-group" role="group" aria-label="Strength">
            {([1, 2, 3] as Strength[]).map((s) => {
              const action = (['slight', 'clear', 'strong'] as const)[s - 1];
              return (
                <button
                  key={s}
                  type="button"
                  className={`button button-small strength${strength === s ? ' is-on' : ''}`}
                  aria-pressed={strength === s}
                  onClick={() => act(action)}
                  data-testid={`strength-${action}`}
                >
                  {['Slightly', 'Clearly', 'Much'][s - 1]} <kbd>{keysFor(action)}</kbd>
                </button>
              );
            })}
          </div>
          <div className="verdict-group" role="group" aria-label="Tools">
            <button type="button" className="button button-small" onClick={() => act('rationale')} disabled={!current} data-testid="action-rationale">
              Rationale <kbd>{keysFor('rationale')}</kbd>
            </button>
            <button type="button" className={`button button-small${diff ? ' is-on' : ''}`} aria-pressed={diff} onClick={() => act('diff')} data-testid="action-diff">
              Diff <kbd>{keysFor('diff')}</kbd>
            </button>
            <button type="button" className="button button-small" onClick={() => act('undo')} data-testid="action-undo">
              Undo <kbd>{keysFor('undo')}</kbd>
            </button>
            <button type="button" className={`button button-small${reviewState.open ? ' is-on' : ''}`} aria-pressed={reviewState.open} onClick={() => act('reviewBack')} title="Look back through your verdicts, read-only (and change one)" data-testid="action-review">
              Review <kbd>{keysFor('reviewBack')}</kbd>
            </button>
            <button type="button" className={`button button-small${syncScroll ? ' is-on' : ''}`} aria-pressed={syncScroll} onClick={toggleSyncScroll} title="Scroll the two responses together (remembered in this browser)" data-testid="action-sync-scroll">
              Sync scroll
            </button>
          </div>
          <p className="verdict-hint muted" data-testid="compare-strength-hint">
            {strength ? `Next verdict: ${strengthNames[strength]} better.` : 'Strength: optional, before the verdict.'}
          </p>
        </div>
      </div>

      {help && <HelpOverlay keymap={keymap} onChange={setKeymap} onClose={() => { setHelp(false); rootRef.current?.focus(); }} />}
    </div>
  );
}

function VerdictButton({ label, keys, onClick, disabled, testId, primary }: { label: string; keys: string; onClick: () => void; disabled: boolean; testId: string; primary?: boolean }) {
  return (
    <button type="button" className={`button verdict${primary ? ' verdict-main' : ''}`} onClick={onClick} disabled={disabled} data-testid={testId}>
      {label} <kbd>{keys}</kbd>
    </button>
  );
}

function EmptyQueue({ filtered, onLoaded, onClearFilters }: { filtered: boolean; onLoaded: () => void; onClearFilters: () => void }) {
  const stats = useResource(() => getClient().getStats({}));
  const noData = stats.value?.comparisons === 0;
  if (!stats.value && !stats.error) return <div className="compare-body compare-placeholder muted">Checking the queue…</div>;
  return (
    <div className="compare-body">
      <div className="empty-state" data-testid="compare-empty">
        <h2>{noData ? 'Nothing to judge yet' : 'Queue empty — nothing left to judge here'}</h2>
        <p>
          {noData
            ? 'This database holds no comparisons. Load the built-in demo (word problems with step-by-step solutions) to start at once, or import a file on the Data page.'
            : filtered
              ? 'You have judged every comparison that matches the run, dataset and layer chosen above. Choose others, or clear the filters.'
              : 'You have judged every comparison in this database. Import more on the Data page.'}
        </p>
        <div className="form-actions empty-actions">
          {noData && <LoadDemoButton onLoaded={onLoaded} autoFocus testId="compare-load-demo" />}
          {filtered && (
            <button type="button" className="button" onClick={onClearFilters} data-testid="compare-clear-filters">
              Clear the filters
            </button>
          )}
          <a className="button" href="#/data">
            Go to Data
          </a>
        </div>
      </div>
    </div>
  );
}
