// Real data: PandaLM's human-annotated test set (tests/helpers/pandalm.ts: consensus pairs, 5-fold CV by prompt with the
// CLI's training recipe) with the text featurizer. The accuracy is reported next to always-prefer-the-longer-response
// on the same folds; the test asserts it beats it.
import { describe, expect, it } from 'vitest';
import { featurize } from '../../electron/core/engine';
import { judgmentFeaturizer } from '../../electron/core/engine/recipe';
import { crossValidate, pandalmFile, pandalmPairs, promptIndexOf } from '../helpers/pandalm';

const file = pandalmFile();

describe.skipIf(!file)('PandaLM (real human judgments)', () => {
  if (!file) console.log('skipped: ../shared/data/pandalm is absent (set RUNG_SHARED_DATA)');

  it('5-fold CV accuracy of the text model beats always-prefer-the-longer-response', async () => {
    const data = pandalmPairs(file!);
    const items = await featurize({ prompts: data.prompts, responses: data.responses, promptIndex: promptIndexOf(data) }, judgmentFeaturizer);
    const m = await crossValidate(items, data);
    console.log(
      `PandaLM, ${data.target.length} consensus pairs (ties excluded), 5-fold CV grouped by prompt: accuracy ${(m.accuracy! * 100).toFixed(1)}%, ` +
        `log loss ${m.logLoss!.toFixed(3)}, ECE ${m.ece!.toFixed(3)}; always-prefer-the-longer-response ${(m.lengthBaselineAccuracy! * 100).toFixed(1)}%`,
    );
    expect(m.accuracy!).toBeGreaterThan(m.lengthBaselineAccuracy!);
  });
});
