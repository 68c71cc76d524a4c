import { actionIdempotencyKey, buildActionRequest, renderActionUrl } from './action-request';
import { toDecimal } from './decimal';
import { monthPeriod, seedCampaign } from './seed-fixtures';

const input = {
  campaign: seedCampaign(),
  clientId: '3855206900',
  period: monthPeriod(2021, 11),
  completedGoals: [101, 102, 1101],
  earning: { currency: 'TRL', amount: toDecimal('33.30'), ratio: toDecimal(2) },
  elapsedAt: new Date('2021-11-23T10:00:00Z'),
};

describe('buildActionRequest (R23)', () => {
  it('Given the seed campaign, Then a POST to the templated URL carries the realization as JSON', () => {
    expect(buildActionRequest(input)).toEqual({
      url: 'https://api.burgan.com.tr/campaing/adapter/invoce-cashback/3855206900',
      method: 'POST',
      headers: {
        'Idempotency-Key': expect.stringMatching(/^[0-9a-f]{32}$/),
        'Content-Type': 'application/json',
      },
      idempotencyKey: expect.any(String),
      body: {
        'campaign-id': 9001,
        'client-id': '3855206900',
        begin: '2021-11-01',
        end: '2021-11-30',
        status: 'elapsed',
        'elapsed-at': '2021-11-23T10:00:00.000Z',
        'completed-goals': [101, 102, 1101],
        earning: { currency: 'TRL', amount: '33.3', ratio: '2' },
      },
    });
  });

  it('Given a GET action, Then there is no body and no content type', () => {
    const campaign = seedCampaign({
      action: { url: 'x.example/{{campaign-id}}?c={{clientid}}', method: 'GET' },
    });
    const request = buildActionRequest({ ...input, campaign, clientId: 'a b/c' });
    expect(request.body).toBeUndefined();
    expect(request.headers).toEqual({ 'Idempotency-Key': request.idempotencyKey });
    expect(request.url).toBe('https://x.example/9001?c=a%20b%2Fc');
  });

  it('Given the same (client, campaign, period), Then the key is the same; another period, Then it differs', () => {
    const nov = actionIdempotencyKey('3855206900', 9001, monthPeriod(2021, 11));
    expect(actionIdempotencyKey('3855206900', 9001, monthPeriod(2021, 11))).toBe(nov);
    expect(actionIdempotencyKey('3855206900', 9001, monthPeriod(2021, 12))).not.toBe(nov);
    expect(actionIdempotencyKey('3855206901', 9001, monthPeriod(2021, 11))).not.toBe(nov);
  });

  it('Given a URL with a scheme, Then it is kept', () => {
    expect(renderActionUrl('http://localhost:9/{{client-id}}', '1', 2)).toBe(
      'http://localhost:9/1',
    );
  });
});
