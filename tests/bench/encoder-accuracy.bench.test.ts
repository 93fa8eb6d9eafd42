// Accuracy with a real encoder (#15): PandaLM's consensus pairs (tests/helpers/pandalm.ts), 5-fold CV by prompt with
// the CLI's training recipe, for the real all-MiniLM-L6-v2 (registered in a fresh database, features through the
// embedding cache exactly as `rung train --encoder` makes them: [e_r, e_p ⊙ e_r]) beside hashed words (the text
// featurizer) and both length heuristics. Figures only. Needs .venv-test (the real weights) and ../shared/data.
import { describe, it } from 'vitest';
import { addEncoder } from '../../electron/core/app/encoders';
import { featurize } from '../../electron/core/engine';
import { judgmentFeaturizer } from '../../electron/core/engine/recipe';
import { encoderFeatures, encoderRef } from '../../electron/core/encoders/features';
import { describeWithPytorch, realMiniLm } from '../helpers/encoders';
import { crossValidate, lengthHeuristics, pandalmFile, pandalmPairs, promptIndexOf } from '../helpers/pandalm';
import { tempStore } from '../helpers/store';
import { report } from './stats';

const file = pandalmFile();
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

describeWithPytorch('encoder accuracy', () => {
  describe.skipIf(!file)('PandaLM, 5-fold CV by prompt', () => {
    if (!file) console.log('skipped: ../shared/data/pandalm is absent (set RUNG_SHARED_DATA)');

    it('all-MiniLM-L6-v2 against hashed words and both length heuristics', async () => {
      const data = pandalmPairs(file!);
      const input = { prompts: data.prompts, responses: data.responses, promptIndex: promptIndexOf(data) };
      const hashed = await crossValidate(await featurize(input, judgmentFeaturizer), data);
      const t = tempStore();
      let minilm;
      try {
        await addEncoder(t.store, { path: realMiniLm, name: 'all-MiniLM-L6-v2', actor: 'bench' });
        minilm = await crossValidate(await encoderFeatures(t.store.db, encoderRef(t.store.db, 'all-MiniLM-L6-v2'), input), data);
      } finally {
        t.cleanup();
      }
      const length = lengthHeuristics(data);
      const row = (m: typeof hashed) => `accuracy ${pct(m.accuracy)}, log loss ${m.logLoss!.toFixed(3)}, ECE ${m.ece!.toFixed(3)}`;
      report(`PandaLM, ${data.target.length} consensus pairs (ties excluded), ${data.groups} prompts, 5-fold CV by prompt`, [
        ['all-MiniLM-L6-v2 [e_r, e_p ⊙ e_r]', row(minilm)],
        ['hashed words (text featurizer)', row(hashed)],
        ['prefer the longer response', pct(length.longer)],
        ['prefer the shorter response', pct(length.shorter)],
      ]);
    });
  });
});
