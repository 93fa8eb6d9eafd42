// Which segments of a response the assistance marks "weakest": only those the ensemble clearly scores below the rest.
//
// A segment's range is its reward ± its ensemble std (the members' population std). The lowest segment (with ≥ 6
// segments, the lowest two) is marked only when that range lies wholly below the range of every other segment: the
// gap between the means then exceeds std + std, which bounds the ensemble's std of their difference whatever the
// members' correlation. With two candidates, the pair is tried first, then the lowest alone. Otherwise nothing is
// marked: no clear weakest.

export interface ScoredSegment {
  reward: number;
  std: number;
}

export function weakFlags(segments: readonly ScoredSegment[]): boolean[] {
  const flags = segments.map(() => false);
  const order = segments.map((_, i) => i).sort((x, y) => segments[x].reward - segments[y].reward || x - y);
  const most = segments.length >= 6 ? 2 : 1;
  for (let take = Math.min(most, segments.length - 1); take >= 1; take--) {
    const top = Math.max(...order.slice(0, take).map((i) => segments[i].reward + segments[i].std));
    const floor = Math.min(...order.slice(take).map((i) => segments[i].reward - segments[i].std));
    if (top < floor) {
      for (const i of order.slice(0, take)) flags[i] = true;
      break;
    }
  }
  return flags;
}
