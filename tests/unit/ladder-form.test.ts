// The Ladder page's "New run" form logic (renderer/src/pages/ladder/draft.ts): drafts become createRun params for
// every rule kind, bad input gives a message on the right field, metadata values parse numbers and quotes.
import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/api/contract';
import { countErrors, emptyRunDraft, moveLayer, newLayerDraft, parseValues, validateRun, type LayerDraft, type RunDraft } from '../../renderer/src/pages/ladder/draft';

const DATASET = '0b6a4f8e-2f43-4d7a-9d4e-8a7e1c7f2b10';

function layer(patch: Partial<LayerDraft>): LayerDraft {
  return { ...newLayerDraft(patch.kind ?? 'field'), ...patch };
}

describe('validateRun', () => {
  it('turns every rule kind into params the contract accepts', () => {
    const draft: RunDraft = {
      name: '  My run ',
      description: 'five rungs',
      layers: [
        layer({ name: 'by dataset', kind: 'datasets', datasetIds: [DATASET] }),
        layer({ name: 'by field', kind: 'field', field: '2' }),
        layer({ name: 'short', kind: 'length', minChars: '', maxChars: '800' }),
        layer({ name: 'steps', kind: 'segments', minSegments: '3', maxSegments: '4' }),
        layer({ name: 'hard', kind: 'metadata', metaKey: 'kind', metaValues: 'hard, 3, "4"' }),
      ],
    };
    const result = validateRun(draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.params).toEqual({
      name: 'My run',
      description: 'five rungs',
      layers: [
        { name: 'by dataset', rule: { kind: 'datasets', datasetIds: [DATASET] } },
        { name: 'by field', rule: { kind: 'field', layer: 2 } },
        { name: 'short', rule: { kind: 'length', maxChars: 800 } },
        { name: 'steps', rule: { kind: 'segments', min: 3, max: 4 } },
        { name: 'hard', rule: { kind: 'metadata', key: 'kind', values: ['hard', 3, '4'] } },
      ],
    });
    expect(contract.createRun.params.safeParse(result.params).success).toBe(true);
  });

  it('keeps the other kinds\' inputs when the kind changes, and sends only the chosen one', () => {
    const result = validateRun({ name: 'r', description: '', layers: [layer({ name: 'l', kind: 'length', minChars: '10', metaKey: 'x', field: 'oops' })] });
    expect(result.ok && result.params.layers[0].rule).toEqual({ kind: 'length', minChars: 10 });
  });

  it('puts each message on its field', () => {
    const result = validateRun({
      name: ' ',
      description: 'x'.repeat(2001),
      layers: [
        layer({ name: '', kind: 'datasets' }),
        layer({ name: 'a', kind: 'field', field: '' }),
        layer({ name: 'b', kind: 'field', field: '1001' }),
        layer({ name: 'c', kind: 'length', minChars: '500', maxChars: '100' }),
        layer({ name: 'd', kind: 'segments', minSegments: '-1', maxSegments: '2.5' }),
        layer({ name: 'e', kind: 'metadata', metaKey: '1bad', metaValues: ' , ' }),
        layer({ name: 'f', kind: 'metadata', metaKey: 'ok', metaValues: '"open' }),
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const e = result.errors;
    expect(e.name).toMatch(/name/);
    expect(e.description).toMatch(/2000/);
    expect(e.layerErrors[0]).toEqual({ name: expect.any(String), datasetIds: 'Choose at least one dataset.' });
    expect(e.layerErrors[1].field).toMatch(/layer number/);
    expect(e.layerErrors[2].field).toBe('At most 1000.');
    expect(e.layerErrors[3]).toEqual({ maxChars: 'The maximum is below the minimum.' });
    expect(Object.keys(e.layerErrors[4]).sort()).toEqual(['maxSegments', 'minSegments']);
    expect(Object.keys(e.layerErrors[5]).sort()).toEqual(['metaKey', 'metaValues']);
    expect(e.layerErrors[6]).toEqual({ metaValues: 'A quote is not closed.' });
    expect(countErrors(e)).toBe(12);
  });

  it('needs at least one layer', () => {
    const result = validateRun({ name: 'r', description: '', layers: [] });
    expect(!result.ok && result.errors.layers).toMatch(/at least one layer/);
  });

  it('starts from one field-rule layer 0 that only needs a name', () => {
    const draft = emptyRunDraft();
    expect(draft.layers).toHaveLength(1);
    const named = { ...draft, name: 'r', layers: [{ ...draft.layers[0], name: 'base' }] };
    expect(validateRun(named)).toMatchObject({ ok: true, params: { layers: [{ rule: { kind: 'field', layer: 0 } }] } });
  });
});

describe('parseValues', () => {
  it('splits on commas outside quotes, numbers as numbers', () => {
    expect(parseValues('a, b ,c')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(parseValues('3, 4.5, -2')).toEqual({ ok: true, value: [3, 4.5, -2] });
    expect(parseValues('"3", "a, b", c')).toEqual({ ok: true, value: ['3', 'a, b', 'c'] });
    expect(parseValues('a,,b,')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseValues('"a" b').ok).toBe(false);
    expect(parseValues('').ok).toBe(false);
    expect(parseValues(Array.from({ length: 101 }, (_, i) => i).join(',')).ok).toBe(false);
  });
});

describe('moveLayer', () => {
  it('moves one item and leaves out-of-range moves alone', () => {
    expect(moveLayer(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveLayer(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveLayer(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });
});
