// The human queue's next comparison and storing a verdict. A verdict is acknowledged only after its
// transaction has committed (WAL, synchronous=FULL), so an acknowledged judgment survives a crash.
import type Database from 'better-sqlite3';
import { randomInt } from 'node:crypto';
import { RungError } from '../../api/errors';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';

export interface ComparisonView {
  id: string;
  datasetId: string | null;
  layer: number | null;
  prompt: string;
  responseA: string;
  responseB: string;
}

/** The first comparison (in import order) this evaluator has not judged, optionally within one dataset. */
export function nextComparison(db: Database.Database, evaluatorId: string, datasetId?: string): { comparison: ComparisonView; leftSide: 'A' | 'B' } | null {
  if (!db.prepare('SELECT 1 FROM evaluators WHERE id = ?').get(evaluatorId)) throw new RungError('NOT_FOUND', `no evaluator with id ${evaluatorId}`);
  const row = db
    .prepare(
      `SELECT c.id, c.dataset_id AS datasetId, c.layer, p.text AS prompt, ra.text AS responseA, rb.text AS responseB
       FROM comparisons c
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id
       JOIN responses rb ON rb.id = c.response_b_id
       WHERE (? IS NULL OR c.dataset_id = ?)
         AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = ?)
       ORDER BY c.rowid LIMIT 1`,
    )
    .get(datasetId ?? null, datasetId ?? null, evaluatorId) as ComparisonView | undefined;
  if (!row) return null;
  return { comparison: row, leftSide: randomInt(2) === 0 ? 'A' : 'B' };
}

export interface NewJudgment {
  comparisonId: string;
  evaluatorId: string;
  choice: 'A' | 'B' | 'tie' | 'skip';
  strength?: number;
  confidence?: number;
  rationale?: string;
  durationMs?: number;
  leftSide: 'A' | 'B';
  assistance?: Record<string, unknown>;
  subJudgments?: Record<string, unknown>[];
}

export function submitJudgment(db: Database.Database, judgment: NewJudgment): { id: string; createdAt: string } {
  const id = newId();
  const createdAt = nowIso();
  db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM comparisons WHERE id = ?').get(judgment.comparisonId)) {
      throw new RungError('NOT_FOUND', `no comparison with id ${judgment.comparisonId}`);
    }
    const evaluator = db.prepare('SELECT name, kind FROM evaluators WHERE id = ?').get(judgment.evaluatorId) as { name: string; kind: string } | undefined;
    if (!evaluator) throw new RungError('NOT_FOUND', `no evaluator with id ${judgment.evaluatorId}`);
    db.prepare(
      `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale, duration_ms, left_side,
                              assistance, sub_judgments, origin, dataset_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ui', NULL, ?)`,
    ).run(
      id,
      judgment.comparisonId,
      judgment.evaluatorId,
      judgment.choice,
      judgment.strength ?? null,
      judgment.confidence ?? null,
      judgment.rationale ?? null,
      judgment.durationMs ?? null,
      judgment.leftSide,
      judgment.assistance ? JSON.stringify(judgment.assistance) : null,
      judgment.subJudgments ? JSON.stringify(judgment.subJudgments) : null,
      createdAt,
    );
    appendAudit(db, { actor: evaluator.name, action: 'judge', entity: 'judgment', entityId: id, details: { comparisonId: judgment.comparisonId, choice: judgment.choice } });
  }).immediate();
  return { id, createdAt };
}
