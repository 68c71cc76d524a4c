// Whole-process time of the compiled attribution CLI (`node .../dist/cli/attribute.js --model
// markov`) on the 200k-distinct-path file: process start, reading and parsing the CSV, the exact
// order-1 Markov solve and the JSON output. Each round runs every contender once, in a rotating
// order, so that the machine's load falls on all of them alike; the medians are reported.
// ChannelAttribution (R) runs beside it on the same file when `Rscript` can load it.
// Run: npx tsc -b tsconfig.build.json && npx tsx bench/attribution/cli.bench.ts [runs=7]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PathSummaryRow } from '../../services/attribution-engine/src/domain/path-summary';
import { distinctPaths } from './synthetic-journeys';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'services/attribution-engine/dist/cli/attribute.js');
const TIME = '/usr/bin/time';

interface Contender {
  readonly name: string;
  readonly command: readonly string[];
  /** Throws when the run's output is not what the contender should print. */
  readonly check?: (stdout: string) => void;
}

interface Run {
  readonly wallMs: number;
  readonly cpuMs?: number;
  readonly peakRssMb?: number;
}

/** The file as the warehouse query would export it: our column names, " > " between touches. */
function writeSummary(rows: readonly PathSummaryRow[], file: string): void {
  const lines = ['path,conversions,nulls,revenue'];
  for (const row of rows) {
    lines.push(`${row.path.join(' > ')},${row.conversions},${row.nulls},${row.revenue}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function channelAttribution(file: string): Contender | undefined {
  const probe = spawnSync('Rscript', ['-e', 'library(ChannelAttribution)'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return undefined;
  const script = [
    'suppressMessages(library(ChannelAttribution))',
    `d <- read.csv(${JSON.stringify(file)}, stringsAsFactors = FALSE)`,
    'r <- markov_model(d, var_path = "path", var_conv = "conversions", var_value = "revenue",',
    '  var_null = "nulls", order = 1, verbose = FALSE)',
    'cat(nrow(r), "channels\\n")',
  ].join('\n');
  return { name: 'ChannelAttribution markov_model (Rscript)', command: ['Rscript', '-e', script] };
}

function runOnce(contender: Contender, timeFile: string | undefined): Run & { stdout: string } {
  const [program, ...args] = contender.command;
  const wrapped = timeFile
    ? [TIME, ['-f', '%U %S %M', '-o', timeFile, program!, ...args]]
    : [program!, args];
  const started = performance.now();
  const child = spawnSync(wrapped[0] as string, wrapped[1] as string[], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(`${contender.name} failed (${child.status}): ${child.stderr}`);
  }
  if (!timeFile) return { wallMs, stdout: child.stdout };
  const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  return {
    wallMs,
    cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000,
    peakRssMb: (rssKb ?? 0) / 1024,
    stdout: child.stdout,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npx tsc -b tsconfig.build.json`);
  const dir = join(tmpdir(), 'tributary-attribution-cli-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'distinct-paths-200k-30ch.csv');
  const rows = distinctPaths(200_000, 30, 3);
  writeSummary(rows, file);
  const conversions = rows.reduce((sum, row) => sum + row.conversions, 0);
  const timeFile = existsSync(TIME) ? join(dir, 'time.txt') : undefined;

  const contenders: Contender[] = [
    {
      name: 'attribution CLI, markov order 1 (node dist)',
      command: [process.execPath, CLI, '--model', 'markov', '--input', file],
      check: (stdout) => {
        const result = JSON.parse(stdout) as { model?: string; total_conversions?: number };
        if (result.model !== 'markov' || result.total_conversions !== conversions) {
          throw new Error(`unexpected CLI output: ${stdout.slice(0, 200)}`);
        }
      },
    },
    { name: 'node start and exit (the floor)', command: [process.execPath, '-e', ''] },
  ];
  const peer = channelAttribution(file);
  if (peer) contenders.push(peer);

  const megabytes = statSync(file).size / 1e6;
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(`file: ${rows.length} distinct paths x 30 channels, ${megabytes.toFixed(1)} MB`);
  console.log(`${runs} rounds; load average before: ${load()}`);
  if (!peer) console.log('ChannelAttribution: absent (no Rscript that can load it)');
  if (!timeFile) console.log(`${TIME} absent: wall time only`);

  const results = contenders.map(() => [] as Run[]);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      const contender = contenders[i]!;
      const { stdout, ...run } = runOnce(contender, timeFile);
      if (round === 0) contender.check?.(stdout);
      results[i]!.push(run);
    }
  }
  console.log(`load average after: ${load()}\n`);
  console.log(
    '| command | median wall (ms) | min-max wall (ms) | median CPU (ms) | peak RSS (MB) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  contenders.forEach((contender, i) => {
    const measured = results[i]!;
    const walls = measured.map((r) => r.wallMs);
    const cpu = measured.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
    const rss = measured.flatMap((r) => (r.peakRssMb === undefined ? [] : [r.peakRssMb]));
    console.log(
      `| ${contender.name} | ${median(walls).toFixed(0)} | ${Math.min(...walls).toFixed(0)}-${Math.max(...walls).toFixed(0)} | ${cpu.length ? median(cpu).toFixed(0) : '-'} | ${rss.length ? Math.max(...rss).toFixed(0) : '-'} |`,
    );
  });
  if (peer) {
    const ours = median(results[0]!.map((r) => r.wallMs));
    const theirs = median(results[contenders.length - 1]!.map((r) => r.wallMs));
    console.log(`\nChannelAttribution / attribution CLI: ${(theirs / ours).toFixed(2)}x`);
  }
}

main();
