import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { CustomerEventInput } from '@tributary/schemas';
import { waitFor } from '@tributary/testing';
import { demoCampaignConfig } from '../../tools/supervisor/src/demo-campaign';
import { startDemoReceiver, type ReceivedAction } from '../../tools/supervisor/src/demo-receiver';
import type { SystemClient } from './system-client';
import type { RunningSystem } from './system-harness';
import type { SystemInput } from './system-input';

export const CAMPAIGN_ID = 9001;

export interface Receiver {
  port: number;
  actions: ReceivedAction[];
  close(): Promise<void>;
}

/** The supervisor's demo receiver on a free port: answers the ad-hoc profile query, records actions. */
export async function startReceiver(): Promise<Receiver> {
  const actions: ReceivedAction[] = [];
  const server: Server = await startDemoReceiver(0, (action) => actions.push(action));
  return {
    port: (server.address() as AddressInfo).port,
    actions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The seed campaign (stream 1, goals 101-103 and 1101, campaign 9001) over this system's own topics. */
export async function configureCampaign(
  system: RunningSystem,
  client: SystemClient,
  receiverPort: number,
): Promise<void> {
  const config = demoCampaignConfig(receiverPort);
  const [pay, cancels] = config.stream.sources;
  const stream = {
    ...config.stream,
    sources: [
      { ...pay, topic: system.names.paymentsTopic },
      { ...cancels, topic: system.names.cancelsTopic },
    ],
  };
  const answers = [
    await client.call('POST', '/v1/streams', stream),
    ...(await Promise.all(config.goals.map((goal) => client.call('POST', '/v1/goals', goal)))),
    await client.call('POST', '/v1/campaign-limits', config.umbrella),
    await client.call('POST', '/v1/campaigns', config.campaign),
  ];
  const failed = answers.filter((a) => a.status >= 300);
  if (failed.length) throw new Error(`campaign configuration failed: ${JSON.stringify(failed)}`);
}

export interface ModelObservation {
  total_conversions: number;
  share_sum: number;
  total_revenue: string;
  currency: string | undefined;
}

export interface Observed {
  models: Record<string, ModelObservation>;
  firstTouch: Record<string, number>;
  lastTouch: Record<string, number>;
  timeZone: string;
  journeysWithoutRate: number | undefined;
}

interface RunSnapshot {
  run: {
    run_id: string;
    status: string;
    error: unknown;
    options: { time_zone: string };
    diagnostics: { journeys_without_rate?: number } | null;
  };
  results: Record<
    string,
    {
      total_conversions: number;
      total_revenue: string;
      currency?: string;
      channels: Record<string, { conversions: number; share: number }>;
    }
  >;
}

/** After the stitcher has consumed everything: sweep, then one on-demand run over the synthetic dates. */
export async function observeAttribution(
  client: SystemClient,
  input: SystemInput,
): Promise<Observed> {
  await client.runCli('services/journey-stitcher/dist/cli/sweep.js', [
    '--from',
    new Date(input.syntheticStart.getTime() - 86_400_000).toISOString(),
    '--to',
    new Date().toISOString(),
  ]);
  // 409 while a scheduled run holds the lock (the scale test fires the schedule every minute).
  const started = await waitFor(
    async () => {
      const answer = await client.call<{ run: { run_id: string } }>(
        'POST',
        '/v1/attribution/runs',
        { models: 'all', ...input.attributionRange },
      );
      return answer.status === 409 ? undefined : answer;
    },
    { timeoutMs: 60_000, intervalMs: 500, message: 'attribution run refused as locked' },
  );
  if (started.status !== 202)
    throw new Error(
      `attribution run not started: ${started.status} ${JSON.stringify(started.body)}`,
    );
  const snapshot = await waitFor(
    async () => {
      const s = await client.get<RunSnapshot>(`/v1/attribution/runs/${started.body.run.run_id}`);
      if (s.run.status === 'failed')
        throw new Error(`attribution run failed: ${JSON.stringify(s.run.error)}`);
      return s.run.status === 'succeeded' ? s : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250, message: 'attribution run did not finish' },
  );
  const conversions = (model: string) =>
    Object.fromEntries(
      Object.entries(snapshot.results[model]?.channels ?? {})
        .filter(([, c]) => c.conversions > 0)
        .map(([channel, c]) => [channel, c.conversions]),
    );
  return {
    models: Object.fromEntries(
      Object.entries(snapshot.results).map(([model, r]) => [
        model,
        {
          total_conversions: r.total_conversions,
          share_sum: Object.values(r.channels).reduce((s, c) => s + c.share, 0),
          total_revenue: r.total_revenue,
          currency: r.currency,
        },
      ]),
    ),
    firstTouch: conversions('first_touch'),
    lastTouch: conversions('last_touch'),
    timeZone: snapshot.run.options.time_zone,
    journeysWithoutRate: snapshot.run.diagnostics?.journeys_without_rate,
  };
}

export interface WindowAnswer {
  total_views: number;
  users?: unknown[];
  categories?: unknown[];
  platforms?: unknown[];
}

export async function observeWindow(client: SystemClient, at: number) {
  const q = `?at=${encodeURIComponent(new Date(at).toISOString())}&limit=1000`;
  const [users, categories, platforms] = await Promise.all([
    client.get<WindowAnswer>(`/v1/realtime/users${q}`),
    client.get<WindowAnswer>(`/v1/realtime/categories${q}`),
    client.get<WindowAnswer>(`/v1/realtime/platforms${q}`),
  ]);
  return {
    total_views: users.total_views,
    users: users.users,
    categories: categories.categories,
    platforms: platforms.platforms,
  };
}

export async function observeRecentlyViewed(client: SystemClient, userId: string) {
  const answer = await client.get<{ products: { product_id: string; viewed_at: string }[] }>(
    `/v1/users/${userId}/recently-viewed?limit=5`,
  );
  return answer.products.map((p) => ({
    product_id: p.product_id,
    viewed_at: new Date(p.viewed_at).toISOString(),
  }));
}

/** The three reports of one hour, made by the operator's backfill CLI, read through the API. */
export async function observeCaseReports(client: SystemClient, hour: string) {
  await client.runCli('services/category-reports/dist/cli/backfill.js', [
    '--from',
    hour,
    '--to',
    hour,
  ]);
  type Row = { category_id: string; rank: number; product_id: string };
  const byCategoryThenRank = (a: Row, b: Row) =>
    a.category_id < b.category_id ? -1 : a.category_id > b.category_id ? 1 : a.rank - b.rank;
  const list = async <T extends Row>(name: string, pick: (row: T) => T) =>
    (await client.get<{ rows: T[] }>(`/v1/reports/categories/${hour}/${name}`)).rows
      .map(pick)
      .sort(byCategoryThenRank);
  const conversion = await client.get<{
    rows: {
      category_id: string;
      viewers: number;
      buyers: number;
      purchase_view_ratio: string | null;
    }[];
  }>(`/v1/reports/categories/${hour}/conversion`);
  return {
    topViewed: await list<Row & { distinct_viewers: number }>(
      'top-viewed',
      ({ category_id, rank, product_id, distinct_viewers }) => ({
        category_id,
        rank,
        product_id,
        distinct_viewers,
      }),
    ),
    topPurchased: await list<Row & { distinct_buyers: number }>(
      'top-purchased',
      ({ category_id, rank, product_id, distinct_buyers }) => ({
        category_id,
        rank,
        product_id,
        distinct_buyers,
      }),
    ),
    conversion: conversion.rows
      .map(({ category_id, viewers, buyers, purchase_view_ratio }) => ({
        category_id,
        viewers,
        buyers,
        purchase_view_ratio,
      }))
      .sort((a, b) => (a.category_id < b.category_id ? -1 : 1)),
  };
}

/**
 * What `npm run up` loads before any data: the case's product-category map as the products
 * catalogue and the demo's FX rates, each with its documented command.
 */
export async function loadReferenceData(
  client: SystemClient,
  fxRatesCsvFile: string,
  categoryMapFile: string,
): Promise<void> {
  await client.runCli('services/attribution-engine/dist/cli/load-fx-rates.js', [fxRatesCsvFile]);
  await client.runCli('services/journey-stitcher/dist/cli/load-catalogue.js', [categoryMapFile]);
}

export interface CampaignObservation {
  achieverGoals: string[];
  achieverRealizations: { campaign: number | string; status: string }[];
  bystanderRealizations: number;
  actionCalls: number;
  /** Calls the receiver acted on: a repeated Idempotency-Key is not a second grant. */
  grants: number;
  idempotencyKeys: string[];
  actionPaths: string[];
}

/** Waits for the achiever's realization and for its action call to be recorded as sent, then reads all. */
export async function observeCampaign(
  client: SystemClient,
  input: SystemInput,
  receiver: Receiver,
): Promise<CampaignObservation> {
  // Each list route answers one page ({ items, next }); these lists fit in the first.
  const realizations = async (clientId: string) =>
    (
      await client.get<{ items: { campaign: number | string; status: string }[] }>(
        `/v1/clients/${clientId}/campaign-realizations`,
      )
    ).items;
  const achieved = await waitFor(
    async () => {
      const rows = await realizations(input.achiever.clientId);
      return rows.length > 0 ? rows : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250, message: 'no campaign realization for the achiever' },
  );
  await waitFor(
    async () => {
      const sent = (
        await client.get<{ items: { 'client-id': string; status: string }[] }>(
          '/v1/actions?status=sent&limit=1000',
          'operator',
        )
      ).items;
      return (
        sent.some((a) => a['client-id'] === input.achiever.clientId) && receiver.actions.length > 0
      );
    },
    { timeoutMs: 60_000, intervalMs: 250, message: 'the action call was not sent' },
  );
  const goals = (
    await client.get<{ items: { goal: string }[] }>(
      `/v1/clients/${input.achiever.clientId}/goal-realizations`,
    )
  ).items;
  return {
    achieverGoals: goals.map((g) => String(g.goal)).sort(),
    achieverRealizations: achieved.map((r) => ({ campaign: Number(r.campaign), status: r.status })),
    bystanderRealizations: (await realizations(input.bystander.clientId)).length,
    actionCalls: receiver.actions.length,
    grants: receiver.actions.filter((a) => !a.replayed).length,
    idempotencyKeys: [...new Set(receiver.actions.map((a) => a.idempotencyKey ?? ''))],
    actionPaths: [...new Set(receiver.actions.map((a) => a.path))],
  };
}

export type LiveViewsSent = CustomerEventInput[];
