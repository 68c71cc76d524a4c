import type { Pool } from '@tributary/postgres';
import type { CampaignGoalsClient } from '../adapters/campaign-goals-client';
import type { CampaignRepository } from '../adapters/campaign-repository';
import type { EngineDeps } from '../evaluation/apply-goal-events';

/** What the HTTP routes are built from (the composition root passes them in). */
export interface RouteDeps {
  pool: Pool;
  repository: CampaignRepository;
  goals: CampaignGoalsClient;
  engine: EngineDeps;
  zone: string;
  now: () => Date;
}
