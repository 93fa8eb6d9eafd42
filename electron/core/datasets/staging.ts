// Collects a file's records while it is read into a scratch file (db/staging-file.ts), with every id derived from
// the content in batched hashes, so the real database is touched only once, after the whole file has been validated.
import { StagingFile } from '../db/staging-file';
import { contentId, contentIdsOf, contentKey } from '../ids';
import type { ComparisonRecord, ImportedJudgment } from './record';

/** Records per staging transaction, and the characters of text they may hold (long records make smaller batches). */
const BATCH = 5000;
const BATCH_CHARS = 32 * 1024 * 1024;
/** Bound on the characters of cached prompt texts (at most ~8 MB of text), so memory stays flat however large the file. */
const PROMPT_CACHE_CHARS = 4 * 1024 * 1024;

export class Staging {
  readonly file: StagingFile;
  records = 0;
  private readonly promptIds = new Map<string, string>();
  private promptChars = 0;
  private batchChars = 0;
  private batch: { record: ComparisonRecord; line: number }[] = [];
  private readonly insertBatch: (rows: { record: ComparisonRecord; line: number }[]) => void;

  constructor(nativeBinding?: string) {
    const file = (this.file = new StagingFile(nativeBinding));
    const blob = (emb: Float32Array | null) => (emb ? Buffer.from(emb.buffer, emb.byteOffset, emb.byteLength) : null);
    const json = (value: unknown) => (value ? JSON.stringify(value) : null);
    // Evaluator ids by kind and name, each hashed and staged once (a file names few evaluators).
    const evaluatorIds = new Map<string, string>();
    const evaluatorId = ({ evaluatorKind: kind, evaluator: name, labelSource }: ImportedJudgment): string => {
      const key = `${kind}\u0000${name}`;
      let id = evaluatorIds.get(key);
      if (id === undefined) {
        id = contentId('evaluator', kind, name);
        file.addEvaluator(id, kind, name, labelSource === true);
        evaluatorIds.set(key, id);
      }
      return id;
    };
    this.insertBatch = file.batch((rows: { record: ComparisonRecord; line: number }[]) => {
      // Every id of the batch in four batched hashes: prompts, then responses, comparisons and judgments.
      const promptIds = this.promptIdsOf(rows.map(({ record }) => record.prompt), (id, text) => file.addPrompt(id, text));
      const responseIds = contentIdsOf(
        rows.flatMap(({ record: r }, i) => [contentKey('response', promptIds[i], r.responseA), contentKey('response', promptIds[i], r.responseB)]),
      );
      const comparisonIds = contentIdsOf(
        rows.map(({ record: r }, i) => contentKey('comparison', promptIds[i], responseIds[2 * i], responseIds[2 * i + 1], r.sourceKey ?? '')),
      );
      const judgmentIds = contentIdsOf(
        rows.flatMap(({ record: r }, i) => r.judgments.map((j, k) => contentKey('judgment', comparisonIds[i], j.evaluatorKind, j.evaluator, String(k)))),
      );
      let judgment = 0;
      rows.forEach(({ record: r, line }, i) => {
        file.addRecord(
          line,
          promptIds[i],
          responseIds[2 * i],
          r.responseA,
          json(r.segmentsA),
          blob(r.embeddingA),
          r.embeddingA?.length ?? null,
          responseIds[2 * i + 1],
          r.responseB,
          json(r.segmentsB),
          blob(r.embeddingB),
          r.embeddingB?.length ?? null,
          comparisonIds[i],
          r.layer,
          r.groundTruth,
          json(r.metadata),
        );
        for (const j of r.judgments) {
          file.addJudgment(judgmentIds[judgment++], comparisonIds[i], evaluatorId(j), j.choice, j.strength, j.confidence, j.rationale);
        }
      });
    });
  }

  /** Each text's prompt id, hashing and staging (`stage`) only texts not seen lately: many records share a prompt. */
  private promptIdsOf(texts: string[], stage: (id: string, text: string) => void): string[] {
    const unseen = [...new Set(texts.filter((text) => !this.promptIds.has(text)))];
    const hashed = contentIdsOf(unseen.map((text) => contentKey('prompt', text)));
    const fresh = new Map(unseen.map((text, i) => [text, hashed[i]]));
    const ids = texts.map((text) => this.promptIds.get(text) ?? fresh.get(text)!);
    for (const [text, id] of fresh) {
      stage(id, text);
      if (this.promptChars + text.length > PROMPT_CACHE_CHARS) {
        this.promptIds.clear();
        this.promptChars = 0;
      }
      this.promptIds.set(text, id);
      this.promptChars += text.length;
    }
    return ids;
  }

  add(record: ComparisonRecord, line: number): void {
    this.records++;
    this.batch.push({ record, line });
    this.batchChars += record.prompt.length + record.responseA.length + record.responseB.length;
    if (this.batch.length >= BATCH || this.batchChars >= BATCH_CHARS) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.insertBatch(this.batch);
    this.batch = [];
    this.batchChars = 0;
  }

  dispose(): void {
    this.file.dispose();
  }
}
