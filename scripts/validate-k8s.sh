#!/usr/bin/env bash
# Renders every kustomize overlay under k8s/overlays (and the base) and validates each render
# offline: Kubernetes schemas and unknown fields (kubernetes-models + TypeScript), references
# between objects, the house rules (probes, limits, non-root, read-only root fs, no privilege
# escalation) and the deployment rules of scripts/k8s/rules.js (no replicas next to an
# autoscaler, no :latest, NetworkPolicies, metrics port, migration Job; JWT issuer and audience
# in prod); then the Grafana dashboard's metric names against the code.
# Secrets: the overlays generate tributary-secrets from a git-ignored secrets.env. This script
# works on a copy of the tree without any secrets.env, proves that each such overlay refuses to
# render without it, then writes a test-only one (random values) and renders for real. It also
# renders each overlay with the optional components (KEDA, monitoring) and prod with the
# external-secret component in place of the secretGenerator.
#   scripts/validate-k8s.sh            # the repository's k8s/
#   scripts/validate-k8s.sh DIR        # another copy laid out the same way (DIR/base, DIR/overlays/*)
# Renderer: `kubectl kustomize` (Debian/Google kubectl, bundles kustomize), else `kustomize build`.
# Exit non-zero when any render or any object fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
k8s="$(cd "${1:-$root/k8s}" && pwd)"

if command -v kubectl >/dev/null 2>&1; then
  render() { kubectl kustomize "$1"; }
elif command -v kustomize >/dev/null 2>&1; then
  render() { kustomize build "$1"; }
else
  echo "validate-k8s: neither kubectl nor kustomize is installed (apt-get install kubectl)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/out"
mkdir -p "$out"
cp -r "$k8s" "$work/k8s"
find "$work/k8s" -name secrets.env -delete
tree="$work/k8s"
status=0

# A test-only secrets.env: random values of the real shapes, never written inside the repository.
write_secrets() {
  node -e '
    const hex = (n) => require("node:crypto").randomBytes(n).toString("hex");
    const lines = [
      `DATABASE_URL=postgres://tributary:${hex(16)}@postgres.test.invalid:5432/tributary?sslmode=require`,
      `REDIS_URL=rediss://:${hex(16)}@redis.test.invalid:6380`,
      `INTERNAL_API_TOKEN=${hex(32)}`,
      `ERASURE_HMAC_SECRET=${hex(32)}`,
      `INGEST_API_KEYS=${hex(24)},${hex(24)}`,
      `JWT_SECRET=${hex(32)}`,
      `API_KEYS_JSON={"${hex(24)}":"admin"}`,
    ];
    process.stdout.write(lines.join("\n") + "\n");
  ' >"$1/secrets.env"
}

# A variant of an overlay: its kustomization with components added, or the secretGenerator
# replaced by the external-secret component.
variant() {
  local from="$1" to="$2" mode="$3"
  cp -r "$from" "$to"
  node -e '
    const fs = require("node:fs");
    const YAML = require(require.resolve("yaml", { paths: [process.argv[2]] }));
    const [file, , mode] = process.argv.slice(1);
    const k = YAML.parse(fs.readFileSync(file, "utf8"));
    const add = mode === "external-secret" ? ["external-secret"] : ["keda", "monitoring"];
    if (mode === "external-secret") delete k.secretGenerator;
    k.components = [...(k.components || []), ...add.map((c) => `../../components/${c}`)];
    fs.writeFileSync(file, YAML.stringify(k));
  ' "$to/kustomization.yaml" "$root" "$mode"
}

check() {
  local dir="$1" name="$2" flags=()
  [[ "$name" == overlay-prod* ]] && flags=(--prod)
  if ! render "$dir" >"$out/$name.yaml" 2>"$out/$name.err"; then
    echo "FAIL render $name:" >&2
    cat "$out/$name.err" >&2
    status=1
    return
  fi
  echo "rendered $name ($(grep -c '^kind:' "$out/$name.yaml") objects)"
  node "$root/scripts/k8s/validate.js" "${flags[@]}" "$out/$name.yaml" || status=1
}

# The base has no Secret (the overlays supply it), so it is only rendered; the overlays validate it.
if render "$tree/base" >"$out/base.yaml" 2>"$out/base.err"; then
  echo "rendered base ($(grep -c '^kind:' "$out/base.yaml") objects; validated through the overlays)"
else
  echo "FAIL render base:" >&2
  cat "$out/base.err" >&2
  status=1
fi

for overlay in "$tree"/overlays/*/; do
  dir="${overlay%/}"
  name="overlay-$(basename "$dir")"
  if grep -q 'secrets\.env' "$dir/kustomization.yaml"; then
    if render "$dir" >/dev/null 2>"$out/$name.nosecret.err"; then
      echo "FAIL $name renders without secrets.env: the secret values must be required" >&2
      status=1
    elif grep -q 'secrets\.env' "$out/$name.nosecret.err"; then
      echo "ok: $name refuses to render without secrets.env"
    else
      echo "FAIL $name: the render without secrets.env failed for another reason:" >&2
      cat "$out/$name.nosecret.err" >&2
      status=1
    fi
    write_secrets "$dir"
  elif [[ "$name" == overlay-prod* ]]; then
    echo "FAIL $name has no secretGenerator from secrets.env: prod must not render without secrets" >&2
    status=1
  fi
  check "$dir" "$name"
  if [[ -d "$tree/components" ]]; then
    variant "$dir" "$dir-with-components" components
    check "$dir-with-components" "$name+keda+monitoring"
  fi
done
if [[ -d "$tree/components/external-secret" && -d "$tree/overlays/prod" ]]; then
  variant "$tree/overlays/prod" "$tree/overlays/prod-external-secret" external-secret
  rm -f "$tree/overlays/prod-external-secret/secrets.env"
  check "$tree/overlays/prod-external-secret" "overlay-prod+external-secret"
fi

# The Grafana dashboard: valid JSON, and every metric it queries is registered by the code.
if [[ -z "${1:-}" ]]; then node "$root/scripts/k8s/check-dashboard.js" || status=1; fi
if [[ $status -eq 0 ]]; then echo "validate-k8s: every manifest is valid"; else echo "validate-k8s: INVALID manifests" >&2; fi
exit $status
