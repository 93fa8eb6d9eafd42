// The note above a comparison sent back for relabelling: who asked for it and their reason, so the evaluator knows
// what to look at. The reason is shown as text, never as Markdown or HTML.
import './RelabelNote.css';

export function RelabelNote({ relabel }: { relabel: { requestedBy: string; reason: string } | null }) {
  if (!relabel) return null;
  return (
    <p className="relabel-note" role="note" data-testid="compare-relabel-note">
      Relabel requested by <strong>{relabel.requestedBy}</strong>
      {relabel.reason ? `: ${relabel.reason}` : ' (no reason given)'}
    </p>
  );
}
