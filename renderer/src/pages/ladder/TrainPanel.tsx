// Training one rung: "Train RMk" opens a small form (held-out share, seed, device, the criterion of a run with a
// rubric, and the data options of TrainOptionsFields; it says what RMk learns from), Start runs startTraining, then the job's progress is drawn live (train and
// validation loss, validation accuracy per epoch, the current step) with Cancel; errors are shown verbatim.
// Below, the layer's models (ModelList).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { CriterionSelect } from '../../components/CriterionSelect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { useResource } from '../../lib/useResource';
import { loadEngineInfo } from './engine-info';
import { plural } from '../../lib/format';
import {
  accuracySeries,
  decimal,
  defaultTrainDraft,
  judgmentsUpTo,
  layerModels,
  lossSeries,
  needsJudgments,
  percent,
  validateTrainDraft,
  type TrainDraft,
  type TrainingJob,
} from './jobs';
import { LineChart } from './LineChart';
import { ModelList } from './ModelList';
import type { Run } from './run';
import { defaultTrainOptions, sourcesText, validateTrainOptions, type TrainOptionsDraft } from './train-options';
import { TrainOptionsFields } from './TrainOptionsFields';
import { TextFeaturesField } from './TextFeaturesField';
import type { Training } from './useTraining';
import './training.css';
import { COUNT_WORDS } from '../../lib/count-words';

interface Props {
  run: Run;
  layer: Run['layers'][number];
  training: Training;
  job: TrainingJob | undefined;
}

const layersText = (k: number) => (k === 0 ? 'layer 0' : `layers 0–${k}`);

export function TrainPanel({ run, layer, training, job }: Props) {
  const k = layer.index;
  const engine = useResource(loadEngineInfo);
  const [formVersion, setFormVersion] = useState(0);
  const encoders = useResource(() => getClient().listEncoders({}), formVersion);
  const [encoder, setEncoder] = useState('');
  // a run with a rubric trains on one criterion's verdicts: the first (the judgments' own choices) unless another is picked
  const [criterion, setCriterion] = useState(run.criteria[0]?.key ?? '');
  const ids = useId();
  const [formOpen, setFormOpen] = useState(false);
  const [draft, setDraft] = useState<TrainDraft>(defaultTrainDraft);
  const [optionsDraft, setOptionsDraft] = useState<TrainOptionsDraft>(() => defaultTrainOptions(layer.index));
  const [showErrors, setShowErrors] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError>();
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<ApiError>();
  const [dismissed, setDismissed] = useState<string>();
  const trainButton = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const jobHeading = useRef<HTMLHeadingElement>(null);
  const [focusJob, setFocusJob] = useState(false);

  const judged = judgmentsUpTo(run.layers, k);
  const running = job?.status === 'running';
  const validated = validateTrainDraft(draft);
  const errors = showErrors && !validated.ok ? validated.errors : {};
  const validatedOptions = validateTrainOptions(optionsDraft);
  const optionErrors = showErrors && !validatedOptions.ok ? validatedOptions.errors : undefined;
  const visibleJob = job && job.id !== dismissed ? job : undefined;

  useEffect(() => {
    if (formOpen) firstField.current?.focus();
  }, [formOpen]);

  useEffect(() => {
    if (!focusJob) return;
    setFocusJob(false);
    jobHeading.current?.focus();
  }, [focusJob, visibleJob?.id, visibleJob?.status]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (starting) return;
    if (!validated.ok || !validatedOptions.ok) {
      setShowErrors(true);
      return;
    }
    setStarting(true);
    setStartError(undefined);
    const result = await training.start(run.id, k, {
      ...validated.value,
      ...validatedOptions.value,
      encoder: encoder === '' ? undefined : encoder,
      criterion: criterion === '' ? undefined : criterion,
    });
    setStarting(false);
    if (!result.ok) return setStartError(result.error);
    setFormOpen(false);
    setShowErrors(false);
    setDismissed(undefined);
    setFocusJob(true);
  }

  async function cancel() {
    if (!job || cancelling) return;
    setCancelling(true);
    setCancelError(undefined);
    const error = await training.cancel(job.id);
    setCancelling(false);
    setCancelError(error);
    setFocusJob(true);
  }

  function closeForm() {
    setFormOpen(false);
    setStartError(undefined);
    setShowErrors(false);
    requestAnimationFrame(() => trainButton.current?.focus());
  }

  const models = training.models && layerModels(training.models, run.id, k);
  const formId = `${ids}-form`;

  return (
    <div className="rung-train" data-testid="train-panel">
      <div className="rung-train-bar">
        <button
          ref={trainButton}
          type="button"
          className="button button-small"
          onClick={() => {
            if (formOpen) return closeForm();
            setFormVersion((v) => v + 1); // the encoders registered since the page loaded
            setFormOpen(true);
          }}
          disabled={running}
          aria-expanded={formOpen}
          aria-controls={formOpen ? formId : undefined}
          data-testid="train-open"
        >
          {running ? `Training RM${k}…` : `Train RM${k}`}
        </button>
        <span className="hint">
          <span title={COUNT_WORDS.humanLabels}>learns from the {plural(judged, 'human label')} of {layersText(k)}</span>
          {' '}(simulated evaluators’ only if included)
        </span>
      </div>

      {formOpen && (
        <form
          id={formId}
          className="train-form"
          onSubmit={submit}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              closeForm();
            }
          }}
          noValidate aria-label={`Train RM${k}`} data-testid="train-form">
          <p className="train-form-note">
            RM{k} is trained on the <strong>{sourcesText(optionsDraft)} of {layersText(k)}</strong> of this run ({judged} so far)
            {optionsDraft.includeModelJudgments ? '; model verdicts count too (opted in below)' : '; model verdicts are never used unless you opt in below'}. A
            share of the judged comparisons is held out to measure it.
          </p>
          {judged < 2 && (
            <p className="train-form-warn" data-testid="train-no-judgments">
              {layersText(k)[0].toUpperCase() + layersText(k).slice(1)} {judged === 0 ? 'have no human judgments yet' : 'have only one human judgment'}: judge
              some of their comparisons on the <a href="#/compare">Compare page</a> first.
            </p>
          )}
          <div className="train-form-fields">
            <div className="field">
              <label htmlFor={`${ids}-holdout`}>Held-out share (%)</label>
              <input
                ref={firstField}
                id={`${ids}-holdout`}
                type="number"
                inputMode="decimal"
                min={0}
                max={90}
                step={5}
                className="ladder-number"
                value={draft.holdoutPercent}
                onChange={(e) => setDraft({ ...draft, holdoutPercent: e.target.value })}
                aria-invalid={errors.holdoutPercent ? true : undefined}
                aria-describedby={errors.holdoutPercent ? `${ids}-holdout-error` : undefined}
                data-testid="train-holdout"
              />
              {errors.holdoutPercent && (
                <span id={`${ids}-holdout-error`} className="field-error" data-testid="field-error">
                  {errors.holdoutPercent}
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor={`${ids}-seed`}>Seed</label>
              <input
                id={`${ids}-seed`}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                className="ladder-number"
                value={draft.seed}
                onChange={(e) => setDraft({ ...draft, seed: e.target.value })}
                aria-invalid={errors.seed ? true : undefined}
                aria-describedby={errors.seed ? `${ids}-seed-error` : undefined}
                data-testid="train-seed"
              />
              {errors.seed && (
                <span id={`${ids}-seed-error`} className="field-error" data-testid="field-error">
                  {errors.seed}
                </span>
              )}
            </div>
            <div className="field">
              <label htmlFor={`${ids}-device`}>Device</label>
              <select
                id={`${ids}-device`}
                value={draft.device}
                onChange={(e) => setDraft({ ...draft, device: e.target.value as TrainDraft['device'] })}
                data-testid="train-device"
              >
                <option value="auto">Automatic (GPU if available)</option>
                <option value="cpu">CPU</option>
                <option value="cuda">CUDA GPU</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-precision`}>Precision</label>
              <select
                id={`${ids}-precision`}
                value={draft.precision}
                onChange={(e) => setDraft({ ...draft, precision: e.target.value as TrainDraft['precision'] })}
                aria-describedby={`${ids}-precision-hint`}
                data-testid="train-precision"
              >
                <option value="fp32">FP32 (exact)</option>
                <option value="bf16" disabled={engine.value ? !engine.value.bf16 : false} data-testid="train-precision-bf16">
                  BF16 on Intel AMX (faster)
                </option>
              </select>
              <span id={`${ids}-precision-hint`} className="hint" data-testid="train-precision-hint">
                {engine.value && !engine.value.bf16
                  ? `BF16 is not available here: ${engine.value.bf16Reason}.`
                  : 'BF16 speeds up embedding models on Xeon CPUs with AMX (Sapphire Rapids or newer); text models train in FP32 either way.'}
              </span>
            </div>
          </div>
          {run.criteria.length > 0 && (
            <div className="field">
              <label htmlFor={`${ids}-criterion`}>Criterion</label>
              <CriterionSelect id={`${ids}-criterion`} criteria={run.criteria} value={criterion} onChange={setCriterion} testId="train-criterion" />
              <span className="hint">Each label is the verdict on this criterion; judgments without one are left out.</span>
            </div>
          )}
          <TextFeaturesField id={`${ids}-features`} value={encoder} onChange={setEncoder} encoders={encoders.value} />
          <TrainOptionsFields idPrefix={ids} draft={optionsDraft} onChange={setOptionsDraft} errors={optionErrors} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={starting} data-testid="train-start">
              {starting ? 'Starting…' : 'Start training'}
            </button>
            <button type="button" className="button" onClick={closeForm} data-testid="train-close">
              Close
            </button>
          </div>
          {startError && (
            <div data-testid="train-start-error">
              <ErrorAlert title={`RM${k} was not trained.`} error={startError} />
              {needsJudgments(startError.message) && <JudgeHint k={k} />}
            </div>
          )}
        </form>
      )}

      {visibleJob && (
        <JobView
          job={visibleJob}
          k={k}
          headingRef={jobHeading}
          pollError={training.pollErrors[visibleJob.id]}
          cancelling={cancelling}
          cancelError={cancelError}
          onCancel={cancel}
          onDismiss={() => {
            setDismissed(visibleJob.id);
            requestAnimationFrame(() => trainButton.current?.focus());
          }}
        />
      )}

      <ModelList layer={k} models={models} loadError={training.modelsError} onRetry={training.reloadModels} onMakeActive={training.makeActive} onEdited={training.reloadModels} />
    </div>
  );
}

function JudgeHint({ k }: { k: number }) {
  return (
    <p className="train-judge-hint" data-testid="train-judge-hint">
      To get human judgments, judge comparisons of {layersText(k)} on the <a href="#/compare">Compare page</a>, or import a dataset whose rows
      carry judgments (Data page); then train again.
    </p>
  );
}

interface JobViewProps {
  job: TrainingJob;
  k: number;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  pollError: ApiError | undefined;
  cancelling: boolean;
  cancelError: ApiError | undefined;
  onCancel: () => void;
  onDismiss: () => void;
}

function JobView({ job, k, headingRef, pollError, cancelling, cancelError, onCancel, onDismiss }: JobViewProps) {
  const loss = lossSeries(job.points);
  const accuracy = accuracySeries(job.points);
  const cur = job.current;
  const running = job.status === 'running';
  return (
    <section className={`train-job is-${job.status}`} data-job-id={job.id} aria-labelledby={`job-${job.id}`} data-testid="train-job" data-status={job.status}>
      <div className="train-job-head">
        <h4 id={`job-${job.id}`} ref={headingRef} tabIndex={-1}>
          Training RM{k}: <span className={`job-status is-${job.status}`} data-testid="train-status">{job.status}</span>
        </h4>
        {running ? (
          <button type="button" className="button button-small" onClick={onCancel} disabled={cancelling} data-testid="train-cancel">
            {cancelling ? 'Cancelling…' : 'Cancel training'}
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={onDismiss} data-testid="train-dismiss" aria-label={`Hide this RM${k} training`}>
            Hide
          </button>
        )}
      </div>
      <p className="train-progress" role="status" aria-live="polite" data-testid="train-progress">
        {running && (
          <>
            {job.stage && <span data-testid="train-stage">{job.stage}</span>}
            {cur && (
              <span data-testid="train-current">
                {' '}
                · epoch {cur.epoch}, step {cur.step} · train loss {decimal(cur.trainLoss)}
              </span>
            )}
          </>
        )}
        {job.status === 'done' && (
          <span data-testid="train-result">
            Model saved and listed below: held-out accuracy {percent(job.heldOut?.accuracy)} (length baseline{' '}
            {percent(job.heldOut?.lengthBaselineAccuracy)}), log loss {decimal(job.heldOut?.logLoss)}, ECE {decimal(job.heldOut?.ece)}.
          </span>
        )}
        {job.status === 'cancelled' && <span>Cancelled — nothing was stored.</span>}
        {job.status === 'failed' && <span>Training failed.</span>}
      </p>
      {job.status === 'failed' && job.error && (
        <div data-testid="train-error">
          <ErrorAlert error={job.error} />
          {needsJudgments(job.error) && <JudgeHint k={k} />}
        </div>
      )}
      {pollError && <ErrorAlert title="Lost contact with the training job; still trying." error={pollError} testId="train-poll-error" />}
      {cancelError && <ErrorAlert title="The training was not cancelled." error={cancelError} testId="train-cancel-error" />}
      {(job.points.length > 0 || running) && (
        <div className="train-charts">
          <LineChart
            title="Loss per epoch"
            testId="chart-loss"
            series={[
              { id: 'train', label: 'train loss', className: 'series-train', points: loss.train },
              { id: 'val', label: 'validation loss', className: 'series-val', points: loss.val, dashed: true },
            ]}
          />
          <LineChart
            title="Validation accuracy per epoch"
            testId="chart-accuracy"
            yKind="percent"
            domain={[0, 1]}
            reference={{ y: 0.5, label: 'chance' }}
            series={[{ id: 'acc', label: 'validation accuracy', className: 'series-acc', points: accuracy }]}
          />
        </div>
      )}
    </section>
  );
}
