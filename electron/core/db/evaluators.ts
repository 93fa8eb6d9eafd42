// Evaluators: people and models who make judgments. Names are unique per kind.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { newId, nowIso } from '../ids';
import { appendAudit } from './audit';

export interface EvaluatorRow {
  id: string;
  name: string;
  kind: 'human' | 'model';
  domains: string[];
  source: string | null;
  /** A simulated evaluator (kind 'human', standing in for a person in demos and tests); never a real person. */
  simulated: boolean;
  judgments: number;
  /** When this evaluator last gave a (live) verdict in the app; null if never. */
  lastJudgedAt: string | null;
  createdAt: string;
}

const SELECT = `SELECT e.id, e.name, e.kind, e.domains, e.source, e.simulated IS NOT NULL AS simulated, e.created_at AS createdAt,
  (SELECT count(*) FROM judgments j WHERE j.evaluator_id = e.id AND j.retracted_at IS NULL) AS judgments,
  (SELECT max(j.created_at) FROM judgments j WHERE j.evaluator_id = e.id AND j.retracted_at IS NULL AND j.origin = 'ui') AS lastJudgedAt
  FROM evaluators e`;

type Raw = Omit<EvaluatorRow, 'domains' | 'simulated'> & { domains: string; simulated: number };
const fromRaw = (row: Raw): EvaluatorRow => ({ ...row, domains: JSON.parse(row.domains) as string[], simulated: row.simulated === 1 });

export function listEvaluators(db: Database.Database): EvaluatorRow[] {
  return (db.prepare(`${SELECT} ORDER BY e.kind, e.name`).all() as Raw[]).map(fromRaw);
}

export function getEvaluator(db: Database.Database, id: string): EvaluatorRow | null {
  const row = db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as Raw | undefined;
  return row ? fromRaw(row) : null;
}

export function createHumanEvaluator(db: Database.Database, name: string, domains: string[]): EvaluatorRow {
  const id = newId();
  db.transaction(() => {
    const clash = db.prepare(`SELECT 1 FROM evaluators WHERE kind = 'human' AND name = ?`).get(name);
    if (clash) throw new RungError('CONFLICT', `an evaluator named "${name}" already exists`);
    db.prepare(`INSERT INTO evaluators (id, kind, name, domains, source, created_at) VALUES (?, 'human', ?, ?, NULL, ?)`).run(
      id,
      name,
      JSON.stringify([...new Set(domains)]),
      nowIso(),
    );
    appendAudit(db, { actor: name, action: 'create', entity: 'evaluator', entityId: id, details: { domains } });
  }).immediate();
  return getEvaluator(db, id)!;
}
