// The "simulated" badge shown wherever an evaluator that stands in for people appears (picker, Evaluators page),
// so generated verdicts are never mistaken for a person's.
import './SimulatedBadge.css';
export function SimulatedBadge() {
  return (
    <span className="badge badge-warn badge-simulated" title="A simulated evaluator: its verdicts are generated, not a person's" data-testid="simulated-badge">
      simulated
    </span>
  );
}
