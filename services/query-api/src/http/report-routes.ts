import { Type } from '@sinclair/typebox';
import {
  ConversionRow,
  PeriodKind,
  REPORT_NAMES,
  ReportRun,
  TopPurchasedRow,
  TopViewedRow,
  findReportRun,
  hourKey,
  listReportRuns,
  parseHourKey,
  readReportRows,
  reportPeriod,
  renderReportCsv,
  type ReportName,
} from '@tributary/category-report-store';
import {
  ListOf,
  MAX_PAGE_LIMIT,
  PageQueryMembers,
  badRequest,
  decodeCursor,
  notFound,
  pageFromRows,
  type HttpApp,
} from '@tributary/http';
import type { Pool } from '@tributary/postgres';
import type { FastifyRequest } from 'fastify';
import { matchesEtag, notModified, sendCached } from './cached-reply';
import type { StoreGuard } from './store-guard';

export interface ReportRouteDeps {
  pool: Pool;
  guard: StoreGuard;
  maxAgeSeconds: number;
}

const tags = ['category reports'];
const viewer = { access: { role: 'viewer' as const } };
const ReportFile = Type.Union(
  REPORT_NAMES.flatMap((n) => [Type.Literal(n), Type.Literal(`${n}.csv`)]),
);
const ReportParams = Type.Object({
  hour: Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}$',
    description: 'UTC hour, e.g. 2026-01-10T13',
  }),
  report: ReportFile,
});
const PeriodQuery = Type.Object({
  period: Type.Optional(PeriodKind),
  // A week of hours by default.
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 168 }),
  cursor: PageQueryMembers.cursor,
});
const ListedRun = Type.Composite([ReportRun, Type.Object({ hour: Type.String() })]);
const Rows = Type.Union([
  Type.Array(TopViewedRow),
  Type.Array(TopPurchasedRow),
  Type.Array(ConversionRow),
]);

function wantsCsv(request: FastifyRequest, file: string): boolean {
  return file.endsWith('.csv') || /\btext\/csv\b/.test(request.headers.accept ?? '');
}

export function registerReportRoutes(app: HttpApp, deps: ReportRouteDeps): void {
  const { pool, guard } = deps;

  app.get(
    '/v1/reports/categories',
    {
      schema: {
        tags,
        summary: 'the report runs available, newest hour first',
        querystring: PeriodQuery,
        response: { 200: ListOf(ListedRun) },
      },
      config: viewer,
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const key = cursor === undefined ? undefined : decodeCursor(cursor, 2);
      const runs = await guard('postgres', () =>
        listReportRuns(pool, {
          periodKind: request.query.period ?? 'hour',
          limit: limit + 1,
          after: key && { periodStart: String(key[0]), periodKind: String(key[1]) },
        }),
      );
      // One page of the list envelope (docs/api.md), newest period first.
      const page = pageFromRows(request, runs, limit, (run) => [run.period_start, run.period_kind]);
      // The folder (and path segment) of a run is the hour its period ends with.
      return {
        items: page.items.map((run) => ({
          ...run,
          hour: hourKey(new Date(Date.parse(run.period_end) - 3_600_000)),
        })),
        next: page.next,
      };
    },
  );

  app.get(
    '/v1/reports/categories/:hour/:report',
    {
      schema: {
        tags,
        summary:
          'one report of one hour as JSON rows, or as the CSV file (Accept: text/csv or a .csv suffix)',
        params: ReportParams,
        querystring: Type.Object({ period: Type.Optional(PeriodKind) }),
        response: { 200: Type.Object({ run: ReportRun, rows: Rows }) },
      },
      config: viewer,
    },
    async (request, reply) => {
      const { hour, report: file } = request.params;
      const start = parseHourKey(hour);
      if (!start) throw badRequest(`${hour} is not a valid UTC hour`);
      const name = file.replace(/\.csv$/, '') as ReportName;
      const periodKind = request.query.period ?? 'hour';
      const period = reportPeriod(periodKind, start);
      if (!period) throw badRequest(`unknown period ${periodKind}`);
      const run = await guard('postgres', () => findReportRun(pool, periodKind, period.start));
      if (!run) throw notFound(`${periodKind} report of ${hour}`);
      const csv = wantsCsv(request, file);
      // Rows change only when the run is regenerated, so the run's identity is the validator.
      const etag = `W/"${periodKind}.${hour}.${name}.${csv ? 'csv' : 'json'}.${Date.parse(run.generated_at)}"`;
      void reply.header('vary', 'accept');
      if (matchesEtag(request, etag)) {
        return notModified(reply, etag, deps.maxAgeSeconds);
      }
      const rows = await guard('postgres', () =>
        readReportRows(pool, name, periodKind, new Date(run.period_start)),
      );
      if (csv)
        void reply.header(
          'content-disposition',
          `attachment; filename="${hour}-${periodKind}-${name}.csv"`,
        );
      const body = csv ? renderReportCsv(name, rows) : JSON.stringify({ run, rows });
      const contentType = csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      return sendCached(request, reply, { body, etag, contentType }, deps.maxAgeSeconds);
    },
  );
}
