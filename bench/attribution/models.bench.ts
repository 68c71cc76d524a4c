// Runtime and peak memory of every attribution model. Each (scenario, model) runs in its own
// child process so that its peak RSS is its own. Run: npx tsx bench/attribution/models.bench.ts
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { attribute } from '../../services/attribution-engine/src/domain/attribute';
import { MODEL_IDS } from '../../services/attribution-engine/src/domain/model-ids';
import type { PathSummaryRow } from '../../services/attribution-engine/src/domain/path-summary';
import { bootstrapModels } from '../../services/attribution-engine/src/domain/uncertainty/bootstrap';
import { heldOutReport } from '../../services/attribution-engine/src/domain/uncertainty/held-out';
import { BOOTSTRAP_MODELS } from '../../services/attribution-engine/src/domain/uncertainty/replicate-models';
import { distinctPaths, syntheticSummary } from './synthetic-journeys';

interface Scenario {
  readonly name: string;
  readonly build: () => PathSummaryRow[];
  readonly models: readonly string[];
}

const ALL = [...MODEL_IDS, 'markov:2', 'markov:3'];
// What a nightly run adds to the data-driven models: 200 bootstrap replicates each (the
// default) and the held-out check with its four Markov orders.
const ANALYTICS = ['bootstrap:data-driven', 'held-out'];
const SCENARIOS: Record<string, Scenario> = {
  '100k journeys x 12 ch': {
    name: '100k',
    build: () => syntheticSummary(100_000, 12, 1),
    models: [...ALL, ...ANALYTICS],
  },
  '1M journeys x 12 ch': {
    name: '1m',
    build: () => syntheticSummary(1_000_000, 12, 2),
    models: [...ALL, ...ANALYTICS],
  },
  '200k distinct paths x 30 ch': {
    name: '200k',
    build: () => distinctPaths(200_000, 30, 3),
    models: [...MODEL_IDS, 'markov:2', 'markov:3'],
  },
};

interface Measurement {
  rows: number;
  buildMs: number;
  modelMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

function child(scenarioKey: string, model: string): void {
  const scenario = SCENARIOS[scenarioKey]!;
  const started = performance.now();
  const rows = scenario.build();
  const buildMs = performance.now() - started;
  const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
  const [id, order] = model.split(':');
  const t0 = performance.now();
  const summary = { rows, countLabels: false };
  if (id === 'bootstrap') bootstrapModels(summary, BOOTSTRAP_MODELS);
  else if (id === 'held-out') heldOutReport(summary, 1);
  else attribute(rows, id!, order ? { order: Number(order) } : {});
  const modelMs = performance.now() - t0;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const result: Measurement = { rows: rows.length, buildMs, modelMs, rssBeforeMb, peakRssMb };
  process.stdout.write(JSON.stringify(result));
}

/** `npx tsx bench/attribution/models.bench.ts [scenario] [model]`: substrings narrow the run. */
function parent(scenarioFilter = '', modelFilter = ''): void {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(
    '| scenario | distinct paths | model | runtime (ms) | RSS before (MB) | peak RSS (MB) |',
  );
  console.log('| --- | ---: | --- | ---: | ---: | ---: |');
  for (const [key, scenario] of Object.entries(SCENARIOS)) {
    if (!key.includes(scenarioFilter)) continue;
    let total = 0;
    for (const model of scenario.models) {
      if (!model.includes(modelFilter)) continue;
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, __filename, '--child', key, model],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      );
      if (run.status !== 0) throw new Error(`${key} ${model} failed: ${run.stderr}`);
      const m = JSON.parse(run.stdout) as Measurement;
      if (!model.includes(':') && model !== 'held-out') total += m.modelMs;
      console.log(
        `| ${key} | ${m.rows} | ${model} | ${m.modelMs.toFixed(0)} | ${m.rssBeforeMb.toFixed(0)} | ${m.peakRssMb.toFixed(0)} |`,
      );
    }
    console.log(`| ${key} | | all eight models (order 1) | ${total.toFixed(0)} | | |`);
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) child(process.argv[at + 1]!, process.argv[at + 2]!);
else parent(process.argv[2], process.argv[3]);
