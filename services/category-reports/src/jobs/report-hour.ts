import {
  REPORT_NAMES,
  readReportRows,
  renderReportCsv,
  type ReportName,
  type ReportRun,
} from '@tributary/category-report-store';
import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import { generateReport } from '../adapters/report-repository';
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
    const run = await generateReport(deps.pool, period, now, {
      topN: deps.topN,
      workMemMb: deps.workMemMb,
    });
    runs.push(run);
    for (const name of REPORT_NAMES) files.push(await renderFiles(deps.pool, run, name));
    deps.logger.info(
      {
        periodKind: run.period_kind,
        periodStart: run.period_start,
        rowCounts: run.row_counts,
        ms: Date.now() - started,
      },
      'category report generated',
    );
  }
  const manifest = buildManifest(hourStart, runs, deps.timeZone, now);
  const folder = await writeHourFolder(deps.reportsDir, hourStart, files, manifest);
  return { folder, manifest };
}
