import { checkAvailability } from './availability';
import { filterCampaigns } from './campaign-listing';
import { DEFAULT_ZONE } from './local-calendar';
import { seedCampaign } from './seed-fixtures';

const availability = { from: '2012-01-01', to: '2012-12-31', status: 'active' } as const;

describe('checkAvailability (R22)', () => {
  it('Given the last day in Istanbul (2012-12-31T21:59Z = 23:59 local, UTC+2 in 2012), Then available; one minute later, Then ended', () => {
    expect(
      checkAvailability(availability, new Date('2012-12-31T21:59:00Z'), DEFAULT_ZONE).available,
    ).toBe(true);
    expect(checkAvailability(availability, new Date('2012-12-31T22:00:00Z'), DEFAULT_ZONE)).toEqual(
      {
        available: false,
        reason: 'ended',
        localDate: '2013-01-01',
      },
    );
  });

  it('Given the first local day (2011-12-31T22:00Z = 00:00 local, UTC+2 then), Then available; before it, Then not-started', () => {
    expect(
      checkAvailability(availability, new Date('2011-12-31T22:00:00Z'), DEFAULT_ZONE).available,
    ).toBe(true);
    expect(
      checkAvailability(availability, new Date('2011-12-31T21:59:59Z'), DEFAULT_ZONE),
    ).toMatchObject({
      reason: 'not-started',
    });
  });

  it('Given status inactive inside the dates, Then not available', () => {
    const at = new Date('2012-06-01T00:00:00Z');
    expect(
      checkAvailability({ ...availability, status: 'inactive' }, at, DEFAULT_ZONE),
    ).toMatchObject({
      reason: 'inactive',
    });
  });
});

describe('filterCampaigns', () => {
  it('Given display and availability filters, Then only matching campaigns are listed', () => {
    const master = seedCampaign();
    const never = seedCampaign({ 'campaign-id': 2, display: 'never' });
    const old = seedCampaign({ 'campaign-id': 3, availability: availability });
    const at = new Date('2021-06-01T00:00:00Z');
    expect(
      filterCampaigns([master, never, old], { display: 'master', zone: DEFAULT_ZONE }).map(
        (c) => c['campaign-id'],
      ),
    ).toEqual([9001, 3]);
    expect(
      filterCampaigns([master, never, old], { availableAt: at, zone: DEFAULT_ZONE }).map(
        (c) => c['campaign-id'],
      ),
    ).toEqual([9001, 2]);
  });
});
