#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard browser tests (playwright-core drives it; no
# browser download). Skips when it is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# A fresh image has no package lists, so the package is unknown until an update.
if ! apt-cache show chromium >/dev/null 2>&1; then
  $SUDO apt-get update
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
/usr/bin/chromium --version
