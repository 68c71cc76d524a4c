import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A generator truth.json (tools/demo-data) for the seeded run's channels: the orders each
 * channel's touches caused. `Direct` caused none, so every model crediting it is wrong there.
 */
export const TRUTH = {
  seed: 42,
  orders: 1000,
  touchConversion: {
    Display: { touches: 9000, converted: 80 },
    Email: { touches: 2400, converted: 260 },
    'Organic Search': { touches: 4100, converted: 180 },
    'Paid Search': { touches: 3500, converted: 330 },
    Social: { touches: 6000, converted: 150 },
  },
};

/** Writes TRUTH to a fresh temporary folder; returns the file (ATTRIBUTION_TRUTH_FILE). */
export function writeTruthFile(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-truth-'));
  const file = join(dir, 'truth.json');
  writeFileSync(file, `${JSON.stringify(TRUTH, null, 2)}\n`);
  return { file, dir };
}
