import { Type, type TSchema } from '@sinclair/typebox';
import { ListOf, PageQuery, type HttpApp } from '@tributary/http';
import {
  CampaignDefinition,
  CampaignRealizationRow,
  ClockState,
  SweepAnswer,
  ParticipationRecorded,
  GoalDefinition,
  GoalRealizationRow,
  LedgerRow,
  OutboxRow,
  ParticipationRequest,
  ParticipationRow,
  StreamDataRow,
  StreamDefinition,
  StreamValue,
  UmbrellaLimit,
} from '@tributary/schemas';
import type { UpstreamClient } from '../adapters/upstream-client';
import type { Access } from '@tributary/http';
import { forward } from './proxy';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Documented request body of a proxied route; the service behind it validates it. */
    docBody?: TSchema;
  }
}

export interface CampaignUpstreams {
  goals: UpstreamClient;
  core: UpstreamClient;
  internalToken: string | undefined;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface ProxiedRoute {
  method: Method;
  url: string;
  to: 'goals' | 'core';
  access: Access;
  summary: string;
  body?: TSchema;
  /** What the owning service answers (documentation: the body is passed on as it comes). */
  response?: Record<number, TSchema>;
  /** A list route: it takes `limit` and `cursor` and answers one page. */
  list?: true;
}

const Empty = Type.Null({ description: 'no body' });

const viewer: Access = { role: 'viewer' };
const operator: Access = { role: 'operator' };
const ownClient: Access = { role: 'viewer', customerOwn: { param: 'clientId' } };

function crud(base: string, to: 'goals' | 'core', what: string, body: TSchema): ProxiedRoute[] {
  const one = { 200: body };
  return [
    {
      method: 'POST',
      url: base,
      to,
      access: operator,
      summary: `create a ${what}`,
      body,
      response: { 201: body },
    },
    {
      method: 'GET',
      url: base,
      to,
      access: viewer,
      summary: `list ${what}s`,
      response: { 200: ListOf(body) },
      list: true,
    },
    {
      method: 'GET',
      url: `${base}/:id`,
      to,
      access: viewer,
      summary: `one ${what}`,
      response: one,
    },
    {
      method: 'PUT',
      url: `${base}/:id`,
      to,
      access: operator,
      summary: `replace a ${what} (If-Match: its ETag, else 412)`,
      body,
      response: one,
    },
    {
      method: 'DELETE',
      url: `${base}/:id`,
      to,
      access: operator,
      summary: `delete a ${what} (If-Match: its ETag, else 412)`,
      response: { 204: Empty },
    },
  ];
}

/** Every campaign route, with the service that owns it and the role the gateway checks first. */
export const CAMPAIGN_ROUTES: readonly ProxiedRoute[] = [
  ...crud('/v1/streams', 'goals', 'stream', StreamDefinition),
  ...crud('/v1/goals', 'goals', 'goal', GoalDefinition),
  ...crud('/v1/campaigns', 'core', 'campaign', CampaignDefinition),
  ...crud('/v1/campaign-limits', 'core', 'umbrella limit', UmbrellaLimit),
  {
    method: 'GET',
    url: '/v1/clients/:clientId/stream-data',
    to: 'goals',
    access: ownClient,
    summary: 'stream data rows of a client',
    response: { 200: ListOf(StreamDataRow) },
    list: true,
  },
  {
    method: 'GET',
    url: '/v1/clients/:clientId/stream-data/:streamId/:begin/ledger',
    to: 'goals',
    access: ownClient,
    summary: 'ledger entries behind one stream data row',
    response: { 200: ListOf(LedgerRow) },
    list: true,
  },
  {
    method: 'GET',
    url: '/v1/clients/:clientId/goal-realizations',
    to: 'goals',
    access: ownClient,
    summary: 'goal realizations of a client',
    response: { 200: ListOf(GoalRealizationRow) },
    list: true,
  },
  {
    method: 'GET',
    url: '/v1/clients/:clientId/stream-values',
    to: 'goals',
    access: ownClient,
    summary: 'current value against a goal target',
    response: { 200: StreamValue },
  },
  {
    method: 'GET',
    url: '/v1/late-records',
    to: 'goals',
    access: operator,
    summary: 'records that arrived after their period closed, newest first',
    response: { 200: ListOf(LedgerRow) },
    list: true,
  },
  {
    method: 'GET',
    url: '/v1/clients/:clientId/participations',
    to: 'core',
    access: ownClient,
    summary: 'participations of a client',
    response: { 200: ListOf(ParticipationRow) },
    list: true,
  },
  {
    method: 'GET',
    url: '/v1/clients/:clientId/campaign-realizations',
    to: 'core',
    access: ownClient,
    summary: 'campaign realizations of a client',
    response: { 200: ListOf(CampaignRealizationRow) },
    list: true,
  },
  {
    method: 'GET',
    url: '/v1/clients/:clientId/campaigns/:id/explain',
    to: 'core',
    access: ownClient,
    summary: 'why a client has or has not realized a campaign',
  },
  {
    method: 'POST',
    url: '/v1/campaigns/:id/participations',
    to: 'core',
    // Operators join on behalf of anyone; a customer joins or exits only itself.
    access: { role: 'operator', customerOwn: { body: 'client-id' } },
    summary: 'join or exit a campaign',
    body: ParticipationRequest,
    response: { 201: ParticipationRecorded },
  },
  {
    method: 'POST',
    url: '/v1/campaigns/:id/dry-run',
    to: 'core',
    access: operator,
    summary: 'evaluate a campaign for a client without effects',
    body: Type.Object({
      'client-id': Type.String(),
      campaign: Type.Optional(CampaignDefinition),
      // The period to evaluate, by its first local day; absent, the latest with a realized goal.
      begin: Type.Optional(Type.String({ format: 'date' })),
    }),
  },
  {
    method: 'GET',
    url: '/v1/actions',
    to: 'core',
    access: operator,
    summary: 'action outbox status, newest first',
    response: { 200: ListOf(OutboxRow) },
    list: true,
  },
  {
    method: 'POST',
    url: '/v1/admin/clock',
    to: 'goals',
    access: { role: 'admin' },
    summary: 'set or advance the replay clock (replay mode only)',
    response: { 200: ClockState },
    body: Type.Union([
      Type.Object({ set: Type.String({ format: 'date-time' }) }),
      Type.Object({ 'advance-ms': Type.Integer({ minimum: 1 }) }),
    ]),
  },
  {
    method: 'GET',
    url: '/v1/admin/clock',
    to: 'goals',
    access: operator,
    summary: 'the campaign clock',
    response: { 200: ClockState },
  },
  {
    method: 'POST',
    url: '/v1/admin/sweep',
    to: 'goals',
    access: { role: 'admin' },
    summary: 'run the completion sweep now',
    response: { 200: SweepAnswer },
  },
];

const Id = Type.String({ minLength: 1, maxLength: 200 });

function paramsOf(url: string) {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  return names.length ? Type.Object(Object.fromEntries(names.map((n) => [n, Id]))) : undefined;
}

export function registerCampaignRoutes(app: HttpApp, upstreams: CampaignUpstreams): void {
  for (const route of CAMPAIGN_ROUTES) {
    const upstream = upstreams[route.to];
    const params = paramsOf(route.url);
    app.route({
      method: route.method,
      url: route.url,
      schema: {
        tags: [route.to === 'goals' ? 'campaign goals' : 'campaigns'],
        summary: `${route.summary} (served by campaign-${route.to})`,
        ...(params ? { params } : {}),
        ...(route.list ? { querystring: PageQuery } : {}),
        ...(route.response ? { response: route.response } : {}),
      },
      config: { access: route.access, ...(route.body ? { docBody: route.body } : {}) },
      handler: (request, reply) => forward(upstream, request, reply, upstreams.internalToken),
    });
  }
}
