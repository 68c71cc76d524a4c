import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePaymentTraffic, generateTraffic } from '../generate';

/**
 * usage: generate --out DIR [--users 2000] [--seed 42] [--days 7] [--end ISO]
 *   writes events.jsonl, payments.jsonl, cancels.jsonl and truth.json
 */
export function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: '.run/demo' },
      users: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      days: { type: 'string', default: '7' },
      end: { type: 'string' },
      products: { type: 'string', default: '1000' },
      categories: { type: 'string', default: '20' },
      'payment-clients': { type: 'string', default: '50' },
    },
  });
  const spanMs = Number(values.days) * 86_400_000;
  // Events end a minute ago by default, so the newest fall in the 5-minute views.
  const end = values.end ? new Date(values.end) : new Date(Date.now() - 60_000);
  const options = {
    seed: Number(values.seed),
    users: Number(values.users),
    products: Number(values.products),
    categories: Number(values.categories),
    paymentClients: Number(values['payment-clients']),
    start: new Date(end.getTime() - spanMs),
    spanMs,
  };
  mkdirSync(values.out, { recursive: true });
  const out = createWriteStream(join(values.out, 'events.jsonl'));
  const truth = generateTraffic(options, (events) => {
    for (const event of events) out.write(`${JSON.stringify(event)}\n`);
  });
  out.end();
  const { payments, cancels } = generatePaymentTraffic(options);
  writeFileSync(
    join(values.out, 'payments.jsonl'),
    payments.map((p) => JSON.stringify(p)).join('\n') + '\n',
  );
  writeFileSync(
    join(values.out, 'cancels.jsonl'),
    cancels.map((p) => JSON.stringify(p)).join('\n') + '\n',
  );
  writeFileSync(
    join(values.out, 'truth.json'),
    `${JSON.stringify({ ...truth, payments: payments.length, cancels: cancels.length }, null, 2)}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ out: values.out, events: truth.events, orders: truth.orders, payments: payments.length, cancels: cancels.length })}\n`,
  );
}

if (require.main === module) main(process.argv.slice(2));
