// Where the integration tests find the infrastructure that scripts/infra/up.sh provides.
export const testEnv = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  adminDatabaseUrl:
    process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

export function databaseUrl(name: string): string {
  const url = new URL(testEnv.adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
