import { recordSpan, traceHeaders, traceIdOf } from './trace-headers';

const GIVEN = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const at = { topic: 'payments', partition: 2, offset: '41' };

describe('trace headers', () => {
  it('continues the trace of a record that carries traceparent', () => {
    const span = recordSpan({ ...at, headers: { traceparent: Buffer.from(GIVEN) } });
    expect(span.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('starts a trace for a record without one (a CDC record), the same on a redelivery', () => {
    const a = recordSpan({ ...at, headers: {} });
    const again = recordSpan({ ...at, headers: {} });
    const next = recordSpan({ ...at, offset: '42', headers: {} });
    const b = recordSpan({ ...at, headers: { traceparent: 'junk' } });
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(again.traceId).toBe(a.traceId);
    expect(again.spanId).not.toBe(a.spanId);
    expect(next.traceId).not.toBe(a.traceId);
    // A header that does not parse is no parent: the position's trace, as without one.
    expect(b.traceId).toBe(a.traceId);
  });

  it('adds traceparent to outgoing headers, keeping the others, and reads the trace id back', () => {
    expect(traceHeaders(GIVEN, { 'event-id': 'e1' })).toEqual({
      'event-id': 'e1',
      traceparent: GIVEN,
    });
    expect(traceHeaders(null, { a: 'b' })).toEqual({ a: 'b' });
    expect(traceHeaders(undefined)).toBeUndefined();
    expect(traceIdOf({ traceparent: Buffer.from(GIVEN) })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf({})).toBeUndefined();
  });
});
