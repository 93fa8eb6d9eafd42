// The rubric above the verdict keys: the run's criteria in order, one active at a time (the verdict keys judge it and
// move on), each with its verdict so far; a click makes one active. Tab / Shift+Tab move, Enter submits once every
// criterion has a verdict, and until then says which one is missing.
import { draftWords, type Drafts, type Rubric } from './rubric';

interface Props {
  rubric: Rubric;
  drafts: Drafts;
  active: number;
  leftSide: 'A' | 'B';
  /** Why Enter did not submit (the missing criterion), if it was just refused. */
  hint: string | null;
  verdictKeys: string;
  onActivate: (index: number) => void;
  onSubmit: () => void;
}

export function RubricPanel({ rubric, drafts, active, leftSide, hint, verdictKeys, onActivate, onSubmit }: Props) {
  const done = rubric.criteria.filter((c) => drafts[c.key]).length;
  const described = rubric.criteria[active]?.description;
  return (
    <div className="rubric" role="group" aria-label="Criteria" data-testid="compare-rubric">
      <ol className="rubric-criteria">
        {rubric.criteria.map((c, i) => (
          <li key={c.key}>
            <button
              type="button"
              className={`rubric-criterion${i === active ? ' is-active' : ''}${drafts[c.key] ? ' is-done' : ''}`}
              aria-current={i === active ? 'step' : undefined}
              title={c.description || undefined}
              onClick={() => onActivate(i)}
              data-testid={`rubric-criterion-${c.key}`}
              data-active={i === active}
            >
              <span className="rubric-index">{i + 1}</span> <span className="rubric-label">{c.label}</span>{' '}
              <span className="rubric-draft" data-testid={`rubric-draft-${c.key}`}>
                {draftWords(drafts[c.key], leftSide)}
              </span>
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small button-primary rubric-submit" onClick={onSubmit} aria-keyshortcuts="Enter" data-testid="rubric-submit">
        Submit {done}/{rubric.criteria.length} <kbd>⏎</kbd>
      </button>
      <p className={`rubric-hint${hint ? ' is-refused' : ' muted'}`} role={hint ? 'alert' : undefined} data-testid="rubric-hint">
        {hint ??
          `${described ? `${described} — ` : ''}${verdictKeys} judge the active criterion and move on; Tab / Shift+Tab move between criteria; Enter submits once each has a verdict.`}
      </p>
    </div>
  );
}
