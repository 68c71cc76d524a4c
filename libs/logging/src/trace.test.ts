import { Writable } from 'node:stream';
import { createLogger } from './index';
import { formatTraceparent, parseTraceparent, startWorkSpan, traceLogger } from './trace';

const GIVEN = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('parseTraceparent', () => {
  it('reads a W3C traceparent from an HTTP value, a Kafka Buffer or a one-value array', () => {
    for (const value of [GIVEN, Buffer.from(GIVEN), [Buffer.from(GIVEN)]]) {
      expect(parseTraceparent(value)).toEqual({
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: 1,
        isRemote: true,
      });
    }
  });

  it('refuses what W3C Trace Context says to ignore, so a new trace starts', () => {
    for (const value of [
      undefined,
      '',
      'garbage',
      GIVEN.toUpperCase(),
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      `${GIVEN}-extra`,
      [GIVEN, GIVEN],
    ]) {
      expect(parseTraceparent(value)).toBeUndefined();
    }
    // A later version may carry more fields; its first four are read.
    expect(parseTraceparent(`01-${GIVEN.slice(3)}-later`)?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('formats what it parses back to the same header', () => {
    const parsed = parseTraceparent(GIVEN);
    expect(parsed && formatTraceparent(parsed)).toBe(GIVEN);
  });
});

describe('startWorkSpan', () => {
  it('continues the trace it is given with a new span of its own', () => {
    const span = startWorkSpan('consume', Buffer.from(GIVEN));
    expect(span.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.spanId).not.toBe('00f067aa0ba902b7');
    expect(span.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    expect(startWorkSpan('next', span.traceparent).traceId).toBe(span.traceId);
  });

  it('starts a new trace without a valid parent, a different one each time', () => {
    const a = startWorkSpan('consume', undefined);
    const b = startWorkSpan('consume', 'not a traceparent');
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(b.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.traceId).not.toBe(b.traceId);
    expect(parseTraceparent(a.traceparent)?.traceId).toBe(a.traceId);
  });

  it('gives a logger whose every line names the trace and the span', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const span = startWorkSpan('consume', GIVEN);
    const log = traceLogger(createLogger({ service: 't', destination }), span);
    log.info('one');
    log.child({ step: 2 }).warn('two');
    expect(lines).toEqual([
      expect.objectContaining({ trace_id: span.traceId, span_id: span.spanId, msg: 'one' }),
      expect.objectContaining({ trace_id: span.traceId, step: 2, msg: 'two' }),
    ]);
  });
});
