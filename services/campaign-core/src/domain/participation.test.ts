import type { CampaignDefinition } from '@tributary/schemas';
import { checkParticipation, latestParticipation, type ParticipationEntry } from './participation';
import { monthPeriod } from './seed-fixtures';

const rules = (
  join: CampaignDefinition['rules']['join'],
  term: CampaignDefinition['rules']['join-term'] = 'frequency',
): CampaignDefinition['rules'] => ({ join, 'join-term': term, 'start-aggregation': 'after-join' });
const nov = monthPeriod(2021, 11);
const joined = (at: string): ParticipationEntry => ({ status: 'joined', at: new Date(at) });
const exited = (at: string): ParticipationEntry => ({ status: 'exited', at: new Date(at) });
const evaluationAt = new Date('2021-11-25T10:00:00Z');

describe('checkParticipation (R21)', () => {
  it('Given join auto and no rows, Then the client takes part without a join instant', () => {
    expect(checkParticipation(rules('auto'), [], evaluationAt, nov)).toEqual({
      eligible: true,
      joinedAt: undefined,
    });
  });

  it('Given join auto and a client who exited, Then the client earns nothing', () => {
    const decision = checkParticipation(
      rules('auto'),
      [exited('2021-11-11T00:00:00Z')],
      evaluationAt,
      nov,
    );
    expect(decision).toEqual({ eligible: false, reason: 'exited' });
  });

  it.each(['customer', 'operator'] as const)(
    'Given join %s and no join, Then the client is not evaluated',
    (join) => {
      expect(checkParticipation(rules(join), [], evaluationAt, nov)).toEqual({
        eligible: false,
        reason: 'not-joined',
      });
    },
  );

  it('Given joined then exited before the evaluation, Then not eligible; exited then re-joined, Then eligible from the re-join', () => {
    const rows = [joined('2021-11-01T00:00:00Z'), exited('2021-11-11T00:00:00Z')];
    expect(checkParticipation(rules('customer'), rows, evaluationAt, nov)).toMatchObject({
      eligible: false,
    });
    const rejoined = [...rows, joined('2021-11-14T00:00:00Z')];
    expect(checkParticipation(rules('customer'), rejoined, evaluationAt, nov)).toEqual({
      eligible: true,
      joinedAt: new Date('2021-11-14T00:00:00Z'),
    });
  });

  it('Given an exit after the evaluation instant, Then the latest participation at that instant is still the join', () => {
    const rows = [joined('2021-11-01T00:00:00Z'), exited('2021-11-28T00:00:00Z')];
    expect(checkParticipation(rules('customer'), rows, evaluationAt, nov)).toMatchObject({
      eligible: true,
    });
  });

  it('Given a join during November span (3 December) evaluated at Full End, Then frequency refuses it and frequency-with-span accepts it', () => {
    const rows = [joined('2021-12-03T09:00:00Z')];
    const atFullEnd = nov.fullEndAt;
    expect(checkParticipation(rules('customer', 'frequency'), rows, atFullEnd, nov)).toEqual({
      eligible: false,
      reason: 'joined-after-period',
    });
    expect(
      checkParticipation(rules('customer', 'frequency-with-span'), rows, atFullEnd, nov),
    ).toMatchObject({
      eligible: true,
    });
  });

  it('Given two rows at the same instant, Then the later-listed one is the latest', () => {
    const at = '2021-11-05T00:00:00Z';
    expect(latestParticipation([joined(at), exited(at)], evaluationAt)?.status).toBe('exited');
  });
});
