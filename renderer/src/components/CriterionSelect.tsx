// The criterion picker of a run with a rubric (Ladder training, Evaluators agreement, Data export): a <select> of the
// run's criteria by label, with an optional first choice for "no criterion" (value '').
interface Props {
  criteria: readonly { key: string; label: string }[];
  /** The chosen criterion's key; '' for the "no criterion" choice. */
  value: string;
  onChange: (key: string) => void;
  /** When given, the first option, meaning no criterion is chosen (e.g. "Overall verdict"). */
  noneLabel?: string;
  id?: string;
  testId: string;
}

export function CriterionSelect({ criteria, value, onChange, noneLabel, id, testId }: Props) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {noneLabel !== undefined && <option value="">{noneLabel}</option>}
      {criteria.map((c) => (
        <option key={c.key} value={c.key}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
