import {
  participationRequestValidator,
  validateCampaignDefinition,
  validateUmbrellaLimit,
} from './campaigns';

const seedCampaign = () => ({
  'campaign-id': 9001,
  tag: ['odeme cashback', 'fatura cashback'],
  display: 'master',
  type: 'merge-by-tag',
  title: [
    { language: 'TR', label: 'Bir ayda toplamda bin liralık beş fatura öde 50 TL kazan' },
    { language: 'EN', label: 'Pay five invoices with total thousand and get fifty' },
  ],
  description: [
    { language: 'TR', label: 'en fazla **150 tl** kazanabilirsin, bla bla' },
    { language: 'EN', label: 'maximum bla bla bla' },
  ],
  action: {
    url: 'https://api.burgan.com.tr/campaing/adapter/invoce-cashback/{{client-id}}',
    method: 'POST',
  },
  earning: { currency: 'TRL', amount: 50, ratio: 2, limit: { amount: 150, times: 3 } },
  availability: { from: '2012-01-01', to: '2012-12-31', status: 'active' },
  rules: { join: 'auto', 'join-term': 'frequency', 'start-aggregation': 'begining-of-period' },
  goals: [
    { id: 1, rule: [101, 102, 1101] },
    { id: 2, rule: [103, 1101] },
  ],
});
const knownGoalIds = new Set([101, 102, 103, 1101]);

describe('validateCampaignDefinition', () => {
  it('Given the seed campaign 9001 with the seed spelling begining-of-period, Then it is valid', () => {
    expect(validateCampaignDefinition(seedCampaign(), { knownGoalIds })).toEqual({
      ok: true,
      value: seedCampaign(),
    });
  });

  it('Given availability.to before from, Then the issue points at /availability/to', () => {
    const input = {
      ...seedCampaign(),
      availability: { from: '2012-12-31', to: '2012-01-01', status: 'active' },
    };
    const result = validateCampaignDefinition(input, { knownGoalIds });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '/availability/to', message: 'must not be before availability.from' }],
    });
  });

  it('Given a rule naming a goal that does not exist, Then the issue names the goal and its path', () => {
    const result = validateCampaignDefinition(seedCampaign(), {
      knownGoalIds: new Set([101, 102, 103]),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual([
        { path: '/goals/0/rule/2', message: 'goal 1101 does not exist' },
        { path: '/goals/1/rule/1', message: 'goal 1101 does not exist' },
      ]);
    }
  });

  it('Given negative earning and limit amounts as strings, Then both are reported', () => {
    const input = seedCampaign();
    const earning = { ...input.earning, amount: '-5', limit: { amount: -1, times: 3 } };
    const result = validateCampaignDefinition({ ...input, earning }, { knownGoalIds });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual([
      '/earning/amount',
      '/earning/limit/amount',
    ]);
  });

  it.each([
    ['/display', { display: 'always' }],
    ['/type', { type: 'merged' }],
    [
      '/rules/join',
      { rules: { join: 'anyone', 'join-term': 'frequency', 'start-aggregation': 'after-join' } },
    ],
  ])('Given an unknown enum value, Then the shape check fails at %s', (path, patch) => {
    const result = validateCampaignDefinition({ ...seedCampaign(), ...patch }, { knownGoalIds });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toContain(path);
  });

  it('Given duplicate goal entry ids, Then the second is reported', () => {
    const goals = [
      { id: 1, rule: [101] },
      { id: 1, rule: [103] },
    ];
    const result = validateCampaignDefinition({ ...seedCampaign(), goals }, { knownGoalIds });
    expect(result.ok ? [] : result.issues).toEqual([
      { path: '/goals/1/id', message: 'duplicate goal entry id' },
    ]);
  });
});

describe('validateUmbrellaLimit', () => {
  const seedLimit = {
    'limit-id': 1,
    tag: ['odeme cashback', 'fatura cashback'],
    frequency: 'montly',
    'earning-limits': { currency: 'TRL', amount: 5000, ratio: 2, times: 10 },
  };

  it('Given the seed umbrella with the seed spelling montly, Then it is valid', () => {
    expect(validateUmbrellaLimit(seedLimit).ok).toBe(true);
  });

  it('Given an umbrella that caps nothing, Then it is rejected', () => {
    const result = validateUmbrellaLimit({ ...seedLimit, 'earning-limits': { currency: 'TRL' } });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['/earning-limits']);
  });

  it('Given frequency weekly, Then it is rejected', () => {
    expect(validateUmbrellaLimit({ ...seedLimit, frequency: 'weekly' }).ok).toBe(false);
  });
});

describe('participationRequestValidator', () => {
  it('Given a join with join-info, Then it is valid; Given status paused, Then it is not', () => {
    const join = {
      'client-id': '3855206900',
      status: 'joined',
      'join-info': { channel: 'mobile' },
    };
    expect(participationRequestValidator.check(join).ok).toBe(true);
    expect(participationRequestValidator.check({ ...join, status: 'paused' }).ok).toBe(false);
  });
});
