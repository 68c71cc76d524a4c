import {
  REPORT_NAMES,
  hourKey,
  type ReportName,
  type ReportRun,
} from '@tributary/category-report-store';

export interface ManifestFile {
  file: string;
  rows: number;
}

export interface ManifestReport {
  period_kind: string;
  period_start: string;
  period_end: string;
  files: Record<ReportName, ManifestFile>;
}

export interface ReportManifest {
  hour: string;
  time_zone: string;
  generated_at: string;
  reports: ManifestReport[];
}

/** Where a report file lives inside the hour's folder: the hour at the top, rolling periods below. */
export function reportFilePath(periodKind: string, name: ReportName): string {
  return periodKind === 'hour' ? `${name}.csv` : `${periodKind}/${name}.csv`;
}

export function buildManifest(
  hourStart: Date,
  runs: readonly ReportRun[],
  timeZone: string,
  generatedAt: Date,
): ReportManifest {
  return {
    hour: hourKey(hourStart),
    time_zone: timeZone,
    generated_at: generatedAt.toISOString(),
    reports: runs.map((run) => ({
      period_kind: run.period_kind,
      period_start: run.period_start,
      period_end: run.period_end,
      files: Object.fromEntries(
        REPORT_NAMES.map((name) => [
          name,
          { file: reportFilePath(run.period_kind, name), rows: run.row_counts[name] },
        ]),
      ) as Record<ReportName, ManifestFile>,
    })),
  };
}
