import { Cluster, type ChainableCommander } from 'ioredis';
import type { Redis } from './index';

/** Queues the commands of one hash tag (one slot) on a pipeline. */
export type SlotGroup = (pipeline: ChainableCommander) => void;

export type PipelineReply = [error: Error | null, reply: unknown];

/**
 * Runs groups of commands, each group's keys in one slot, in as few round trips as the server
 * allows: one pipeline on a single server; on a Cluster one pipeline per group, in parallel,
 * since a Cluster pipeline must stay in one slot. Replies come back in queue order.
 */
export async function execGrouped(
  redis: Redis,
  groups: readonly SlotGroup[],
): Promise<PipelineReply[]> {
  if (!(redis instanceof Cluster)) {
    const pipeline = redis.pipeline();
    for (const queue of groups) queue(pipeline);
    return (await pipeline.exec()) ?? [];
  }
  const replies = await Promise.all(
    groups.map(async (queue) => {
      const pipeline = redis.pipeline();
      queue(pipeline);
      return (await pipeline.exec()) ?? [];
    }),
  );
  return replies.flat();
}
