/**
 * Campaign data under an erasure (docs/privacy.md). Caches and call logs go in every case. The
 * payout records a bank must keep for its legal retention either stay as they are (`keep`) or
 * stay with the client id replaced by a pseudonym (`pseudonymise`).
 */
export const PAYOUT_RETENTIONS = ['keep', 'pseudonymise'] as const;
export type PayoutRetention = (typeof PAYOUT_RETENTIONS)[number];

/** Tables with no retention duty: deleted. */
export const CAMPAIGN_DELETED = ['adhoc_calls', 'adhoc_first_check_cache'] as const;

/** Payout records: kept or pseudonymised; `client_id` is the column, `json` columns may name it. */
export const CAMPAIGN_RETAINED = [
  { table: 'stream_data', json: [] },
  { table: 'stream_ledger', json: [] },
  { table: 'goal_realizations', json: [] },
  { table: 'campaign_goal_inbox', json: [] },
  { table: 'participations', json: ['join_info'] },
  { table: 'campaign_realizations', json: ['action_result'] },
  { table: 'action_outbox', json: ['headers', 'body'] },
] as const;
