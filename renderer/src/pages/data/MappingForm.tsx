// The import form's column mapping (format "Mapped columns"): a preview of the chosen file's first records, a field per
// role (prompt, response A, response B, label — optional) and, per label value the preview shows, which response it means.
import { useEffect, useId, useMemo, useState } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import type { PickedPath } from '../../../../electron/api/file-picker';
import { PREVIEW_HEAD_BYTES } from '../../../../electron/api/limits';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient, uploadFile } from '../../lib/client';

export type ColumnMapping = NonNullable<Params<'importDataset'>['mapping']>;
type Preview = Result<'previewImport'>;
type LabelValue = string | number | boolean | null;
type Choice = 'A' | 'B' | 'tie';
type Role = 'prompt' | 'a' | 'b' | 'label';

/** How many records the preview shows. */
const PREVIEW_RECORDS = 5;

const roles: { role: Role; label: string }[] = [
  { role: 'prompt', label: 'Prompt' },
  { role: 'a', label: 'Response A' },
  { role: 'b', label: 'Response B' },
  { role: 'label', label: 'Label (optional)' },
];

/** What the preview reads: the picked file's token on the desktop (left good for the import), else an upload of the file's
 * first bytes (a Parquet file, whose footer is at its end, is previewed only when those are the whole file: the server says so). */
async function previewSource(picked: PickedPath | null, file: File | null): Promise<Params<'previewImport'>['source'] | null> {
  if (picked) return { kind: 'picked', token: picked.token };
  if (!file) return null;
  const sent = await uploadFile(file.slice(0, PREVIEW_HEAD_BYTES), file.name);
  if (!sent.ok) throw new Error(sent.error.message);
  return { kind: 'upload', uploadId: sent.value.uploadId, name: file.name, partial: file.size > PREVIEW_HEAD_BYTES };
}

/** The label field's distinct values in the preview, in the order they appear (a cell too long to be a label is left out). */
function labelValuesOf(preview: Preview, field: string): LabelValue[] {
  const index = preview.fields.indexOf(field);
  const seen = new Map<string, LabelValue>();
  for (const record of preview.records) {
    const cell = record.cells[index];
    if (cell && cell.value !== undefined && !seen.has(JSON.stringify(cell.value))) seen.set(JSON.stringify(cell.value), cell.value);
  }
  return [...seen.values()];
}

/** The mapping the form's choices make, or null while a role or a label value is still unchosen. */
function mappingOf(fields: Record<Role, string>, values: LabelValue[], choices: Record<string, Choice | ''>): ColumnMapping | null {
  if (!fields.prompt || !fields.a || !fields.b) return null;
  if (!fields.label) return { prompt: fields.prompt, a: fields.a, b: fields.b };
  const labelValues = values.map((value) => ({ value, choice: choices[JSON.stringify(value)] ?? '' }));
  if (labelValues.length === 0 || labelValues.some((v) => v.choice === '')) return null;
  return { prompt: fields.prompt, a: fields.a, b: fields.b, label: fields.label, labelValues: labelValues as { value: LabelValue; choice: Choice }[] };
}

export function MappingForm({ picked, file, disabled, onChange }: { picked: PickedPath | null; file: File | null; disabled: boolean; onChange: (mapping: ColumnMapping | null) => void }) {
  const ids = useId();
  const [preview, setPreview] = useState<{ phase: 'idle' | 'loading' } | { phase: 'failed'; message: string } | { phase: 'ready'; preview: Preview }>({ phase: 'idle' });
  const [fields, setFields] = useState<Record<Role, string>>({ prompt: '', a: '', b: '', label: '' });
  const [choices, setChoices] = useState<Record<string, Choice | ''>>({});

  useEffect(() => {
    let current = true;
    setFields({ prompt: '', a: '', b: '', label: '' });
    setChoices({});
    if (!picked && !file) return void setPreview({ phase: 'idle' });
    setPreview({ phase: 'loading' });
    void (async () => {
      let result;
      try {
        const source = await previewSource(picked, file);
        if (!source) return;
        result = await getClient().previewImport({ source, records: PREVIEW_RECORDS });
      } catch (error) {
        result = { ok: false as const, error: { message: `Could not read ${file?.name ?? 'the file'}: ${error instanceof Error ? error.message : String(error)}` } };
      }
      if (current) setPreview(result.ok ? { phase: 'ready', preview: result.value } : { phase: 'failed', message: result.error.message });
    })();
    return () => {
      current = false;
    };
  }, [picked, file]);

  const shown = preview.phase === 'ready' ? preview.preview : null;
  const values = useMemo(() => (shown && fields.label ? labelValuesOf(shown, fields.label) : []), [shown, fields.label]);
  const mapping = mappingOf(fields, values, choices);
  const mappingKey = JSON.stringify(mapping);
  // told when the mapping changes (by value: it is rebuilt on every render)
  useEffect(() => onChange(mapping), [mappingKey]);

  if (preview.phase === 'idle') return <p className="hint">Choose a file to see its first records and map its fields.</p>;
  if (preview.phase === 'loading') return <p className="hint" role="status">Reading the start of the file…</p>;
  if (preview.phase === 'failed') return <ErrorAlert title="Could not preview the file." error={preview.message} testId="mapping-error" />;
  const p = shown!;
  return (
    <fieldset className="mapping" data-testid="mapping-form" disabled={disabled}>
      <legend>Map the file's fields</legend>
      <div className="mapping-preview">
        <table data-testid="mapping-preview">
          <caption>The first {p.records.length} records</caption>
          <thead>
            <tr>
              <th scope="col">{p.unit === 'row' ? 'Row' : 'Line'}</th>
              {p.fields.map((field) => (
                <th key={field} scope="col">{field}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.records.map((record) => (
              <tr key={record.line}>
                <td>{record.line}</td>
                {record.cells.map((cell, i) => (
                  <td key={p.fields[i]}>{cell ? cell.text : <span className="muted">—</span>}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mapping-roles">
        {roles.map(({ role, label }) => (
          <div className="field" key={role}>
            <label htmlFor={`${ids}-${role}`}>{label}</label>
            <select
              id={`${ids}-${role}`}
              value={fields[role]}
              onChange={(e) => setFields((f) => ({ ...f, [role]: e.target.value }))}
              data-testid={`mapping-${role}`}
            >
              <option value="">{role === 'label' ? 'none: the comparisons come unjudged' : 'choose a field…'}</option>
              {p.fields.map((field) => (
                <option key={field} value={field}>
                  {field}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {fields.label && (
        <div className="mapping-values" data-testid="mapping-values">
          <p className="hint">What each value of “{fields.label}” in these records means (a value the file holds beyond them refuses the import, naming its line).</p>
          {values.length === 0 && <p className="hint">These records hold no value of this field that a label could be.</p>}
          {values.map((value, i) => {
            const key = JSON.stringify(value);
            return (
              <div className="field" key={key}>
                <label htmlFor={`${ids}-value-${i}`}>
                  <code>{key}</code>
                </label>
                <select
                  id={`${ids}-value-${i}`}
                  value={choices[key] ?? ''}
                  onChange={(e) => setChoices((c) => ({ ...c, [key]: e.target.value as Choice | '' }))}
                  data-testid={`mapping-value-${i}`}
                >
                  <option value="">choose…</option>
                  <option value="A">response A wins</option>
                  <option value="B">response B wins</option>
                  <option value="tie">tie</option>
                </select>
              </div>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
