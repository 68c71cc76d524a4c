import type { PoolClient } from '@tributary/postgres';
import type { GoalAchievedMessage } from '@tributary/schemas';
import type { CampaignConfig } from '../adapters/campaign-config-cache';
import type { StoredCampaign } from '../adapters/campaign-repository';
import { periodOfMessage, type RealizedGoal } from '../adapters/goal-inbox';
import {
  goalBatchReads,
  type ClientCampaign,
  type ClientCampaignPeriod,
} from '../adapters/goal-batch-reads';
import { limitStore } from '../adapters/limit-store';
import type { CampaignPeriod } from '../domain/campaign-period';
import { cappedLimits, stackingLimits } from '../domain/earning-limits';
import { limitKeyText } from '../domain/limit-keys';
import { usageFromMap, type LimitUsage, type Reservation } from '../domain/limit-usage';
import type { ParticipationEntry } from '../domain/participation';
import type { RealizationSnapshot } from '../domain/realization-state';
import type { EvaluationTarget, LoadedState } from './evaluation-state';

type Db = Pick<PoolClient, 'query'>;

/** One new goal realization of the batch, with its evaluation instant and triggered campaigns. */
export interface BatchItem {
  message: GoalAchievedMessage;
  period: CampaignPeriod;
  at: Date;
  campaigns: readonly StoredCampaign[];
}

// Map keys built by concatenation (JSON.stringify costs more, and this runs several times per
// event). The numeric fields come first and never contain '|', so the client id, last, may hold
// any character without two keys colliding.
export const clientPeriodKey = (clientId: string, p: Pick<CampaignPeriod, 'beginAt' | 'endAt'>) =>
  `${p.beginAt.getTime()}|${p.endAt.getTime()}|${clientId}`;
export const clientCampaignKey = (clientId: string, campaignId: number) =>
  `${campaignId}|${clientId}`;
export const realizationKey = (clientId: string, campaignId: number, beginAt: Date) =>
  `${campaignId}|${beginAt.getTime()}|${clientId}`;

/**
 * What the batch's evaluations read, loaded once for all its clients and then kept current in
 * memory as the batch books its outcomes, so evaluation k sees exactly what the one-by-one path
 * would read from the database after evaluations 1..k-1 (the client locks keep others out; only
 * the global budget can move underneath, which the conditional reservation catches).
 */
export class BatchMemory {
  readonly realized = new Map<string, Map<number, Date>>();
  readonly existing = new Map<string, RealizationSnapshot>();
  readonly participations = new Map<string, ParticipationEntry[]>();
  readonly cachedTrue = new Map<string, Set<number>>();
  readonly usage = new Map<string, LimitUsage>();

  /** A goal realized by the batch counts from its own evaluation on (earliest Elapsed wins). */
  addRealized(item: BatchItem): void {
    const key = clientPeriodKey(item.message['client-id'], item.period);
    const goals = this.realized.get(key) ?? new Map<number, Date>();
    this.realized.set(key, goals);
    const elapsed = new Date(item.message.elapsed);
    const known = goals.get(item.message['goal-id']);
    if (!known || elapsed.getTime() < known.getTime()) goals.set(item.message['goal-id'], elapsed);
  }

  stateFor(target: EvaluationTarget): LoadedState {
    const { clientId, period } = target;
    const campaignId = target.campaign.definition['campaign-id'];
    const pair = clientCampaignKey(clientId, campaignId);
    const realized: RealizedGoal[] = [
      ...(this.realized.get(clientPeriodKey(clientId, period)) ?? new Map<number, Date>()),
    ].map(([goalId, elapsed]) => ({ goalId, elapsed }));
    return {
      existing: this.existing.get(realizationKey(clientId, campaignId, period.beginAt)),
      participations: this.participations.get(pair) ?? [],
      realized,
      cachedTrue:
        target.campaign.adhocGoals.size > 0
          ? (this.cachedTrue.get(pair) ?? new Set<number>())
          : new Set<number>(),
      usage: usageFromMap(this.usage),
    };
  }

  applyReservations(reservations: readonly Reservation[]): void {
    for (const { key, delta } of reservations) {
      const text = limitKeyText(key);
      const current = this.usage.get(text);
      this.usage.set(text, {
        amount: current ? current.amount.plus(delta.amount) : delta.amount,
        ratio: current ? current.ratio.plus(delta.ratio) : delta.ratio,
        times: (current?.times ?? 0) + delta.times,
        standalone: (current?.standalone ?? 0) + delta.standalone,
      });
    }
  }
}

export interface LoadedBatch {
  items: BatchItem[];
  memory: BatchMemory;
  /** Limit keys that had a row when the batch read them (the others are created on booking). */
  storedUsageKeys: ReadonlySet<string>;
  duplicates: string[];
}

const unique = <T>(values: readonly T[], key: (v: T) => string) => {
  const seen = new Map<string, T>();
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v);
  return [...seen.values()];
};

/**
 * The batch's reads, a fixed number of statements whatever its size: realized goals of its
 * (client, period)s before this batch, the inbox insert (dedupe), then realizations,
 * participations, first-check cache and limit usage of every (client, campaign) it triggers.
 */
export async function loadBatch(
  db: Db,
  config: CampaignConfig,
  messages: readonly GoalAchievedMessage[],
  context: { now: () => Date; zone: string },
): Promise<LoadedBatch> {
  const memory = new BatchMemory();
  // A realization id repeated inside the batch is a redelivery too: the first one counts.
  const first = unique(messages, (m) => m['realization-id']);
  const triggering = first.filter((m) => config.campaignsUsingGoal(m['goal-id']).length > 0);
  const periods = unique(
    triggering.map((m) => ({ clientId: m['client-id'], ...periodOfMessage(m) })),
    (k) => clientPeriodKey(k.clientId, k),
  );
  const realized = await goalBatchReads.realizedGoals(db, periods);
  periods.forEach((k, i) => {
    const goals = new Map((realized.get(i) ?? []).map((g) => [g.goalId, g.elapsed]));
    memory.realized.set(clientPeriodKey(k.clientId, k), goals);
  });
  const fresh = first.length > 0 ? await goalBatchReads.insertInbox(db, first) : new Set<string>();
  const items: BatchItem[] = first
    .filter((m) => fresh.has(m['realization-id']))
    .map((message) => ({
      message,
      period: periodOfMessage(message),
      at: context.now(),
      campaigns: config.campaignsUsingGoal(message['goal-id']),
    }));
  const counted = new Set<string>();
  const duplicates: string[] = [];
  for (const id of messages.map((m) => m['realization-id'])) {
    if (fresh.has(id) && !counted.has(id)) counted.add(id);
    else duplicates.push(id);
  }
  const storedUsageKeys = await loadTargets(db, memory, items, config, context.zone);
  return { items, memory, storedUsageKeys, duplicates };
}

async function loadTargets(
  db: Db,
  memory: BatchMemory,
  items: readonly BatchItem[],
  config: CampaignConfig,
  zone: string,
): Promise<Set<string>> {
  const realizations = new Map<string, ClientCampaignPeriod>();
  const pairs = new Map<string, ClientCampaign & { adhoc: boolean }>();
  for (const { message, period, campaigns } of items) {
    const clientId = message['client-id'];
    for (const campaign of campaigns) {
      const campaignId = campaign.definition['campaign-id'];
      const beginAt = period.beginAt;
      realizations.set(realizationKey(clientId, campaignId, beginAt), {
        clientId,
        campaignId,
        beginAt,
      });
      const adhoc = campaign.adhocGoals.size > 0;
      pairs.set(clientCampaignKey(clientId, campaignId), { clientId, campaignId, adhoc });
    }
  }
  if (realizations.size === 0) return new Set();
  const snapshotKeys = [...realizations.values()];
  const snapshots = await goalBatchReads.realizations(db, snapshotKeys);
  snapshots.forEach((snapshot, i) => {
    const k = snapshotKeys[i];
    if (k) memory.existing.set(realizationKey(k.clientId, k.campaignId, k.beginAt), snapshot);
  });
  const pairKeys = [...pairs.values()];
  const participations = await goalBatchReads.participations(db, pairKeys);
  participations.forEach((entries, i) => {
    const k = pairKeys[i];
    if (k) memory.participations.set(clientCampaignKey(k.clientId, k.campaignId), entries);
  });
  const adhocPairs = pairKeys.filter((p) => p.adhoc);
  if (adhocPairs.length > 0) {
    const cached = await goalBatchReads.firstCheckCache(db, adhocPairs);
    cached.forEach((goals, i) => {
      const k = adhocPairs[i];
      if (k) memory.cachedTrue.set(clientCampaignKey(k.clientId, k.campaignId), new Set(goals));
    });
  }
  const usage = await limitStore.loadTexts(db, usageKeys(memory, items, config, zone));
  for (const [key, value] of usage) memory.usage.set(key, value);
  return new Set(usage.keys());
}

/** The limit keys the batch's grants may touch; a row already elapsed grants nothing (R17). */
function usageKeys(
  memory: BatchMemory,
  items: readonly BatchItem[],
  config: CampaignConfig,
  zone: string,
): string[] {
  const keys = new Set<string>();
  for (const { message, period, at, campaigns } of items) {
    const clientId = message['client-id'];
    for (const campaign of campaigns) {
      const campaignId = campaign.definition['campaign-id'];
      const row = realizationKey(clientId, campaignId, period.beginAt);
      if (memory.existing.get(row)?.status === 'elapsed') continue;
      const context = {
        campaign: campaign.definition,
        clientId,
        period,
        at,
        zone,
        umbrellas: config.umbrellas,
      };
      for (const l of cappedLimits(context)) keys.add(limitKeyText(l.key));
      for (const l of stackingLimits(context)) keys.add(limitKeyText(l.key));
    }
  }
  return [...keys];
}
