#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline:
//   node scripts/k8s/validate.js rendered.yaml [more.yaml ...]
// 1. Schema: every object against the Kubernetes OpenAPI schema of its apiVersion/kind, through
//    the npm package kubernetes-models (precompiled JSON-schema validators, no network).
// 2. Unknown fields (kubeconform's -strict): the objects are type-checked with TypeScript against
//    kubernetes-models' interfaces, whose excess-property check names any misspelt field.
// 3. References inside the render: Services, PDBs and HPAs point at existing workloads, selectors
//    match pod labels, ConfigMaps/Secrets/PVCs used by pods exist, probe ports are declared.
// 4. Deployment rules (scripts/k8s/rules.js): no replicas next to an autoscaler, pinned images,
//    NetworkPolicies, metrics port, migrations, no insecure switches; with --prod also the JWT
//    issuer and audience of query-api. Custom resources (KEDA, Prometheus Operator, External
//    Secrets) have no schema in kubernetes-models: rules.js checks their structure instead.
// Exit 0 when every object passes, 1 when any fails, 2 when the checker itself cannot run.
// K8S_ALLOW_NO_SCHEMA=1 turns a missing kubernetes-models into a warning (steps 1-2 skipped).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const { CUSTOM_RESOURCES, ruleErrors } = require('./rules');

function tryRequire(name) {
  const bases = [repoRoot, ...(process.env.K8S_MODELS_NODE_PATH ? [process.env.K8S_MODELS_NODE_PATH] : [])];
  for (const base of bases) {
    try {
      return { module: require(require.resolve(name, { paths: [base] })), base };
    } catch {
      // next base
    }
  }
  return undefined;
}

function parseYamlDocuments(text, file) {
  const yaml = tryRequire('yaml');
  if (yaml) {
    const docs = yaml.module.parseAllDocuments(text);
    const out = [];
    for (const doc of docs) {
      if (doc.errors.length > 0) throw new Error(`${file}: YAML: ${doc.errors[0].message}`);
      const value = doc.toJS();
      if (value !== null && value !== undefined) out.push(value);
    }
    return out;
  }
  const jsYaml = tryRequire('js-yaml');
  if (jsYaml) return jsYaml.module.loadAll(text).filter((d) => d !== null && d !== undefined);
  throw new Error('no YAML parser: neither "yaml" nor "js-yaml" resolves from the repository');
}

/** "apps/v1" -> "kubernetes-models/apps/v1", "v1" -> "kubernetes-models/v1". */
function modelPath(apiVersion) {
  return `kubernetes-models/${apiVersion}`;
}

function label(obj, index) {
  const kind = obj && obj.kind ? obj.kind : '?';
  const name = obj && obj.metadata && obj.metadata.name ? obj.metadata.name : `#${index}`;
  return `${kind}/${name}`;
}

function schemaErrors(obj, modelsBase) {
  if (CUSTOM_RESOURCES.has(`${obj.apiVersion}/${obj.kind}`)) return [];
  let mod;
  try {
    mod = require(require.resolve(modelPath(obj.apiVersion), { paths: [modelsBase] }));
  } catch {
    return [`unknown apiVersion ${obj.apiVersion} (not in kubernetes-models)`];
  }
  const Model = mod[obj.kind];
  if (typeof Model !== 'function') return [`unknown kind ${obj.kind} in ${obj.apiVersion}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (error) {
    return String(error.message || error)
      .split(/,\s*(?=data\/)|\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

/** TypeScript excess-property check of every object against its kubernetes-models interface. */
function unknownFieldErrors(objects, modelsBase) {
  const ts = tryRequire('typescript');
  if (!ts) return { skipped: 'typescript not installed' };
  const tsm = ts.module;
  const modelsDir = path.dirname(require.resolve('kubernetes-models/package.json', { paths: [modelsBase] }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-strict-'));
  const lines = [];
  const starts = [];
  objects.forEach((obj, i) => {
    const file = path.join(modelsDir, obj.apiVersion, `${obj.kind}.d.ts`);
    if (!fs.existsSync(file)) return;
    lines.push(`import type { I${obj.kind} as T${i} } from ${JSON.stringify(file.replace(/\.d\.ts$/, ''))};`);
  });
  objects.forEach((obj, i) => {
    const file = path.join(modelsDir, obj.apiVersion, `${obj.kind}.d.ts`);
    if (!fs.existsSync(file)) return;
    starts.push({ line: lines.length, index: i });
    const body = JSON.stringify(obj, null, 1).split('\n');
    lines.push(`export const o${i}: T${i} = ${body[0]}`, ...body.slice(1));
  });
  const source = path.join(dir, 'check.ts');
  fs.writeFileSync(source, lines.join('\n') + '\n');
  const program = tsm.createProgram([source], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: tsm.ScriptTarget.ES2020,
    module: tsm.ModuleKind.CommonJS,
    moduleResolution: tsm.ModuleResolutionKind.Node10,
    baseUrl: modelsBase,
    typeRoots: [],
  });
  const byIndex = new Map();
  for (const d of tsm.getPreEmitDiagnostics(program)) {
    if (!d.file || d.file.fileName !== source.replace(/\\/g, '/')) {
      byIndex.set(-1, [...(byIndex.get(-1) || []), tsm.flattenDiagnosticMessageText(d.messageText, ' ')]);
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start || 0);
    const owner = [...starts].reverse().find((s) => s.line <= line);
    const text = d.file.text.split('\n')[line].trim();
    const msg = tsm.flattenDiagnosticMessageText(d.messageText, ' ');
    // Keep the first clause: "Object literal may only specify known properties, and 'x' does not exist in type 'Y'."
    const short = msg.replace(/\s+/g, ' ').slice(0, 300);
    const key = owner ? owner.index : -1;
    byIndex.set(key, [...(byIndex.get(key) || []), `${short} (near: ${text.slice(0, 80)})`]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { byIndex };
}

function podSpecOf(obj) {
  if (!obj || !obj.spec) return undefined;
  if (obj.kind === 'Pod') return { spec: obj.spec, labels: (obj.metadata && obj.metadata.labels) || {} };
  if (obj.kind === 'CronJob') {
    const t = obj.spec.jobTemplate && obj.spec.jobTemplate.spec && obj.spec.jobTemplate.spec.template;
    return t && { spec: t.spec || {}, labels: (t.metadata && t.metadata.labels) || {} };
  }
  const t = obj.spec.template;
  return t && { spec: t.spec || {}, labels: (t.metadata && t.metadata.labels) || {} };
}

/** The Secret an ExternalSecret of the render creates, as { data: keys } for the key checks. */
function externalSecret(objects, kind, ns, name) {
  if (kind !== 'Secret') return undefined;
  const es = objects.find(
    (o) => o.kind === 'ExternalSecret' && (o.metadata.namespace || '') === ns && ((o.spec.target && o.spec.target.name) || o.metadata.name) === name,
  );
  if (!es) return undefined;
  return { data: Object.fromEntries((es.spec.data || []).map((d) => [d.secretKey, ''])) };
}

function matches(selector, labels) {
  return Object.entries(selector || {}).every(([k, v]) => labels[k] === v);
}

/** Cross-object checks inside one render. */
function referenceErrors(objects) {
  const errors = new Map();
  const add = (i, msg) => errors.set(i, [...(errors.get(i) || []), msg]);
  const named = (kind, ns, name) =>
    objects.some((o) => o.kind === kind && o.metadata && o.metadata.name === name && (o.metadata.namespace || '') === ns);
  const workloads = ['Deployment', 'StatefulSet', 'DaemonSet'];
  objects.forEach((obj, i) => {
    const ns = (obj.metadata && obj.metadata.namespace) || '';
    if (!obj.metadata || !obj.metadata.name) add(i, 'metadata.name missing');
    if (obj.kind !== 'Namespace' && !ns) add(i, 'metadata.namespace missing (kustomize namespace not applied?)');
    const pod = podSpecOf(obj);
    if (workloads.includes(obj.kind)) {
      const sel = obj.spec && obj.spec.selector && obj.spec.selector.matchLabels;
      if (!sel || !pod || !matches(sel, pod.labels)) add(i, 'spec.selector.matchLabels does not match the pod template labels');
    }
    if (pod) {
      const volumes = pod.spec.volumes || [];
      for (const v of volumes) {
        if (v.configMap && !named('ConfigMap', ns, v.configMap.name) && !v.configMap.optional) add(i, `volume ${v.name}: ConfigMap ${v.configMap.name} not in the render`);
        if (v.secret && !named('Secret', ns, v.secret.secretName) && !v.secret.optional) add(i, `volume ${v.name}: Secret ${v.secret.secretName} not in the render`);
        if (v.persistentVolumeClaim && !named('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName)) add(i, `volume ${v.name}: PVC ${v.persistentVolumeClaim.claimName} not in the render`);
      }
      for (const c of [...(pod.spec.initContainers || []), ...(pod.spec.containers || [])]) {
        for (const m of c.volumeMounts || []) {
          if (!volumes.some((v) => v.name === m.name)) add(i, `container ${c.name}: volumeMount ${m.name} has no volume`);
        }
        for (const e of c.envFrom || []) {
          if (e.configMapRef && !e.configMapRef.optional && !named('ConfigMap', ns, e.configMapRef.name)) add(i, `container ${c.name}: ConfigMap ${e.configMapRef.name} not in the render`);
          if (e.secretRef && !e.secretRef.optional && !named('Secret', ns, e.secretRef.name)) add(i, `container ${c.name}: Secret ${e.secretRef.name} not in the render`);
        }
        for (const e of c.env || []) {
          const ref = e.valueFrom && (e.valueFrom.secretKeyRef || e.valueFrom.configMapKeyRef);
          if (!ref || ref.optional) continue;
          const kind = e.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap';
          const target = objects.find((o) => o.kind === kind && o.metadata.name === ref.name && (o.metadata.namespace || '') === ns) || externalSecret(objects, kind, ns, ref.name);
          if (!target) add(i, `container ${c.name}: env ${e.name}: ${kind} ${ref.name} not in the render`);
          else if (!Object.keys({ ...(target.data || {}), ...(target.stringData || {}) }).includes(ref.key)) add(i, `container ${c.name}: env ${e.name}: ${kind} ${ref.name} has no key ${ref.key}`);
        }
        // House rules (docs/operations.md): limits everywhere, non-root, read-only root fs,
        // probes and a scrape annotation on every long-running service.
        const sc = c.securityContext || {};
        const podSc = pod.spec.securityContext || {};
        if (!(c.resources && c.resources.requests && c.resources.limits)) add(i, `container ${c.name}: resources.requests and resources.limits are required`);
        if (sc.readOnlyRootFilesystem !== true) add(i, `container ${c.name}: securityContext.readOnlyRootFilesystem must be true`);
        if (sc.runAsNonRoot !== true && podSc.runAsNonRoot !== true) add(i, `container ${c.name}: runAsNonRoot must be true`);
        if (sc.allowPrivilegeEscalation !== false) add(i, `container ${c.name}: securityContext.allowPrivilegeEscalation must be false`);
        if (workloads.includes(obj.kind) && (pod.spec.containers || []).includes(c)) {
          if (!c.readinessProbe || !c.livenessProbe) add(i, `container ${c.name}: readinessProbe and livenessProbe are required`);
          const ann = (obj.spec.template.metadata && obj.spec.template.metadata.annotations) || {};
          if (ann['prometheus.io/scrape'] !== 'true' || !ann['prometheus.io/port']) add(i, 'pod template needs prometheus.io/scrape and prometheus.io/port annotations');
        }
        const portNames = (c.ports || []).map((p) => p.name).filter(Boolean);
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          const p = c[probe] && (c[probe].httpGet || c[probe].tcpSocket);
          if (p && typeof p.port === 'string' && !portNames.includes(p.port)) add(i, `container ${c.name}: ${probe} port "${p.port}" is not a named container port`);
        }
      }
    }
    if (obj.kind === 'Service' && obj.spec && obj.spec.selector) {
      const targets = objects.filter((o) => workloads.includes(o.kind) && (o.metadata.namespace || '') === ns && podSpecOf(o) && matches(obj.spec.selector, podSpecOf(o).labels));
      if (targets.length === 0) add(i, 'selector matches no workload in the render');
      for (const port of obj.spec.ports || []) {
        if (typeof port.targetPort !== 'string') continue;
        const ok = targets.some((t) => podSpecOf(t).spec.containers.some((c) => (c.ports || []).some((p) => p.name === port.targetPort)));
        if (!ok) add(i, `targetPort "${port.targetPort}" is not a named port of the selected pods`);
      }
    }
    if (obj.kind === 'PodDisruptionBudget') {
      const sel = obj.spec && obj.spec.selector && obj.spec.selector.matchLabels;
      if (!objects.some((o) => workloads.includes(o.kind) && podSpecOf(o) && matches(sel, podSpecOf(o).labels))) add(i, 'selector matches no workload in the render');
    }
    if (obj.kind === 'HorizontalPodAutoscaler') {
      const ref = obj.spec && obj.spec.scaleTargetRef;
      if (!ref || !named(ref.kind, ns, ref.name)) add(i, `scaleTargetRef ${ref && ref.kind}/${ref && ref.name} not in the render`);
      if (obj.spec && obj.spec.minReplicas > obj.spec.maxReplicas) add(i, 'minReplicas > maxReplicas');
    }
  });
  return errors;
}

function main() {
  const args = process.argv.slice(2);
  const prod = args.includes('--prod');
  const files = args.filter((a) => a !== '--prod');
  if (files.length === 0) {
    process.stderr.write('usage: node scripts/k8s/validate.js [--prod] rendered.yaml [...]\n');
    return 2;
  }
  const objects = [];
  const origin = [];
  for (const file of files) {
    let docs;
    try {
      docs = parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
    } catch (error) {
      process.stderr.write(`FAIL ${file}: ${error.message}\n`);
      return 1;
    }
    for (const doc of docs) {
      // kustomize wraps long base64 values of generated Secrets over lines; the API server's
      // base64 decoder skips line breaks, the schema's "byte" format does not.
      if (doc && doc.kind === 'Secret' && doc.data) {
        for (const k of Object.keys(doc.data)) doc.data[k] = String(doc.data[k]).replace(/\s+/g, '');
      }
      objects.push(doc);
      origin.push(file);
    }
  }
  const failures = new Map();
  const fail = (i, msgs) => msgs.length && failures.set(i, [...(failures.get(i) || []), ...msgs]);

  objects.forEach((obj, i) => {
    if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') fail(i, ['apiVersion and kind are required strings']);
  });
  const typed = objects.filter((o) => o && typeof o.apiVersion === 'string' && typeof o.kind === 'string');

  const models = tryRequire('kubernetes-models/package.json');
  let strictNote = '';
  if (!models) {
    const msg = 'kubernetes-models is not installed (npm install --save-dev kubernetes-models@4.5.1): schema checks skipped';
    if (process.env.K8S_ALLOW_NO_SCHEMA !== '1') {
      process.stderr.write(`ERROR ${msg}\n`);
      return 2;
    }
    process.stderr.write(`WARNING ${msg}\n`);
  } else {
    const base = models.base;
    objects.forEach((obj, i) => {
      if (typed.includes(obj)) fail(i, schemaErrors(obj, base));
    });
    const strict = unknownFieldErrors(objects.map((o) => (typed.includes(o) ? o : { apiVersion: '-', kind: '-' })), base);
    if (strict.skipped) strictNote = ` (unknown-field check skipped: ${strict.skipped})`;
    else for (const [i, msgs] of strict.byIndex) fail(i, msgs);
  }
  for (const [i, msgs] of referenceErrors(typed)) fail(objects.indexOf(typed[i]), msgs);
  for (const [i, msgs] of ruleErrors(typed, { prod, podSpecOf })) fail(i < 0 ? -1 : objects.indexOf(typed[i]), msgs);

  for (const [i, msgs] of [...failures].sort((a, b) => a[0] - b[0])) {
    const where = i >= 0 ? `${origin[i]}: ${label(objects[i], i)}` : 'render';
    for (const m of msgs) process.stderr.write(`FAIL ${where}: ${m}\n`);
  }
  const bad = failures.size;
  process.stdout.write(`${objects.length - bad} valid, ${bad} invalid of ${objects.length} objects in ${files.join(', ')}${models ? '' : ' (schema not checked)'}${strictNote}\n`);
  return bad === 0 ? 0 : 1;
}

process.exitCode = main();
