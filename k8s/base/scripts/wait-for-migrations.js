// Init container of every service that uses PostgreSQL: waits until each migration this image
// ships (libs/migrations/sql) is recorded in schema_migrations, i.e. until the tributary-migrate
// Job has run for this version. Read-only: it never applies anything itself. Exits 1 after
// WAIT_TIMEOUT_SECONDS (default 900) so the pod restarts and the wait shows in its events.
'use strict';
const { readdirSync } = require('node:fs');
const app = process.env.APP_DIR || '/app';
const { Client } = require(require.resolve('pg', { paths: [app] }));

const dir = `${app}/libs/migrations/sql`;
const wanted = readdirSync(dir).filter((f) => f.endsWith('.sql'));
const deadline = Date.now() + Number(process.env.WAIT_TIMEOUT_SECONDS || 900) * 1000;

async function missing() {
  const client = new Client({
    connectionString: process.env.DATABASE_URL,
    application_name: 'tributary-wait-for-migrations',
  });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((r) => r.name));
    return wanted.filter((f) => !done.has(f));
  } catch (error) {
    if (error.code === '42P01') return wanted; // schema_migrations does not exist yet
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main() {
  for (;;) {
    let left;
    try {
      left = await missing();
    } catch (error) {
      left = undefined;
      console.log(JSON.stringify({ msg: 'database not reachable yet', err: error.message }));
    }
    if (left && left.length === 0) {
      console.log(JSON.stringify({ msg: 'migrations applied', count: wanted.length }));
      return 0;
    }
    if (left) console.log(JSON.stringify({ msg: 'waiting for migrations', missing: left }));
    if (Date.now() > deadline) return 1;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

main().then((code) => {
  process.exitCode = code;
});
