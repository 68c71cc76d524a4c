import { callOutcome } from './allowed-get';

describe('callOutcome (the outcome label of an ad-hoc or FX call)', () => {
  it.each([
    [{ ok: true, status: 200, body: '{}', attempts: 1 }, 'ok'],
    [{ ok: true, status: 404, body: '', attempts: 1 }, 'client_error'],
    [{ ok: true, status: 429, body: '', attempts: 1 }, 'server_error'],
    [{ ok: false, reason: 'HTTP status 503', status: 503, attempts: 3 }, 'server_error'],
    [{ ok: false, reason: 'redirect 302 to x', status: 302, attempts: 1 }, 'redirect'],
    [{ ok: false, reason: 'timed out after 300 ms', attempts: 3 }, 'timeout'],
    [{ ok: false, reason: 'transport error: ECONNREFUSED', attempts: 3 }, 'transport_error'],
    [
      { ok: false, reason: 'circuit open for http://x after 5 failures', attempts: 0 },
      'circuit_open',
    ],
    [{ ok: false, reason: "stopped at the caller's deadline", attempts: 1 }, 'deadline'],
    [{ ok: false, reason: 'host x is not in ADHOC_ALLOWED_HOSTS', attempts: 0 }, 'refused'],
  ] as const)('%j -> %s', (outcome, label) => {
    expect(callOutcome(outcome)).toBe(label);
  });
});
