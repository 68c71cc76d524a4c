import { randomUUID } from 'node:crypto';
import type { Logger } from '@tributary/logging';
import { withTransaction, type Pool } from '@tributary/postgres';
import type { RealtimeEraser } from '@tributary/realtime-store';
import type { Redis } from '@tributary/redis';
import { activeSuppressions, mirrorSuppressions } from './realtime-suppression';
import {
  claimStep,
  findErasure,
  markStep,
  openErasure,
  subjectIds,
  type ErasureRecord,
} from './erasure-audit';
import { pendingSteps, type ErasureStep } from './erasure-plan';
import type { ErasureReason, ErasureSubject } from './erasure-request';
import type { IdHasher } from './id-hasher';
import { eraseCampaignData } from './campaign-steps';
import type { PayoutRetention } from './payout-policy';
import { suppress } from './suppression';
import { deleteFromReportSets, deleteFromWarehouse, resolveSubjectIds } from './warehouse-steps';

export interface ErasureDeps {
  pool: Pool;
  realtime: RealtimeEraser;
  /** The realtime store's Redis (same key prefix): the suppression list's copy goes there. */
  redis: Redis;
  hash: IdHasher;
  payoutRetention: PayoutRetention;
  /** How long suppressions last: the events topic's retention. */
  suppressionMs: number;
  now: () => Date;
  logger: Logger;
  /** Tests inject a crash here: called after each step is recorded. */
  afterStep?: (step: ErasureStep) => void | Promise<void>;
}

export interface ErasureOrder {
  subject: ErasureSubject;
  reason: ErasureReason;
  /** The operator principal's id, from the credential. */
  requestedBy: string;
}

/**
 * Records an erasure and the ids it will erase (or joins the one already running for the same
 * subject). Running it is `runErasure`'s job, so the caller can answer 202 first.
 */
export async function openErasureFor(
  deps: ErasureDeps,
  order: ErasureOrder,
): Promise<{ record: ErasureRecord; created: boolean }> {
  return withTransaction(deps.pool, async (client) => {
    const ids = await resolveSubjectIds(client, order.subject);
    return openErasure(client, {
      erasureId: `er_${randomUUID()}`,
      kind: order.subject.kind,
      subjectHash: deps.hash(order.subject.id),
      reason: order.reason,
      requestedBy: order.requestedBy,
      payoutRetention: deps.payoutRetention,
      ids,
      at: deps.now(),
    });
  });
}

/**
 * Runs the steps an erasure has not finished, in order; each is idempotent and recorded when
 * done (PostgreSQL steps in their own transaction), so a crash resumes at the first unrecorded
 * step. A completed erasure is left as it is.
 */
export async function runErasure(deps: ErasureDeps, erasureId: string): Promise<ErasureRecord> {
  const record = await findErasure(deps.pool, erasureId);
  if (!record) throw new Error(`no erasure ${erasureId}`);
  const ids = await subjectIds(deps.pool, erasureId);
  for (const step of pendingSteps(record.steps)) {
    const complete = step === 'forget_subject';
    const at = deps.now();
    if (isRedisStep(step)) {
      // Redis has no transaction with PostgreSQL: the step is idempotent and marked after it.
      const counts = await runRedisStep(deps, step, ids);
      await markStep(deps.pool, erasureId, step, counts, at, complete);
    } else {
      await withTransaction(deps.pool, async (client) => {
        if (!(await claimStep(client, erasureId, step))) return;
        const counts = await runPostgresStep(deps, client, step, erasureId, ids, at);
        await markStep(client, erasureId, step, counts, at, complete);
      });
    }
    deps.logger.info({ erasureId, step }, 'erasure step done');
    await deps.afterStep?.(step);
  }
  const done = await findErasure(deps.pool, erasureId);
  if (!done) throw new Error(`erasure ${erasureId} vanished`);
  deps.logger.info({ erasureId, status: done.status }, 'erasure finished');
  return done;
}

type RedisStep = 'suppress_realtime' | 'recently_viewed' | 'live_window';

function isRedisStep(step: ErasureStep): step is RedisStep {
  return step === 'suppress_realtime' || step === 'recently_viewed' || step === 'live_window';
}

async function runRedisStep(
  deps: ErasureDeps,
  step: RedisStep,
  ids: readonly string[],
): Promise<Record<string, number>> {
  const realtime = deps.realtime;
  if (step === 'suppress_realtime') {
    // The entries the suppress step recorded, copied for realtime-analytics.
    const hashes = new Set(ids.map(deps.hash));
    const active = await activeSuppressions(deps.pool, deps.now());
    return {
      ids: await mirrorSuppressions(
        deps.redis,
        active.filter((e) => hashes.has(e.idHash)),
      ),
    };
  }
  if (step === 'recently_viewed') return { keys: await realtime.eraseRecentlyViewed(ids) };
  const { removed, live } = await realtime.eraseViews(ids);
  return { views: removed, live_views: live };
}

async function runPostgresStep(
  deps: ErasureDeps,
  client: Parameters<Parameters<typeof withTransaction>[1]>[0],
  step: Exclude<ErasureStep, RedisStep>,
  erasureId: string,
  ids: readonly string[],
  at: Date,
): Promise<Record<string, number>> {
  switch (step) {
    case 'suppress':
      return {
        ids: await suppress(
          client,
          deps.hash,
          ids,
          at,
          new Date(at.getTime() + deps.suppressionMs),
        ),
      };
    case 'raw_events':
    case 'customer_journeys':
    case 'non_converting_paths':
    case 'identity_links':
      return { rows: await deleteFromWarehouse(client, step, ids) };
    case 'report_sets':
      return deleteFromReportSets(client, ids);
    case 'campaign':
      return eraseCampaignData(client, ids, deps.payoutRetention, deps.hash);
    case 'forget_subject': {
      const result = await client.query('DELETE FROM erasure_subjects WHERE erasure_id = $1', [
        erasureId,
      ]);
      return { ids: ids.length, rows: result.rowCount ?? 0 };
    }
  }
}
