// Events the app pushes while long work runs (import progress, training jobs): the desktop app's come through the
// preload (window.rungEvents), browser mode's through one streamed GET /api/events (Server-Sent Events, read with
// fetch so that the access token travels in a header, never in a URL), reopened after a drop.
/// <reference path="../rung-window.d.ts" />
import type { PushEvent } from '../../../electron/api/events';
import { pageToken } from './client';

type Listener = (event: PushEvent) => void;

const listeners = new Set<Listener>();
let stop: (() => void) | null = null;
const RECONNECT_MS = 1_000;

/** The blocks of an event stream's text: each `data:` line's JSON, once its blank line has arrived. */
export function parseEventStream(buffer: string): { events: PushEvent[]; rest: string } {
  const events: PushEvent[] = [];
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) continue;
    try {
      events.push(JSON.parse(data) as PushEvent);
    } catch {
      // A block that is not an event of ours is skipped: the stream goes on.
    }
  }
  return { events, rest };
}

function openHttpStream(deliver: Listener): () => void {
  let closed = false;
  let controller: AbortController | null = null;
  const connect = async () => {
    while (!closed) {
      controller = new AbortController();
      try {
        const token = pageToken();
        const response = await fetch('/api/events', {
          headers: token ? { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } : { Accept: 'text/event-stream' },
          credentials: 'omit',
          cache: 'no-store',
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEventStream(buffer + value);
          buffer = parsed.rest;
          parsed.events.forEach(deliver);
        }
      } catch {
        // Dropped or refused: try again shortly (the pages still show what their calls return).
      }
      if (!closed) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  void connect();
  return () => {
    closed = true;
    controller?.abort();
  };
}

/** Hears every pushed event until the returned function is called. */
export function subscribeEvents(listener: Listener): () => void {
  listeners.add(listener);
  if (!stop) {
    const deliver: Listener = (event) => listeners.forEach((l) => l(event));
    stop = window.rungEvents ? window.rungEvents.subscribe(deliver) : openHttpStream(deliver);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && stop) {
      stop();
      stop = null;
    }
  };
}
