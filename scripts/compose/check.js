#!/usr/bin/env node
// Checks a resolved compose file (`docker-compose config` output):
//   node scripts/compose/check.js resolved.yml
// - every service that keeps running has a health check, and one that reads
//   process.env.HTTP_PORT runs where HTTP_PORT is set;
// - depends_on names existing services, service_healthy only those with a health check,
//   service_completed_successfully only one-shot services (restart "no");
// - every service whose environment points at another service (kafka:9092, http://x:8083, an
//   @postgres:5432 URL) depends on it;
// - every service built from the Dockerfile, but migrate itself, waits for migrate to complete.
// Exit 0 when the file passes, 1 when it does not.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const YAML = require(require.resolve('yaml', { paths: [root] }));

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/compose/check.js resolved.yml\n');
  process.exit(2);
}
const services = YAML.parse(fs.readFileSync(file, 'utf8')).services || {};
const names = Object.keys(services);
const errors = [];
const fail = (name, msg) => errors.push(`${name}: ${msg}`);

const envOf = (s) =>
  Array.isArray(s.environment)
    ? Object.fromEntries(
        s.environment.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]),
      )
    : s.environment || {};
const depsOf = (s) =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, { condition: 'service_started' }]))
    : s.depends_on || {};
const oneShot = (s) => s.restart === 'no' || s.restart === undefined;
const hasHealthcheck = (s) => s.healthcheck && !s.healthcheck.disable && s.healthcheck.test;

for (const [name, s] of Object.entries(services)) {
  const env = envOf(s);
  const deps = depsOf(s);
  if (!oneShot(s) && !hasHealthcheck(s)) fail(name, 'no health check');
  const test = JSON.stringify((s.healthcheck && s.healthcheck.test) || '');
  if (test.includes('process.env.HTTP_PORT') && !env.HTTP_PORT)
    fail(name, 'the health check reads HTTP_PORT, which the service does not set');
  for (const [dep, spec] of Object.entries(deps)) {
    if (!services[dep]) {
      fail(name, `depends_on ${dep}, which is not a service`);
      continue;
    }
    const condition = (spec && spec.condition) || 'service_started';
    if (condition === 'service_healthy' && !hasHealthcheck(services[dep]))
      fail(name, `waits for ${dep} to be healthy, but ${dep} has no health check`);
    if (condition === 'service_completed_successfully' && !oneShot(services[dep]))
      fail(name, `waits for ${dep} to complete, but ${dep} restarts`);
  }
  for (const [key, value] of Object.entries(env)) {
    for (const other of names) {
      if (other === name) continue;
      const host = new RegExp(`(^|[/@,])${other.replace(/[-]/g, '\\-')}:\\d+`);
      if (host.test(String(value)) && !deps[other])
        fail(name, `${key} points at ${other}, but depends_on does not name it`);
    }
  }
  if (s.build && name !== 'migrate' && services.migrate) {
    const m = deps.migrate;
    if (!m || m.condition !== 'service_completed_successfully')
      fail(name, 'does not wait for migrate (condition: service_completed_successfully)');
  }
}
if (names.some((n) => services[n].build) && !services.migrate)
  fail('migrate', 'no one-shot migrate service');

for (const e of errors) process.stderr.write(`FAIL ${e}\n`);
process.stdout.write(
  `resolved compose file: ${names.length} services, ${errors.length === 0 ? 'valid' : `${errors.length} problems`}\n`,
);
process.exitCode = errors.length === 0 ? 0 : 1;
