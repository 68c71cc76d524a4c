import type { CustomerEventInput } from '@tributary/schemas';
import { ATTRIBUTION_MODEL_IDS } from '@tributary/schemas';
import type { SystemClient } from './system-client';
import {
  attributionTruth,
  caseReportsTruth,
  convertedRevenueTruth,
  recentlyViewedTruth,
  windowTruth,
} from './system-expectations';
import type { RunningSystem } from './system-harness';
import type { SystemInput } from './system-input';
import {
  CAMPAIGN_ID,
  observeAttribution,
  observeCampaign,
  observeCaseReports,
  observeRecentlyViewed,
  observeWindow,
  type Receiver,
} from './system-scenario';

export interface SystemUnderCheck {
  system: RunningSystem;
  client: SystemClient;
  receiver: Receiver;
  input: SystemInput;
}

/**
 * How many times the receiver may be called for the one grant. Without faults, once. When
 * campaign-core is killed, a call it made but had not yet recorded is made again once its lease
 * runs out, with the same Idempotency-Key (at-least-once by design, docs/campaign-rules.md): the
 * receiver then sees more calls but grants once.
 */
export type ActionDelivery = 'exactly-once' | 'at-least-once-with-one-key';

/**
 * Every end result, read through query-api once the consumers have taken in all input, against
 * what the input implies. `liveSent` are the live views as sent; `at` is an instant after the last.
 */
export async function verifyEndResults(
  ctx: SystemUnderCheck,
  liveSent: readonly CustomerEventInput[],
  at: number,
  delivery: ActionDelivery = 'exactly-once',
): Promise<void> {
  const { system, client, input, receiver } = ctx;
  await client.waitDrained(system.names.groups.stitcher, system.names.eventsTopic);
  await client.waitDrained(system.names.groups.realtime, system.names.eventsTopic);

  // (c) 5-minute views, (d) recently viewed: exact answers at the instant `at`.
  const window = windowTruth(liveSent, at);
  expect(window.total_views).toBe(liveSent.length);
  expect(await observeWindow(client, at)).toEqual(window);
  expect(await observeRecentlyViewed(client, 'live-1')).toEqual(
    recentlyViewedTruth(liveSent, 'live-1'),
  );

  // (a) journeys and (b) every model's shares.
  const truth = attributionTruth(input.synthetic);
  const attribution = await observeAttribution(client, input);
  // Every model asked for; a run may add derived results (markov_auto, when markov ran).
  expect(Object.keys(attribution.models)).toEqual(
    expect.arrayContaining([...ATTRIBUTION_MODEL_IDS]),
  );
  for (const [model, result] of Object.entries(attribution.models)) {
    expect({ model, total: result.total_conversions }).toEqual({ model, total: truth.orders });
    expect(result.share_sum).toBeCloseTo(1, 9);
  }
  expect(attribution.firstTouch).toEqual(truth.firstTouch);
  expect(attribution.lastTouch).toEqual(truth.lastTouch);
  // (g) revenue in one currency: every order converted at its local date's rate, then summed.
  const revenue = convertedRevenueTruth(input.synthetic, input.fxRates, attribution.timeZone);
  expect(revenue.missing).toBe(0);
  expect(attribution.journeysWithoutRate).toBe(0);
  for (const [model, result] of Object.entries(attribution.models)) {
    expect({ model, revenue: result.total_revenue, currency: result.currency }).toEqual({
      model,
      revenue: revenue.total,
      currency: 'TRY',
    });
  }

  // (e, g) the hour's three reports equal the case files' own figures (categories from the map).
  const { orders, views, categories } = input.caseFiles;
  const expected = caseReportsTruth(orders, views, categories);
  expect(expected.topPurchased.length).toBeGreaterThan(50);
  expect(await observeCaseReports(client, input.reportHour)).toEqual(expected);

  // (f) one realization of campaign 9001 for the achiever, one action call with an Idempotency-Key.
  const campaign = await observeCampaign(client, input, receiver);
  expect(campaign.achieverGoals).toEqual(expect.arrayContaining(['101', '102']));
  expect(campaign.achieverRealizations).toEqual([
    expect.objectContaining({ campaign: CAMPAIGN_ID }),
  ]);
  expect(campaign.bystanderRealizations).toBe(0);
  if (delivery === 'exactly-once') expect(campaign.actionCalls).toBe(1);
  else expect(campaign.actionCalls).toBeGreaterThanOrEqual(1);
  // Every call carries the one key, and the receiver grants once.
  expect(campaign.grants).toBe(1);
  expect(campaign.idempotencyKeys).toHaveLength(1);
  expect(campaign.idempotencyKeys[0]).toMatch(/.{8,}/);
  expect(campaign.actionPaths).toEqual([
    `/campaign/adapter/invoice-cashback/${input.achiever.clientId}`,
  ]);
}
