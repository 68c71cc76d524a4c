import type { CampaignDefinition } from '@tributary/schemas';
import type { CampaignPeriod } from './campaign-period';

export interface ParticipationEntry {
  status: 'joined' | 'exited';
  at: Date;
}

export type ParticipationDecision =
  | { eligible: true; joinedAt: Date | undefined }
  | { eligible: false; reason: 'not-joined' | 'exited' | 'joined-after-period' };

/** The latest entry at or before the instant; on equal instants the later-listed one wins. */
export function latestParticipation(
  entries: readonly ParticipationEntry[],
  at: Date,
): ParticipationEntry | undefined {
  let latest: ParticipationEntry | undefined;
  for (const entry of entries) {
    if (entry.at.getTime() > at.getTime()) continue;
    if (!latest || entry.at.getTime() >= latest.at.getTime()) latest = entry;
  }
  return latest;
}

/**
 * R21. auto: everyone takes part, except a client whose latest entry is an exit (an opt-out).
 * customer/operator: the latest entry at the evaluation instant must be a join, made before the
 * period's End (join-term frequency) or before its Full End (frequency-with-span).
 */
export function checkParticipation(
  rules: CampaignDefinition['rules'],
  entries: readonly ParticipationEntry[],
  at: Date,
  period: Pick<CampaignPeriod, 'endAt' | 'fullEndAt'>,
): ParticipationDecision {
  const latest = latestParticipation(entries, at);
  if (latest?.status === 'exited') return { eligible: false, reason: 'exited' };
  if (rules.join === 'auto') return { eligible: true, joinedAt: undefined };
  if (!latest) return { eligible: false, reason: 'not-joined' };
  const deadline = rules['join-term'] === 'frequency' ? period.endAt : period.fullEndAt;
  if (latest.at.getTime() >= deadline.getTime()) {
    return { eligible: false, reason: 'joined-after-period' };
  }
  return { eligible: true, joinedAt: latest.at };
}
