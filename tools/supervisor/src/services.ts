import { DEMO_SECRETS } from '@tributary/config';
/** The processes `npm run up` runs, in start order (consumers first, the gateway for dashboards last). */
export interface ServiceSpec {
  name: string;
  port: number;
  env?: Record<string, string>;
}

export const SERVICES: ServiceSpec[] = [
  { name: 'ingest-gateway', port: 8081 },
  { name: 'journey-stitcher', port: 9091 },
  { name: 'realtime-analytics', port: 9093 },
  { name: 'attribution-engine', port: 9094 },
  { name: 'category-reports', port: 9095 },
  { name: 'campaign-goals', port: 8083 },
  { name: 'campaign-core', port: 8084 },
  { name: 'query-api', port: 8080 },
];

/**
 * Demo credentials: printed with the curl examples. They are public (libs/config holds them so
 * every service can recognise and refuse them): the demo runs with ALLOW_INSECURE_DEV_SECRETS.
 */
export const DEMO = { ...DEMO_SECRETS, receiverPort: 8099 };

/** Where the demo writes the synthetic traffic's ground truth (the generator's truth.json). */
export const demoTruthFile = (root: string): string => `${root}/.run/demo/truth.json`;

export function sharedEnv(root: string): Record<string, string> {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tributary',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    // The demo's secrets are public: a laptop only, and every service says so at start.
    ALLOW_INSECURE_DEV_SECRETS: 'true',
    // Local Prometheus or curl may read /metrics on each service's own port.
    METRICS_PUBLIC: 'true',
    INGEST_API_KEYS: DEMO.producerKey,
    INTERNAL_API_TOKEN: DEMO.internalToken,
    // KVKK/GDPR erasure (docs/privacy.md): journey-stitcher's admin routes and the suppression
    // list of journey-stitcher and realtime-analytics. A public demo value, like the others.
    ERASURE_HMAC_SECRET: 'demo-erasure-secret-0001',
    API_KEYS_JSON: JSON.stringify({
      [DEMO.viewerKey]: 'viewer',
      [DEMO.operatorKey]: 'operator',
      [DEMO.adminKey]: 'admin',
    }),
    JWT_SECRET: DEMO.jwtSecret,
    REPORTS_DIR: `${root}/.run/reports`,
    // The synthetic traffic's ground truth (demo-seed writes it): query-api's truth table.
    ATTRIBUTION_TRUTH_FILE: demoTruthFile(root),
    // The demo receiver is on loopback, which only an entry marked +private may reach.
    ACTION_ALLOWED_HOSTS: `http://127.0.0.1:${DEMO.receiverPort}+private`,
    ADHOC_ALLOWED_HOSTS: `http://127.0.0.1:${DEMO.receiverPort}+private`,
    CAMPAIGN_GOALS_URL: 'http://127.0.0.1:8083',
    CAMPAIGN_CORE_URL: 'http://127.0.0.1:8084',
    ATTRIBUTION_ENGINE_URL: 'http://127.0.0.1:9094',
    TIME_ZONE: 'Europe/Istanbul',
  };
}
