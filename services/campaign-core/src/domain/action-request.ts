import { createHash } from 'node:crypto';
import type { CampaignDefinition } from '@tributary/schemas';
import type { CampaignPeriod } from './campaign-period';
import type { Decimal } from './decimal';

export interface ActionBody {
  'campaign-id': number;
  'client-id': string;
  begin: string;
  end: string;
  status: 'elapsed';
  'elapsed-at': string;
  'completed-goals': number[];
  /** Decimal strings, so that no receiver parses money through binary floating point. */
  earning: { currency: string; amount: string; ratio: string };
}

export interface ActionRequest {
  url: string;
  method: CampaignDefinition['action']['method'];
  headers: Record<string, string>;
  body: ActionBody | undefined;
  idempotencyKey: string;
}

export interface ActionInput {
  campaign: CampaignDefinition;
  clientId: string;
  period: Pick<CampaignPeriod, 'begin' | 'end'>;
  completedGoals: readonly number[];
  earning: { currency: string; amount: Decimal; ratio: Decimal };
  elapsedAt: Date;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** R23: {{client-id}}, {{clientid}}, {{campaign-id}} replaced (URL-encoded); https:// if no scheme. */
export function renderActionUrl(template: string, clientId: string, campaignId: number): string {
  const url = template
    .replace(/\{\{\s*(client-id|clientid)\s*\}\}/gi, encodeURIComponent(clientId))
    .replace(/\{\{\s*campaign-id\s*\}\}/gi, encodeURIComponent(String(campaignId)));
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`;
}

/** Same (client, campaign, period) → same key, on every retry and after any restart. */
export function actionIdempotencyKey(
  clientId: string,
  campaignId: number,
  period: Pick<CampaignPeriod, 'begin' | 'end'>,
): string {
  const identity = JSON.stringify([clientId, campaignId, period.begin, period.end]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

export function buildActionRequest(input: ActionInput): ActionRequest {
  const { campaign, clientId, period } = input;
  const campaignId = campaign['campaign-id'];
  const idempotencyKey = actionIdempotencyKey(clientId, campaignId, period);
  const withBody = METHODS_WITH_BODY.has(campaign.action.method);
  const body: ActionBody | undefined = withBody
    ? {
        'campaign-id': campaignId,
        'client-id': clientId,
        begin: period.begin,
        end: period.end,
        status: 'elapsed',
        'elapsed-at': input.elapsedAt.toISOString(),
        'completed-goals': [...input.completedGoals],
        earning: {
          currency: input.earning.currency,
          amount: input.earning.amount.toFixed(),
          ratio: input.earning.ratio.toFixed(),
        },
      }
    : undefined;
  return {
    url: renderActionUrl(campaign.action.url, clientId, campaignId),
    method: campaign.action.method,
    headers: {
      'Idempotency-Key': idempotencyKey,
      ...(withBody && { 'Content-Type': 'application/json' }),
    },
    body,
    idempotencyKey,
  };
}
