import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hourKey } from '@tributary/category-report-store';
import type { ReportManifest } from '../domain/report-manifest';

export interface ReportFile {
  /** Path inside the hour's folder, e.g. `top-viewed.csv` or `last-24h/conversion.csv`. */
  path: string;
  content: string;
}

/** Writes to a temporary name in the same folder, then renames: readers never see half a file. */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes an hour's report files, then its manifest last: a folder whose manifest names a
 * generated_at is complete up to that run. Returns the folder.
 */
export async function writeHourFolder(
  reportsDir: string,
  hourStart: Date,
  files: readonly ReportFile[],
  manifest: ReportManifest,
): Promise<string> {
  const folder = join(reportsDir, hourKey(hourStart));
  for (const file of files) await writeFileAtomically(join(folder, file.path), file.content);
  await writeFileAtomically(
    join(folder, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  return folder;
}
