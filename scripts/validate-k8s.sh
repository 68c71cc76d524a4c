#!/usr/bin/env bash
# Renders every kustomize overlay under k8s/overlays (and the base) and validates each render
# offline: Kubernetes schemas and unknown fields (kubernetes-models + TypeScript), references
# between objects, and the house rules (probes, limits, non-root, read-only root fs); then the
# Grafana dashboard's metric names against the code (scripts/k8s/check-dashboard.js).
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

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
targets=("$k8s/base")
for overlay in "$k8s"/overlays/*/; do targets+=("${overlay%/}"); done
for dir in "${targets[@]}"; do
  name="$(basename "$dir")"
  [[ "$dir" == "$k8s/base" ]] || name="overlay-$name"
  if ! render "$dir" >"$out/$name.yaml" 2>"$out/$name.err"; then
    echo "FAIL render $dir:" >&2
    cat "$out/$name.err" >&2
    status=1
    continue
  fi
  echo "rendered $dir ($(grep -c '^kind:' "$out/$name.yaml") objects)"
  node "$root/scripts/k8s/validate.js" "$out/$name.yaml" || status=1
done
# The Grafana dashboard: valid JSON, and every metric it queries is registered by the code.
if [[ -z "${1:-}" ]]; then node "$root/scripts/k8s/check-dashboard.js" || status=1; fi
if [[ $status -eq 0 ]]; then echo "validate-k8s: every manifest is valid"; else echo "validate-k8s: INVALID manifests" >&2; fi
exit $status
