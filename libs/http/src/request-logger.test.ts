import { Writable } from 'node:stream';
import { createLogger } from '@tributary/logging';
import { LazyChildLogger } from './request-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'info', destination }) };
}

describe('LazyChildLogger', () => {
  it('builds the child on the first line only, and every line carries its bindings', () => {
    const { lines, logger } = capture();
    const child = jest.spyOn(logger, 'child');
    const lazy = new LazyChildLogger(logger, { request_id: 'r-1' }, {});
    expect(child).not.toHaveBeenCalled();
    lazy.info({ route: '/x' }, 'first');
    lazy.warn('second %s', 'line');
    lazy.debug('below the level');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ request_id: 'r-1', route: '/x', msg: 'first', level: 'info' }),
      expect.objectContaining({ request_id: 'r-1', msg: 'second line', level: 'warn' }),
    ]);
  });

  it('reports the level it will log at and hands out grandchildren with both bindings', () => {
    const { lines, logger } = capture();
    expect(new LazyChildLogger(logger, {}, {}).level).toBe('info');
    expect(new LazyChildLogger(logger, {}, { level: 'warn' }).level).toBe('warn');
    const lazy = new LazyChildLogger(logger, { request_id: 'r-2' }, {});
    lazy.child({ upstream: 'core' }).error('failed');
    expect(lines).toEqual([
      expect.objectContaining({ request_id: 'r-2', upstream: 'core', level: 'error' }),
    ]);
  });
});
