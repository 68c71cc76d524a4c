import type { Logger } from '@tributary/logging';
import type { RealtimeReader } from '@tributary/realtime-store';

export type FrameSink = (frame: string) => void;

export interface SnapshotHub {
  /** Adds a listener; it gets the last frame at once, then one frame per tick. */
  subscribe(sink: FrameSink): () => void;
  readonly subscribers: number;
  close(): void;
}

export interface SnapshotHubSettings {
  reader: RealtimeReader;
  intervalMs: number;
  now: () => number;
  logger: Logger;
  limit?: number;
}

/**
 * One poll of the live window per interval per replica, however many dashboards listen: each
 * snapshot is serialized once into an SSE frame and written to every stream. The timer runs only
 * while someone listens.
 */
export function createSnapshotHub(settings: SnapshotHubSettings): SnapshotHub {
  const sinks = new Set<FrameSink>();
  let timer: NodeJS.Timeout | undefined;
  let last: string | undefined;
  let busy = false;

  const broadcast = (frame: string) => {
    last = frame;
    for (const sink of sinks) sink(frame);
  };
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const snapshot = await settings.reader.snapshot({
        now: settings.now(),
        limit: settings.limit,
      });
      broadcast(
        `id: ${snapshot.version ?? ''}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`,
      );
    } catch (err) {
      settings.logger.warn({ err }, 'realtime snapshot failed');
      broadcast(
        'event: unavailable\ndata: {"code":"UNAVAILABLE","message":"realtime store is unavailable"}\n\n',
      );
    } finally {
      busy = false;
    }
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    last = undefined;
  };

  return {
    subscribe(sink) {
      sinks.add(sink);
      if (last !== undefined) sink(last);
      if (!timer) {
        timer = setInterval(() => void tick(), settings.intervalMs);
        void tick();
      }
      return () => {
        sinks.delete(sink);
        if (sinks.size === 0) stop();
      };
    },
    get subscribers() {
      return sinks.size;
    },
    close() {
      stop();
      sinks.clear();
    },
  };
}
