import { Money } from '../domain/money';
import { cachedFxProvider, fxKey, fxProviderDown, type FxRequest } from './fx-rates';

const usd = (date: string): FxRequest => ({ from: 'USD', to: 'TRL', date });

describe('fxProviderDown', () => {
  it.each([
    [{ ok: false, reason: 'timed out after 3000 ms', attempts: 3 }, true],
    [
      { ok: false, reason: 'transport error: fetch failed (connect ECONNREFUSED)', attempts: 3 },
      true,
    ],
    [{ ok: false, reason: 'HTTP status 503', status: 503, attempts: 3 }, true],
    [{ ok: true, status: 429, body: '', attempts: 1 }, true],
    [{ ok: true, status: 404, body: '{}', attempts: 1 }, false],
    [{ ok: true, status: 200, body: '{"rate": 1}', attempts: 1 }, false],
    [{ ok: false, reason: 'host of x is not on the allow-list', attempts: 0 }, false],
  ] as const)('Given %j Then down is %s (a timeout or a 5xx is not "no rate")', (outcome, down) => {
    expect(fxProviderDown(outcome)).toBe(down);
  });
});

describe('cachedFxProvider', () => {
  it('Given a rate once found Then later batches get it without asking the provider again', async () => {
    const asked: string[][] = [];
    const provider = cachedFxProvider({
      async rates(requests) {
        asked.push(requests.map(fxKey));
        return new Map(
          requests
            .filter((r) => r.date !== '2021-11-13')
            .map((r) => [fxKey(r), new Money('10.04')]),
        );
      },
    });
    const first = await provider.rates([usd('2021-11-12'), usd('2021-11-13')]);
    expect([...first.keys()]).toEqual(['USD|TRL|2021-11-12']);
    const second = await provider.rates([usd('2021-11-12'), usd('2021-11-13')]);
    expect(second.get('USD|TRL|2021-11-12')?.toString()).toBe('10.04');
    // The missing rate is asked again (it may exist by now); the known one is not.
    expect(asked).toEqual([['USD|TRL|2021-11-12', 'USD|TRL|2021-11-13'], ['USD|TRL|2021-11-13']]);
  });

  it('Given a full cache Then the oldest entry goes first', async () => {
    let calls = 0;
    const provider = cachedFxProvider(
      {
        async rates(requests) {
          calls += 1;
          return new Map(requests.map((r) => [fxKey(r), new Money('1')]));
        },
      },
      2,
    );
    await provider.rates([usd('2021-01-01')]);
    await provider.rates([usd('2021-01-02')]);
    await provider.rates([usd('2021-01-03')]);
    await provider.rates([usd('2021-01-03'), usd('2021-01-02')]);
    expect(calls).toBe(3);
    await provider.rates([usd('2021-01-01')]);
    expect(calls).toBe(4);
  });
});
