// The README's recipe for a lab's own reward model (#15), run as written: its Python block (only the model's name
// replaced by a tiny random Hugging Face reward model from tests/python/make_reward_model.py) scores the comparisons
// of `rung export --format judgments-csv`, and `rung scores import` takes the file it writes, each comparison once.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { describeWithPytorch } from '../helpers/encoders';
import { jsonl, tempDir } from '../helpers/store';

const root = resolve(__dirname, '..', '..');
const python = join(root, '.venv-test', 'bin', 'python');
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The README's Python block that produces the scores file, with `name` pointing at `model`. */
function readmeRecipe(model: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf("```python\n# The lab's code, not part of Rung.");
  expect(start, 'the README holds the recipe').toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + '```python\n'.length, readme.indexOf('```', start + 10));
  expect(body).toContain('"your-org/your-reward-model"');
  return body.replace('"your-org/your-reward-model"', JSON.stringify(model));
}

describeWithPytorch("the README's recipe for external scores", () => {
  it('scores each exported comparison once, and rung scores import takes the file', () => {
    const db = join(dir, 'rung.db');
    const data = join(dir, 'judged.jsonl');
    const prompts = ['What is 2+2?', 'Name a colour.', 'Say hello, in French.'];
    writeFileSync(
      data,
      jsonl(prompts.map((prompt, i) => ({ prompt, response_a: `answer ${i}: the first`, response_b: `question ${i}? no`, judgments: [{ evaluator: 'ann', choice: 'A' }, ...(i === 0 ? [{ evaluator: 'bob', choice: 'B' }] : [])] }))),
    );
    expect(rung(['import', data, '--db', db]).code).toBe(0);
    const exported = rung(['export', '--format', 'judgments-csv', '--out', join(dir, 'verdicts.csv'), '--db', db]);
    expect(exported.code, exported.stderr).toBe(0);

    execFileSync(python, [join(root, 'tests', 'python', 'make_reward_model.py'), join(dir, 'rm')], { stdio: ['ignore', 'ignore', 'pipe'] });
    writeFileSync(join(dir, 'recipe.py'), readmeRecipe(join(dir, 'rm')));
    execFileSync(python, ['recipe.py'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

    const lines = readFileSync(join(dir, 'lab-rm.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { comparison_id: string; reward_a: number; reward_b: number });
    expect(lines).toHaveLength(3); // four verdicts, three comparisons
    expect(new Set(lines.map((l) => l.comparison_id)).size).toBe(3);
    for (const l of lines) expect(Number.isFinite(l.reward_a) && Number.isFinite(l.reward_b)).toBe(true);

    const imported = rung(['scores', 'import', join(dir, 'lab-rm.jsonl'), '--name', 'lab-rm-v3', '--db', db, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ name: 'lab-rm-v3', lines: 3, scores: 3, unmatched: 0 });
  });
});
