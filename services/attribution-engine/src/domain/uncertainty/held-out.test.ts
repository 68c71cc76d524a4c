import { markov } from '../markov/markov';
import type { PathSummary, PathSummaryRow } from '../path-summary';
import { row } from '../test-rows';
import {
  auc,
  chooseMarkovOrder,
  heldOutReport,
  markovPredictor,
  score,
  splitJourneys,
} from './held-out';
import { markovAuto } from './markov-auto';
import { seededRandom } from './seeded-random';

const summary: PathSummary = {
  rows: [row('A>B', 300, 700), row('B', 50, 950), row('A>C', 120, 380), row('C', 10, 0)],
  countLabels: false,
};
const journeys = (s: PathSummary) => s.rows.reduce((n, r) => n + r.conversions + r.nulls, 0);

describe('splitJourneys', () => {
  it('Given a seed, When split twice, Then the split is the same; another seed differs', () => {
    const a = splitJourneys(summary, 5);
    expect(splitJourneys(summary, 5)).toEqual(a);
    expect(splitJourneys(summary, 6)).not.toEqual(a);
  });

  it('Given 3,510 journeys, When split, Then every journey lands once and about 20% are held out', () => {
    const { train, test } = splitJourneys(summary, 5);
    expect(journeys(train) + journeys(test)).toBe(journeys(summary));
    expect(journeys(test) / journeys(summary)).toBeGreaterThan(0.17);
    expect(journeys(test) / journeys(summary)).toBeLessThan(0.23);
    const conv = (s: PathSummary) => s.rows.reduce((n, r) => n + r.conversions, 0);
    expect(conv(train) + conv(test)).toBe(480);
  });
});

describe('score', () => {
  it('Given a perfect ranking, When AUC is computed, Then it is 1; with all scores tied, 0.5', () => {
    expect(
      auc([
        { p: 0.9, conversions: 3, nulls: 0 },
        { p: 0.1, conversions: 0, nulls: 5 },
      ]),
    ).toBe(1);
    expect(auc([{ p: 0.5, conversions: 3, nulls: 5 }])).toBe(0.5);
    expect(
      auc([
        { p: 0.2, conversions: 1, nulls: 0 },
        { p: 0.7, conversions: 0, nulls: 1 },
      ]),
    ).toBe(0);
  });

  it('Given a constant prediction, When scored, Then log-loss is the binary cross-entropy', () => {
    const s = score({ rows: [row('A', 1, 3)], countLabels: false }, () => 0.25);
    expect(s.log_loss).toBeCloseTo(-(Math.log(0.25) + 3 * Math.log(0.75)) / 4, 12);
    expect(s.journeys).toBe(4);
  });

  it('Given a state unseen in training, When predicted, Then it backs off to the shorter context', () => {
    const predict = markovPredictor(
      { rows: [row('A>B', 8, 2), row('C', 0, 10)], countLabels: false },
      2,
    );
    expect(predict(['C', 'B'])).toBeGreaterThan(0.6); // order 1 state "B" converts 80%
    expect(predict(['Z'])).toBeCloseTo(8.5 / 21, 12); // only the overall rate is left
  });
});

const CHANNELS = ['A', 'B', 'C'];

/**
 * Journeys from a chain of `order`: after each touch the journey converts, drops out or moves on
 * with probabilities fixed by its last `order` touches (a seeded table), so only that much
 * history carries information.
 */
function simulateChain(order: number, count: number, seed: number): PathSummary {
  const table = new Map<string, { conv: number; stop: number; next: number[] }>();
  const tableRandom = seededRandom(seed * 31 + order);
  const law = (context: string[]) => {
    const key = context.join('>');
    let entry = table.get(key);
    if (!entry) {
      const next = CHANNELS.map(() => 0.2 + tableRandom());
      entry = { conv: 0.02 + 0.3 * tableRandom(), stop: 0.3 + 0.2 * tableRandom(), next };
      table.set(key, entry);
    }
    return entry;
  };
  const random = seededRandom(seed);
  const counts = new Map<string, { path: string[]; conversions: number; nulls: number }>();
  for (let j = 0; j < count; j++) {
    const path = [CHANNELS[Math.floor(random() * 3)]!];
    let converted = false;
    for (;;) {
      const { conv, stop, next } = law(path.slice(-order));
      const u = random();
      if (u < conv) {
        converted = true;
        break;
      }
      if (u < conv + stop || path.length >= 8) break;
      const total = next.reduce((a, b) => a + b, 0);
      let v = random() * total;
      let c = 0;
      while (v >= next[c]! && c < 2) v -= next[c++]!;
      path.push(CHANNELS[c]!);
    }
    const key = path.join('>');
    const entry = counts.get(key) ?? { path, conversions: 0, nulls: 0 };
    if (converted) entry.conversions += 1;
    else entry.nulls += 1;
    counts.set(key, entry);
  }
  const rows: PathSummaryRow[] = [...counts.values()].map((e) => ({ ...e, revenue: '0' }));
  return { rows, countLabels: false };
}

describe('chooseMarkovOrder', () => {
  it.each([1, 2, 3])(
    'Given journeys from a chain of order %i, When the order is chosen on held-out likelihood, Then it is that order',
    (order) => {
      for (const seed of [1, 2, 3]) {
        const data = simulateChain(order, 40_000, seed);
        expect(chooseMarkovOrder(splitJourneys(data, seed)).order).toBe(order);
      }
    },
  );

  it('Given too few held-out journeys or only conversions, When the order is chosen, Then it stays 1', () => {
    const data = simulateChain(2, 40_000, 1);
    const split = splitJourneys(data, 1);
    const onlyConversions = {
      train: split.train,
      test: {
        rows: split.test.rows.filter((r) => r.conversions > 0).map((r) => ({ ...r, nulls: 0 })),
        countLabels: false,
      },
    };
    expect(chooseMarkovOrder(split).order).toBe(2);
    expect(chooseMarkovOrder(onlyConversions).order).toBe(1);
    const few = {
      train: split.train,
      test: {
        rows: split.test.rows
          .slice(0, 5)
          .map((r) => ({
            ...r,
            conversions: Math.min(1, r.conversions),
            nulls: Math.min(1, r.nulls),
          })),
        countLabels: false,
      },
    };
    expect(chooseMarkovOrder(few).order).toBe(1);
  });

  it('Given the report, When computed, Then it scores every data-driven model and each order', () => {
    const report = heldOutReport(simulateChain(2, 5_000, 9), 9);
    expect(Object.keys(report.scores).sort()).toEqual(
      ['fractribution', 'markov:1', 'markov:2', 'markov:3', 'markov:4', 'shapley'].sort(),
    );
    expect(report.train_journeys + report.test_journeys).toBe(5_000);
    expect(report.scores['markov:2']!.log_loss).toBeLessThan(report.scores['markov:1']!.log_loss);
    expect(report.scores['markov:2']!.auc).toBeGreaterThan(0.5);
  });
});

describe('markovAuto', () => {
  it('Given order-2 journeys, When markov_auto runs, Then it fits markov at order 2 and says so', () => {
    const data = simulateChain(2, 40_000, 4);
    const result = markovAuto(data, { transforms: [] }, 4);
    expect(result.markov_auto.order).toBe(2);
    expect(result.options.order).toBe(2);
    expect(result.channels).toEqual(markov(data, { transforms: [], order: 2 }).channels);
  });
});
