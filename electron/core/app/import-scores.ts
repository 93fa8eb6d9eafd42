// `rung scores import` and the Data page's External models section: a lab's own reward model enters Rung as an
// external model — a models row (kind 'external', no weights) with its rewards for the stored comparisons its file
// (a path, or an upload) names, matched by id or by content (the texts' content ids; a pair stored as B, A gets its
// rewards swapped). All or nothing: the first bad line, a comparison scored twice, or one not in the store (unless
// skipUnmatched) refuses the file as `file:line: field: …` and nothing is written.
// With a run and a layer the model becomes that layer's active model (as training does), else the database's. The
// checks run after it, as after a training.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { runChecksAfter } from '../checks/triggers';
import { importError } from '../datasets/errors';
import type { ImportInput } from '../datasets/source';
import { comparisonsOfPrompts, insertExternalModel, modelIdNamed, storedComparisonIds, type ExternalScoreRow } from '../db/external-scores';
import { runLayers, runName } from '../db/runs';
import { contentIdsOf, contentKey, newId, nowIso } from '../ids';
import type { ExternalConfig } from '../scoring/external-config';
import { readScoreLines, type ScoreLine } from '../scoring/score-lines';
import type { Store } from '../store';
import { withImportInput } from './import-dataset';

const EMPTY_SHA256 = createHash('sha256').update(Buffer.alloc(0)).digest('hex');

/** The layer the model will serve: its id (null without a run). NOT_FOUND for an unknown run or layer. */
function targetLayer(store: Store, runId: string | undefined, layer: number | undefined): string | null {
  if (runId === undefined || layer === undefined) return null;
  const layers = runLayers(store.db, runId);
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const row = layers.find((l) => l.idx === layer);
  if (!row) throw new RungError('NOT_FOUND', `run "${runName(store.db, runId)}" has no layer ${layer} (it has 0–${layers.length - 1})`);
  return row.id;
}

/** The file's name as refusals give it (its path, or an upload's own name), its text, UTF-8 (a BOM is dropped), and the SHA-256 of its bytes. */
function readSource(input: ImportInput): { file: string; text: string; sha256: string } {
  const file = 'path' in input ? (input.name === undefined ? input.path : basename(input.name)) : basename(input.fileName);
  let bytes: Buffer;
  try {
    bytes = 'path' in input ? readFileSync(input.path) : input.bytes;
  } catch (error) {
    throw importError(file, null, null, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw importError(file, null, null, 'is not UTF-8 text');
  }
  return { file, text: text.startsWith('\uFEFF') ? text.slice(1) : text, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Each line's stored comparisons (empty: not in the store), with whether its A and B are the stored B and A. */
function matchLines(store: Store, lines: readonly ScoreLine[]): { id: string; swapped: boolean }[][] {
  const byId = lines.flatMap((l) => ('comparisonId' in l.ref ? [l.ref.comparisonId] : []));
  const known = storedComparisonIds(store.db, byId);
  const texts = lines.flatMap((l) => ('prompt' in l.ref ? [l.ref] : []));
  const promptIds = contentIdsOf(texts.map((t) => contentKey('prompt', t.prompt)));
  const responseIds = contentIdsOf(texts.flatMap((t, i) => [contentKey('response', promptIds[i], t.responseA), contentKey('response', promptIds[i], t.responseB)]));
  const stored = new Map<string, { id: string; swapped: boolean }[]>();
  for (const c of comparisonsOfPrompts(store.db, [...new Set(promptIds)])) {
    for (const [key, swapped] of [[`${c.promptId}|${c.a}|${c.b}`, false], [`${c.promptId}|${c.b}|${c.a}`, true]] as const) {
      if (c.a === c.b && swapped) continue;
      stored.set(key, [...(stored.get(key) ?? []), { id: c.id, swapped }]);
    }
  }
  let t = 0;
  return lines.map((l) => {
    if ('comparisonId' in l.ref) return known.has(l.ref.comparisonId) ? [{ id: l.ref.comparisonId, swapped: false }] : [];
    const i = t++;
    return stored.get(`${promptIds[i]}|${responseIds[2 * i]}|${responseIds[2 * i + 1]}`) ?? [];
  });
}

export async function importScores(store: Store, params: ParsedParams<'importScores'>, actor: string): Promise<Result<'importScores'>> {
  const { name } = params;
  const layerId = targetLayer(store, params.runId, params.layer);
  const taken = modelIdNamed(store.db, name);
  if (taken) throw new RungError('CONFLICT', `name: a model named "${name}" exists already (${taken}): choose another name`);
  const { file, text, sha256 } = await withImportInput(params.source, async (input) => readSource(input));
  const lines = readScoreLines(file, text);
  if (lines.length === 0) throw importError(file, null, null, 'holds no scores (one JSON object per line is expected)');

  const matches = matchLines(store, lines);
  const scores: ExternalScoreRow[] = [];
  const scoredOn = new Map<string, number>();
  let unmatched = 0;
  lines.forEach((l, i) => {
    const field = 'comparisonId' in l.ref ? 'comparison_id' : 'prompt';
    if (matches[i].length === 0) {
      if (params.skipUnmatched) return void unmatched++;
      const what = 'comparisonId' in l.ref ? `no comparison with id ${l.ref.comparisonId} in this database` : 'no stored comparison of this prompt with these two responses';
      throw importError(file, l.line, field, `${what} (import its dataset first, or skip such lines: --skip-unmatched, or "Skip comparisons not in this database" on the Data page)`);
    }
    for (const { id, swapped } of matches[i]) {
      const earlier = scoredOn.get(id);
      if (earlier !== undefined) throw importError(file, l.line, field, `comparison ${id} is scored on line ${earlier} already`);
      scoredOn.set(id, l.line);
      scores.push(
        swapped
          ? { comparisonId: id, rewardA: l.rewardB, rewardB: l.rewardA, stdA: l.stdB, stdB: l.stdA }
          : { comparisonId: id, rewardA: l.rewardA, rewardB: l.rewardB, stdA: l.stdA, stdB: l.stdB },
      );
    }
  });
  if (scores.length === 0) throw importError(file, null, null, `none of its ${lines.length} lines names a comparison in this database: import the comparisons first`);

  const modelId = newId();
  const config: ExternalConfig = { kind: 'external', source: { file: basename(file), sha256 }, scores: scores.length, importedAt: nowIso() };
  insertExternalModel(
    store.db,
    {
      id: modelId, name, config: { ...config }, metrics: {}, trainedOn: { elsewhere: true }, engineVersion: 'external', device: 'external',
      blob: Buffer.alloc(0), blobSha256: EMPTY_SHA256, actor, runId: params.runId ?? null, layerId,
      action: 'import', details: { source: config.source, scores: scores.length, unmatched },
    },
    scores,
  );
  await runChecksAfter(store, 'training', actor, { modelIds: [modelId] });
  return { modelId, name, runId: params.runId ?? null, layer: params.layer ?? null, lines: lines.length, scores: scores.length, unmatched, source: config.source };
}
