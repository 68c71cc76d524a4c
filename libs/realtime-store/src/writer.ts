import { execGrouped, type Redis, type SlotGroup } from '@tributary/redis';
import { WINDOW_KEYS, recentBucket, recentKeys } from './keys';
import { APPLY_LUA, RECENT_WRITE_LUA, SWEEP_LUA } from './lua';
import { isNoScript, LuaScript, type ScriptArg } from './lua-script';
import type { ProductView } from './product-view';
import { TRIM_SLACK_MS, type RealtimeSettings } from './settings';
import { classifyView, logFloor } from './window-rules';

const apply = new LuaScript(APPLY_LUA);
const sweepScript = new LuaScript(SWEEP_LUA);
const recentWrite = new LuaScript(RECENT_WRITE_LUA);
const VIEWS_PER_CALL = 1_000;
const TRIM_PER_CALL = 20_000;

export interface ApplyResult {
  /** New views that entered the live window. */
  live: number;
  /** New views already older than the live window when processed: kept for "at" queries only. */
  historyOnly: number;
  duplicates: number;
  late: number;
  future: number;
  beyondRetention: number;
}

export interface RealtimeWriter {
  /** Applies one batch atomically per script call and idempotently by event_id; safe to retry. */
  applyViews(views: readonly ProductView[], now: number): Promise<ApplyResult>;
  /** Expires views older than the window at `now` and trims the log past the retention. */
  sweep(now: number): Promise<{ expired: number; trimmed: number }>;
}

export function createRealtimeWriter(redis: Redis, settings: RealtimeSettings): RealtimeWriter {
  async function applyOnce(views: readonly ProductView[], now: number): Promise<ApplyResult> {
    const result: ApplyResult = {
      live: 0,
      historyOnly: 0,
      duplicates: 0,
      late: 0,
      future: 0,
      beyondRetention: 0,
    };
    const accepted: ScriptArg[][] = [];
    const recentByUser = new Map<string, ScriptArg[]>();
    for (const view of views) {
      const outcome = classifyView(view, settings, now);
      if (outcome.kind === 'future') {
        result.future += 1;
        continue;
      }
      // Recently viewed is not windowed: a late view is still the user's view.
      const viewedAt = Math.min(view.occurredAt, view.receivedAt);
      const recent = recentByUser.get(view.userId) ?? [];
      recent.push(view.productId, view.categoryId, String(viewedAt));
      recentByUser.set(view.userId, recent);
      if (outcome.kind === 'late') result.late += 1;
      else if (outcome.kind === 'beyond-retention') result.beyondRetention += 1;
      else
        accepted.push([
          view.eventId,
          String(outcome.occurredAt),
          view.userId,
          view.categoryId,
          view.platform,
        ]);
    }
    // One group per hash tag: the window's slot, then each recently-viewed bucket's.
    const groups: SlotGroup[] = [];
    const liveFloor = String(now - settings.windowMs);
    if (accepted.length > 0) {
      groups.push((pipeline) => {
        for (let i = 0; i < accepted.length; i += VIEWS_PER_CALL) {
          apply.queue(pipeline, WINDOW_KEYS, [
            liveFloor,
            ...accepted.slice(i, i + VIEWS_PER_CALL).flat(),
          ]);
        }
      });
    }
    for (const bucket of byBucket(recentByUser)) {
      groups.push((pipeline) =>
        recentWrite.queue(pipeline, bucket.keys, [
          settings.recentMax,
          settings.recentTtlSeconds,
          ...bucket.args,
        ]),
      );
    }
    const replies = await execGrouped(redis, groups);
    for (const [error, reply] of replies) {
      if (error) throw error;
      if (Array.isArray(reply) && reply.length === 3) {
        result.live += Number(reply[0]);
        result.duplicates += Number(reply[1]);
        result.historyOnly += Number(reply[2]);
      }
    }
    return result;
  }

  return {
    async applyViews(views, now) {
      try {
        return await applyOnce(views, now);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        // Redis restarted without our scripts: load them and replay the batch (idempotent).
        await Promise.all([apply, recentWrite].map((s) => s.load(redis)));
        return applyOnce(views, now);
      }
    },
    async sweep(now) {
      const trimAt = logFloor(settings, now) - TRIM_SLACK_MS;
      const reply = (await sweepScript.run(redis, WINDOW_KEYS, [
        String(now - settings.windowMs),
        String(trimAt),
        TRIM_PER_CALL,
      ])) as [number, number];
      return { expired: reply[0], trimmed: reply[1] };
    },
  };
}

function byBucket(recentByUser: Map<string, ScriptArg[]>): { keys: string[]; args: ScriptArg[] }[] {
  const buckets = new Map<number, { keys: string[]; args: ScriptArg[] }>();
  for (const [userId, views] of recentByUser) {
    const n = recentBucket(userId);
    const bucket = buckets.get(n) ?? { keys: [], args: [] };
    bucket.keys.push(...recentKeys(userId));
    bucket.args.push(views.length / 3, ...views);
    buckets.set(n, bucket);
  }
  return [...buckets.values()];
}
