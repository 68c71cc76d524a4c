import type { PathSummaryRow } from '../../services/attribution-engine/src/domain/path-summary';

/** mulberry32: a small seeded generator, so every run sees the same journeys. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const channelNames = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `ch${String(i + 1).padStart(2, '0')}`);

/**
 * `journeys` journeys of 1-10 touches over `channelCount` channels (popularity ~ 1/rank),
 * each converting with a probability that grows with the channels it saw, aggregated into a
 * path summary as the warehouse query would. Days before conversion are 2 per step back, so
 * identical paths still aggregate.
 */
export function syntheticSummary(
  journeys: number,
  channelCount: number,
  seed: number,
): PathSummaryRow[] {
  const random = seededRandom(seed);
  const names = channelNames(channelCount);
  const popularity = names.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  popularity.reduce((sum, p, i) => (cumulative[i] = sum + p), 0);
  const total = cumulative[cumulative.length - 1]!;
  const lift = names.map(() => 0.002 + random() * 0.03);
  const pick = (): number => {
    const u = random() * total;
    let i = 0;
    while (cumulative[i]! < u) i++;
    return i;
  };
  const byPath = new Map<
    string,
    { path: string[]; conversions: number; nulls: number; cents: number }
  >();
  for (let j = 0; j < journeys; j++) {
    const length = 1 + Math.floor(random() * 10);
    const path: string[] = [];
    let p = 0.01;
    for (let k = 0; k < length; k++) {
      const channel = pick();
      path.push(names[channel]!);
      p += lift[channel]!;
    }
    const key = path.join(' > ');
    const entry = byPath.get(key) ?? { path, conversions: 0, nulls: 0, cents: 0 };
    if (random() < Math.min(p, 0.6)) {
      entry.conversions += 1;
      entry.cents += 500 + Math.floor(random() * 49500);
    } else {
      entry.nulls += 1;
    }
    byPath.set(key, entry);
  }
  return [...byPath.values()].map(({ path, conversions, nulls, cents }) => ({
    path,
    conversions,
    nulls,
    revenue: (cents / 100).toFixed(2),
    daysBeforeConversion: path.map((_, k) => (path.length - 1 - k) * 2),
  }));
}

/** `count` distinct paths over `channelCount` channels, each with its own counts. */
export function distinctPaths(count: number, channelCount: number, seed: number): PathSummaryRow[] {
  const random = seededRandom(seed);
  const names = channelNames(channelCount);
  const seen = new Set<string>();
  const rows: PathSummaryRow[] = [];
  while (rows.length < count) {
    const length = 1 + Math.floor(random() * 8);
    const path = Array.from({ length }, () => names[Math.floor(random() * channelCount)]!);
    const key = path.join(' > ');
    if (seen.has(key)) continue;
    seen.add(key);
    const conversions = Math.floor(random() * 4);
    const nulls = 1 + Math.floor(random() * 40);
    const revenue =
      conversions > 0 ? (conversions * (5 + Math.floor(random() * 200))).toFixed(2) : '0';
    rows.push({
      path,
      conversions,
      nulls,
      revenue,
      daysBeforeConversion: path.map((_, k) => (length - 1 - k) * 3),
    });
  }
  return rows;
}
