// The review of an evaluator's own verdicts (review.ts) as React state: one controller per evaluator.
import { useEffect, useMemo, useState } from 'react';
import { getClient } from '../../lib/client';
import { VerdictReview, type ReviewState } from './review';

export function useVerdictReview(evaluatorId: string): [VerdictReview, ReviewState] {
  const review = useMemo(() => new VerdictReview(getClient(), evaluatorId), [evaluatorId]);
  const [state, setState] = useState<ReviewState>(review.snapshot);
  useEffect(() => {
    setState(review.snapshot);
    return review.subscribe(setState);
  }, [review]);
  return [review, state];
}
