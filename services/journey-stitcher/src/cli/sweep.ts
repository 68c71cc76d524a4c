import { sweepNonConvertingPaths } from '../adapters/journey-maintenance';
import { cliContext, parseRangeArgs, UsageError } from './cli-context';

const USAGE = `usage: sweep --from ISO --to ISO [--now ISO]
Recomputes the non-converting paths of the settled windows starting in [from, to).`;

async function main(): Promise<void> {
  const { from, to, values } = parseRangeArgs(process.argv.slice(2), { now: { type: 'string' } });
  const now = values.now === undefined ? new Date() : new Date(String(values.now));
  if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO-8601 instant');
  const { pool, policy, logger } = cliContext(process.env, 'sweep');
  try {
    const result = await sweepNonConvertingPaths(pool, { from, to }, policy, now);
    logger.info(
      { ...result, from: from.toISOString(), to: to.toISOString() },
      'non-converting paths swept',
    );
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
