/** The seed's stream 1 and its goals, with the test's unique topic names in the REST-proxy URLs. */
export function seedStream(payTopic: string, cancelTopic: string) {
  return {
    'stream-id': 1,
    title: 'Aylık Fatura Ödemesi',
    frequency: '0 0 1 * *',
    'target-currency': 'TRL',
    sources: [
      {
        topic: `http://localhost:8082/topics/${payTopic}`,
        type: 'add',
        'client-id-path': 'data.custId',
        'amount-path': 'data.payment.invoice.amount',
        'currency-path': 'data.payment.invoice.currency',
      },
      {
        topic: `http://localhost:8082/topics/${cancelTopic}`,
        type: 'subtract',
        'client-id-path': 'data.custId',
        'amount-path': 'data.payment.invoice.amount',
        'currency-path': 'data.payment.invoice.currency',
        span: ' 6:0:0:0',
      },
    ],
  };
}

export const seedGoals = [
  {
    'goal-id': 101,
    source: 'stream',
    'stream-id': 1,
    target: '1000',
    type: 'amount',
    'client-id': '3855206900',
    trigger: 'when-reach',
  },
  {
    'goal-id': 102,
    source: 'stream',
    'stream-id': 1,
    target: 1200,
    type: 'amount',
    trigger: 'after-full-end',
  },
  {
    'goal-id': 103,
    source: 'stream',
    'stream-id': 1,
    target: '7',
    type: 'times',
    trigger: 'when-reach',
  },
  {
    'goal-id': 104,
    source: 'stream',
    'stream-id': 1,
    target: '1',
    type: 'times',
    'client-id': 42,
    trigger: 'when-reach',
  },
  {
    'goal-id': 105,
    source: 'stream',
    'stream-id': 1,
    target: '1300',
    type: 'amount',
    trigger: 'after-full-end',
  },
];

export const SEED_CLIENT = 3855206900;

/** Istanbul local time (UTC+3), topic, amount, currency: the seed's November and December. */
export const seedTraffic: [string, 'pay' | 'cancel', number | string, string][] = [
  ['2021-11-02T10:00', 'pay', 100, 'TRL'],
  ['2021-11-05T10:00', 'pay', 150, 'TRL'],
  ['2021-11-09T10:00', 'pay', 200, 'TRL'],
  ['2021-11-12T10:00', 'pay', '12.5', 'USD'], // 125.50 TRL at 10.04 (rate table)
  ['2021-11-15T10:00', 'pay', '74.50', 'TRL'],
  ['2021-11-18T10:00', 'pay', 150, 'TRL'],
  ['2021-11-20T10:00', 'pay', 100, 'TRL'],
  ['2021-11-23T10:00', 'pay', 200, 'TRL'], // 1100: goal 101 reached
  ['2021-11-26T10:00', 'pay', 100, 'TRL'],
  ['2021-11-29T10:00', 'pay', 150, 'TRL'], // 1350 in 10
  ['2021-12-01T09:00', 'pay', 100, 'TRL'],
  ['2021-12-03T10:00', 'cancel', 150, 'TRL'], // inside the span: November 1200 in 9
  ['2021-12-04T10:00', 'pay', 85, 'TRL'],
  ['2021-12-08T10:00', 'pay', 150, 'TRL'],
  ['2021-12-10T10:00', 'cancel', 100, 'TRL'], // after November's Full End: December
  ['2021-12-11T10:00', 'pay', 50, 'TRL'],
  ['2021-12-13T10:00', 'pay', 100, 'TRL'],
  ['2021-12-14T10:00', 'pay', 200, 'TRL'],
  ['2021-12-17T10:00', 'pay', 60, 'TRL'],
  ['2021-12-20T10:00', 'pay', 40, 'TRL'], // 685 in 7
];

export const localInstant = (local: string): Date => new Date(`${local}:00+03:00`);

export function paymentPayload(client: number | string, amount: number | string, currency: string) {
  return { data: { custId: client, payment: { invoice: { amount, currency } } } };
}
