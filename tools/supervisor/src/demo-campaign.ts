/**
 * The seed's own campaign example (seed 002), pointed at the local demo receiver: stream 1
 * (monthly invoice payments with a 6-day cancellation span), goals 101-103 and ad-hoc 1101
 * (replaced by a local always-true check), campaign 9001 with OR-of-AND goals.
 */
export function demoCampaignConfig(receiverPort: number) {
  const stream = {
    'stream-id': 1,
    title: 'Aylık Fatura Ödemesi',
    frequency: '0 0 1 * *',
    'target-currency': 'TRL',
    sources: [
      {
        topic: 'http://localhost:8082/topics/cdc_payments/pay',
        type: 'add',
        'client-id-path': 'data.custId',
        'amount-path': 'data.payment.invoice.amount',
        'currency-path': 'data.payment.invoice.currency',
        'timestamp-path': 'data.timestamp',
        'id-path': 'data.id',
      },
      {
        topic: 'http://localhost:8082/topics/cdc_payments/cancels',
        type: 'subtract',
        'client-id-path': 'data.custId',
        'amount-path': 'data.payment.invoice.amount',
        'currency-path': 'data.payment.invoice.currency',
        'timestamp-path': 'data.timestamp',
        'id-path': 'data.id',
        'reference-path': 'data.refId',
        span: ' 6:0:0:0',
      },
    ],
  };
  const goals = [
    {
      'goal-id': 101,
      source: 'stream',
      'stream-id': 1,
      target: '1000',
      type: 'amount',
      trigger: 'when-reach',
    },
    {
      'goal-id': 102,
      source: 'stream',
      'stream-id': 1,
      target: '5',
      type: 'times',
      trigger: 'when-reach',
    },
    {
      'goal-id': 103,
      source: 'stream',
      'stream-id': 1,
      target: '1500',
      type: 'amount',
      trigger: 'after-full-end',
    },
    {
      'goal-id': 1101,
      source: 'adhoc',
      expression: "response.data.person.gender == 'female'",
      query: `http://127.0.0.1:${receiverPort}/getprofile/{{clientid}}`,
      'campaign-validation': 'first-check',
    },
  ];
  const campaign = {
    'campaign-id': 9001,
    tag: ['odeme cashback', 'fatura cashback'],
    display: 'master',
    type: 'merge-by-tag',
    title: [
      { language: 'TR', label: 'Bir ayda toplamda bin liralık beş fatura öde 50 TL kazan' },
      { language: 'EN', label: 'Pay five invoices with total thousand and get fifty' },
    ],
    description: [
      { language: 'TR', label: 'en fazla **150 tl** kazanabilirsin' },
      { language: 'EN', label: 'earn at most 150 TL' },
    ],
    action: {
      url: `http://127.0.0.1:${receiverPort}/campaign/adapter/invoice-cashback/{{client-id}}`,
      method: 'POST',
    },
    earning: { currency: 'TRL', amount: 50, ratio: 2, limit: { amount: 150, times: 3 } },
    availability: { from: '2020-01-01', to: '2030-12-31', status: 'active' },
    rules: { join: 'auto', 'join-term': 'frequency', 'start-aggregation': 'begining-of-period' },
    goals: [
      { id: 1, rule: [101, 102, 1101] },
      { id: 2, rule: [103, 1101] },
    ],
  };
  const umbrella = {
    'limit-id': 1,
    tag: ['odeme cashback'],
    frequency: 'montly',
    'earning-limits': { currency: 'TRL', amount: 5000, ratio: 2, times: 10 },
  };
  return { stream, goals, campaign, umbrella };
}
