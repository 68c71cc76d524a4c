import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Issue 22: the Grafana dashboard and the alert rules query only metrics the code registers
 * (read from the registration calls, not any string), every service has a panel, names follow
 * Prometheus conventions, no label clashes with a scrape target's own, and every alert names a
 * runbook that docs/operations.md has.
 */
const ROOT = resolve(__dirname, '..', '..');

interface Registered {
  name: string;
  kind: 'counter' | 'gauge' | 'histogram';
  labels: string[];
  /** The package that registers it: `services/<name>` or `libs/<name>`. */
  owner: string;
}

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const STRING = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const CALL = new RegExp(
  String.raw`\b(counter|gauge|histogram)\(\s*[\w.]+,\s*'([a-z_][a-z0-9_]*)',\s*(?:${STRING})\s*(?:,\s*\[([^\]]*)\])?`,
  'g',
);
const SAMPLED = /name: '([a-z_][a-z0-9_]*)'/g;

function registeredMetrics(): Registered[] {
  const found: Registered[] = [];
  for (const top of ['libs', 'services']) {
    for (const pkg of readdirSync(join(ROOT, top))) {
      const src = join(ROOT, top, pkg, 'src');
      if (!existsSync(src)) continue;
      for (const file of sources(src)) {
        const text = readFileSync(file, 'utf8');
        if (!text.includes('@tributary/metrics')) continue;
        const owner = `${top}/${pkg}`;
        for (const m of text.matchAll(CALL)) {
          const labels = [...(m[3] ?? '').matchAll(/'([^']*)'/g)].map((l) => l[1] as string);
          found.push({ kind: m[1] as Registered['kind'], name: m[2] as string, labels, owner });
        }
        if (text.includes('sampledGauges(')) {
          for (const m of text.matchAll(SAMPLED))
            found.push({ kind: 'gauge', name: m[1] as string, labels: [], owner });
        }
      }
    }
  }
  return found;
}

const registered = registeredMetrics();
const byName = new Map(registered.map((r) => [r.name, r]));
const BUILTIN = /^(process_|nodejs_|kube_|up$)/;
const PROMQL = new Set(
  'sum rate increase max min avg by without topk bottomk histogram_quantile changes le on ignoring count irate delta deriv abs offset and or unless bool time min_over_time max_over_time avg_over_time label_values vector scalar clamp_min'.split(
    ' ',
  ),
);

/** The metric names a PromQL expression reads (label matchers, strings and by-lists removed). */
function metricsOf(expr: string): string[] {
  const text = expr
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/"[^"]*"/g, '""')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...text.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)]
    .map((m) => m[1] as string)
    .filter((n) => !PROMQL.has(n) && n.includes('_'));
}
const known = (name: string) =>
  BUILTIN.test(name) || byName.has(name) || byName.has(name.replace(/_(bucket|sum|count)$/, ''));

interface Panel {
  title?: string;
  type?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
const dashboard = JSON.parse(
  readFileSync(join(ROOT, 'ops/grafana/tributary-dashboard.json'), 'utf8'),
) as { panels: Panel[] };
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
}
const ruleDoc = parse(
  readFileSync(join(ROOT, 'k8s/components/monitoring/prometheus-rule.yaml'), 'utf8'),
) as { spec: { groups: { name: string; rules: Rule[] }[] } };
const rules = ruleDoc.spec.groups.flatMap((g) => g.rules);

describe('monitoring: dashboard and alert rules against the code', () => {
  it('finds the registrations (the scan itself works)', () => {
    expect(byName.get('kafka_consumer_lag')).toMatchObject({
      kind: 'gauge',
      labels: ['topic', 'partition', 'group'],
      owner: 'libs/kafka',
    });
    expect(byName.get('campaign_core_action_outbox_oldest_age_seconds')?.owner).toBe(
      'services/campaign-core',
    );
    expect(registered.length).toBeGreaterThan(30);
  });

  it('every metric a panel queries is registered by the code', () => {
    const unknown = panels.flatMap((p) =>
      (p.targets ?? []).flatMap((t) =>
        metricsOf(t.expr ?? '')
          .filter((n) => !known(n))
          .map((n) => `${p.title}: ${n}`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('every metric an alert rule queries is registered by the code', () => {
    const unknown = rules.flatMap((r) =>
      metricsOf(r.expr)
        .filter((n) => !known(n))
        .map((n) => `${r.alert ?? r.record}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every service has at least one panel of its own', () => {
    const services = readdirSync(join(ROOT, 'services')).filter((s) =>
      existsSync(join(ROOT, 'services', s, 'src', 'service.ts')),
    );
    expect(services.length).toBeGreaterThanOrEqual(8);
    const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
    const without = services.filter(
      (service) =>
        !exprs.some(
          (expr) =>
            expr.includes(`service="${service}"`) ||
            metricsOf(expr).some((n) => {
              const base = byName.get(n) ?? byName.get(n.replace(/_(bucket|sum|count)$/, ''));
              return base?.owner === `services/${service}`;
            }),
        ),
    );
    expect(without).toEqual([]);
  });

  it('names follow Prometheus conventions and no label clashes with a target label', () => {
    const problems = registered.flatMap((r) => {
      const out: string[] = [];
      if (r.kind === 'counter' && !r.name.endsWith('_total'))
        out.push(`${r.name}: counter without _total`);
      if (r.kind !== 'counter' && r.name.endsWith('_total'))
        out.push(`${r.name}: _total on a ${r.kind}`);
      if (r.kind === 'histogram' && !/_(seconds|bytes)$/.test(r.name))
        out.push(`${r.name}: histogram without a base unit`);
      if (/_(ms|milliseconds|minutes|hours)(_|$)/.test(r.name))
        out.push(`${r.name}: not in seconds`);
      for (const label of r.labels) {
        if (
          [
            'job',
            'instance',
            'namespace',
            'pod',
            'container',
            'endpoint',
            'le',
            'quantile',
          ].includes(label)
        )
          out.push(`${r.name}: label ${label} clashes with a target or series label`);
      }
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('every alert names a runbook that docs/operations.md has', () => {
    const slugs = new Set(
      readFileSync(join(ROOT, 'docs/operations.md'), 'utf8')
        .split('\n')
        .filter((l) => /^#{2,4} /.test(l))
        .map((l) =>
          l
            .replace(/^#+ /, '')
            .toLowerCase()
            .replace(/[^\w\- ]/g, '')
            .replace(/ /g, '-'),
        ),
    );
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(15);
    const missing = alerts
      .map((r) => ({ alert: r.alert, runbook: r.annotations?.runbook ?? '' }))
      .filter(
        ({ runbook }) =>
          !runbook.startsWith('docs/operations.md#') || !slugs.has(runbook.split('#')[1] ?? ''),
      );
    expect(missing).toEqual([]);
  });
});
