// The deployment rules validate.js applies to every render, beyond schemas and references:
// autoscalers own replicas, images are pinned, NetworkPolicies deny by default and open the
// gateways only, metrics are on their own port, services wait for the migration Job, nothing
// switches security off, and (--prod) query-api checks the JWT issuer and audience. Also the
// structure of the custom resources the optional components add (no schema for those offline).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const CUSTOM_RESOURCES = new Set([
  'keda.sh/v1alpha1/ScaledObject',
  'keda.sh/v1alpha1/TriggerAuthentication',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'external-secrets.io/v1/ExternalSecret',
]);

// Present at all (any value) is an error for the first; `true` for the others.
const NEVER_SET = ['ALLOW_INSECURE_DEV_SECRETS'];
const NEVER_TRUE = ['AUTH_DISABLED', 'INGEST_AUTH_DISABLED', 'METRICS_PUBLIC'];
const GATEWAYS = new Set(['query-api', 'ingest-gateway']);
const MONITORING_NAMESPACE = 'monitoring';

const matches = (selector, labels) =>
  Object.entries(selector || {}).every(([k, v]) => labels[k] === v);
const nameOf = (o) => (o.metadata && o.metadata.name) || '';
const nsOf = (o) => (o.metadata && o.metadata.namespace) || '';

/** A container's environment as the pod would see it: envFrom ConfigMaps, then env values. */
function environment(container, objects, ns) {
  const env = {};
  for (const from of container.envFrom || []) {
    const cm =
      from.configMapRef &&
      objects.find((o) => o.kind === 'ConfigMap' && nameOf(o) === from.configMapRef.name && nsOf(o) === ns);
    if (cm) Object.assign(env, cm.data || {});
  }
  for (const e of container.env || []) env[e.name] = e.value !== undefined ? e.value : '<from>';
  return env;
}

function imageErrors(container) {
  const image = container.image || '';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return [];
  const tag = /:([^:/@]+)$/.exec(image);
  if (!tag) return [`container ${container.name}: image ${image} has no tag (set one in images:)`];
  if (tag[1] === 'latest') return [`container ${container.name}: image ${image} uses :latest`];
  return [];
}

// Metric names the code registers: string literals in libs/<pkg>/src and services/<pkg>/src.
function registeredMetrics(root) {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/['"]([a-z][a-z0-9_]*)['"]/g))
          names.add(m[1]);
      }
    }
  };
  for (const top of ['libs', 'services']) {
    for (const pkg of fs.readdirSync(path.join(root, top))) {
      const src = path.join(root, top, pkg, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  }
  return names;
}

const PROMQL = new Set(
  'sum rate increase max min avg by without topk bottomk histogram_quantile changes le on ignoring count irate delta deriv abs offset and or unless bool'.split(
    ' ',
  ),
);

function exprMetricErrors(expr, registered) {
  const errors = [];
  const text = String(expr)
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/"[^"]*"/g, '""');
  for (const m of text.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)) {
    const name = m[1];
    if (PROMQL.has(name) || /^(process_|nodejs_|kube_|up$)/.test(name)) continue;
    if (!name.includes('_')) continue; // label names in by (...) lists
    const base = name.replace(/_(bucket|sum|count)$/, '');
    if (!registered.has(name) && !registered.has(base))
      errors.push(`expr uses ${name}, which no service or lib registers`);
  }
  return errors;
}

function ruleErrors(objects, { prod, podSpecOf, root = path.resolve(__dirname, '..', '..') }) {
  const errors = new Map();
  const add = (i, msg) => errors.set(i, [...(errors.get(i) || []), msg]);
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const pods = objects
    .map((o, i) => ({ o, i, pod: podSpecOf(o) }))
    .filter((p) => p.pod && ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(p.o.kind));
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');

  // Autoscalers: one per Deployment, and then no spec.replicas (every apply would reset it).
  const scaledBy = new Map();
  objects.forEach((o) => {
    const ref = o.spec && o.spec.scaleTargetRef;
    if (!ref || !['HorizontalPodAutoscaler', 'ScaledObject'].includes(o.kind)) return;
    if ((ref.kind || 'Deployment') !== 'Deployment') return;
    scaledBy.set(ref.name, [...(scaledBy.get(ref.name) || []), o.kind]);
  });
  objects.forEach((o, i) => {
    if (o.kind !== 'Deployment') return;
    const by = scaledBy.get(nameOf(o)) || [];
    if (by.length > 1) add(i, `scaled by ${by.join(' and ')}: one autoscaler per Deployment`);
    if (by.length > 0 && o.spec.replicas !== undefined)
      add(i, `spec.replicas is set although ${by[0]} ${nameOf(o)} owns the replicas`);
  });

  const migrationJob = objects.some((o) => o.kind === 'Job' && nameOf(o) === 'tributary-migrate');
  for (const { o, i, pod } of pods) {
    const containers = pod.spec.containers || [];
    for (const c of [...(pod.spec.initContainers || []), ...containers]) {
      for (const e of imageErrors(c)) add(i, e);
      const env = environment(c, objects, nsOf(o));
      for (const k of NEVER_SET) if (k in env) add(i, `container ${c.name}: ${k} must never be set in Kubernetes`);
      for (const k of NEVER_TRUE) if (env[k] === 'true') add(i, `container ${c.name}: ${k}=true is not allowed`);
    }
    if (o.kind !== 'Deployment') continue;
    const main = containers[0] || {};
    const env = environment(main, objects, nsOf(o));
    const metrics = (main.ports || []).find((p) => p.name === 'metrics');
    const annotations = (o.spec.template.metadata && o.spec.template.metadata.annotations) || {};
    if (!metrics) add(i, `container ${main.name}: a container port named metrics is required`);
    else {
      if (env.METRICS_PORT !== String(metrics.containerPort))
        add(i, `container ${main.name}: METRICS_PORT must equal the metrics port ${metrics.containerPort}`);
      if (annotations['prometheus.io/port'] !== String(metrics.containerPort))
        add(i, 'prometheus.io/port must name the metrics port');
    }
    if ('DATABASE_URL' in env) {
      if (!(pod.spec.initContainers || []).some((c) => c.name === 'wait-for-migrations'))
        add(i, 'uses PostgreSQL but has no wait-for-migrations init container');
      if (!migrationJob) add(i, 'uses PostgreSQL but the render has no Job tributary-migrate');
    }
    if (prod && nameOf(o) === 'query-api') {
      for (const k of ['JWT_ISSUER', 'JWT_AUDIENCE'])
        if (!env[k]) add(i, `prod: query-api needs ${k} (overlay configMapGenerator literals)`);
    }
  }
  objects.forEach((o, i) => {
    if (o.kind !== 'ConfigMap') return;
    for (const k of NEVER_SET) if (k in (o.data || {})) add(i, `${k} must never be set in Kubernetes`);
    for (const k of NEVER_TRUE) if ((o.data || {})[k] === 'true') add(i, `${k}=true is not allowed`);
  });

  // NetworkPolicies: deny by default; only the gateways open to another namespace (the ingress
  // controller), besides the monitoring namespace on the metrics port; named ports exist.
  if (deployments.length > 0) {
    const denyAll = policies.some(
      (p) =>
        Object.keys(p.spec.podSelector || {}).length === 0 &&
        ['Ingress', 'Egress'].every((t) => (p.spec.policyTypes || []).includes(t)) &&
        !p.spec.ingress &&
        !p.spec.egress,
    );
    if (!denyAll) add(-1, 'no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)');
  }
  objects.forEach((p, i) => {
    if (p.kind !== 'NetworkPolicy') return;
    const sel = (p.spec.podSelector && p.spec.podSelector.matchLabels) || {};
    const selected = pods.filter((x) => nsOf(x.o) === nsOf(p) && matches(sel, x.pod.labels));
    const names = new Set(selected.map((x) => x.pod.labels['app.kubernetes.io/name']));
    const portNames = new Set(
      selected.flatMap((x) => (x.pod.spec.containers || []).flatMap((c) => (c.ports || []).map((q) => q.name))),
    );
    for (const rule of p.spec.ingress || []) {
      if (!rule.from || rule.from.length === 0) add(i, 'an ingress rule without from admits everyone');
      const outside = (rule.from || []).filter((f) => f.namespaceSelector || f.ipBlock);
      const monitoringOnly = outside.every(
        (f) =>
          f.namespaceSelector &&
          (f.namespaceSelector.matchLabels || {})['kubernetes.io/metadata.name'] === MONITORING_NAMESPACE,
      );
      const ports = (rule.ports || []).map((q) => q.port);
      if (outside.length > 0 && monitoringOnly && !(ports.length > 0 && ports.every((q) => q === 'metrics')))
        add(i, 'the monitoring namespace may reach the metrics port only');
      if (outside.length > 0 && !monitoringOnly) {
        const extra = [...names].filter((n) => !GATEWAYS.has(n));
        if (extra.length > 0) add(i, `opens ${extra.join(', ')} to another namespace; only the gateways take outside calls`);
      }
      for (const q of ports) if (typeof q === 'string' && !portNames.has(q)) add(i, `port ${q} is not a named port of the selected pods`);
    }
  });

  // Custom resources of the optional components.
  let registered;
  objects.forEach((o, i) => {
    if (o.kind === 'ScaledObject') {
      const ref = o.spec.scaleTargetRef || {};
      const target = deployments.find((d) => nameOf(d) === ref.name && nsOf(d) === nsOf(o));
      if (!target) add(i, `scaleTargetRef ${ref.name} is not a Deployment of the render`);
      if (!(o.spec.minReplicaCount <= o.spec.maxReplicaCount)) add(i, 'minReplicaCount > maxReplicaCount');
      if (!(o.spec.triggers || []).length) add(i, 'no triggers');
      for (const t of o.spec.triggers || []) {
        if (t.type !== 'kafka') continue;
        const m = t.metadata || {};
        if (!m.consumerGroup) add(i, 'kafka trigger without consumerGroup');
        if (!m.bootstrapServers && !m.bootstrapServersFromEnv) add(i, 'kafka trigger without bootstrapServers');
        if (target && m.bootstrapServersFromEnv) {
          const env = environment(podSpecOf(target).spec.containers[0], objects, nsOf(o));
          if (!env[m.bootstrapServersFromEnv]) add(i, `${m.bootstrapServersFromEnv} is not in ${ref.name}'s environment`);
        }
      }
    }
    if (o.kind === 'PodMonitor') {
      const sel = (o.spec.selector && o.spec.selector.matchLabels) || {};
      const selected = pods.filter((x) => x.o.kind === 'Deployment' && matches(sel, x.pod.labels));
      if (selected.length === 0) add(i, 'selector matches no Deployment');
      for (const ep of o.spec.podMetricsEndpoints || []) {
        const missing = selected.filter((x) => !(x.pod.spec.containers || []).some((c) => (c.ports || []).some((q) => q.name === ep.port)));
        if (missing.length > 0) add(i, `port ${ep.port} missing on ${missing.map((x) => nameOf(x.o)).join(', ')}`);
      }
    }
    if (o.kind === 'PrometheusRule') {
      registered = registered || registeredMetrics(root);
      for (const g of o.spec.groups || []) {
        for (const r of g.rules || []) {
          if (!r.expr || !(r.alert || r.record)) add(i, `group ${g.name}: a rule needs expr and alert or record`);
          for (const e of exprMetricErrors(r.expr || '', registered)) add(i, `${r.alert || r.record}: ${e}`);
        }
      }
    }
    if (o.kind === 'ExternalSecret') {
      if (!o.spec.secretStoreRef || !o.spec.secretStoreRef.name) add(i, 'secretStoreRef.name is required');
      if (!(o.spec.data || []).every((d) => d.secretKey && d.remoteRef && d.remoteRef.key)) add(i, 'every data entry needs secretKey and remoteRef.key');
    }
  });
  return errors;
}

module.exports = { CUSTOM_RESOURCES, ruleErrors };
