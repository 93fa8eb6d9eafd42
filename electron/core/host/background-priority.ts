// Work nobody waits on at a lower OS priority than the threads that answer the user: the stored reports' thread, a
// training or an experiment thread lowers its own scheduling priority (nice 10), so that on a busy machine the serving
// thread and the interactive database thread are scheduled first. Not the threads of imports and checks: they write in
// long transactions, and one starved of the CPU at the write lock lost it to a stream of verdicts until its busy
// timeout ran out (the 1M scale bench's import failed so). Linux only, where nice is a property of each thread
// (setpriority with a thread's id); elsewhere it would change the whole process, so nothing is done. The engine's
// native work runs on libuv's shared threads and keeps their priority.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** The nice value long work runs at (0 is the default; 19 the lowest priority). */
export const BACKGROUND_NICE = 10;

/** This thread's id on Linux (/proc/thread-self is a link to "<pid>/task/<tid>"), or null elsewhere. */
function thisThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lowers the calling worker thread's priority to BACKGROUND_NICE; false where that cannot be done (not Linux, the
 *  main thread, whose id is the process's, or a refusal). A thread may only lower its own priority, never raise it. */
export function lowerThisThreadPriority(): boolean {
  const tid = isMainThread ? null : thisThreadId();
  if (tid === null || tid === process.pid) return false;
  try {
    setPriority(tid, BACKGROUND_NICE);
    return true;
  } catch {
    return false;
  }
}
