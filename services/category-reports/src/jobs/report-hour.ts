import {
  REPORT_NAMES,
  readReportRows,
  rebuildReportSets,
  renderReportCsv,
  type ReportName,
  type ReportRun,
} from '@tributary/category-report-store';
import type { Logger } from '@tributary/logging';
import { withTransaction, type Pool } from '@tributary/postgres';
import { generateReport, type ReportSource } from '../adapters/report-repository';
import { writeHourFolder, type ReportFile } from '../adapters/report-files';
import { buildManifest, reportFilePath, type ReportManifest } from '../domain/report-manifest';
import { periodsOfHour } from '../domain/report-schedule';

export interface ReportHourDeps {
  pool: Pool;
  logger: Logger;
  reportsDir: string;
  timeZone: string;
  rollingHours: number;
  topN: number;
  workMemMb: number;
}

export interface ReportHourResult {
  folder: string;
  manifest: ReportManifest;
}

async function renderFiles(pool: Pool, run: ReportRun, name: ReportName): Promise<ReportFile> {
  const rows = await readReportRows(pool, name, run.period_kind, new Date(run.period_start));
  return { path: reportFilePath(run.period_kind, name), content: renderReportCsv(name, rows) };
}

/**
 * Generates every period of one hour in PostgreSQL, then writes the files from the stored rows,
 * so the files and what query-api serves are the same data. Rerunning an hour rewrites the same
 * files and rows (only generated_at changes) as long as the warehouse has not changed.
 */
export async function reportHour(
  deps: ReportHourDeps,
  hourStart: Date,
  now: Date,
): Promise<ReportHourResult> {
  const runs: ReportRun[] = [];
  const files: ReportFile[] = [];
  for (const period of periodsOfHour(hourStart, deps.rollingHours)) {
    const started = Date.now();
    let source: ReportSource | undefined;
    const run = await generateReport(deps.pool, period, now, {
      topN: deps.topN,
      workMemMb: deps.workMemMb,
      onSource: (s) => (source = s),
    });
    runs.push(run);
    for (const name of REPORT_NAMES) files.push(await renderFiles(deps.pool, run, name));
    deps.logger.info(
      {
        periodKind: run.period_kind,
        periodStart: run.period_start,
        rowCounts: run.row_counts,
        source,
        ms: Date.now() - started,
      },
      'category report generated',
    );
  }
  const manifest = buildManifest(hourStart, runs, deps.timeZone, now);
  const folder = await writeHourFolder(deps.reportsDir, hourStart, files, manifest);
  return { folder, manifest };
}

/**
 * A backfill of one hour: its sets are recomputed from raw events first (so an hour from before
 * the sets existed, or one whose products changed category, is counted from its sets again), then
 * the hour is reported as the scheduler would.
 */
export async function backfillHour(
  deps: ReportHourDeps,
  hourStart: Date,
  now: Date,
): Promise<ReportHourResult> {
  const started = Date.now();
  await withTransaction(deps.pool, (client) =>
    rebuildReportSets(client, hourStart, new Date(hourStart.getTime() + 3_600_000)),
  );
  deps.logger.info(
    { hour: hourStart.toISOString(), ms: Date.now() - started },
    'category report sets rebuilt from raw events',
  );
  return reportHour(deps, hourStart, now);
}
