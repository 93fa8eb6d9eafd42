// The Experiments page: run an oversight-report preset (simulated ladders swept over seeds) as a job with progress and
// Cancel, list the past reports with their five claims, and open one — its claims with intervals and readings, and
// its self-contained report.html, shown in the page and kept to save.
import { useCallback, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { claimValue } from './ClaimsTable';
import { ExperimentReport } from './ExperimentReport';
import { useExperimentJob, type ExperimentJob } from './useExperimentJob';
import './experiments.css';

/** Each preset's size, and about how long it takes on 2 cores (measured with its own seeds and scale). */
const PRESETS = {
  quick: { conditions: 4, seeds: 3, scale: 5, minutes: 2 },
  full: { conditions: 7, seeds: 10, scale: 10, minutes: 20 },
} as const;

/** A whole number typed in a field, undefined when left blank (the preset's own), NaN when it is not one. */
const wholeNumber = (text: string) => (text.trim() === '' ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : NaN);

/** What the form will run: the preset's conditions with the seeds and scale typed (else its own), and about how long
 *  (its time grows with seeds × scale). */
function plan(preset: keyof typeof PRESETS, seedsText: string, scaleText: string): string {
  const p = PRESETS[preset];
  const seeds = wholeNumber(seedsText), scale = wholeNumber(scaleText);
  if (Number.isNaN(seeds) || Number.isNaN(scale)) return `${p.conditions} conditions × ${p.seeds} seeds at scale ${p.scale} unless changed`;
  const s = seeds ?? p.seeds, k = scale ?? p.scale;
  const minutes = (p.minutes * s * k) / (p.seeds * p.scale);
  const time = minutes < 1 ? 'under a minute' : `about ${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}`;
  return `${p.conditions} conditions × ${s} seeds at scale ${k} (${time} on 2 cores)`;
}

export function ExperimentsPage() {
  const [version, setVersion] = useState(0);
  const list = useResource(() => getClient().listExperiments({}), version);
  const [openId, setOpenId] = useState<string>();
  const finished = useCallback((job: ExperimentJob) => {
    setVersion((v) => v + 1);
    if (job.experimentId) setOpenId(job.experimentId);
  }, []);
  const { job, start, cancel } = useExperimentJob(finished);
  const [preset, setPreset] = useState<'quick' | 'full'>('quick');
  const [seeds, setSeeds] = useState('');
  const [scale, setScale] = useState('');
  const [formError, setFormError] = useState<string>();
  const [actionError, setActionError] = useState<ApiError>();
  const running = job?.status === 'running';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = wholeNumber(seeds);
    const k = wholeNumber(scale);
    if (Number.isNaN(s) || (s !== undefined && (s < 2 || s > 100))) return setFormError('Seeds: a whole number from 2 to 100, or blank for the preset’s.');
    if (Number.isNaN(k) || (k !== undefined && (k < 1 || k > 100))) return setFormError('Scale: a whole number from 1 to 100, or blank for the preset’s.');
    setFormError(undefined);
    setActionError(await start({ preset, seeds: s, scale: k }));
  }

  return (
    <div className="page experiments-page">
      <div className="page-header">
        <h1>Experiments</h1>
        <p className="page-lede">
          Does the ladder give better labels for fewer human hours, and where does it go wrong? An experiment runs the demo ladder with simulated evaluators
          (who know the ground truth) under several conditions — assistance on or off, a bias planted in RM0, evaluators who over-trust — once per seed, and
          reports five claims with 95% intervals over seeds. Reports are kept beside the database.
        </p>
      </div>

      <form className="form action-form" onSubmit={submit} aria-label="Run an experiment" data-testid="experiment-form">
        <div className="form-actions">
          <label className="compare-filter">
            Preset
            <select value={preset} onChange={(e) => setPreset(e.target.value as 'quick' | 'full')} disabled={running} data-testid="experiment-preset">
              <option value="quick">quick</option>
              <option value="full">full</option>
            </select>
          </label>
          <label className="compare-filter">
            Seeds
            <input type="text" inputMode="numeric" size={4} placeholder="preset" value={seeds} onChange={(e) => setSeeds(e.target.value)} disabled={running} data-testid="experiment-seeds" />
          </label>
          <label className="compare-filter">
            Scale
            <input type="text" inputMode="numeric" size={4} placeholder="preset" value={scale} onChange={(e) => setScale(e.target.value)} disabled={running} data-testid="experiment-scale" />
          </label>
          <button type="submit" className="button button-primary" disabled={running} data-testid="experiment-start">
            {running ? 'Running…' : 'Run experiment'}
          </button>
        </div>
        <p className="hint" data-testid="experiment-plan">
          {plan(preset, seeds, scale)}
        </p>
        {formError && <ErrorAlert error={formError} testId="experiment-form-error" />}
        {actionError && <ErrorAlert title="The experiment did not start." error={actionError} testId="experiment-start-error" />}
      </form>

      {job && (
        <section className="experiment-job" aria-live="polite" data-testid="experiment-job">
          <h2 className="subheading">
            Experiment ({job.preset}, {job.seeds} seeds, scale {job.scale}): {job.status}
          </h2>
          <progress max={job.total} value={job.done} aria-label="Runs finished" />
          <span className="hint" data-testid="experiment-job-stage">
            {job.done} of {job.total} runs — {job.stage}
          </span>
          {running && (
            <button type="button" className="button button-small" onClick={() => void cancel().then(setActionError)} data-testid="experiment-cancel">
              Cancel
            </button>
          )}
          {job.status === 'failed' && job.error && <ErrorAlert title="The experiment failed; nothing was written." error={job.error} testId="experiment-job-error" />}
          {job.status === 'cancelled' && <p className="hint">Cancelled; nothing was written.</p>}
        </section>
      )}

      <h2 className="subheading">Reports</h2>
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.value && list.value.experiments.length === 0 && <p className="muted">No experiments yet.</p>}
      {list.value && list.value.experiments.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="experiment-list">
            <thead>
              <tr>
                <th>Started</th>
                <th>Preset</th>
                <th className="num">Runs</th>
                {list.value.experiments[0].claims.map((c) => (
                  <th key={c.id} className="num">
                    {c.id}
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {list.value.experiments.map((x) => (
                <tr key={x.id} aria-selected={x.id === openId}>
                  <td>{formatDate(x.startedAt)}</td>
                  <td>
                    {x.preset}, scale {x.scale}
                  </td>
                  <td className="num">
                    {x.conditions.length} × {x.seeds}
                  </td>
                  {x.claims.map((c) => (
                    <td key={c.id} className="num">
                      {claimValue(c)}
                    </td>
                  ))}
                  <td>
                    <button type="button" className="button button-small" onClick={() => setOpenId(x.id)} data-testid="experiment-open">
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.value && list.value.unreadable.length > 0 && (
        <ErrorAlert
          title="Some experiment folders could not be read:"
          error={list.value.unreadable.map((u) => `${u.id}: ${u.reason}`).join('; ')}
          testId="experiment-unreadable"
        />
      )}
      {openId && <ExperimentReport id={openId} onClose={() => setOpenId(undefined)} />}
    </div>
  );
}

