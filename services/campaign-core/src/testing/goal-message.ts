import type { GoalAchievedMessage } from '@tributary/schemas';
import type { CampaignPeriod } from '../domain/campaign-period';

let sequence = 0;

/** A goals.achieved message as campaign-goals publishes it, for (client, goal, period). */
export function goalMessage(
  clientId: string,
  goalId: number,
  period: CampaignPeriod,
  elapsed: Date = new Date(period.beginAt.getTime() + 86_400_000),
): GoalAchievedMessage {
  sequence += 1;
  return {
    'realization-id': `r-${process.pid}-${Date.now()}-${sequence}`,
    'goal-id': goalId,
    'stream-id': 1,
    'client-id': clientId,
    trigger: 'when-reach',
    begin: period.begin,
    end: period.end,
    'begin-instant': period.beginAt.toISOString(),
    'end-instant': period.endAt.toISOString(),
    'full-end-instant': period.fullEndAt.toISOString(),
    elapsed: elapsed.toISOString(),
    value: '1000',
  };
}
