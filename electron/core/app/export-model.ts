// Model export: a stored reward model as `model.safetensors` (the PyTorch layout the engine writes: fc1.weight [M,H,D],
// fc1.bias [M,H], fc2.weight [M,1,H], fc2.bias [M,1]) and `config.json` (the architecture, how its input is made, and
// the model's name, id and creation date) — as content for the window to save, or into a folder (the command line).
// An external model (a lab's scores, no weights) is refused: its scores are the lab's own file.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { modelHeader } from '../db/models';
import { loadModel } from '../engine/model-store';
import { externalProvenance, isExternalConfig } from '../scoring/external-config';
import { fileSafeName } from '../paths';
import type { Store } from '../store';

export const MODEL_FILES = ['model.safetensors', 'config.json'] as const;

function exportFiles(store: Store, modelId: string): { name: string; safetensors: Buffer; config: string } {
  const header = modelHeader(store.db, modelId);
  if (!header) throw new RungError('NOT_FOUND', `no model with id ${modelId}`);
  const headerConfig = JSON.parse(header.config) as Record<string, unknown>;
  if (isExternalConfig(headerConfig)) {
    throw new RungError('CONFLICT', `model ${header.name} is ${externalProvenance(headerConfig)}: it has no weights to export; its scores are in the file it was imported from (SHA-256 ${headerConfig.source.sha256})`);
  }
  const stored = loadModel(store.db, modelId)!;
  const { safetensors, config } = stored.model.toSafetensors();
  // An encoder model's input is [e_r, e_p ⊙ e_r] from a registered encoder (encoders/features.ts): say which.
  const encoder = stored.config.encoder ?? null;
  const described = { ...config, ...(encoder ? { encoder } : {}), model: { id: stored.id, name: stored.name, createdAt: stored.createdAt } };
  return { name: stored.name, safetensors, config: `${JSON.stringify(described, null, 2)}\n` };
}

export function exportModel(store: Store, { modelId }: ParsedParams<'exportModel'>): Result<'exportModel'> {
  const files = exportFiles(store, modelId);
  return {
    folderName: fileSafeName(`rung-model-${files.name}`, 'rung-model'),
    safetensorsBase64: files.safetensors.toString('base64'),
    configJson: files.config,
  };
}

/** Writes both files into `out` (created if missing); a folder already holding either is refused, and nothing is written. */
export function exportModelToFolder(store: Store, { modelId, out }: ParsedParams<'exportModelToFolder'>): Result<'exportModelToFolder'> {
  const files = exportFiles(store, modelId);
  const outDir = resolve(out);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new RungError('INVALID_PARAMS', `out: ${outDir} is a file, not a folder`);
  const taken = MODEL_FILES.filter((f) => existsSync(join(outDir, f)));
  if (taken.length > 0) throw new RungError('CONFLICT', `out: ${outDir} already holds ${taken.join(' and ')}: choose another folder`);
  mkdirSync(outDir, { recursive: true });
  const contents = { 'model.safetensors': files.safetensors, 'config.json': files.config };
  // Both through temporary names, then renamed: the two appear together.
  const staged = MODEL_FILES.map((name) => {
    const temporary = join(outDir, `.${name}.partial`);
    writeFileSync(temporary, contents[name]);
    return [temporary, join(outDir, name)] as const;
  });
  for (const [temporary, final] of staged) renameSync(temporary, final);
  return { outDir, files: [...MODEL_FILES] };
}
