// The provenance chain drawn as three columns: models that assisted → the judgments on this flag → models trained
// on them, after the flagged models' own training data for model flags. Empty columns say plainly that nothing has
// assisted or trained yet.
import type { Result } from '../../../../electron/api/contract';
import { verdictText } from '../../lib/format';

type Detail = Result<'getFlag'>;

export function ProvenanceView({ detail }: { detail: Detail }) {
  const { assisted, models, flaggedModels } = detail.provenance;
  const assistedBy = new Map<string, string[]>();
  for (const a of assisted) assistedBy.set(a.judgmentId, [...(assistedBy.get(a.judgmentId) ?? []), a.modelId]);
  const assistingModels = [...new Set(assisted.map((a) => a.modelId))];
  const modelName = (id: string) => assisted.find((a) => a.modelId === id)?.modelName ?? models.find((m) => m.id === id)?.name ?? id;

  return (
    <>
      {flaggedModels.length > 0 && <FlaggedModels models={flaggedModels} />}
      <div className="provenance" data-testid="flag-provenance">
        <div className="prov-col">
          <h4>Assisted by</h4>
          {assistingModels.length === 0 ? (
            <p className="prov-empty" data-testid="provenance-no-assist">
              No model has assisted these judgments: all were made without model assistance.
            </p>
          ) : (
            <ul className="prov-nodes">
              {assistingModels.map((m) => (
                <li key={m} className="prov-node prov-model">
                  {modelName(m)}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="prov-arrow" aria-hidden="true">→</div>
        <div className="prov-col">
          <h4>Judgments on this flag</h4>
          {detail.judgments.length === 0 ? (
            <p className="prov-empty">No judgments.</p>
          ) : (
            <ul className="prov-nodes">
              {detail.judgments.map((j) => (
                <li key={j.id} className={`prov-node${assistedBy.has(j.id) ? ' is-assisted' : ''}`}>
                  <strong>{j.evaluator}</strong> · {verdictText(j.choice, null)}
                  {assistedBy.has(j.id) && <span className="prov-via"> ← {assistedBy.get(j.id)!.map(modelName).join(', ')}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="prov-arrow" aria-hidden="true">→</div>
        <div className="prov-col">
          <h4>Trained</h4>
          {models.length === 0 ? (
            <p className="prov-empty" data-testid="provenance-no-training">
              No model has been trained on these judgments yet.
            </p>
          ) : (
            <ul className="prov-nodes">
              {models.map((m) => (
                <li key={m.id} className="prov-node prov-model" data-testid="provenance-trained-model">
                  {m.name}{' '}
                  <span className="muted">
                    · trained on {m.trainedOnHere} of the {detail.judgments.length} judgment{detail.judgments.length === 1 ? '' : 's'} here ({m.trainedOnJudgments} in all)
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}

/** The models a model flag concerns: what trained each (judgments by evaluator), and how many of this flag's judgments. */
function FlaggedModels({ models }: { models: Detail['provenance']['flaggedModels'] }) {
  return (
    <div className="prov-flagged" data-testid="flag-flagged-models">
      <h4>Flagged {models.length === 1 ? 'model' : 'models'}</h4>
      <ul className="prov-nodes">
        {models.map((m) => (
          <li key={m.id} className="prov-node prov-model">
            <strong>{m.name}</strong>
            {m.layer !== null && <span className="muted"> · RM{m.layer}</span>} — trained on {m.trainedOnJudgments} judgment{m.trainedOnJudgments === 1 ? '' : 's'}
            {m.byEvaluator.length > 0 && <span className="muted"> ({m.byEvaluator.map((e) => `${e.evaluator} ${e.judgments}`).join(', ')})</span>}
            {m.trainedOnHere > 0 ? <strong>; {m.trainedOnHere} of them are judgments on this flag</strong> : '; none of them on this flag'}
            {' · '}
            <a href="#/ladder" data-testid="flag-model-link">
              see it on the Ladder
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
