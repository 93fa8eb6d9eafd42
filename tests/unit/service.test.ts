// The contract implementation against a real store: stats, upload import, evaluators, the queue,
// judgments (with their audit entries) and exports — always through dispatch, as the transports call it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { jsonl } from '../helpers/store';
import { sentUpload } from '../helpers/uploads';

const s = useService();
const { call, value } = s;
const upload = (fileName: string, text: string | Buffer) => ({ source: sentUpload(text, fileName) });

describe('service', () => {
  it('reports app info and empty stats', async () => {
    const info = await value('getAppInfo');
    expect(info).toMatchObject({ name: 'Rung', version: 'test', mode: 'browser', dbPath: s.t.store.path });
    // What the engine offers, as deviceInfo says (or why it is unavailable).
    expect(Object.keys(info.engine).sort()).toEqual(['available', 'bf16', 'bf16Reason', 'cuda', 'reason']);
    expect(info.engine.bf16 === (info.engine.bf16Reason === '')).toBe(true);
    expect(await value('getStats')).toEqual({ comparisons: 0, judgments: 0, evaluators: 0, models: 0, flags: 0, datasets: 0, prompts: 0, responses: 0, runs: 0 });
  });

  it('imports an upload and lists the dataset', async () => {
    const summary = await value('importDataset', upload('prefs.jsonl', jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }])));
    expect(summary).toMatchObject({ name: 'prefs', format: 'trl', comparisonsAdded: 1, judgmentsAdded: 1 });
    const datasets = await value('listDatasets');
    expect(datasets).toEqual([expect.objectContaining({ id: summary.datasetId, name: 'prefs', fileName: 'prefs.jsonl', comparisons: 1, judgments: 1 })]);
  });

  it('reports a running import under its progress id, and nothing before or after', async () => {
    const progressId = randomUUID();
    const file = jsonl(Array.from({ length: 2000 }, (_, i) => ({ prompt: `p${i}`, chosen: `a${i}`, rejected: `b${i}` })));
    expect(await value('getImportProgress', { progressId })).toBeNull();
    const running = value('importDataset', { ...upload('big.jsonl', file), progressId });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await value('getImportProgress', { progressId })).toMatchObject({ phase: 'reading', totalBytes: Buffer.byteLength(file) });
    // the same id twice at once is refused; the running import is unaffected
    expect(await call('importDataset', { ...upload('other.jsonl', file), progressId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await running).comparisonsAdded).toBe(2000);
    expect(await value('getImportProgress', { progressId })).toBeNull();
    expect(await call('getImportProgress', { progressId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('refuses a bad upload with the file and line, then the same upload (used up) and an id that is none', async () => {
    const once = upload('bad.jsonl', '{"prompt": 1}\n');
    const bad = await call('importDataset', once);
    expect(bad).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^bad\.jsonl:1: /) } });
    expect(await call('importDataset', once)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^bad\.jsonl: no upload [0-9a-f]{32} here: it was used already/) } });
    const notAnId = await call('importDataset', { source: { kind: 'upload', uploadId: '../../etc/passwd', name: 'x.jsonl' } });
    expect(notAnId).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'importDataset: source.uploadId: expected the uploadId that POST /api/upload answered' } });
    expect((await value('getStats')).datasets).toBe(0);
  });

  it('creates evaluators, refuses a duplicate name', async () => {
    const ada = await value('createEvaluator', { name: 'Ada', domains: ['math', 'math', 'code'] });
    expect(ada).toMatchObject({ name: 'Ada', kind: 'human', domains: ['math', 'code'], judgments: 0 });
    expect(await call('createEvaluator', { name: 'Ada' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('createEvaluator', { name: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('serves the queue and stores judgments with an audit entry', async () => {
    await value('importDataset', upload('q.jsonl', jsonl([{ prompt: 'p1', chosen: 'a', rejected: 'b' }, { prompt: 'p2', chosen: 'c', rejected: 'd' }])));
    const ada = await value('createEvaluator', { name: 'Ada' });
    const first = await value('nextComparison', { evaluatorId: ada.id });
    expect(first.comparison.prompt).toBe('p1');
    expect(['A', 'B']).toContain(first.leftSide);
    const judgment = { comparisonId: first.comparison.id, evaluatorId: ada.id, choice: 'B', strength: 2, rationale: 'clearer', durationMs: 4100, leftSide: first.leftSide };
    // Sub-judgments judge the segments of the assistance shown: without assistance there are none to judge.
    const orphan = await call('submitJudgment', { ...judgment, subJudgments: [{ side: 'A', segment: 0, verdict: 'correct' }] });
    expect(orphan).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/subJudgments: need the assisted assistance/) } });
    const ack = await value('submitJudgment', judgment);
    const row = s.t.store.db.prepare('SELECT * FROM judgments WHERE id = ?').get(ack.id) as Record<string, unknown>;
    expect(row).toMatchObject({ choice: 'B', strength: 2, rationale: 'clearer', duration_ms: 4100, left_side: first.leftSide, origin: 'ui', assistance: null, sub_judgments: null });
    const audit = s.t.store.db.prepare(`SELECT actor, action, entity_id FROM audit_log WHERE action = 'judge'`).all();
    expect(audit).toEqual([{ actor: 'Ada', action: 'judge', entity_id: ack.id }]);

    const second = await value('nextComparison', { evaluatorId: ada.id });
    expect(second.comparison.prompt).toBe('p2');
    await value('submitJudgment', { comparisonId: second.comparison.id, evaluatorId: ada.id, choice: 'tie', leftSide: 'A' });
    expect(await value('nextComparison', { evaluatorId: ada.id })).toBeNull();
  });

  it('refuses judgments on unknown comparisons or evaluators', async () => {
    const ghost = '0123abcd-0000-4000-8000-000000000000';
    const ada = await value('createEvaluator', { name: 'Ada' });
    expect(await call('submitJudgment', { comparisonId: ghost, evaluatorId: ada.id, choice: 'A', leftSide: 'A' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('nextComparison', { evaluatorId: ghost })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exports TRL JSONL with provenance and a judgments CSV', async () => {
    await value('importDataset', upload('x.jsonl', jsonl([{ prompt: 'p, "quoted"', chosen: 'good\nanswer', rejected: 'bad' }])));
    const trl = await value('exportData', { format: 'trl-jsonl' });
    expect(trl).toMatchObject({ fileName: 'rung-preferences.jsonl', rows: 1 });
    expect(JSON.parse(trl.content.trim())).toMatchObject({ prompt: 'p, "quoted"', chosen: 'good\nanswer', rejected: 'bad', evaluator: 'x (source labels)', origin: 'import', assisted: false, dataset: 'x' });
    const csv = await value('exportData', { format: 'judgments-csv' });
    expect(csv.rows).toBe(1);
    const [header, line] = csv.content.split('\r\n');
    expect(header).toBe('judgment_id,comparison_id,dataset,layer,evaluator,evaluator_kind,evaluator_simulated,choice,strength,confidence,duration_ms,left_side,assisted,origin,rationale,created_at,repeat_of,prompt,response_a,response_b,segment_marks');
    expect(line).toMatch(/,x,,x \(source labels\),human,false,[AB],,,,,false,import,,/);
    // The texts come last, quoted where they hold a comma, a quote or a line break; an imported verdict has no marks.
    expect(line).toMatch(/,"p, ""quoted""",(bad,"good\nanswer"|"good\nanswer",bad),$/);
    expect(await call('exportData', { format: 'trl-jsonl', datasetId: '0123abcd-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
