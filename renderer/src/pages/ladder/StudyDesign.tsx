// The Ladder page's "Study design" section: the position-check and control-trial shares, database-wide settings
// (getSettings / updateSettings) that apply to every run and every evaluator.
import { useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { useResource } from '../../lib/useResource';
import './study-design.css';

type ShareKey = keyof Pick<Result<'getSettings'>, 'positionCheckShare' | 'controlShare'>;

interface Share {
  key: ShareKey;
  name: string;
  /** The words after the percentage. */
  meaning: string;
  /** The highest percentage the contract takes. */
  max: number;
  testId: string;
}

const shares: Share[] = [
  { key: 'positionCheckShare', name: 'Position checks', meaning: '% of judged comparisons again later, with the sides swapped', max: 50, testId: 'position-share' },
  { key: 'controlShare', name: 'Control trials', meaning: '% of comparisons at assisted layers without assistance', max: 100, testId: 'control-share' },
];

/** A share typed in percent as the fraction to store, or what is wrong with it. */
export function parseSharePercent(text: string, max: number): { share: number } | { problem: string } {
  const percent = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > max) return { problem: `Enter a share between 0 and ${max} %.` };
  return { share: percent / 100 };
}

const asPercent = (share: number) => String(Math.round(share * 1000) / 10);

function ShareSetting({ share, stored }: { share: Share; stored: number }) {
  const [text, setText] = useState(asPercent(stored));
  const [note, setNote] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save() {
    const parsed = parseSharePercent(text, share.max);
    if ('problem' in parsed) return setNote(parsed.problem);
    setSaving(true);
    const result = await getClient().updateSettings({ [share.key]: parsed.share });
    setSaving(false);
    if (!result.ok) return setNote(`Not saved: ${result.error.message}`);
    setText(asPercent(result.value[share.key]));
    setNote('Saved.');
  }

  return (
    <form
      className="study-share"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        <strong>{share.name}:</strong> show
        <input type="text" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} size={4} data-testid={share.testId} />
        {share.meaning}
      </label>
      <button type="submit" className="button button-small" disabled={saving} data-testid={`${share.testId}-save`}>
        Save
      </button>
      <span className="muted" role="status" data-testid={`${share.testId}-note`}>
        {note}
      </span>
    </form>
  );
}

export function StudyDesign() {
  const settings = useResource(() => getClient().getSettings({}));
  return (
    <section className="panel study-design" aria-labelledby="study-design-heading" data-testid="study-design">
      <h2 id="study-design-heading">Study design</h2>
      <p className="hint">
        These settings apply to every run and every evaluator in this database. A change applies to the comparisons served from then on;
        work already assigned keeps the shares it was drawn with.
      </p>
      {settings.error && <ErrorAlert title="Could not load the study design settings." error={settings.error} onRetry={settings.reload} testId="study-design-error" />}
      {settings.value && shares.map((share) => <ShareSetting key={share.key} share={share} stored={settings.value![share.key]} />)}
    </section>
  );
}
