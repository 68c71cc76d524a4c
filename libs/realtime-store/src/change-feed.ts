import type { RealtimeReader } from './reader';
import type { WindowSnapshot } from './schemas';

export interface ChangeFeedOptions {
  reader: RealtimeReader;
  /** How often to look (ms); a dashboard wants about 1000. */
  intervalMs: number;
  now: () => number;
  limit?: number;
  onSnapshot: (snapshot: WindowSnapshot) => void;
  onError?: (error: unknown) => void;
}

export interface ChangeFeed {
  stop(): void;
}

/**
 * Polls the live window and calls `onSnapshot` when its version changed (a view arrived or
 * expired), and once at the start. Polling rather than pub/sub: the poll itself expires old
 * views, so an idle window still moves, and a slow client never backs up Redis.
 */
export function watchWindow(options: ChangeFeedOptions): ChangeFeed {
  let lastVersion: number | undefined;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const snapshot = await options.reader.snapshot({ now: options.now(), limit: options.limit });
      if (snapshot.version !== lastVersion) {
        lastVersion = snapshot.version;
        options.onSnapshot(snapshot);
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.intervalMs);
  return { stop: () => clearInterval(timer) };
}
