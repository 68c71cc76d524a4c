import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TObject } from '@sinclair/typebox';
import { OtelEnv } from '../../libs/config/src/common';
import { AttributionConfigSchema } from '../../services/attribution-engine/src/config';
import { CampaignCoreConfigSchema } from '../../services/campaign-core/src/config';
import { GoalsConfigSchema } from '../../services/campaign-goals/src/config';
import { CategoryReportsEnv } from '../../services/category-reports/src/config';
import { IngestConfigSchema } from '../../services/ingest-gateway/src/config';
import { CliEnv } from '../../services/journey-stitcher/src/cli/cli-context';
import { StitcherConfigSchema } from '../../services/journey-stitcher/src/config';
import { QueryConfigSchema } from '../../services/query-api/src/config';
import { RealtimeConfigSchema } from '../../services/realtime-analytics/src/config';

const SCHEMAS: Record<string, TObject> = {
  'attribution-engine': AttributionConfigSchema,
  'campaign-core': CampaignCoreConfigSchema,
  'campaign-goals': GoalsConfigSchema,
  'category-reports': CategoryReportsEnv,
  'ingest-gateway': IngestConfigSchema,
  'journey-stitcher': StitcherConfigSchema,
  'journey-stitcher CLIs': CliEnv,
  'query-api': QueryConfigSchema,
  'realtime-analytics': RealtimeConfigSchema,
  'every service (tracing, libs/logging startTracing)': OtelEnv,
};

const reference = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');

describe('docs/configuration.md', () => {
  it.each(Object.entries(SCHEMAS))('names every variable %s reads', (_service, schema) => {
    const undocumented = Object.keys(schema.properties).filter(
      (variable) => !reference.includes(`\`${variable}\``),
    );
    expect(undocumented).toEqual([]);
  });
});
