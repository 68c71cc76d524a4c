import type { Random } from './random';

/**
 * CDC messages in the shapes of the campaign seed (MISSION C1): invoice payments on
 * `cdc_payments.pay` and cancellations on `cdc_payments.cancels`, read by the stream
 * definition's JSON paths (data.custId, data.payment.invoice.amount/currency).
 */
export interface CdcMessage {
  data: {
    id: string;
    custId: string;
    timestamp: string;
    /** For cancellations, the payment they cancel. */
    refId?: string;
    payment: { invoice: { amount: number; currency: string } };
  };
}

export interface PaymentStreams {
  payments: CdcMessage[];
  cancels: CdcMessage[];
}

export function generatePayments(
  random: Random,
  clients: number,
  start: number,
  spanMs: number,
): PaymentStreams {
  const payments: CdcMessage[] = [];
  const cancels: CdcMessage[] = [];
  for (let c = 0; c < clients; c += 1) {
    const custId = String(3855206900 + c);
    for (let n = random.int(2, 14); n > 0; n -= 1) {
      const at = start + Math.floor(random.next() * spanMs);
      const payment: CdcMessage = {
        data: {
          id: random.id('pay'),
          custId,
          timestamp: new Date(at).toISOString(),
          payment: {
            invoice: { amount: random.int(20, 400), currency: random.chance(0.9) ? 'TRL' : 'USD' },
          },
        },
      };
      payments.push(payment);
      if (random.chance(0.05)) {
        const cancelAt = Math.min(at + random.int(3_600_000, 4 * 86_400_000), start + spanMs - 1);
        cancels.push({
          data: {
            ...payment.data,
            id: random.id('cancel'),
            refId: payment.data.id,
            timestamp: new Date(cancelAt).toISOString(),
          },
        });
      }
    }
  }
  const byTime = (a: CdcMessage, b: CdcMessage) => a.data.timestamp.localeCompare(b.data.timestamp);
  return { payments: payments.sort(byTime), cancels: cancels.sort(byTime) };
}
