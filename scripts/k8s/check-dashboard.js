#!/usr/bin/env node
// Checks ops/grafana/*.json: valid JSON, unique panel ids, and every metric a query names is one
// the code registers (a string literal in libs/*/src or services/*/src) or a default Node/process
// metric of prom-client. Catches a dashboard left behind by a renamed metric.
//   node scripts/k8s/check-dashboard.js [dashboard.json ...]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const files = process.argv.slice(2);
if (files.length === 0) {
  const dir = path.join(root, 'ops', 'grafana');
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) files.push(path.join(dir, f));
}

function sources(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}
const code = ['libs', 'services']
  .flatMap((top) => fs.readdirSync(path.join(root, top)).map((p) => path.join(root, top, p, 'src')))
  .filter((d) => fs.existsSync(d))
  .flatMap((d) => sources(d))
  .map((f) => fs.readFileSync(f, 'utf8'))
  .join('\n');
const registered = new Set([...code.matchAll(/['"]([a-z][a-z0-9_]*)['"]/g)].map((m) => m[1]));
const builtin = /^(process_|nodejs_|up$)/;
const promqlWords = new Set(['sum', 'rate', 'increase', 'max', 'min', 'avg', 'by', 'without', 'topk', 'bottomk', 'histogram_quantile', 'changes', 'le', 'on', 'ignoring', 'count', 'irate', 'delta', 'abs', 'label_values', 'offset']);

let failed = 0;
for (const file of files) {
  let dashboard;
  try {
    dashboard = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`FAIL ${file}: ${error.message}`);
    failed += 1;
    continue;
  }
  const panels = (dashboard.panels || []).flatMap((p) => [p, ...(p.panels || [])]);
  const ids = panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) {
    console.error(`FAIL ${file}: duplicate panel ids`);
    failed += 1;
  }
  let metrics = 0;
  for (const panel of panels) {
    for (const target of panel.targets || []) {
      // Metric names: identifiers followed by `{` or `[` (selectors), outside label matchers.
      const expr = String(target.expr || '').replace(/\{[^}]*\}/g, '{}');
      for (const m of expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=\{|\[)/g)) {
        const name = m[1];
        if (promqlWords.has(name)) continue;
        metrics += 1;
        const base = name.replace(/_(bucket|sum|count)$/, '');
        if (builtin.test(name) || registered.has(name) || registered.has(base)) continue;
        console.error(`FAIL ${file}: panel "${panel.title}" uses ${name}, which no service or lib registers`);
        failed += 1;
      }
    }
  }
  console.log(`${path.relative(root, file)}: ${panels.length} panels, ${metrics} metric references checked`);
}
process.exitCode = failed === 0 ? 0 : 1;
