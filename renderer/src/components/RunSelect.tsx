// The run picker of the Compare filters, the Queue and the Ladder's metrics: a <select> of runs by name, with an
// optional first choice for "no run" (value '').
interface Props {
  runs: readonly { id: string; name: string }[];
  /** The chosen run's id; '' for the "no run" choice. */
  value: string;
  onChange: (runId: string) => void;
  /** When given, the first option, meaning no run is chosen (e.g. "All runs"). */
  noneLabel?: string;
  id?: string;
  testId: string;
}

export function RunSelect({ runs, value, onChange, noneLabel, id, testId }: Props) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {noneLabel !== undefined && <option value="">{noneLabel}</option>}
      {runs.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
        </option>
      ))}
    </select>
  );
}
