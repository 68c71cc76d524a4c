import { rebuildJourneys } from '../adapters/journey-maintenance';
import { cliContext, parseRangeArgs, UsageError } from './cli-context';

const USAGE = `usage: rebuild --from ISO --to ISO [--chunk-days N] [--no-publish]
Recomputes customer_journeys converting in [from, to) from raw_events (set-based SQL).
Rewritten journeys are published on the journeys topic by the running service's outbox relay,
unless --no-publish.`;

async function main(): Promise<void> {
  const { from, to, values } = parseRangeArgs(process.argv.slice(2), {
    'chunk-days': { type: 'string' },
    'no-publish': { type: 'boolean' },
  });
  const chunkDays = Number(values['chunk-days'] ?? 31);
  if (!Number.isInteger(chunkDays) || chunkDays < 1)
    throw new UsageError('--chunk-days must be a positive integer');
  const { pool, policy, logger } = cliContext(process.env, 'rebuild');
  try {
    const started = Date.now();
    const { written } = await rebuildJourneys(pool, { from, to }, policy, {
      now: () => new Date(),
      chunkMs: chunkDays * 86_400_000,
      publish: values['no-publish'] !== true,
      onChunk: (chunk, count) =>
        logger.info(
          { from: chunk.from.toISOString(), to: chunk.to.toISOString(), written: count },
          'chunk rebuilt',
        ),
    });
    logger.info({ written, ms: Date.now() - started }, 'journeys rebuilt');
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
