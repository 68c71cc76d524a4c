import type {
  StubAnswer,
  SeenRequest,
} from '../../services/query-api/src/test-support/stub-service';

// Recorded answers of campaign-goals and campaign-core for the seed's client (seed 002's tables),
// in the services' own row shapes (kebab-case keys, see their README and read queries).
export const SEED_CLIENT = '3855206900';
export const SEED_CAMPAIGN = 9001;

const streamData = [
  {
    client: SEED_CLIENT,
    stream: '1',
    state: 'completed',
    currency: 'TRL',
    begin: '2021-11-01',
    end: '2021-11-30',
    'full-end': '2021-12-06',
    amount: '1200',
    times: 9,
    'begin-instant': '2021-10-31T21:00:00.000Z',
    'end-instant': '2021-11-30T21:00:00.000Z',
    'full-end-instant': '2021-12-06T21:00:00.000Z',
  },
  {
    client: SEED_CLIENT,
    stream: '1',
    state: 'in-progress',
    currency: 'TRL',
    begin: '2021-12-01',
    end: '2021-12-31',
    'full-end': '2022-01-06',
    amount: '685',
    times: 7,
    'begin-instant': '2021-11-30T21:00:00.000Z',
    'end-instant': '2021-12-31T21:00:00.000Z',
    'full-end-instant': '2022-01-06T21:00:00.000Z',
  },
];
const goalRealizations = [
  {
    client: SEED_CLIENT,
    goal: '101',
    elapsed: '2021-11-23T10:15:00.000Z',
    begin: '2021-11-01',
    end: '2021-11-30',
    stream: '1',
    trigger: 'when-reach',
    'realization-id': 'gr-1',
  },
];
const participations = [
  {
    client: SEED_CLIENT,
    campaign: SEED_CAMPAIGN,
    status: 'joined',
    'joined-at': '2021-11-01T08:00:00.000Z',
    'join-info': { channel: 'mobile' },
  },
];
const campaignRealizations = [
  {
    client: SEED_CLIENT,
    campaign: SEED_CAMPAIGN,
    status: 'elapsed',
    begin: '2021-11-01',
    end: '2021-11-30',
    'begin-instant': '2021-10-31T21:00:00.000Z',
    'end-instant': '2021-11-30T21:00:00.000Z',
    'completed-goals': [101, 102],
    earning: { currency: 'TRL', amount: '50', ratio: '2' },
    'elapsed-at': '2021-11-23T10:15:00.000Z',
    'action-result': { status: 200 },
  },
  {
    client: SEED_CLIENT,
    campaign: SEED_CAMPAIGN,
    status: 'partially-elapsed',
    begin: '2021-12-01',
    end: '2021-12-31',
    'begin-instant': '2021-11-30T21:00:00.000Z',
    'end-instant': '2021-12-31T21:00:00.000Z',
    'completed-goals': [101],
    earning: null,
    'elapsed-at': null,
    'action-result': null,
  },
];
const explanation = {
  client: SEED_CLIENT,
  campaign: SEED_CAMPAIGN,
  period: {
    begin: '2021-12-01',
    end: '2021-12-31',
    'begin-instant': '2021-11-30T21:00:00.000Z',
    'end-instant': '2021-12-31T21:00:00.000Z',
  },
  'evaluated-at': '2021-12-20T09:00:00.000Z',
  availability: { available: true, localDate: '2021-12-20' },
  participation: { eligible: true, joinedAt: '2021-11-01T08:00:00.000Z' },
  groups: [
    {
      id: 1,
      satisfied: false,
      goals: [
        { goalId: 101, source: 'stream', met: true },
        {
          goalId: 102,
          source: 'stream',
          met: false,
          progress: { type: 'amount', target: '1000', value: '685', missing: '315' },
        },
        { goalId: 1101, source: 'adhoc', met: 'not-checked', cached: false },
      ],
    },
    {
      id: 2,
      satisfied: false,
      goals: [
        {
          goalId: 103,
          source: 'stream',
          met: false,
          progress: { type: 'times', target: '10', value: '7', missing: '3' },
        },
      ],
    },
  ],
  evaluation: { kind: 'partially-elapsed' },
  blockers: [{ rule: 'goals', reason: 'no-group-satisfied' }],
};

/** A list route's one page (docs/api.md): these lists fit in one. */
const page = (items: unknown[]) => ({ items, next: null });

const ROUTES: Record<string, unknown> = {
  [`/v1/clients/${SEED_CLIENT}/stream-data`]: page(streamData),
  [`/v1/clients/${SEED_CLIENT}/goal-realizations`]: page(goalRealizations),
  [`/v1/clients/${SEED_CLIENT}/participations`]: page(participations),
  [`/v1/clients/${SEED_CLIENT}/campaign-realizations`]: page(campaignRealizations),
  [`/v1/clients/${SEED_CLIENT}/campaigns/${SEED_CAMPAIGN}/explain`]: explanation,
};

/** Known client: its rows; any other client: empty lists; unknown campaign: the services' 404. */
export function answerCampaignRequest(request: SeenRequest): StubAnswer {
  const path = request.url.split('?')[0] ?? '';
  const known = ROUTES[path];
  if (known !== undefined) return { status: 200, body: known };
  if (/\/campaigns\/[^/]+\/explain$/.test(path)) {
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'campaign not found' } } };
  }
  if (
    /^\/v1\/clients\/[^/]+\/(stream-data|goal-realizations|participations|campaign-realizations)$/.test(
      path,
    )
  ) {
    return { status: 200, body: page([]) };
  }
  return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no route ${path}` } } };
}
