import type { PathSummary, PathSummaryRow } from '../path-summary';

/**
 * A world whose true conversion process is known: journeys take path `paths[i]` with
 * probability `weight[i] / sum(weight)` and convert with probability `conversion[i]`; every
 * conversion is worth `revenuePerConversion`. Tests draw samples from it and compare estimates
 * with the model's value on the expected summary (the population value).
 */
export interface SimulatedWorld {
  readonly paths: readonly (readonly string[])[];
  readonly weight: readonly number[];
  readonly conversion: readonly number[];
  readonly revenuePerConversion: number;
}

const rowOf = (
  path: readonly string[],
  conversions: number,
  nulls: number,
  perConversion: number,
) => ({
  path,
  conversions,
  nulls,
  revenue: (conversions * perConversion).toFixed(2),
});

export function sampleWorld(
  world: SimulatedWorld,
  journeys: number,
  random: () => number,
): PathSummary {
  const total = world.weight.reduce((a, b) => a + b, 0);
  const cumulative = world.weight.map(
    (
      (sum) => (w: number) =>
        (sum += w / total)
    )(0),
  );
  const conv = new Array<number>(world.paths.length).fill(0);
  const nulls = new Array<number>(world.paths.length).fill(0);
  for (let j = 0; j < journeys; j++) {
    const u = random();
    let i = cumulative.findIndex((c) => u < c);
    if (i < 0) i = world.paths.length - 1;
    if (random() < world.conversion[i]!) conv[i]! += 1;
    else nulls[i]! += 1;
  }
  const rows: PathSummaryRow[] = world.paths
    .map((path, i) => rowOf(path, conv[i]!, nulls[i]!, world.revenuePerConversion))
    .filter((row) => row.conversions + row.nulls > 0);
  return { rows, countLabels: false };
}

/** The summary a sample of `journeys` has on average: the population the estimates aim at. */
export function expectedSummary(world: SimulatedWorld, journeys: number): PathSummary {
  const total = world.weight.reduce((a, b) => a + b, 0);
  return {
    rows: world.paths.map((path, i) => {
      const n = (journeys * world.weight[i]!) / total;
      return {
        path,
        conversions: n * world.conversion[i]!,
        nulls: n * (1 - world.conversion[i]!),
        revenue: '0',
      };
    }),
    countLabels: false,
  };
}
