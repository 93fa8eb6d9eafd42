// The Compare page: who is judging (a remembered evaluator profile), then the keyboard-first workspace.
// Plain-words states for: no evaluator chosen, the database unreachable, and (in the workspace) an empty queue.
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvaluatorPicker } from './EvaluatorPicker';
import { loadEvaluatorId, saveEvaluatorId } from '../../lib/storage';
import { Workspace } from './Workspace';
import { useResource } from '../../lib/useResource';
import './compare.css';

type Evaluator = Result<'listEvaluators'>[number];

export function ComparePage() {
  const [version, setVersion] = useState(0);
  const evaluators = useResource(() => getClient().listEvaluators({}), version);
  const [chosenId, setChosenId] = useState<string | null>(loadEvaluatorId);
  const [switching, setSwitching] = useState(false);
  const chosen: Evaluator | undefined = evaluators.value?.find((e) => e.id === chosenId);

  const choose = useCallback((evaluator: Evaluator) => {
    saveEvaluatorId(evaluator.id);
    setChosenId(evaluator.id);
    setSwitching(false);
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    document.body.classList.add('compare-mode');
    return () => document.body.classList.remove('compare-mode');
  }, []);

  if (evaluators.error && !evaluators.value) {
    return (
      <div className="page compare-page-message">
        <h1>Compare</h1>
        <ErrorAlert title="Rung cannot reach its database right now." error={evaluators.error} onRetry={() => setVersion((v) => v + 1)} testId="compare-unreachable" />
      </div>
    );
  }
  if (!evaluators.value) return <p className="muted compare-page-message">Loading…</p>;
  if (!chosen || switching) {
    return (
      <EvaluatorPicker
        evaluators={evaluators.value.filter((e) => e.kind === 'human')}
        current={chosen}
        remembered={chosenId !== null && !chosen}
        onChoose={choose}
        onCancel={chosen ? () => setSwitching(false) : undefined}
      />
    );
  }
  return <Workspace key={chosen.id} evaluator={chosen} onSwitch={() => setSwitching(true)} />;
}
