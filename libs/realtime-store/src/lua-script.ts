import { createHash } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import { loadScript, type Redis } from '@tributary/redis';

export type ScriptArg = string | number;

/** A Lua script run by its SHA1; the source is sent only when Redis does not know it yet. */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }

  queue(pipeline: ChainableCommander, keys: readonly string[], args: readonly ScriptArg[]): void {
    pipeline.evalsha(this.sha, keys.length, ...keys, ...args);
  }

  async load(redis: Redis): Promise<void> {
    await loadScript(redis, this.source);
  }
}

export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
