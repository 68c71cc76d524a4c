import { Type } from '@sinclair/typebox';
import {
  OPERATOR,
  OWN_CLIENT,
  ListOf,
  PageQueryMembers,
  badRequest,
  notFound,
  pageFromRows,
  pageOf,
  decodeCursor,
  type HttpApp,
} from '@tributary/http';
import { GoalRealizationRow, LedgerRow, StreamDataRow, StreamValue } from '@tributary/schemas';
import type { ConfigRegistry } from '../adapters/config-registry';
import type { ReadQueries } from '../adapters/read-queries';
import { Money } from '../domain/money';
import { periodFor } from '../domain/period-for';

export interface DataRoutesDeps {
  reads: ReadQueries;
  registry: ConfigRegistry;
  now: () => Date;
}

const ClientParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 128 }) });
const Day = Type.String({ format: 'date' });
/** Read APIs of the contract: stream data, the ledger behind a row, late records, realizations. */
export function registerDataRoutes(app: HttpApp, deps: DataRoutesDeps): void {
  const { reads } = deps;

  app.get(
    '/v1/clients/:clientId/stream-data',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: ClientParams,
        querystring: Type.Object({
          'stream-id': Type.Optional(Type.String()),
          begin: Type.Optional(Day),
          ...PageQueryMembers,
        }),
        response: { 200: ListOf(StreamDataRow) },
      },
    },
    async (request) => {
      const rows = await reads.streamData(
        request.params.clientId,
        request.query['stream-id'],
        request.query.begin,
      );
      return pageOf(request, rows, request.query, {
        keyOf: (r) => [r.stream.length, r.stream, r['begin-instant']],
      });
    },
  );

  app.get(
    '/v1/clients/:clientId/stream-data/:streamId/:begin/ledger',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: Type.Object({ clientId: Type.String(), streamId: Type.String(), begin: Day }),
        querystring: Type.Object(PageQueryMembers),
        response: { 200: ListOf(LedgerRow) },
      },
    },
    async (request) => {
      const { clientId, streamId, begin } = request.params;
      const rows = await reads.ledgerOfRow(clientId, streamId, begin);
      return pageOf(request, rows, request.query, { keyOf: (r) => [Number(r['ledger-id'])] });
    },
  );

  app.get(
    '/v1/late-records',
    {
      config: { access: OPERATOR },
      schema: {
        querystring: Type.Object({
          'stream-id': Type.Optional(Type.String()),
          'client-id': Type.Optional(Type.String()),
          ...PageQueryMembers,
        }),
        response: { 200: ListOf(LedgerRow) },
      },
    },
    async (request) => {
      const q = request.query;
      const before = q.cursor === undefined ? undefined : decodeCursor(q.cursor, 1)[0];
      // Newest first, read a row past the page so that `next` is only given when there is one.
      const rows = await reads.lateRecords({
        streamId: q['stream-id'],
        clientId: q['client-id'],
        beforeLedgerId: before === undefined ? undefined : String(before),
        limit: q.limit + 1,
      });
      return pageFromRows(request, rows, q.limit, (r) => [Number(r['ledger-id'])]);
    },
  );

  app.get(
    '/v1/clients/:clientId/goal-realizations',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: ClientParams,
        querystring: Type.Object({ 'goal-id': Type.Optional(Type.String()), ...PageQueryMembers }),
        response: { 200: ListOf(GoalRealizationRow) },
      },
    },
    async (request) => {
      const rows = await reads.goalRealizations(request.params.clientId, request.query['goal-id']);
      return pageOf(request, rows, request.query, {
        keyOf: (r) => [r['begin-instant'], r.goal.length, r.goal],
      });
    },
  );

  app.get(
    '/v1/clients/:clientId/stream-values',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: ClientParams,
        querystring: Type.Object({
          'goal-id': Type.String({ minLength: 1 }),
          at: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: StreamValue },
      },
    },
    async (request) => {
      const { clientId } = request.params;
      const goalId = request.query['goal-id'];
      const goal = deps.registry.current().goals.get(goalId);
      if (!goal) throw notFound(`goal ${goalId}`);
      if (goal.source !== 'stream')
        throw badRequest(`goal ${goalId} is an ad-hoc goal; use POST /v1/goals/${goalId}/check`);
      const streamId = String(goal['stream-id']);
      const stream = deps.registry.current().streams.get(streamId);
      if (!stream) throw notFound(`stream ${streamId}`);
      const at = request.query.at ? new Date(request.query.at) : deps.now();
      const period = periodFor(stream.config.frequency, at);
      const row = await reads.rowAt(clientId, streamId, at);
      const value =
        goal.type === 'amount' ? new Money(row?.amount ?? 0) : new Money(row?.times ?? 0);
      const target = new Money(String(goal.target));
      const applies = goal['client-id'] === undefined || String(goal['client-id']) === clientId;
      return {
        'goal-id': goalId,
        'client-id': clientId,
        'stream-id': streamId,
        type: goal.type,
        trigger: goal.trigger,
        begin: period.begin,
        end: period.end,
        state: row?.state ?? null,
        value: value.toString(),
        target: target.toString(),
        missing: applies ? Money.max(0, target.minus(value)).toString() : null,
        applies,
        reached: applies && value.gte(target),
        realized: await reads.isRealized(clientId, goalId, at),
      };
    },
  );
}
