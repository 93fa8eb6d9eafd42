// What each count on the Ladder, Queue and Evaluators pages means: one definition per word, shown as the word's
// tooltip. The numbers behind them are recomputed from the database in tests/native/counts-reconcile.test.ts.
export const COUNT_WORDS = {
  comparisons: 'Comparisons: those the layer’s rule puts in it.',
  humanLabels:
    'Human labels: usable verdicts (A, B or tie) by people and simulated evaluators — standing (not undone), not excluded from training, not a position check’s repeat. Skips are not labels.',
  simulatedLabels: 'Of the human labels, those by simulated evaluators.',
  autoLabelled: 'Auto-labelled: comparisons whose latest routing gave them the model’s label (audited ones included), while that label stands.',
  inAudit: 'In audit: auto-labelled comparisons sent to people as audits that nobody has answered yet.',
  humanLabelsSaved: 'Human labels saved: auto-labelled comparisons not sent to audit — labels nobody had to give.',
  waitingForHumans: 'Waiting for people: comparisons with no human label that routing did not auto-label.',
  auditedError: 'Audited auto-label error: of the answered audits whose human consensus is A or B, the share where it differs from the auto-label.',
  judgments: 'Judgments: everything the evaluator answered that stands — verdicts and skips, position-check repeats included; undone ones not.',
  verdicts: 'Verdicts: the evaluator’s standing A, B or tie answers (skips not), position-check repeats included; one that a relabel answer replaced not (the answer counts instead).',
} as const;
