// Time spent on the comparison on screen: counts only while the page is visible (a hidden window or tab —
// visibilitychange — pauses it), so a coffee break is not recorded as judging time.

export class Stopwatch {
  private accumulated = 0;
  private since: number | null = null;

  constructor(private readonly now: () => number = () => performance.now(), private readonly isHidden: () => boolean = () => document.hidden) {}

  /** Starts over from `initialMs` (time already spent on this comparison, e.g. before a failed save). */
  reset(initialMs = 0): void {
    this.accumulated = initialMs;
    this.since = this.isHidden() ? null : this.now();
  }

  pause(): void {
    if (this.since !== null) {
      this.accumulated += this.now() - this.since;
      this.since = null;
    }
  }

  resume(): void {
    if (this.since === null) this.since = this.now();
  }

  elapsedMs(): number {
    return Math.round(this.accumulated + (this.since === null ? 0 : this.now() - this.since));
  }

  /** Follows document visibility until the returned function is called. */
  followVisibility(): () => void {
    const onChange = () => (this.isHidden() ? this.pause() : this.resume());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }
}
