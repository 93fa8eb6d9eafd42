// The Train RMk form's "Text features" choice: hashed words (the built-in featurizer), or a registered encoder's
// embeddings (Data page → Encoders), by name.
import type { Result } from '../../../../electron/api/contract';

interface Props {
  id: string;
  /** '' for hashed words, else an encoder's name. */
  value: string;
  onChange: (value: string) => void;
  encoders: Result<'listEncoders'> | undefined;
}

export function TextFeaturesField({ id, value, onChange, encoders }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>Text features</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} data-testid="train-text-features">
        <option value="">Hashed words</option>
        {(encoders ?? []).map((e) => (
          <option key={e.id} value={e.name}>
            Encoder {e.name} ({e.hiddenSize} dimensions)
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="hint">
        {encoders && encoders.length === 0
          ? 'Add a pretrained encoder on the Data page to learn from its embeddings instead.'
          : 'An encoder embeds each prompt and response once; the embeddings are cached for later trainings and scoring.'}
      </span>
    </div>
  );
}
